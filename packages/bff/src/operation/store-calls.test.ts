import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../store/index.js';
import { createMemoryStore } from '../store/memory.js';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/**
 * Store round trips per purchase POST, counted at the store's interface: each is a network round trip on Redis and
 * PostgreSQL (and a commit on SQLite), so they are what a purchase costs beyond the cloud call. The exactly-once
 * guarantees need two writes — the claim with its intent before the cloud is called, the outcome after; the rate
 * limit's step travels with the claim, the audit record with the outcome.
 */
function counting(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => {
        calls.push(prop);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}

for (const [label, policy] of [
  ['a tenant without a policy', undefined],
  ['a tenant with a size policy and approvals', { approval: { aboveSizeMbps: 500, expiresAfterHours: 72 } }],
] as const) {
  describe(`store round trips per purchase, ${label}`, () => {
    let t: InProcess;
    let calls: string[];
    before(async () => {
      const c = counting(createMemoryStore());
      calls = c.calls;
      t = await inProcessBff({ store: c.store, ...(policy ? { tenant: { policy } } : {}) });
    });
    after(() => t.close());

    const post = async (key: string, name: string) => {
      calls.length = 0;
      const r = await t.call('/v1/shared-bandwidths', { body: { name, sizeMbps: 10, region: REGION }, key });
      return { status: r.status, calls: [...calls] };
    };

    test('a new purchase: the claim with the rate limit, then the outcome with its audit record', async () => {
      const key = crypto.randomUUID();
      const first = await post(key, `rt-${key.slice(0, 8)}`);
      assert.equal(first.status, 201);
      // With a policy, the approval a key may hold is looked up first (a held purchase leaves its key free).
      assert.deepEqual(first.calls, policy ? ['getRecord', 'begin', 'complete'] : ['begin', 'complete']);
      const audit = await t.store.list(t.tenant.id, { limit: 1 });
      assert.equal(audit[0]?.idempotencyKey, key, 'the audit record was stored with the outcome');
      assert.equal(audit[0]?.outcome, 'succeeded');

      const again = await post(key, `rt-${key.slice(0, 8)}`);
      assert.equal(again.status, 201);
      assert.deepEqual(again.calls, policy ? ['getRecord', 'begin', 'append'] : ['begin', 'append']);
    });

    test('a request that ends before its claim takes the rate limit on its own: invalid body, missing key', async () => {
      calls.length = 0;
      const invalid = await t.call('/v1/shared-bandwidths', {
        body: { name: '', sizeMbps: 0, region: REGION },
        key: crypto.randomUUID(),
      });
      assert.equal(invalid.status, 422);
      assert.deepEqual(calls, ['hit', 'append']);
      calls.length = 0;
      const keyless = await t.call('/v1/shared-bandwidths', { body: { name: 'no-key', sizeMbps: 10, region: REGION } });
      assert.equal(keyless.status, 400);
      assert.deepEqual(calls, ['hit', 'append']);
      // Any other route: the middleware's step, as before.
      calls.length = 0;
      assert.equal((await t.call('/v1/config')).status, 200);
      assert.deepEqual(calls, ['hit']);
    });
  });
}

describe('a purchase when the store fails before anything is sent', () => {
  let t: InProcess;
  before(async () => {
    const store = createMemoryStore();
    // Record reads fail, as when Redis dies just as the purchase reads the approval its key may hold
    // (ioredis: MaxRetriesPerRequestError) and is back a moment later.
    const down = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function' || (prop !== 'getRecord' && prop !== 'getOrder')) return v;
        return async () => {
          throw new Error('Reached the max retries per request limit (which is 2).');
        };
      },
    });
    t = await inProcessBff({
      store: down,
      tenant: { policy: { approval: { aboveSizeMbps: 500, expiresAfterHours: 72 } } },
    });
  });
  after(() => t.close());

  test('a tenant with a policy: 503 store_unavailable with Retry-After, never 500, and nothing sent', async () => {
    const sent = t.sim.state.requests.createSharedBandwidth ?? 0;
    const r = await t.call('/v1/shared-bandwidths', {
      body: { name: `down-${Date.now()}`, sizeMbps: 10, region: REGION },
      key: crypto.randomUUID(),
    });
    assert.equal(r.status, 503, await r.clone().text());
    assert.equal(((await r.json()) as { code: string }).code, 'store_unavailable');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assert.equal(t.sim.state.requests.createSharedBandwidth ?? 0, sent);
    const [audit] = await t.store.list(t.tenant.id, { limit: 1 });
    assert.deepEqual([audit?.status, audit?.problemCode], [503, 'store_unavailable'], 'audited as the 503 it was');
  });

  test('any other read that meets a failing store is a 503 too (an order status, an approval)', async () => {
    for (const path of ['/v1/orders/CS2611291200ABCDE', '/v1/approvals/apr_0123456789abcdef0123456789']) {
      const r = await t.call(path);
      assert.equal(r.status, 503, `${path}: ${await r.clone().text()}`);
      assert.equal(((await r.json()) as { code: string }).code, 'store_unavailable');
    }
  });
});
