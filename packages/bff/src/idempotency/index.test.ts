import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProblemError } from '../problem/index.js';
import type { Reconciled } from '../reconcile/index.js';
import type { BeginOptions, IdempotencyIntent, RateHit, Store } from '../store/index.js';
import { createMemoryStore } from '../store/memory.js';
import {
  fingerprintOf,
  type IdempotencyEvent,
  type IdempotencyOptions,
  type RateInClaim,
  type RunResult,
  scopedKey,
  stableStringify,
  withIdempotency,
  writerFor,
} from './index.js';

const opts = (over: Partial<IdempotencyOptions> = {}): IdempotencyOptions => ({
  store: createMemoryStore(),
  leaseMs: 60_000,
  ttlMs: 60_000,
  waitMs: 500,
  pollMs: 10,
  settleMs: 0,
  ...over,
});
const ok = (body: string): RunResult => ({ response: { status: 201, headers: {}, body }, outcome: 'succeeded' });
const timeout = (): RunResult => ({
  response: { status: 504, headers: {}, body: '{"code":"upstream_timeout"}' },
  outcome: 'unknown',
  reason: 'timeout',
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INTENT = {
  operation: 'createSharedBandwidth',
  value: { name: 'bw', sizeMbps: 10 },
  params: {},
  region: 'cn-north-4',
  tenantId: 'acme',
  subject: 'u1',
};
const isProblem = (status: number, code: string) => (e: unknown) =>
  e instanceof ProblemError && e.problem.status === status && e.problem.code === code;

/** A real memory store whose calls can be made to fail, as a store that went away would. */
function flakyStore(): Store & { down: Set<string> } {
  const inner = createMemoryStore();
  const down = new Set<string>();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'down') return down;
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) =>
        down.has(String(prop))
          ? Promise.reject(new Error(`store ${String(prop)} failed`))
          : (v as (...a: unknown[]) => unknown).apply(target, args);
    },
  }) as Store & { down: Set<string> };
}

test('runs once; a later call replays without running', async () => {
  const o = opts();
  let runs = 0;
  const first = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('a')));
  const second = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('b')));
  assert.equal(runs, 1);
  assert.equal(first.replayed, false);
  assert.equal(second.replayed, true);
  assert.equal(second.response.body, 'a');
});

test('a concurrent duplicate waits for the first and replays it', async () => {
  const o = opts();
  let runs = 0;
  const slow = withIdempotency(o, 'k', 'fp', async () => {
    runs++;
    await sleep(80);
    return ok('a');
  });
  await sleep(5);
  const dup = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('b')));
  assert.equal((await slow).response.body, 'a');
  assert.equal(dup.response.body, 'a');
  assert.equal(dup.waited, true);
  assert.equal(runs, 1);
});

/** A rate-limit step for the claim that records what withIdempotency did with it. */
function rateHook(limit: number) {
  const seen: { steps: number; answers: (RateHit | undefined)[] } = { steps: 0, answers: [] };
  const hook: RateInClaim = {
    step: () => (seen.steps++, { key: 'acme:u1', windowMs: 60_000, nowMs: 1_800_000_000_000, limit }),
    answer(hit) {
      seen.answers.push(hit);
      if (hit && !hit.allowed) throw new ProblemError('rate_limited', 'Too many requests.');
    },
  };
  return { hook, seen };
}

test('the rate step goes with the first claim only: a duplicate that waits counts once, not once per poll', async () => {
  const o = opts();
  const begins: (BeginOptions | undefined)[] = [];
  const store = o.store as Store;
  o.store = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'begin') return Reflect.get(target, prop, receiver);
      return (...a: Parameters<Store['begin']>) => (begins.push(a[3]), target.begin(...a));
    },
  });
  const slow = withIdempotency(o, 'k', 'fp', async () => {
    await sleep(80);
    return ok('a');
  });
  await sleep(5);
  begins.length = 0;
  const { hook, seen } = rateHook(10);
  const dup = await withIdempotency(o, 'k', 'fp', async () => ok('b'), { rate: hook });
  await slow;
  assert.equal(dup.response.body, 'a');
  assert.ok(begins.length > 2, `${begins.length} polls`);
  assert.deepEqual(
    begins.map((b) => b?.rate !== undefined),
    [true, ...Array(begins.length - 1).fill(false)],
  );
  assert.equal(seen.steps, 1);
  assert.deepEqual(
    seen.answers.map((h) => h?.count),
    [1],
  );
});

