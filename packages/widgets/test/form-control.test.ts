/// <reference types="mocha" />
/**
 * Platform form-control behaviour (focus delegation, submit/reset/validity methods, focus events, the loading
 * skeleton, required and number semantics, the alert's life cycle, the result's focus ring and narrow layout) and
 * setup mistakes explained to the developer (missing token, blocked origin, missing scope, unknown attribute value).
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import { BandwidthCreate, BwkitProblem } from '../src/index.js';
import type { BwkitForm } from '../src/internal/form.js';
import type { BlockedOriginReport } from './blocked-origin/page.js';
import { $, alertOf, axeCheck, control, env, fill, mount, next, submit, token, waitUntil } from './helpers.js';

let el: BwkitForm | undefined;
const errors: unknown[][] = [];
const consoleError = console.error;

beforeEach(() => {
  errors.length = 0;
  console.error = (...args: unknown[]) => void errors.push(args);
});
afterEach(() => {
  console.error = consoleError;
  el?.remove();
  el = undefined;
});

const create = (attrs: Record<string, string>): BandwidthCreate => {
  const e = document.createElement('bandwidth-create');
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  el = e;
  return e;
};

describe('form-control behaviour', () => {
  it('delegates focus: el.focus() lands on the first field', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'name'));
  });

  it('sends bwkit-focus / bwkit-blur when focus enters and leaves the element, not between its fields', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    const seen: string[] = [];
    for (const type of ['bwkit-focus', 'bwkit-blur'] as const) {
      el.addEventListener(type, (e) =>
        seen.push(`${type}:${(e as CustomEvent<{ field: string | null }>).detail.field}`),
      );
    }
    const outside = document.createElement('button');
    document.body.append(outside);
    try {
      control(el, 'name').focus();
      control(el, 'sizeMbps').focus();
      outside.focus();
    } finally {
      outside.remove();
    }
    expect(seen).to.deep.equal(['bwkit-focus:name', 'bwkit-blur:sizeMbps']);
  });

  it('checkValidity() marks nothing, reportValidity() and submit() mark and focus, reset() clears', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    expect(el.checkValidity()).to.equal(false);
    await el.updateComplete;
    expect(control(el, 'name').getAttribute('aria-invalid')).to.equal('false');
    expect(el.reportValidity()).to.equal(false);
    await el.updateComplete;
    expect(control(el, 'name').getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => el!.shadowRoot!.activeElement === control(el!, 'name'));
    el.reset();
    await el.updateComplete;
    expect(control(el, 'name').getAttribute('aria-invalid')).to.equal('false');
    el.submit();
    await el.updateComplete;
    expect(alertOf(el)).to.not.equal('');
    await fill(el, 'name', 'method-made');
    await fill(el, 'sizeMbps', '10');
    expect(el.checkValidity()).to.equal(true);
    el.submit();
    await el.updateComplete;
    // A valid submit() goes on to the review, as the button does.
    expect(el.shadowRoot!.querySelector('[part~=review]')).to.not.equal(null);
  });

  it('marks required fields aria-required, optional ones not', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    for (const path of ['name', 'sizeMbps', 'region'])
      expect(control(el, path).getAttribute('aria-required'), path).to.equal('true');
    el.remove();
    el = await mount('bandwidth-create', { service: 'workspace' });
    expect(control(el, 'name').hasAttribute('aria-required')).to.equal(false);
    expect(control(el, 'region').getAttribute('aria-required')).to.equal('true');
    await axeCheck(el);
  });

  it('number fields are spinbuttons with their range; the arrow keys step on the size grid', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    const size = control(el, 'sizeMbps');
    expect(size.getAttribute('role')).to.equal('spinbutton');
    expect([size.getAttribute('aria-valuemin'), size.getAttribute('aria-valuemax')]).to.deep.equal(['5', '1000']);
    size.focus();
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(control(el, 'sizeMbps').value).to.equal('5');
    await fill(el, 'sizeMbps', '300');
    control(el, 'sizeMbps').focus();
    const values: string[] = [];
    for (const key of ['ArrowUp', 'ArrowDown', 'ArrowDown', 'ArrowDown']) {
      await sendKeys({ press: key });
      await el.updateComplete;
      values.push(control(el, 'sizeMbps').value);
    }
    expect(values).to.deep.equal(['350', '300', '299', '298']);
    expect(control(el, 'sizeMbps').getAttribute('aria-valuenow')).to.equal('298');
    await fill(el, 'sizeMbps', '1000');
    control(el, 'sizeMbps').focus();
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(control(el, 'sizeMbps').value).to.equal('1000');
    await axeCheck(el);
  });

  it('clears the form-level alert once the fields are fixed, and announces a repeated failure again', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    await submit(el);
    const first = alertOf(el);
    expect(first).to.not.equal('');
    const alert = $(el, '[role=alert]');
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((m) => changes.push(...m));
    observer.observe(alert, { childList: true, subtree: true, characterData: true });
    await submit(el);
    await new Promise((r) => setTimeout(r));
    observer.disconnect();
    expect(alertOf(el)).to.equal(first);
    expect(changes.length, 'the alert content is replaced on a repeated failure').to.be.greaterThan(0);
    await fill(el, 'name', 'fixed-now');
    await fill(el, 'sizeMbps', '10');
    expect(alertOf(el)).to.equal('');
  });

  it('shows the result with a visible focus ring, and at 320 px the ids get the full width', async () => {
    const box = document.createElement('div');
    box.style.width = '320px';
    document.body.append(box);
    try {
      el = await mount('bandwidth-create', { service: 'vpc' }, { parent: box });
      await fill(el, 'name', 'narrow-box');
      await fill(el, 'sizeMbps', '10');
      const ok = next<{ bandwidth: { id: string } }>(el, 'bwkit-success');
      await submit(el);
      const { bandwidth } = await ok;
      await el.updateComplete;
      const result = $(el, '[part~=result]');
      expect(el.shadowRoot!.activeElement).to.equal(result);
      const style = getComputedStyle(result);
      expect(style.outlineStyle).to.not.equal('none');
      expect(parseFloat(style.outlineWidth)).to.be.greaterThan(0);
      const dd = [...result.querySelectorAll('dd')].find((d) => d.textContent!.includes(bandwidth.id))!;
      const dl = result.querySelector('dl')!;
      expect(dd.getBoundingClientRect().width).to.be.greaterThan(dl.getBoundingClientRect().width * 0.9);
      expect(el.getBoundingClientRect().width).to.be.at.most(320);
    } finally {
      box.remove();
    }
  });

  it('shows a loading skeleton about the size of the form, so the box does not jump', async () => {
    for (const [tag, attrs] of [
      ['bandwidth-create', { service: 'vpc' }],
      ['bandwidth-create', {}],
      ['bandwidth-change-order', { 'bandwidth-id': '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b' }],
      ['bandwidth-package-form', {}],
    ] as const) {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const e = document.createElement(tag) as BwkitForm;
      el = e;
      e.setAttribute('api', env.api);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      e.fetchToken = async () => (await gate, token('acme'));
      const ready = next(e, 'bwkit-ready');
      document.body.append(e);
      await e.updateComplete;
      const loading = e.getBoundingClientRect().height;
      expect($(e, '[part~=skeleton] [role=status]').textContent).to.equal('Loading…');
      release();
      await ready;
      await e.updateComplete;
      // Pickers fill in after the config: wait for the form to settle.
      await new Promise((r) => setTimeout(r, 300));
      const loaded = e.getBoundingClientRect().height;
      expect(
        loading / loaded,
        `${tag} ${JSON.stringify(attrs)}: ${loading} px loading, ${loaded} px loaded`,
      ).to.be.within(0.75, 1.33);
      e.remove();
    }
  });

  it('keeps properties set before the element is defined (upgrade)', async () => {
    const tag = 'bwkit-late-create';
    const e = document.createElement(tag) as BandwidthCreate;
    el = e;
    e.setAttribute('api', env.api);
    e.service = 'vpc';
    e.fetchToken = () => token('acme');
    const ready = next(e, 'bwkit-ready');
    document.body.append(e);
    customElements.define(tag, class extends BandwidthCreate {});
    await ready;
    await e.updateComplete;
    expect(e.shadowRoot!.querySelector('[name=subnetId]')).to.equal(null);
    expect(control(e, 'name')).to.exist;
  });
});

describe('setup mistakes, explained to the developer', () => {
  it('no token and no fetchToken: bwkit-error token_missing and a console hint; a later fetchToken loads', async () => {
    const e = create({ api: env.api, service: 'vpc' });
    const failed = next<BwkitProblem>(e, 'bwkit-error');
    document.body.append(e);
    const p = await failed;
    expect(p).to.be.instanceOf(BwkitProblem);
    expect(p).to.be.instanceOf(Error);
    expect(p.code).to.equal('token_missing');
    expect(errors.map((a) => String(a[0])).join('\n')).to.contain('fetchToken');
    const ready = next(e, 'bwkit-ready');
    e.fetchToken = () => token('acme');
    await ready;
    await e.updateComplete;
    expect(alertOf(e)).to.equal('');
  });

  it('a config that cannot be loaded: bwkit-loaderror, and a message naming `api` and allowedOrigins', async () => {
    const e = create({ api: 'http://127.0.0.1:9', service: 'vpc' });
    e.fetchToken = () => token('acme');
    const failed = next<BwkitProblem>(e, 'bwkit-loaderror');
    document.body.append(e);
    const p = await failed;
    expect(p).to.be.instanceOf(BwkitProblem);
    expect(p.code).to.equal('network_error');
    expect(p.message).to.contain('`api`').and.to.contain('allowedOrigins').and.to.contain(location.origin);
    expect(errors.map((a) => String(a[0])).join('\n')).to.contain('allowedOrigins');
  });

  it('an origin the gateway refuses by CORS: bwkit-loaderror, and a message naming `api`, allowedOrigins and the origin', async () => {
    // The same test server under another host name: Chromium resolves *.localhost to loopback, and no tenant lists
    // this origin in allowedOrigins, so the gateway's CORS answer leaves it out and the browser blocks the response.
    const origin = `http://bwkit.localhost:${location.port}`;
    const frame = document.createElement('iframe');
    const got = new Promise<BlockedOriginReport>((ok) => {
      const onMessage = (m: MessageEvent) => {
        if (m.source !== frame.contentWindow || !m.data?.bwkitBlockedOrigin) return;
        window.removeEventListener('message', onMessage);
        ok(m.data.bwkitBlockedOrigin);
      };
      window.addEventListener('message', onMessage);
    });
    frame.src = `${origin}/test/blocked-origin/page.html`;
    document.body.append(frame);
    try {
      const r = await got;
      expect(r.origin).to.equal(origin);
      // The gateway is up (it answers a no-cors request) and the browser blocked the CORS one.
      expect(r.noCorsFetch).to.equal('opaque');
      expect(r.corsFetch).to.match(/^TypeError/);
      expect(r.events.map((e) => e.type)).to.deep.equal(['bwkit-error', 'bwkit-loaderror']);
      const [error, loadError] = r.events;
      expect(loadError!.message).to.equal(error!.message);
      for (const said of [loadError!.message, r.consoleErrors.join('\n')]) {
        expect(said).to.contain('`api`').and.to.contain('allowedOrigins').and.to.contain(r.api).and.to.contain(origin);
        expect(said).not.to.match(/check your connection/i);
      }
      expect(r.alert).not.to.equal('');
      // The person at the page is told the page may not use the service, not to check their connection.
      expect(r.alert).not.to.match(/check your connection/i);
      expect(r.events.map((e) => e.code)).to.deep.equal(['origin_forbidden', 'origin_forbidden']);
      expect(r.tryAgain).to.equal(true);
    } finally {
      frame.remove();
    }
  });

  it('a token without the operation scope: the form says so before the user types', async () => {
    const seen: BwkitProblem[] = [];
    const listen = (e: Event) => seen.push((e as CustomEvent<BwkitProblem>).detail);
    document.body.addEventListener('bwkit-error', listen);
    try {
      el = await mount(
        'bandwidth-create',
        {},
        { fetchToken: () => token('acme', { scopes: ['shared-bandwidth:create'] }) },
      );
      await el.updateComplete;
    } finally {
      document.body.removeEventListener('bwkit-error', listen);
    }
    expect(seen.map((p) => p.code)).to.deep.equal(['scope_missing']);
    expect(seen[0]!.message).to.contain('workspace-bandwidth:create');
    expect(alertOf(el)).to.equal('You are not allowed to do this.');
  });

  it('an unknown service: a developer-facing error, no form; fixed, the form appears', async () => {
    const e = create({ api: env.api, service: 'vpcx' });
    e.fetchToken = () => token('acme');
    const failed = next<BwkitProblem>(e, 'bwkit-error');
    const ready = next(e, 'bwkit-ready');
    document.body.append(e);
    const p = await failed;
    expect(p.code).to.equal('attribute_invalid');
    expect(p.message).to.contain('service="vpcx"');
    await ready;
    await e.updateComplete;
    expect(e.shadowRoot!.querySelector('[name]')).to.equal(null);
    expect(e.shadowRoot!.querySelector('[part~=error]')).to.equal(null);
    e.service = 'vpc';
    await e.updateComplete;
    expect(control(e, 'name')).to.exist;
    expect(alertOf(e)).to.equal('');
  });
});
