/// <reference types="mocha" />
/**
 * The token minted in parallel with the bundle: `token` may be a `Promise<string>`, set by an inline script before
 * bwkit.js has loaded (the embed snippet of the README), so a cold load does not wait for the bundle, then the token.
 */
import { expect } from '@open-wc/testing';
import { BandwidthCreate } from '../src/index.js';
import type { BwkitForm } from '../src/internal/form.js';
import { choose, control, env, fill, next, spyFetch, submit, token } from './helpers.js';

let el: HTMLElement | undefined;
let frame: HTMLIFrameElement | undefined;

afterEach(() => {
  el?.remove();
  el = undefined;
  frame?.remove();
  frame = undefined;
});

describe('token as a promise', () => {
  it('set before the element is defined: the calls wait for it and send the token it resolves to', async () => {
    const tag = 'bwkit-tti-late-create';
    const e = document.createElement(tag) as BandwidthCreate;
    el = e;
    e.setAttribute('api', env.api);
    e.setAttribute('service', 'vpc');
    let resolved = '';
    (e as unknown as { token: Promise<string> }).token = token('acme', { subject: `tti-promise-${Date.now()}` }).then(
      (t) => (resolved = t),
    );
    const spy = spyFetch();
    try {
      const ready = next(e, 'bwkit-ready');
      document.body.append(e);
      customElements.define(tag, class extends BandwidthCreate {});
      await ready;
      await e.updateComplete;
      expect(control(e, 'name')).to.exist;
      const config = spy.calls.filter((c) => c.url.endsWith('/v1/config'));
      expect(config).to.have.length(1);
      expect(config[0]!.auth).to.equal(`Bearer ${resolved}`);
    } finally {
      spy.restore();
    }
  });

  it('a promise that fails counts as no token; fetchToken, when set, is asked instead on Try again', async () => {
    const e = document.createElement('bandwidth-create') as BwkitForm;
    el = e;
    e.setAttribute('api', env.api);
    e.setAttribute('service', 'vpc');
    const failing = Promise.reject(new Error('portal said no'));
    failing.catch(() => undefined);
    (e as unknown as { token: Promise<string> }).token = failing;
    const failed = next<{ code: string }>(e, 'bwkit-error');
    const consoleError = console.error;
    console.error = () => undefined;
    try {
      document.body.append(e);
      expect((await failed).code).to.equal('token_missing');
    } finally {
      console.error = consoleError;
    }
    let calls = 0;
    const ready = next(e, 'bwkit-ready');
    e.fetchToken = async () => (calls++, token('acme'));
    await ready;
    expect(calls).to.equal(1);
  });

  it('live progress streams send the token the promise gave (a Workspace job followed to its end)', async () => {
    const e = document.createElement('bandwidth-create') as BwkitForm;
    el = e;
    e.setAttribute('api', env.api);
    let resolved = '';
    (e as unknown as { token: Promise<string> }).token = token('acme').then((t) => (resolved = t));
    const spy = spyFetch();
    try {
      const ready = next(e, 'bwkit-ready');
      document.body.append(e);
      await ready;
      await e.updateComplete;
      await fill(e, 'subnetId', '2fe2cebf-fb0c-40a6-8daa-f60bef147583');
      await fill(e, 'sizeMbps', '10');
      await choose(e, 'chargeMode', 'wks_traffic');
      await fill(e, 'name', 'promised-bw');
      const success = next<{ bandwidthId: string }>(e, 'bwkit-success');
      await submit(e);
      expect((await success).bandwidthId).to.be.a('string').and.not.empty;
      const streams = spy.calls.filter((c) => /\/v1\/jobs\/[^/]+\/events$/.test(c.url));
      expect(streams.length).to.be.greaterThan(0);
      for (const s of streams) expect(s.auth).to.equal(`Bearer ${resolved}`);
    } finally {
      spy.restore();
    }
  });

  it('the embed snippet: an inline script starts minting the token while bwkit.js downloads', async () => {
    const subject = `tti-embed-${Date.now()}`;
    frame = document.createElement('iframe');
    // Same origin as this page (srcdoc): the portal's own token endpoint is /__bwkit/token here.
    frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>
<bandwidth-create service="vpc" api="${env.api}"></bandwidth-create>
<script>
  const w = document.querySelector('bandwidth-create');
  window.mintCalledAt = performance.now();
  w.token = fetch('/__bwkit/token', { method: 'POST', body: JSON.stringify({ tenant: 'acme', subject: '${subject}' }) })
    .then((r) => r.json())
    .then((b) => b.token);
  w.addEventListener('bwkit-ready', () => (window.readyAt = performance.now()));
  customElements.whenDefined('bandwidth-create').then(() => (window.definedAt = performance.now()));
</script>
<script type="module" src="/dist/bwkit.js"></script>
</body></html>`;
    document.body.append(frame);
    const win = () =>
      frame!.contentWindow as (Window & { readyAt?: number; definedAt?: number; mintCalledAt?: number }) | null;
    const started = Date.now();
    while (win()?.readyAt === undefined) {
      if (Date.now() - started > 10_000) throw new Error('the embed page never sent bwkit-ready');
      await new Promise((r) => setTimeout(r, 20));
    }
    const entries = win()!.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const bundle = entries.find((r) => r.name.endsWith('/dist/bwkit.js'))!;
    const minted = entries.find((r) => r.name.endsWith('/__bwkit/token'))!;
    expect(bundle, 'bwkit.js loaded').to.exist;
    expect(minted, 'token asked for').to.exist;
    // The token was asked for before bwkit.js had run (a fetchToken set by the page is called only after that). The
    // call time is compared, not the request's Resource Timing start: when the request is dispatched depends on load.
    expect(win()!.mintCalledAt).to.be.below(win()!.definedAt!);
    const w = frame.contentDocument!.querySelector('bandwidth-create') as BwkitForm;
    expect(w.shadowRoot!.querySelector('[name=name]')).to.exist;
  });
});