test('a refused rate step: nothing runs, nothing is claimed, the refusal is thrown', async () => {
  const o = opts();
  for (let i = 0; i < 2; i++) await withIdempotency(o, `k${i}`, 'fp', async () => ok('a'), { rate: rateHook(2).hook });
  let runs = 0;
  const { hook, seen } = rateHook(2);
  await assert.rejects(
    withIdempotency(o, 'k-refused', 'fp', async () => (runs++, ok('b')), { rate: hook }),
    isProblem(429, 'rate_limited'),
  );
  assert.equal(runs, 0);
  assert.equal(seen.answers[0]?.allowed, false);
  assert.equal(await o.store.inspect('k-refused'), undefined);
});

test('waiting longer than waitMs → 409 idempotency_in_progress', async () => {
  const o = opts({ waitMs: 30 });
  const slow = withIdempotency(o, 'k', 'fp', async () => {
    await sleep(200);
    return ok('a');
  });
  await sleep(5);
  await assert.rejects(
    withIdempotency(o, 'k', 'fp', async () => ok('b')),
    isProblem(409, 'idempotency_in_progress'),
  );
  await slow;
});

test('another fingerprint with the same key → 422 idempotency_key_reused', async () => {
  const o = opts();
  await withIdempotency(o, 'k', 'fp1', async () => ok('a'));
  await assert.rejects(
    withIdempotency(o, 'k', 'fp2', async () => ok('b')),
    isProblem(422, 'idempotency_key_reused'),
  );
});

test('not_acted releases the key, so the same request runs again', async () => {
  const o = opts();
  let runs = 0;
  const first = await withIdempotency(
    o,
    'k',
    'fp',
    async () => (runs++, { response: { status: 503, headers: {}, body: 'x' }, outcome: 'not_acted' }),
  );
  assert.equal(first.outcome, 'not_acted');
  const second = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('c')));
  assert.equal(runs, 2);
  assert.equal(second.response.body, 'c');
  assert.equal(second.replayed, false);
});

test('a refusal by the cloud is final: replayed, not run again', async () => {
  const o = opts();
  let runs = 0;
  const refused = {
    response: { status: 422, headers: {}, body: '{"code":"upstream_rejected"}' },
    outcome: 'failed' as const,
  };
  await withIdempotency(o, 'k', 'fp', async () => (runs++, refused));
  const again = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('x')));
  assert.equal(runs, 1);
  assert.equal(again.replayed, true);
  assert.equal(again.response.status, 422);
});

test('the intent is stored before the upstream call, with its time, and the call sees a running claim', async () => {
  const o = opts();
  const before = Date.now();
  await withIdempotency(
    o,
    'k',
    'fp',
    async () => {
      const rec = await o.store.inspect('k');
      assert.equal(rec?.state, 'running');
      assert.deepEqual({ ...rec!.intent, intentAt: undefined }, { ...INTENT, intentAt: undefined });
      assert.ok(Date.parse(rec!.intent!.intentAt) >= before - 1);
      return ok('a');
    },
    { intent: INTENT },
  );
});

test('an unknown outcome is never run again blindly: the retry reconciles, finds it created, and answers with it', async () => {
  const o = opts();
  let runs = 0;
  const seen: IdempotencyIntent[] = [];
  const reconcile = async (i: IdempotencyIntent): Promise<Reconciled> => {
    seen.push(i);
    return { state: 'succeeded', response: { status: 201, body: { bandwidth: { id: 'bw-1' } } } };
  };
  const first = await withIdempotency(o, 'k', 'fp', async () => (runs++, timeout()), { intent: INTENT, reconcile });
  assert.equal(first.outcome, 'unknown');
  assert.equal(first.response.status, 504);
  assert.equal((await o.store.inspect('k'))?.state, 'unknown');
  const retry = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('second order')), {
    intent: INTENT,
    reconcile,
  });
  assert.equal(runs, 1);
  assert.equal(retry.outcome, 'reconciled');
  assert.equal(retry.replayed, true);
  assert.equal(retry.response.status, 201);
  assert.deepEqual(JSON.parse(retry.response.body), { bandwidth: { id: 'bw-1' } });
  assert.equal(retry.response.headers['idempotency-settled'], 'reconciled');
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.operation, 'createSharedBandwidth');
  // Settled for good: the next retry replays without asking the cloud again.
  const later = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('third')), { intent: INTENT, reconcile });
  assert.equal(later.outcome, 'replayed');
  assert.equal(later.response.body, retry.response.body);
  assert.equal(seen.length, 1);
  assert.equal(runs, 1);
});

