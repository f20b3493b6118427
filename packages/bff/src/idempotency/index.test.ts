import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStore } from '../store/memory.js';
import { ProblemError } from '../problem/index.js';
import { fingerprintOf, stableStringify, withIdempotency } from './index.js';

const opts = () => ({ store: createMemoryStore(), leaseMs: 60_000, ttlMs: 60_000, waitMs: 500, pollMs: 10 });
const ok = (body: string) => ({ response: { status: 201, headers: {}, body }, keep: true });

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
  const slow = withIdempotency(o, 'k', 'fp', async () => { runs++; await new Promise((r) => setTimeout(r, 80)); return ok('a'); });
  await new Promise((r) => setTimeout(r, 5));
  const dup = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('b')));
  assert.equal((await slow).response.body, 'a');
  assert.equal(dup.response.body, 'a');
  assert.equal(dup.waited, true);
  assert.equal(runs, 1);
});

test('waiting longer than waitMs → 409 idempotency_in_progress', async () => {
  const o = { ...opts(), waitMs: 30 };
  const slow = withIdempotency(o, 'k', 'fp', async () => { await new Promise((r) => setTimeout(r, 200)); return ok('a'); });
  await new Promise((r) => setTimeout(r, 5));
  await assert.rejects(withIdempotency(o, 'k', 'fp', async () => ok('b')), (e: unknown) =>
    e instanceof ProblemError && e.problem.status === 409 && e.problem.code === 'idempotency_in_progress');
  await slow;
});

test('another fingerprint with the same key → 422 idempotency_key_reused', async () => {
  const o = opts();
  await withIdempotency(o, 'k', 'fp1', async () => ok('a'));
  await assert.rejects(withIdempotency(o, 'k', 'fp2', async () => ok('b')), (e: unknown) =>
    e instanceof ProblemError && e.problem.status === 422 && e.problem.code === 'idempotency_key_reused');
});

test('keep: false releases the key, so the same request runs again; a throw releases it too', async () => {
  const o = opts();
  let runs = 0;
  await withIdempotency(o, 'k', 'fp', async () => (runs++, { response: { status: 502, headers: {}, body: 'x' }, keep: false }));
  await assert.rejects(withIdempotency(o, 'k', 'fp', async () => { runs++; throw new Error('boom'); }));
  const third = await withIdempotency(o, 'k', 'fp', async () => (runs++, ok('c')));
  assert.equal(runs, 3);
  assert.equal(third.response.body, 'c');
});

test('fingerprints ignore key order and undefined fields, and differ when a value differs', async () => {
  assert.equal(stableStringify({ b: 1, a: [1, { d: 2, c: undefined }] }), '{"a":[1,{"d":2}],"b":1}');
  assert.equal(await fingerprintOf({ a: 1, b: 2 }), await fingerprintOf({ b: 2, a: 1 }));
  assert.notEqual(await fingerprintOf({ a: 1 }), await fingerprintOf({ a: 2 }));
});
