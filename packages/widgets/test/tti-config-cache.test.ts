/// <reference types="mocha" />
/**
 * The tenant config cached per user in the tab (sessionStorage): a second load shows the form without waiting for
 * GET /v1/config, revalidates it in the background, shows a changed config, and drops the entry when the BFF refuses
 * the token. Against the real gateway; the test only holds GET /v1/config back (to see what shows meanwhile).
 */
import type { TenantConfigView } from '@bwkit/contracts';
import { expect } from '@open-wc/testing';
import type { BwkitProblem } from '../src/index.js';
import { cacheKey } from '../src/internal/config-loader.js';
import type { BwkitForm } from '../src/internal/form.js';
import { $, alertOf, control, env, mount, next, token, waitUntil } from './helpers.js';

let el: BwkitForm | undefined;
let gate: ReturnType<typeof holdConfig> | undefined;
const consoleError = console.error;

afterEach(() => {
  console.error = consoleError;
  gate?.restore();
  gate = undefined;
  el?.remove();
  el = undefined;
});

/** Holds every GET /v1/config answer of the widgets until `release()` (the real gateway answers it meanwhile). */
function holdConfig() {
  const original = window.fetch;
  let open!: () => void;
  const released = new Promise<void>((r) => (open = r));
  const state = { held: 0, answered: 0 };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!String(input).endsWith('/v1/config')) return original(input, init);
    state.held++;
    const res = await original(input, init);
    await released;
    state.answered++;
    return res;
  };
  return { state, release: open, restore: () => (window.fetch = original) };
}