test('an unknown outcome found not created runs again now, with a new intent time', async () => {
  const o = opts();
  let runs = 0;
  const intents: string[] = [];
  const reconcile = async (): Promise<Reconciled> => ({ state: 'not_created' });
  await withIdempotency(
    o,
    'k',
    'fp',
    async () => {
      runs++;
      intents.push((await o.store.inspect('k'))!.intent!.intentAt);
      return timeout();
    },
    { intent: INTENT, reconcile },
  );
  await sleep(5);
  const retry = await withIdempotency(
    o,
    'k',
    'fp',
    async () => {
      runs++;
      intents.push((await o.store.inspect('k'))!.intent!.intentAt);
      return ok('made');
    },
    { intent: INTENT, reconcile },
  );
  assert.equal(runs, 2);
  assert.equal(retry.outcome, 'executed');
  assert.equal(retry.replayed, false);
  assert.ok(intents[1]! > intents[0]!, intents.join(' '));
});

test('when the cloud cannot tell: 409 outcome_unknown saying what to check, nothing sent, asked again on the next retry', async () => {
  const o = opts();
  let runs = 0;
  let asked = 0;
  const reconcile = async (): Promise<Reconciled> => (
    asked++, { state: 'unknown', check: 'Two bandwidths named "bw" exist.' }
  );
  await withIdempotency(o, 'k', 'fp', async () => (runs++, timeout()), { intent: INTENT, reconcile });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      withIdempotency(o, 'k', 'fp', async () => (runs++, ok('x')), { intent: INTENT, reconcile }),
      (e: unknown) =>
        isProblem(409, 'outcome_unknown')(e) &&
        /Two bandwidths named "bw" exist/.test((e as ProblemError).problem.detail ?? ''),
    );
  }
  assert.equal(runs, 1);
  assert.equal(asked, 2);
  assert.equal((await o.store.inspect('k'))?.attempts, 2);
});

test('a reconciler that fails, or none at all, leaves the key blocked: 409 outcome_unknown', async () => {
  const o = opts();
  let runs = 0;
  await withIdempotency(o, 'k', 'fp', async () => (runs++, timeout()), { intent: INTENT });
  await assert.rejects(
    withIdempotency(o, 'k', 'fp', async () => (runs++, ok('x'))),
    isProblem(409, 'outcome_unknown'),
  );
  await assert.rejects(
    withIdempotency(o, 'k', 'fp', async () => (runs++, ok('x')), {
      intent: INTENT,
      reconcile: async () => {
        throw new Error('list API down');
      },
    }),
    (e: unknown) =>
      isProblem(409, 'outcome_unknown')(e) && /list API down/.test((e as ProblemError).problem.detail ?? ''),
  );
  assert.equal(runs, 1);
});

test('an unknown outcome is left alone while the cloud may still act on it (settleMs): duplicates wait, then reconcile', async () => {
  const o = opts({ settleMs: 150, waitMs: 60 });
  let asked = 0;
  const reconcile = async (): Promise<Reconciled> => (
    asked++, { state: 'succeeded', response: { status: 201, body: { id: 1 } } }
  );
  await withIdempotency(o, 'k', 'fp', async () => timeout(), { intent: INTENT, reconcile });
  await assert.rejects(
    withIdempotency(o, 'k', 'fp', async () => ok('x'), { intent: INTENT, reconcile }),
    isProblem(409, 'idempotency_in_progress'),
  );
  assert.equal(asked, 0);
  const patient = await withIdempotency({ ...o, waitMs: 1000 }, 'k', 'fp', async () => ok('x'), {
    intent: INTENT,
    reconcile,
  });
  assert.equal(patient.outcome, 'reconciled');
  assert.equal(asked, 1);
});

