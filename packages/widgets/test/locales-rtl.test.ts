/// <reference types="mocha" />
/**
 * Right-to-left layout in Chromium: a widget in Arabic lays itself out right to left (labels, fields and buttons
 * start at the right) on any page, and a widget in English stays left to right on an Arabic page. Each case also
 * saves a screenshot (<tmpdir>/bwkit-screenshots) for a person to look at.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { $, mount, text, waitUntil } from './helpers.js';

/** Distance of a box from the start and the end of its container, in the container's coordinates. */
const gaps = (outer: Element, inner: Element) => {
  const o = outer.getBoundingClientRect();
  const i = inner.getBoundingClientRect();
  return { left: i.left - o.left, right: o.right - i.right };
};

describe('right-to-left layout', () => {
  afterEach(() => {
    document.body.replaceChildren();
    document.documentElement.removeAttribute('dir');
    document.documentElement.removeAttribute('lang');
  });

  it('lays an Arabic widget out right to left on a left-to-right page', async () => {
    await setViewport({ width: 480, height: 900 });
    const el = await mount('bandwidth-create', { locale: 'ar', service: 'vpc' });
    await waitUntil(() => text(el).includes('إنشاء نطاق ترددي مشترك'), 'the Arabic texts did not load');
    const root = $(el, '.root');
    expect(getComputedStyle(root).direction).to.equal('rtl');
    expect(root.getAttribute('lang')).to.equal('ar');
    // The submit button and the first label start at the right edge, with room to their left.
    const submit = gaps(root, $(el, '[part~="submit"]'));
    expect(submit.right).to.be.lessThan(submit.left);
    const label = $(el, 'label');
    const range = document.createRange();
    range.selectNodeContents(label);
    const textBox = range.getBoundingClientRect();
    const r = root.getBoundingClientRect();
    expect(r.right - textBox.right).to.be.lessThan(textBox.left - r.left);
    // Inputs run right to left too (the caret starts at the right).
    expect(getComputedStyle($(el, 'input')).direction).to.equal('rtl');
    await executeServerCommand('bwkit-screenshot', { name: 'bandwidth-create-ar' });
  });

  it('keeps an English widget left to right on an Arabic page', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    document.documentElement.setAttribute('lang', 'ar');
    const el = await mount('bandwidth-create', { locale: 'en', service: 'vpc' });
    const root = $(el, '.root');
    expect(getComputedStyle(root).direction).to.equal('ltr');
    const submit = gaps(root, $(el, '[part~="submit"]'));
    expect(submit.left).to.be.lessThan(submit.right);
  });

  it('follows the page: lang="ar" on an ancestor makes the widget right to left', async () => {
    const host = document.createElement('div');
    host.lang = 'ar-EG';
    document.body.append(host);
    const el = await mount('bandwidth-package-form', {}, { parent: host });
    await waitUntil(() => getComputedStyle($(el, '.root')).direction === 'rtl', 'not right to left');
    await waitUntil(() => text(el).includes('إنشاء حزمة نطاق ترددي'), 'the Arabic texts did not load');
    const submit = gaps($(el, '.root'), $(el, '[part~="submit"]'));
    expect(submit.right).to.be.lessThan(submit.left);
    await executeServerCommand('bwkit-screenshot', { name: 'bandwidth-package-form-ar' });
  });
});
