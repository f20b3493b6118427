/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { BandwidthCreate } from '../src/components/bandwidth-create/bandwidth-create.js';
import { $, axeCheck, hintOf, mount, submit, waitUntil } from './helpers.js';

const bg = (el: Element) => getComputedStyle($(el, '[part~=submit]')).backgroundColor;
const surface = (el: Element) => getComputedStyle($(el, '.root')).backgroundColor;
const ink = (el: Element) => getComputedStyle($(el, '.root')).color;
let holder: HTMLElement;

beforeEach(() => {
  holder = document.createElement('div');
  document.body.append(holder);
});
afterEach(async () => {
  holder.remove();
  await emulateMedia({ colorScheme: 'light' });
});

describe('theme', () => {
  it('resolves host CSS variable > appearance > tenant theme > default, live', async () => {
    const plain = await mount('bandwidth-create', { service: 'vpc' }, { tenant: 'plain', parent: holder });
    expect(bg(plain)).to.equal('rgb(37, 99, 235)'); // default
    const el = await mount('bandwidth-create', { service: 'vpc' }, { parent: holder });
    expect(bg(el)).to.equal('rgb(29, 78, 216)'); // acme's theme
    expect(getComputedStyle($(el, '.root')).borderRadius).to.equal('6px');
    el.appearance = { variables: { colorPrimary: 'rgb(0, 128, 0)', radius: '2px' } };
    await el.updateComplete;
    expect(bg(el)).to.equal('rgb(0, 128, 0)');
    expect(getComputedStyle($(el, '.root')).borderRadius).to.equal('2px');
    el.style.setProperty('--bwkit-color-primary', 'rgb(200, 0, 0)');
    expect(bg(el)).to.equal('rgb(200, 0, 0)');
    el.style.removeProperty('--bwkit-color-primary');
    holder.style.setProperty('--bwkit-color-primary', 'rgb(1, 2, 3)'); // an ancestor's variable wins too
    expect(bg(el)).to.equal('rgb(1, 2, 3)');
    holder.style.removeProperty('--bwkit-color-primary');
    el.appearance = undefined;
    await el.updateComplete;
    expect(bg(el)).to.equal('rgb(29, 78, 216)');
    // Only private names are written on the host.
    expect([...el.style].filter((p) => p.startsWith('--bwkit-'))).to.deep.equal([]);
    expect([...el.style].some((p) => p.startsWith('--_bwkit-tenant-'))).to.equal(true);
  });

  it('renders dark from appearance, from a dark tenant, and follows the OS with auto', async () => {
    const el = await mount('bandwidth-create', { service: 'vpc' }, { parent: holder });
    expect(surface(el)).to.equal('rgb(255, 255, 255)');
    el.appearance = { colorScheme: 'dark' };
    await el.updateComplete;
    expect(surface(el)).to.equal('rgb(24, 24, 27)');
    expect(ink(el)).to.equal('rgb(229, 231, 235)');
    await submit(el);
    await axeCheck(el);
    el.appearance = { colorScheme: 'auto' };
    await el.updateComplete;
    expect(surface(el)).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    await waitUntil(() => surface(el) === 'rgb(24, 24, 27)', 'auto did not follow the OS to dark');
    const globex = await mount('bandwidth-create', { service: 'vpc' }, { tenant: 'globex', parent: holder });
    expect(surface(globex)).to.equal('rgb(28, 25, 23)');
    expect(bg(globex)).to.equal('rgb(194, 65, 12)');
    await axeCheck(globex);
  });
});

/** How many times the page fetched the widgets' zh-CN texts module. */
const zhFetches = () =>
  performance.getEntriesByType('resource').filter((e) => /internal\/zh-CN\.ts/.test(e.name)).length;

describe('locale', () => {
  it('fetches the Chinese texts only when a widget first needs them, once, before bwkit-ready', async () => {
    // This page has shown English widgets only so far.
    expect(zhFetches()).to.equal(0);
    const el = await mount('bandwidth-create', { service: 'vpc', locale: 'zh-CN' }, { parent: holder });
    expect(zhFetches()).to.equal(1);
    expect($(el, '[part~=submit]').textContent!.trim()).to.equal('创建共享带宽');
    const again = await mount('bandwidth-package-form', { locale: 'zh-CN' }, { parent: holder });
    expect($(again, '[part~=submit]').textContent!.trim()).to.equal('创建带宽包');
    expect(zhFetches()).to.equal(1);
  });

  it('follows the nearest lang across shadow roots, live, and the locale attribute wins', async () => {
    const host = document.createElement('div');
    host.setAttribute('lang', 'zh-CN');
    holder.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('div');
    root.append(inner);
    const el = (await mount('bandwidth-create', { service: 'vpc' }, { parent: inner })) as BandwidthCreate;
    expect($(el, '[part~=submit]').textContent!.trim()).to.equal('创建共享带宽');
    expect(hintOf(el, 'sizeMbps')).to.equal('5–300 Mbit/s，步长 1；300–1,000，步长 50');
    expect($(el, '.root').getAttribute('lang')).to.equal('zh-CN');
    host.setAttribute('lang', 'en-GB');
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect($(el, '[part~=submit]').textContent!.trim()).to.equal('Create shared bandwidth');
    el.setAttribute('locale', 'zh-CN');
    await el.updateComplete;
    expect($(el, '[part~=submit]').textContent!.trim()).to.equal('创建共享带宽');
  });
});