test('a crash mid-call (the lease runs out with no outcome) is reconciled, never re-run', async () => {
  const store = createMemoryStore();
  // The instance that claimed the key died: its claim is all that is left.
  await store.begin('k', 'fp', 50, { intent: { ...INTENT, intentAt: new Date().toISOString() } });
  await sleep(80);
  let runs = 0;
  const reasons: string[] = [];
  const res = await withIdempotency(opts({ store }), 'k', 'fp', async () => (runs++, ok('x')), {
    intent: INTENT,
    reconcile: async () => ({ state: 'succeeded', response: { status: 201, body: { id: 'made-before-crash' } } }),
  });
  reasons.push((await store.inspect('k'))!.reason ?? '');
  assert.equal(runs, 0);
  assert.equal(res.outcome, 'reconciled');
  assert.deepEqual(reasons, ['lease_expired']);
});

test('an error thrown out of run() may have followed the upstream call: the key turns unknown, not free', async () => {
  const o = opts();
  let runs = 0;
  await assert.rejects(
    withIdempotency(
      o,
      'k',
      'fp',
      async () => {
        runs++;
        throw new Error('boom');
      },
      { intent: INTENT },
    ),
  );
  assert.equal((await o.store.inspect('k'))?.state, 'unknown');
  assert.equal((await o.store.inspect('k'))?.reason, 'error');
  await assert.rejects(
    withIdempotency(o, 'k', 'fp', async () => (runs++, ok('x'))),
    isProblem(409, 'outcome_unknown'),
  );
  assert.equal(runs, 1);
});

test('a store that fails before the intent is recorded → 503 store_unavailable, nothing sent', async () => {
  const store = flakyStore();
  store.down.add('begin');
  let runs = 0;
  await assert.rejects(
    withIdempotency(opts({ store }), 'k', 'fp', async () => (runs++, ok('x'))),
    (e: unknown) => isProblem(503, 'store_unavailable')(e) && Number((e as ProblemError).headers['retry-after']) >= 1,
  );
  assert.equal(runs, 0);
});

test('the cloud answered but the store cannot take it: the caller gets the answer, a retry replays it, the write lands later', async () => {
  const store = flakyStore();
  const events: IdempotencyEvent[] = [];
  const o = opts({ store, observe: (e) => events.push(e) });
  let runs = 0;
  const first = await withIdempotency(o, 'k', 'fp', async () => {
    runs++;
    store.down.add('complete');
    store.down.add('begin');
    return ok('created');
  });
  assert.equal(first.response.body, 'created');
  assert.equal(first.replayed, false);
  // The store is still down: this instance answers from what it knows instead of a 503 or a second order.
  const retry = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('again')));
  assert.equal(retry.response.body, 'created');
  assert.equal(retry.replayed, true);
  assert.equal(runs, 1);
  store.down.clear();
  const deadline = Date.now() + 3000;
  while ((await store.inspect('k'))?.state !== 'succeeded' && Date.now() < deadline) await sleep(50);
  assert.equal((await store.inspect('k'))?.state, 'succeeded');
  assert.equal(writerFor(store).size, 0);
  assert.ok(events.some((e) => e.type === 'store_error' && e.op === 'complete' && e.willRetry));
  assert.ok(events.some((e) => e.type === 'store_recovered' && e.op === 'complete'));
});

test('transitions and reconciliation attempts are reported', async () => {
  const events: IdempotencyEvent[] = [];
  const o = opts({ observe: (e) => events.push(e) });
  await withIdempotency(o, 'k', 'fp', async () => timeout(), {
    intent: INTENT,
    reconcile: async () => ({ state: 'not_created' }),
  });
  await withIdempotency(o, 'k', 'fp', async () => ok('a'), {
    intent: INTENT,
    reconcile: async () => ({ state: 'not_created' }),
  });
  const seq = events.map((e) =>
    e.type === 'transition' ? `${e.from}->${e.to}` : e.type === 'reconcile' ? `reconcile:${e.result}` : e.type,
  );
  assert.deepEqual(seq, [
    'new->running',
    'running->unknown',
    'reconcile:not_created',
    'unknown->released',
    'new->running',
    'running->succeeded',
  ]);
});

test('keys are scoped by tenant and subject, unambiguously', () => {
  assert.notEqual(scopedKey('acme', 'u1', 'k'), scopedKey('acme', 'u2', 'k'));
  assert.notEqual(scopedKey('acme', 'u1', 'k'), scopedKey('globex', 'u1', 'k'));
  assert.notEqual(scopedKey('a:b', 'c', 'k'), scopedKey('a', 'b:c', 'k'));
});

