import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scopedKey } from '../idempotency/index.js';
import type { BeginOptions, IdempotencyBegin, Store } from '../store/index.js';
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
      // With a policy, the approval a key may hold is read by the claim itself (BeginOptions.peek), not before it.
      assert.deepEqual(first.calls, ['begin', 'complete']);
      const audit = await t.store.list(t.tenant.id, { limit: 1 });
      assert.equal(audit[0]?.idempotencyKey, key, 'the audit record was stored with the outcome');
      assert.equal(audit[0]?.outcome, 'succeeded');

      const again = await post(key, `rt-${key.slice(0, 8)}`);
      assert.equal(again.status, 201);
      assert.deepEqual(again.calls, ['begin', 'append']);
    });

    if (policy) {
      test('a held purchase asked again replays its approval: the claim taken meanwhile is given back', async () => {
        const key = crypto.randomUUID();
        calls.length = 0;
        const body = { name: `held-${key.slice(0, 8)}`, sizeMbps: 600, region: REGION };
        const first = await t.call('/v1/shared-bandwidths', { body, key });
        assert.equal(first.status, 202);
        calls.length = 0;
        const again = await t.call('/v1/shared-bandwidths', { body, key });
        assert.equal(again.status, 202);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.deepEqual(
          ((await again.json()) as { approval: { id: string } }).approval.id,
          ((await first.json()) as { approval: { id: string } }).approval.id,
        );
        // The key was free (a held purchase leaves it so): the claim took it and gave it back, nothing was sent.
        assert.deepEqual(calls, ['begin', 'release', 'append']);
        assert.equal(await t.store.inspect(scopedKey(t.tenant.id, 'user-1', key)), undefined);
      });
    }

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

/** A store whose begin() does not read records with its claim (BeginOptions.peek), as a custom store may not. */
function withoutPeek(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'begin' || typeof v !== 'function') return v;
      return async (key: string, fingerprint: string, leaseMs: number, opts: BeginOptions = {}) => {
        const { peek: _ignored, ...rest } = opts;
        const { peeked: _none, ...answer } = (await (v as Store['begin']).call(
          target,
          key,
          fingerprint,
          leaseMs,
          rest,
        )) as IdempotencyBegin;
        return answer;
      };
    },
  });
}

describe('a store whose begin ignores the peek: the approval is read on its own, as before', () => {
  let t: InProcess;
  let calls: string[];
  before(async () => {
    const c = counting(withoutPeek(createMemoryStore()));
    calls = c.calls;
    t = await inProcessBff({
      store: c.store,
      tenant: { policy: { approval: { aboveSizeMbps: 500, expiresAfterHours: 72 } } },
    });
  });
  after(() => t.close());

  test('a new purchase runs; a held one is held, and asked again replays its approval', async () => {
    const key = crypto.randomUUID();
    calls.length = 0;
    const created = await t.call('/v1/shared-bandwidths', {
      body: { name: `np-${key.slice(0, 8)}`, sizeMbps: 10, region: REGION },
      key,
    });
    assert.equal(created.status, 201);
    assert.deepEqual(calls, ['begin', 'getRecord', 'complete']);

    const heldKey = crypto.randomUUID();
    const body = { name: `np-held-${heldKey.slice(0, 8)}`, sizeMbps: 600, region: REGION };
    const sent = t.sim.state.requests.createSharedBandwidth ?? 0;
    const first = await t.call('/v1/shared-bandwidths', { body, key: heldKey });
    assert.equal(first.status, 202);
    const again = await t.call('/v1/shared-bandwidths', { body, key: heldKey });
    assert.equal(again.status, 202);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const mismatch = await t.call('/v1/shared-bandwidths', { body: { ...body, sizeMbps: 700 }, key: heldKey });
    assert.equal(mismatch.status, 422, await mismatch.clone().text());
    assert.equal(((await mismatch.json()) as { code: string }).code, 'idempotency_key_reused');
    assert.equal(t.sim.state.requests.createSharedBandwidth ?? 0, sent, 'nothing sent for a held purchase');
    assert.equal(await t.store.inspect(scopedKey(t.tenant.id, 'user-1', heldKey)), undefined, 'the key stays free');
  });
});

describe('a purchase when the store fails before anything is sent', () => {
  let t: InProcess;
  before(async () => {
    const store = createMemoryStore();
    // Record reads fail, as when Redis dies just as the purchase reads the approval its key may hold
    // (ioredis: MaxRetriesPerRequestError) and is back a moment later. The store's begin does not read the approval
    // with its claim (BeginOptions.peek), so the read is a call of its own, which fails.
    const down = new Proxy(withoutPeek(store), {
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
    const key = crypto.randomUUID();
    const r = await t.call('/v1/shared-bandwidths', {
      body: { name: `down-${Date.now()}`, sizeMbps: 10, region: REGION },
      key,
    });
    assert.equal(r.status, 503, await r.clone().text());
    assert.equal(((await r.json()) as { code: string }).code, 'store_unavailable');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assert.equal(t.sim.state.requests.createSharedBandwidth ?? 0, sent);
    const [audit] = await t.store.list(t.tenant.id, { limit: 1 });
    assert.deepEqual([audit?.status, audit?.problemCode], [503, 'store_unavailable'], 'audited as the 503 it was');
    assert.equal(await t.store.inspect(scopedKey(t.tenant.id, 'user-1', key)), undefined, 'the claim was given back');
  });

  test('any other read that meets a failing store is a 503 too (an order status, an approval)', async () => {
    for (const path of ['/v1/orders/CS2611291200ABCDE', '/v1/approvals/apr_0123456789abcdef0123456789']) {
      const r = await t.call(path);
      assert.equal(r.status, 503, `${path}: ${await r.clone().text()}`);
      assert.equal(((await r.json()) as { code: string }).code, 'store_unavailable');
    }
  });
});