/** Resolves with the event's detail, or rejects after `ms` (instead of the test's own timeout). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`no ${what} in ${ms} ms`)), ms)),
  ]);
}

const create = (t: string | (() => Promise<string>)) => {
  const e = document.createElement('bandwidth-create') as BwkitForm;
  e.setAttribute('api', env.api);
  e.setAttribute('service', 'vpc');
  if (typeof t === 'string') e.setAttribute('token', t);
  else e.fetchToken = t;
  el = e;
  return e;
};

const regionLabels = (e: Element) => [...control<HTMLSelectElement>(e, 'region').options].map((o) => o.text);

describe('tenant config cached per user in the tab', () => {
  it('a second load shows the form at once from the cache, then revalidates it with the BFF', async () => {
    const subject = `tti-cache-${Date.now()}`;
    const t = await token('acme', { subject });
    el = await mount('bandwidth-create', { service: 'vpc' }, { fetchToken: async () => t });
    el.remove();

    gate = holdConfig();
    const e = create(async () => t);
    const ready = next<{ config: TenantConfigView }>(e, 'bwkit-ready');
    document.body.append(e);
    const { config } = await within(ready, 5000, 'bwkit-ready while GET /v1/config is held');
    await e.updateComplete;
    expect(config.tenant.id).to.equal('acme');
    expect(control(e, 'name')).to.exist;
    // The revalidation is on its way (held): the form did not wait for it.
    expect(gate.state).to.deep.equal({ held: 1, answered: 0 });
    gate.release();
    await waitUntil(() => gate!.state.answered === 1, 'no revalidation', { timeout: 5000 });

    // What the tab keeps: the config under the API and a hash — never the token, nor the user's id in clear.
    const keys = Object.keys(sessionStorage).filter((k) => k.startsWith('bwkit:'));
    expect(keys).to.include(cacheKey(env.api, t));
    for (const k of keys) {
      expect(k.startsWith(`bwkit:config:${env.api}:`), k).to.equal(true);
      for (const s of [k, sessionStorage.getItem(k)!]) {
        expect(s).not.to.contain(t);
        expect(s).not.to.contain(t.split('.')[1]);
        expect(s).not.to.contain(subject);
      }
    }
  });

  it('another user (or the same user with other scopes) in the same tab does not get that config', async () => {
    const a = await token('acme', { subject: `tti-a-${Date.now()}` });
    const b = await token('acme', { subject: `tti-b-${Date.now()}` });
    const narrow = await token('acme', { subject: `tti-a-${Date.now()}`, scopes: ['shared-bandwidth:create'] });
    const globex = await token('globex', { subject: `tti-a-${Date.now()}` });
    const keys = [a, b, narrow, globex].map((t) => cacheKey(env.api, t));
    expect(new Set(keys).size).to.equal(4);
    // Another API, another entry; a token that is not a JWT is not cached at all.
    expect(cacheKey('https://other.example', a)).not.to.equal(keys[0]);
    expect(cacheKey(env.api, 'opaque-token')).to.equal(undefined);
  });

  it('a config that changed since it was cached is shown instead once the BFF answers', async () => {
    const t = await token('acme', { subject: `tti-changed-${Date.now()}` });
    el = await mount('bandwidth-create', { service: 'vpc' }, { fetchToken: async () => t });
    el.remove();
    const key = cacheKey(env.api, t)!;
    const real = sessionStorage.getItem(key)!;
    // As the tenant's config was when this tab cached it: Singapore was called something else then.
    const old = JSON.parse(real) as TenantConfigView;
    old.regions = old.regions.map((r) => (r.id === 'ap-southeast-3' ? { ...r, name: 'Old Singapore' } : r));
    sessionStorage.setItem(key, JSON.stringify(old));

    gate = holdConfig();
    const e = create(async () => t);
    const ready = next(e, 'bwkit-ready');
    document.body.append(e);
    await within(ready, 5000, 'bwkit-ready from the cache');
    await e.updateComplete;
    expect(regionLabels(e)).to.include('Old Singapore');
    let readies = 0;
    e.addEventListener('bwkit-ready', () => readies++);
    gate.release();
    await waitUntil(() => regionLabels(e).includes('AP-Singapore'), 'the new config was not shown', { timeout: 5000 });
    expect(regionLabels(e)).not.to.include('Old Singapore');
    expect(e.config!.regions.find((r) => r.id === 'ap-southeast-3')!.name).to.equal('AP-Singapore');
    expect(sessionStorage.getItem(key)).to.equal(real);
    // The form was ready already: no second bwkit-ready.
    expect(readies).to.equal(0);
  });

  it('a 401 on revalidation drops the cached config and shows the error as a failed load', async () => {
    const valid = await token('acme');
    const config = await (
      await fetch(`${env.api}/v1/config`, { headers: { authorization: `Bearer ${valid}` } })
    ).json();
    // The tab cached a config for this user earlier; their token has expired since (and the page has no fetchToken).
    const expired = await token('acme', { expired: true });
    const key = cacheKey(env.api, expired)!;
    sessionStorage.setItem(key, JSON.stringify(config));
    console.error = () => undefined;

    const e = create(expired);
    const ready = next(e, 'bwkit-ready');
    const failed = next<BwkitProblem>(e, 'bwkit-loaderror');
    document.body.append(e);
    await within(ready, 5000, 'bwkit-ready from the cache');
    const p = await within(failed, 5000, 'bwkit-loaderror');
    expect(p.status).to.equal(401);
    expect(p.code).to.equal('token_expired');
    await e.updateComplete;
    expect(sessionStorage.getItem(key)).to.equal(null);
    expect(e.config).to.equal(undefined);
    expect(e.shadowRoot!.querySelector('[name=name]')).to.equal(null);
    expect(alertOf(e)).not.to.equal('');
    expect($(e, 'button').textContent).to.contain('Try again');
  });

  it('without sessionStorage (blocked by the page) the widget still loads, from the BFF', async () => {
    const t = await token('acme', { subject: `tti-nostorage-${Date.now()}` });
    const desc = Object.getOwnPropertyDescriptor(window, 'sessionStorage')!;
    Object.defineProperty(window, 'sessionStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    try {
      el = await mount('bandwidth-create', { service: 'vpc' }, { fetchToken: async () => t });
      expect(control(el, 'name')).to.exist;
    } finally {
      Object.defineProperty(window, 'sessionStorage', desc);
    }
    expect(sessionStorage.getItem(cacheKey(env.api, t)!)).to.equal(null);
  });
});