test('fingerprints ignore key order and undefined fields, and differ when a value differs', async () => {
  assert.equal(stableStringify({ b: 1, a: [1, { d: 2, c: undefined }] }), '{"a":[1,{"d":2}],"b":1}');
  assert.equal(await fingerprintOf({ a: 1, b: 2 }), await fingerprintOf({ b: 2, a: 1 }));
  assert.notEqual(await fingerprintOf({ a: 1 }), await fingerprintOf({ a: 2 }));
});

test('peek: the record read with the claim is judged first; a stop gives a new claim back (released), nothing runs', async () => {
  const o = opts();
  const store = o.store as Store;
  await store.createRecord('held', 'h1', { id: 'h1' }, { tenantId: 'acme', at: '2026-11-25T10:00:00.000Z' }, 60_000);
  const seen: unknown[] = [];
  let runs = 0;
  const stopWith = { status: 202, headers: { 'content-type': 'application/json' }, body: '{"approval":{}}' };
  const r = await withIdempotency(
    o,
    'k-peek',
    'fp',
    async () => {
      runs++;
      return ok('{}');
    },
    {
      peek: {
        kind: 'held',
        id: 'h1',
        check: async (peeked) => {
          seen.push(peeked?.record?.value);
          return stopWith;
        },
      },
    },
  );
  assert.deepEqual(r, { response: stopWith, replayed: true, waited: false, outcome: 'replayed' });
  assert.deepEqual(seen, [{ id: 'h1' }]);
  assert.equal(runs, 0);
  assert.equal(await store.inspect('k-peek'), undefined, 'the claim was released');
  // Nothing held: the claim goes on and runs once.
  const go = await withIdempotency(o, 'k-peek-2', 'fp', async () => ok('{"made":1}'), {
    peek: { kind: 'held', id: 'none', check: async (p) => (p?.record ? stopWith : undefined) },
  });
  assert.equal(go.outcome, 'executed');
  assert.equal((await store.inspect('k-peek-2'))?.state, 'succeeded');
});

test('peek: a check that throws gives the claim back and throws on; an unknown claim is put back unknown, never released', async () => {
  const o = opts();
  const store = o.store as Store;
  await assert.rejects(
    withIdempotency(o, 'k-throw', 'fp', async () => ok('{}'), {
      peek: {
        kind: 'held',
        id: 'x',
        check: async () => {
          throw new ProblemError('idempotency_key_reused', 'another request');
        },
      },
    }),
    isProblem(422, 'idempotency_key_reused'),
  );
  assert.equal(await store.inspect('k-throw'), undefined);
  // A key whose outcome is unknown (the held purchase's run may have acted): handed out to this claim, then put back
  // as it was — still unknown, free for the next attempt at once, its intent kept.
  await store.begin('k-unknown', 'fp', 60_000, { intent: { ...INTENT, intentAt: new Date().toISOString() } });
  await store.markUnknown('k-unknown', 'fp', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
  let reconciled = 0;
  const stopWith = { status: 202, headers: {}, body: '{}' };
  const r = await withIdempotency(o, 'k-unknown', 'fp', async () => ok('{}'), {
    peek: { kind: 'held', id: 'x', check: async () => stopWith },
    reconcile: async () => {
      reconciled++;
      return { state: 'not_created' } as Reconciled;
    },
  });
  assert.equal(r.response, stopWith);
  assert.equal(reconciled, 0);
  const rec = await store.inspect('k-unknown');
  assert.equal(rec?.state, 'unknown');
  assert.equal(rec?.reason, 'timeout');
  assert.ok(rec!.leaseUntil <= Date.now());
  assert.equal(rec?.intent?.operation, 'createSharedBandwidth');
});

test('peek: a store that does not read the record hands the check undefined (the caller reads it itself)', async () => {
  const inner = createMemoryStore();
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'begin' || typeof v !== 'function') return v;
      return (key: string, fp: string, lease: number, o: BeginOptions = {}) => {
        const { peek: _ignored, ...rest } = o;
        return inner.begin(key, fp, lease, rest);
      };
    },
  });
  const seen: unknown[] = [];
  const r = await withIdempotency(opts({ store }), 'k-np', 'fp', async () => ok('{}'), {
    peek: {
      kind: 'held',
      id: 'x',
      check: async (p) => {
        seen.push(p);
        return undefined;
      },
    },
  });
  assert.equal(r.outcome, 'executed');
  assert.deepEqual(seen, [undefined]);
});
