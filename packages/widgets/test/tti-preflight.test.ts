/// <reference types="mocha" />
/**
 * No CORS preflight per call: the widgets fetch with the default cache mode, so Chromium reuses a preflight for the
 * BFF's Access-Control-Max-Age (600 s) — with `cache: 'no-store'` (or no-cache, reload) it sends one before every
 * call. Preflights never reach the page (not even in Resource Timing), so they are counted where they are answered:
 * the gateway's own request counter (GET /metrics, `bwkit_http_requests_total{method="OPTIONS",…}`), which the test
 * server passes on at /__bwkit/gateway/metrics.
 */
import { expect } from '@open-wc/testing';
import type { BwkitForm } from '../src/internal/form.js';
import { $, fill, mount, spyFetch, waitUntil } from './helpers.js';

let el: BwkitForm | undefined;

afterEach(() => {
  el?.remove();
  el = undefined;
});

/** CORS preflights the gateway has answered so far; undefined when the test server does not pass its metrics on. */
async function preflights(): Promise<number | undefined> {
  const res = await fetch('/__bwkit/gateway/metrics');
  if (!res.ok) return undefined;
  let n = 0;
  for (const m of (await res.text()).matchAll(/^bwkit_http_requests_total\{([^}]*)\} (\d+)$/gm))
    if (m[1]!.includes('method="OPTIONS"')) n += Number(m[2]);
  return n;
}

const priceOf = (e: Element) => $(e, '[part~=price]').textContent!.replace(/\s+/g, ' ').trim();

describe('CORS preflights', () => {
  it('repeated calls from one page (config on each load, a price per size) cost one preflight per URL', async function () {
    const before = await preflights();
    if (before === undefined) {
      // Needs the /__bwkit/gateway/metrics route of web-test-runner.config.mjs.
      console.warn('tti-preflight: /__bwkit/gateway/metrics is missing from the test server; cannot count preflights');
      this.skip();
    }
    const spy = spyFetch();
    try {
      for (let i = 0; i < 3; i++) {
        el = await mount('bandwidth-create', { service: 'vpc' });
        if (i < 2) el.remove();
      }
      await fill(el!, 'name', 'preflight-once');
      for (const size of ['10', '20', '30']) {
        const shown = priceOf(el!);
        await fill(el!, 'sizeMbps', size);
        await waitUntil(() => /per (month|hour)/.test(priceOf(el!)) && priceOf(el!) !== shown, `no price for ${size}`, {
          timeout: 8000,
        });
      }
      const configs = spy.calls.filter((c) => c.url.endsWith('/v1/config')).length;
      const quotes = spy.calls.filter((c) => c.url.endsWith('/v1/quotes')).length;
      expect(configs).to.equal(3);
      expect(quotes).to.equal(3);
      // Two URLs: at most one preflight each (none when this browser already has them from an earlier test file).
      expect((await preflights())! - before!).to.be.at.most(2);
    } finally {
      spy.restore();
    }
  });
});
