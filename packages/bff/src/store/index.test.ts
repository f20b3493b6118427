import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditRecord } from '@bwkit/contracts';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type TestPostgres, testPostgres } from '../testing/postgres-server.js';
import { testRedis } from '../testing/redis-server.js';
import type { IdempotencyBegin, IdempotencyRecord, RateHit, Store } from './index.js';
import { createMemoryStore } from './memory.js';
import { createPostgresStore } from './postgres.js';
import { createRedisStore } from './redis.js';
import { createSqliteStore } from './sqlite.js';

const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
let seq = 0;
const uniq = (p: string) => `${p}-${process.pid}-${Date.now()}-${seq++}`;
const INTENT = {
  operation: 'createSharedBandwidth',
  value: { name: 'bw', sizeMbps: 10 },
  params: {},
  region: 'cn-north-4',
  intentAt: '2026-11-25T10:00:00.000Z',
  tenantId: 'acme',
  subject: 'u1',
  summary: { name: 'bw' },
  idempotencyKey: 'k',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function record(tenantId: string, at: string, id: string): AuditRecord {
  return {
    id,
    at,
    tenantId,
    subject: 'u1',
    operation: 'createSharedBandwidth',
    idempotencyKey: id,
    requestSummary: { name: 'bw' },
    outcome: 'succeeded',
    status: 201,
    durationMs: 3,
  };
}

/** One suite, every store: the behaviour the BFF relies on must not depend on which store is configured. */
function storeSuite(name: string, make: () => Promise<Store>) {
  describe(`${name} store`, () => {
    let store: Store;
    before(async () => {
      store = await make();
    });
    after(async () => {
      await store.close();
    });

    test('first claim wins, a duplicate sees in_progress, then the stored response', async () => {
      const key = uniq('k');
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'acquired' });
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'in_progress' });
      await store.complete(key, 'fp1', response, 60_000);
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'completed', response });
    });

    test('the same key with another request is a mismatch, running or finished', async () => {
      const key = uniq('k');
      await store.begin(key, 'fp1', 60_000);
      assert.deepEqual(await store.begin(key, 'fp2', 60_000), { state: 'mismatch' });
      await store.complete(key, 'fp1', response, 60_000);
      assert.deepEqual(await store.begin(key, 'fp2', 60_000), { state: 'mismatch' });
    });

    test('release gives the key back; a stranger cannot release it', async () => {
      const key = uniq('k');
      await store.begin(key, 'fp1', 60_000);
      await store.release(key, 'fp-other');
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'in_progress' });
      await store.release(key, 'fp1');
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'acquired' });
    });

    test('an abandoned claim is never taken over as new: once its lease ends it is unknown, handed to one reconciler', async () => {
      const key = uniq('k');
      const intent = { ...INTENT, intentAt: new Date().toISOString() };
      await store.begin(key, 'fp1', 80, { intent, ttlMs: 60_000 });
      assert.deepEqual(await store.begin(key, 'fp1', 80), { state: 'in_progress' });
      await sleep(150);
      const taken = await Promise.all([store.begin(key, 'fp1', 60_000), store.begin(key, 'fp1', 60_000)]);
      const unknown = taken.filter((t) => t.state === 'unknown');
      assert.equal(unknown.length, 1, JSON.stringify(taken));
      assert.equal(taken.filter((t) => t.state === 'in_progress').length, 1);
      const rec = (unknown[0] as { record: IdempotencyRecord }).record;
      assert.equal(rec.state, 'unknown');
      assert.equal(rec.reason, 'lease_expired');
      assert.equal(rec.attempts, 1);
      assert.deepEqual(rec.intent, intent);
      assert.equal(rec.fingerprint, 'fp1');
    });

    test('an unknown outcome stays blocked for its hold, then is handed out for reconciliation, counting attempts', async () => {
      const key = uniq('k');
      await store.begin(key, 'fp1', 60_000, { intent: INTENT });
      await store.markUnknown(key, 'fp1', { reason: 'timeout', holdMs: 80, ttlMs: 60_000 });
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'in_progress' });
      assert.deepEqual(await store.begin(key, 'fp2', 60_000), { state: 'mismatch' });
      await sleep(150);
      const first = await store.begin(key, 'fp1', 60_000);
      assert.equal(first.state, 'unknown');
      assert.equal((first as { record: IdempotencyRecord }).record.reason, 'timeout');
      assert.equal((first as { record: IdempotencyRecord }).record.attempts, 1);
      // The reconciler could not tell: unknown again, free at once; the next attempt is the second.
      await store.markUnknown(key, 'fp1', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
      const second = await store.begin(key, 'fp1', 60_000);
      assert.equal((second as { record: IdempotencyRecord }).record.attempts, 2);
      // Reconciled as created: final and replayed from now on.
      await store.complete(key, 'fp1', response, 60_000);
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'completed', response });
      assert.equal((await store.inspect(key))?.state, 'succeeded');
    });

    test('an unknown key found not created is released and runs again', async () => {
      const key = uniq('k');
      await store.begin(key, 'fp1', 60_000);
      await store.markUnknown(key, 'fp1', { reason: 'reset', holdMs: 0, ttlMs: 60_000 });
      assert.equal((await store.begin(key, 'fp1', 60_000)).state, 'unknown');
      await store.release(key, 'fp1');
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'acquired' });
    });

    test("a final outcome is never turned unknown or released, and never overwrites another request's key", async () => {
      const key = uniq('k');
      await store.begin(key, 'fp1', 60_000);
      await store.complete(key, 'fp1', response, 60_000, 'failed');
      await store.markUnknown(key, 'fp1', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
      await store.release(key, 'fp1');
      await store.complete(key, 'fp2', { ...response, body: 'other' }, 60_000);
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'completed', response });
      assert.equal((await store.inspect(key))?.state, 'failed');
    });

    test("an outcome stored with its audit record: replayed, and the record listed — even when the key is another request's", async () => {
      const tenant = uniq('t');
      const key = uniq('k');
      await store.begin(key, 'fp1', 60_000);
      await store.complete(key, 'fp1', response, 60_000, 'succeeded', record(tenant, '2026-11-25T10:00:01.000Z', 'a1'));
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'completed', response });
      // Another request's outcome under the same key is not stored, but what that request did is still audited.
      await store.complete(key, 'fp2', { ...response, body: 'other' }, 60_000, 'failed', {
        ...record(tenant, '2026-11-25T10:00:02.000Z', 'a2'),
        outcome: 'failed',
      });
      assert.deepEqual(await store.begin(key, 'fp1', 60_000), { state: 'completed', response });
      assert.deepEqual(
        (await store.list(tenant, { limit: 10 })).map((r) => [r.id, r.outcome]),
        [
          ['a2', 'failed'],
          ['a1', 'succeeded'],
        ],
      );
    });

    test('marking unknown a key whose record was lost writes it back, with its intent, so it stays blocked', async () => {
      const key = uniq('k');
      await store.markUnknown(key, 'fp1', { reason: 'store_failure', holdMs: 0, ttlMs: 60_000, intent: INTENT });
      const got = await store.begin(key, 'fp1', 60_000);
      assert.equal(got.state, 'unknown');
      assert.deepEqual((got as { record: IdempotencyRecord }).record.intent, INTENT);
    });

    test('a record past its TTL is a new key again: claimed, marked unknown or settled afresh by any request', async () => {
      const other = { ...INTENT, idempotencyKey: 'k2', value: { name: 'bw2', sizeMbps: 20 } };
      const [settled, running, lapsed] = ['settled', 'running', 'lapsed'].map(uniq);
      await store.begin(settled!, 'fp1', 60_000, { intent: INTENT });
      await store.complete(settled!, 'fp1', response, 50, 'failed');
      await store.begin(running!, 'fp1', 50, { intent: INTENT, ttlMs: 50 });
      await store.begin(lapsed!, 'fp1', 50, { intent: INTENT, ttlMs: 50 });
      await sleep(120);
      // Claimed by another request: nothing of the old record is left (no response, no attempts, its own intent).
      assert.deepEqual(await store.begin(settled!, 'fp2', 60_000, { intent: other }), { state: 'acquired' });
      assert.deepEqual(await store.inspect(settled!), {
        key: settled,
        fingerprint: 'fp2',
        state: 'running',
        intent: other,
        leaseUntil: (await store.inspect(settled!))!.leaseUntil,
        attempts: 0,
      });
      await store.complete(settled!, 'fp2', { ...response, body: 'second' }, 60_000);
      assert.deepEqual(await store.begin(settled!, 'fp2', 60_000), {
        state: 'completed',
        response: { ...response, body: 'second' },
      });
      // Marked unknown by another request (its record was lost as far as it knows): written afresh, blocked.
      await store.markUnknown(running!, 'fp2', {
        reason: 'store_failure',
        holdMs: 60_000,
        ttlMs: 60_000,
        intent: other,
      });
      const marked = await store.inspect(running!);
      assert.equal(marked?.fingerprint, 'fp2');
      assert.equal(marked?.state, 'unknown');
      assert.equal(marked?.reason, 'store_failure');
      assert.equal(marked?.response, undefined);
      assert.deepEqual(marked?.intent, other);
      assert.deepEqual(await store.begin(running!, 'fp1', 60_000), { state: 'mismatch' });
      // Settled by another request: its outcome is stored and replayed.
      await store.complete(lapsed!, 'fp2', response, 60_000);
      assert.deepEqual(await store.begin(lapsed!, 'fp2', 60_000), { state: 'completed', response });
      assert.deepEqual(await store.begin(lapsed!, 'fp1', 60_000), { state: 'mismatch' });
    });

    test('begin with a peek reads the record with the claim, on every answer — a refused rate step too', async () => {
      const kind = 'peek-test';
      const [id, gone, key, other] = ['rec', 'gone', 'k', 'k2'].map(uniq);
      const index = { tenantId: 'acme', state: 'pending', at: '2026-11-25T10:00:00.000Z' };
      await store.createRecord(kind, id!, { held: true }, index, 60_000);
      await store.createRecord(kind, gone!, { held: true }, index, 50);
      const record = await store.getRecord(kind, id!);
      assert.ok(record);
      const peek = { kind, id: id! };
      assert.deepEqual(await store.begin(key!, 'fp', 60_000, { peek }), { state: 'acquired', peeked: { record } });
      assert.deepEqual(await store.begin(key!, 'fp', 60_000, { peek }), { state: 'in_progress', peeked: { record } });
      assert.deepEqual(await store.begin(key!, 'fp2', 60_000, { peek }), { state: 'mismatch', peeked: { record } });
      await store.complete(key!, 'fp', response, 60_000);
      assert.deepEqual(await store.begin(key!, 'fp', 60_000, { peek }), {
        state: 'completed',
        response,
        peeked: { record },
      });
      // None, or expired: undefined, as getRecord answers.
      await sleep(100);
      assert.deepEqual(await store.begin(other!, 'fp', 60_000, { peek: { kind, id: gone! } }), {
        state: 'acquired',
        peeked: { record: undefined },
      });
      // With the rate step: allowed and refused.
      const rate = { key: uniq('rate'), windowMs: 60_000, nowMs: Date.now(), limit: 1 };
      const first = await store.begin(uniq('k'), 'fp', 60_000, { peek, rate });
      assert.deepEqual([first.state, first.peeked], ['acquired', { record }]);
      const refused = await store.begin(uniq('k'), 'fp', 60_000, { peek, rate });
      assert.deepEqual([refused.state, refused.peeked], ['rate_limited', { record }]);
    });

    test('listUnsettled lists unknown keys and expired running claims, not live, final or released ones', async () => {
      const [live, crashed, unknown, held, done, released] = [
        'live',
        'crashed',
        'unknown',
        'held',
        'done',
        'released',
      ].map(uniq);
      await store.begin(live!, 'fp', 60_000);
      await store.begin(crashed!, 'fp', 50, { intent: INTENT });
      await store.begin(unknown!, 'fp', 60_000);
      await store.markUnknown(unknown!, 'fp', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
      await store.begin(held!, 'fp', 60_000);
      await store.markUnknown(held!, 'fp', { reason: 'timeout', holdMs: 60_000, ttlMs: 60_000 });
      await store.begin(done!, 'fp', 50);
      await store.complete(done!, 'fp', response, 60_000);
      await store.begin(released!, 'fp', 50);
      await store.release(released!, 'fp');
      await sleep(100);
      const listed = (await store.listUnsettled(Date.now(), 1000)).filter((r) => r.key.includes(String(process.pid)));
      const keys = new Set(listed.map((r) => r.key));
      assert.ok(keys.has(crashed!) && keys.has(unknown!), [...keys].join());
      for (const k of [live, held, done, released]) assert.ok(!keys.has(k!), `${k} listed`);
      assert.deepEqual(listed.find((r) => r.key === crashed)?.intent, INTENT);
      // Listing does not take the key: begin hands it out once.
      assert.equal((await store.begin(crashed!, 'fp', 60_000)).state, 'unknown');
      assert.ok(!(await store.listUnsettled(Date.now(), 1000)).some((r) => r.key === crashed));
    });

    test('50 concurrent claims of one key: exactly one acquires', async () => {
      const key = uniq('k');
      const results = await Promise.all(Array.from({ length: 50 }, () => store.begin(key, 'fp', 60_000)));
      assert.equal(results.filter((r) => r.state === 'acquired').length, 1);
      assert.equal(results.filter((r) => r.state === 'in_progress').length, 49);
    });

    test('rate: a burst at the end of one window and another at the start of the next are counted together', async () => {
      // A fixed window forgets the first burst at the boundary and lets 2×limit through within milliseconds.
      const key = uniq('rate');
      const w = 60_000;
      const edge = 1_800_000_000_000 + w; // a window boundary
      const results: RateHit[] = [];
      for (let i = 0; i < 5; i++) results.push(await store.hit(key, w, edge - 10, 5));
      for (let i = 0; i < 5; i++) results.push(await store.hit(key, w, edge + 10, 5));
      assert.deepEqual(
        results.map((r) => r.allowed),
        [true, true, true, true, true, false, false, false, false, false],
      );
      assert.deepEqual(
        results.slice(0, 5).map((r) => r.count),
        [1, 2, 3, 4, 5],
      );
      assert.ok(results.slice(5).every((r) => r.count > 5));
      // Refused hits are not counted: the first burst fades as the window slides, one slot per 12 s.
      const retryAt = results[9]!.resetAtMs;
      assert.ok(retryAt > edge + 10 && retryAt <= edge + 12_001, String(retryAt - edge));
      assert.equal((await store.hit(key, w, retryAt - 50, 5)).allowed, false);
      const ok = await store.hit(key, w, retryAt, 5);
      assert.equal(ok.allowed, true);
      assert.equal(ok.count, 5);
      // A whole window later everything has slid out.
      assert.equal((await store.hit(key, w, edge + 2 * w + 1, 5)).count, 1);
    });

    test('rate: without a limit every hit counts, across the sliding window', async () => {
      const key = uniq('rate');
      const t0 = 1_800_000_000_000;
      assert.equal((await store.hit(key, 60_000, t0)).count, 1);
      assert.equal((await store.hit(key, 60_000, t0 + 1000)).count, 2);
      assert.equal((await store.hit(key, 60_000, t0 + 2000)).count, 3);
      // Half way through the next window, half of the previous one still counts.
      assert.equal((await store.hit(key, 60_000, t0 + 90_000)).count, 3);
      assert.equal((await store.hit(key, 60_000, t0 + 240_000)).count, 1);
    });

    test('rate: the time to wait is never more than two windows from the window the hits fell in', async () => {
      // The estimate forgets a window's hits two windows after its start (one window was promised before, which was
      // too early for a burst at a window's start: the retry was refused again).
      const w = 60_000;
      const start = 1_800_000_000_000 + 5 * w;
      for (const limit of [5, undefined]) {
        const key = uniq('rate');
        let last: RateHit | undefined;
        for (let i = 0; i < 7; i++) last = await store.hit(key, w, start + i, limit);
        assert.ok(last!.count > 5);
        assert.ok(
          last!.resetAtMs > start + 6 && last!.resetAtMs <= start + 2 * w,
          `${limit}: ${last!.resetAtMs - start}`,
        );
      }
    });

    test('rate: a request retried at the time it was told to wait is let through', async () => {
      // A burst at the very start of a window: the estimate keeps counting it, fading, well into the next window.
      const w = 60_000;
      const start = 1_800_000_000_000 + 7 * w;
      const key = uniq('rate');
      for (let i = 0; i < 5; i++) assert.equal((await store.hit(key, w, start + i, 5)).allowed, true);
      const refused = await store.hit(key, w, start + 5, 5);
      assert.equal(refused.allowed, false);
      assert.equal((await store.hit(key, w, refused.resetAtMs - 1000, 5)).allowed, false, 'not much before it');
      const retried = await store.hit(key, w, refused.resetAtMs, 5);
      assert.equal(retried.allowed, true, `refused again at the time it was told (${refused.resetAtMs - start} ms)`);
    });

    test('rate: 40 concurrent hits with a limit of 10 let exactly 10 through', async () => {
      const key = uniq('rate');
      const t = Date.now();
      const hits = await Promise.all(Array.from({ length: 40 }, () => store.hit(key, 60_000, t, 10)));
      assert.equal(hits.filter((h) => h.allowed).length, 10);
    });

    test('rate in begin: the step is counted exactly like hit(), and a refused step claims nothing', async () => {
      const w = 60_000;
      const t0 = 1_800_000_000_000 + 7 * w - 5_000; // 5 s before a window boundary: both fixed windows take part
      const viaBegin = uniq('rate');
      const viaHit = uniq('rate');
      const keys: string[] = [];
      const answers: IdempotencyBegin[] = [];
      const hits: RateHit[] = [];
      for (let i = 0; i < 6; i++) {
        const nowMs = t0 + i * 2_000;
        const key = uniq('k');
        keys.push(key);
        answers.push(await store.begin(key, 'fp', 60_000, { rate: { key: viaBegin, windowMs: w, nowMs, limit: 4 } }));
        hits.push(await store.hit(viaHit, w, nowMs, 4));
      }
      assert.deepEqual(
        answers.map((a) => a.state),
        ['acquired', 'acquired', 'acquired', 'acquired', 'rate_limited', 'rate_limited'],
      );
      assert.deepEqual(
        answers.map((a) => a.rate),
        hits,
      );
      // Refused: no claim was made, so the key is free for a later attempt.
      assert.equal(await store.inspect(keys[4]!), undefined);
      assert.equal(await store.inspect(keys[5]!), undefined);
      assert.equal((await store.inspect(keys[0]!))?.state, 'running');
      // A refused step was not counted: both counters still agree, one window on.
      const later = t0 + w + 30_000;
      const next = await store.begin(uniq('k'), 'fp', 60_000, {
        rate: { key: viaBegin, windowMs: w, nowMs: later, limit: 4 },
      });
      assert.deepEqual(next.rate, await store.hit(viaHit, w, later, 4));
      assert.equal(next.state, 'acquired');
      // Without a rate step, begin answers as it always did (no `rate`).
      assert.deepEqual(await store.begin(uniq('k'), 'fp', 60_000), { state: 'acquired' });
    });

    test('rate in begin: an existing key (replay, mismatch, running) counts too, and a refused step hides nothing', async () => {
      const w = 60_000;
      const t0 = 1_800_000_000_000 + 11 * w;
      const rateKey = uniq('rate');
      const step = (i: number) => ({ rate: { key: rateKey, windowMs: w, nowMs: t0 + i, limit: 4 } });
      const key = uniq('k');
      const first = await store.begin(key, 'fp1', 60_000, step(0));
      assert.deepEqual(first, { state: 'acquired', rate: { count: 1, resetAtMs: t0, allowed: true } });
      const running = await store.begin(key, 'fp1', 60_000, step(1));
      assert.equal(running.state, 'in_progress');
      assert.equal(running.rate?.count, 2);
      await store.complete(key, 'fp1', response, 60_000);
      const replay = await store.begin(key, 'fp1', 60_000, step(2));
      assert.deepEqual(replay, { state: 'completed', response, rate: { count: 3, resetAtMs: t0 + 2, allowed: true } });
      const other = await store.begin(key, 'fp2', 60_000, step(3));
      assert.equal(other.state, 'mismatch');
      assert.equal(other.rate?.count, 4);
      const refused = await store.begin(key, 'fp1', 60_000, step(4));
      assert.equal(refused.state, 'rate_limited');
      assert.equal(refused.rate.allowed, false);
      assert.equal(refused.rate.count, 5);
      // Within two windows of the window's start: the estimate's horizon.
      assert.ok(refused.rate.resetAtMs > t0 + 4 && refused.rate.resetAtMs <= t0 + 2 * w);
      assert.equal((await store.inspect(key))?.state, 'succeeded', 'the stored outcome is untouched');
      assert.equal((await store.hit(rateKey, w, t0 + 5)).count, 5, 'the refused step was not counted');
    });

    test('rate in begin: 30 concurrent claims of new keys with a limit of 10 — exactly 10 claimed', async () => {
      const rateKey = uniq('rate');
      const nowMs = Date.now();
      const keys = Array.from({ length: 30 }, () => uniq('k'));
      const answers = await Promise.all(
        keys.map((key) =>
          store.begin(key, 'fp', 60_000, { rate: { key: rateKey, windowMs: 60_000, nowMs, limit: 10 } }),
        ),
      );
      assert.equal(answers.filter((a) => a.state === 'acquired').length, 10);
      assert.equal(answers.filter((a) => a.state === 'rate_limited').length, 20);
      const claimed = await Promise.all(keys.map((k) => store.inspect(k)));
      assert.equal(claimed.filter((r) => r !== undefined).length, 10);
    });

    test("audit lists a tenant's records newest first, page by page, and never another tenant's", async () => {
      const tenant = uniq('t');
      const other = uniq('t');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = `r${i}`;
        ids.push(id);
        await store.append(record(tenant, `2026-11-25T10:00:0${i}.000Z`, id));
      }
      await store.append(record(other, '2026-11-25T10:00:09.000Z', 'x'));
      const page1 = await store.list(tenant, { limit: 2 });
      assert.deepEqual(
        page1.map((r) => r.id),
        ['r4', 'r3'],
      );
      const last = page1[1]!;
      const page2 = await store.list(tenant, { limit: 10, before: { at: last.at, id: last.id } });
      assert.deepEqual(
        page2.map((r) => r.id),
        ['r2', 'r1', 'r0'],
      );
      assert.ok((await store.list(tenant, { limit: 100 })).every((r) => r.tenantId === tenant));
    });

    test('job ownership is kept and unknown jobs are absent', async () => {
      const id = uniq('job');
      await store.putJob(id, { tenantId: 'acme', region: 'cn-north-4', createdAt: '2026-11-25T00:00:00Z' }, 60_000);
      assert.deepEqual(await store.getJob(id), {
        tenantId: 'acme',
        region: 'cn-north-4',
        createdAt: '2026-11-25T00:00:00Z',
      });
      assert.equal(await store.getJob(uniq('nope')), undefined);
    });

    test('a job ref keeps what the job route needs to find the bandwidth', async () => {
      const id = uniq('job');
      const ref = {
        tenantId: 'acme',
        region: 'cn-north-4',
        createdAt: '2026-11-25T00:00:00Z',
        subnetId: 'subnet-1',
        bandwidthName: 'office',
        chargeMode: 'bandwidth',
        bandwidthId: 'bw-1',
        orderId: 'CS2611250000ABCDE',
      };
      await store.putJob(id, ref, 60_000);
      assert.deepEqual(await store.getJob(id), ref);
      // Written again once the bandwidth is known: the newer ref wins.
      await store.putJob(id, { ...ref, bandwidthId: 'bw-2' }, 60_000);
      assert.equal((await store.getJob(id))?.bandwidthId, 'bw-2');
    });

    test('order ownership is kept, expires, and unknown orders are absent', async () => {
      const id = uniq('order');
      const ref = {
        tenantId: 'acme',
        operation: 'createWorkspaceBandwidth',
        region: 'cn-north-4',
        resourceId: 'bw-1',
        createdAt: '2026-11-25T00:00:00Z',
      };
      await store.putOrder(id, ref, 60_000);
      assert.deepEqual(await store.getOrder(id), ref);
      const bare = uniq('order');
      await store.putOrder(
        bare,
        { tenantId: 'globex', operation: 'changeWorkspaceBandwidth', createdAt: ref.createdAt },
        60_000,
      );
      assert.deepEqual(await store.getOrder(bare), {
        tenantId: 'globex',
        operation: 'changeWorkspaceBandwidth',
        createdAt: ref.createdAt,
      });
      assert.equal(await store.getOrder(uniq('nope')), undefined);
      const brief = uniq('order');
      await store.putOrder(brief, ref, 80);
      await sleep(150);
      assert.equal(await store.getOrder(brief), undefined);
    });

    test('ping answers', async () => {
      assert.equal(await store.ping(), true);
    });

    test('records: created once, read back as stored, absent otherwise', async () => {
      const kind = uniq('approval');
      const value = { operation: 'createSharedBandwidth', values: { sizeMbps: 300 }, note: 'ünïcode ✓' };
      const index = { tenantId: 'acme', state: 'pending', at: '2026-11-25T10:00:00.000Z', dueAtMs: 1_800_000_000_000 };
      assert.equal(await store.createRecord(kind, 'a1', value, index, 60_000), true);
      assert.equal(await store.createRecord(kind, 'a1', { other: true }, index, 60_000), false);
      assert.deepEqual(await store.getRecord(kind, 'a1'), { kind, id: 'a1', value, version: 1, index });
      assert.equal(await store.getRecord(kind, 'nope'), undefined);
      assert.equal(await store.getRecord(uniq('other-kind'), 'a1'), undefined);
      // Optional index fields stay absent rather than coming back as null.
      assert.equal(await store.createRecord(kind, 'a2', [1, 2], { tenantId: 'acme', at: index.at }, 60_000), true);
      assert.deepEqual(await store.getRecord(kind, 'a2'), {
        kind,
        id: 'a2',
        value: [1, 2],
        version: 1,
        index: { tenantId: 'acme', at: index.at },
      });
    });

    test('records: update is compare-and-set on the version; of 10 concurrent writers exactly one wins', async () => {
      const kind = uniq('spend');
      const at = '2026-11-25T10:00:00.000Z';
      await store.createRecord(kind, 'acme:2026-11', { amount: 0 }, { tenantId: 'acme', at }, 60_000);
      const wins = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.updateRecord(kind, 'acme:2026-11', 1, { amount: i + 1 }, { tenantId: 'acme', at }, 60_000),
        ),
      );
      assert.equal(wins.filter(Boolean).length, 1);
      const got = await store.getRecord<{ amount: number }>(kind, 'acme:2026-11');
      assert.equal(got?.version, 2);
      assert.equal(got?.value.amount, wins.indexOf(true) + 1);
      assert.equal(await store.updateRecord(kind, 'acme:2026-11', 1, { amount: 99 }, { tenantId: 'acme', at }), false);
      assert.equal(await store.updateRecord(kind, 'acme:2026-11', 2, { amount: 99 }, { tenantId: 'acme', at }), true);
      assert.equal((await store.getRecord<{ amount: number }>(kind, 'acme:2026-11'))?.value.amount, 99);
      assert.equal(await store.updateRecord(kind, 'absent', 1, {}, { tenantId: 'acme', at }), false);
      assert.equal(await store.getRecord(kind, 'absent'), undefined);
    });

    test('records: expire after their TTL (then the id is free), an update keeps or renews the expiry', async () => {
      const kind = uniq('watch');
      const index = { tenantId: 'acme', state: 'pending', at: '2026-11-25T10:00:00.000Z', dueAtMs: 0 };
      await store.createRecord(kind, 'brief', { n: 1 }, index, 80);
      await store.createRecord(kind, 'kept', { n: 1 }, index, 80);
      await store.createRecord(kind, 'renewed', { n: 1 }, index, 80);
      assert.equal(await store.updateRecord(kind, 'kept', 1, { n: 2 }, index), true);
      assert.equal(await store.updateRecord(kind, 'renewed', 1, { n: 2 }, index, 60_000), true);
      await sleep(150);
      assert.equal(await store.getRecord(kind, 'brief'), undefined);
      assert.equal(await store.getRecord(kind, 'kept'), undefined);
      assert.equal((await store.getRecord(kind, 'renewed'))?.version, 2);
      assert.equal(await store.updateRecord(kind, 'brief', 1, { n: 2 }, index), false);
      assert.deepEqual(
        (await store.listRecords(kind, { limit: 10 })).map((r) => r.id),
        ['renewed'],
      );
      assert.deepEqual(
        (await store.listRecords(kind, { state: 'pending', tenantId: 'acme', limit: 10 })).map((r) => r.id),
        ['renewed'],
      );
      assert.deepEqual(
        (await store.listDue(kind, Date.now(), 10)).map((r) => r.id),
        ['renewed'],
      );
      // The id is free again, and starts over at version 1 with its new index.
      assert.equal(
        await store.createRecord(
          kind,
          'brief',
          { n: 3 },
          { tenantId: 'globex', state: 'approved', at: '2026-11-26T00:00:00.000Z' },
          60_000,
        ),
        true,
      );
      assert.deepEqual(await store.getRecord(kind, 'brief'), {
        kind,
        id: 'brief',
        value: { n: 3 },
        version: 1,
        index: { tenantId: 'globex', state: 'approved', at: '2026-11-26T00:00:00.000Z' },
      });
      assert.deepEqual(
        (await store.listRecords(kind, { tenantId: 'acme', limit: 10 })).map((r) => r.id),
        ['renewed'],
      );
      assert.deepEqual(
        (await store.listRecords(kind, { state: 'approved', limit: 10 })).map((r) => r.id),
        ['brief'],
      );
      assert.deepEqual(
        (await store.listDue(kind, Date.now(), 10)).map((r) => r.id),
        ['renewed'],
      );
    });

    test('records: listed newest first, by tenant and/or state, page by page with the `${at}|${id}` cursor', async () => {
      const kind = uniq('approval');
      const put = (id: string, tenantId: string, state: string, sec: number) =>
        store.createRecord(
          kind,
          id,
          { id },
          { tenantId, state, at: `2026-11-25T10:00:${String(sec).padStart(2, '0')}.000Z` },
          60_000,
        );
      await put('a', 'acme', 'pending', 1);
      await put('b', 'acme', 'approved', 2);
      await put('c', 'globex', 'pending', 3);
      await put('d', 'acme', 'pending', 4);
      await put('e', 'acme', 'pending', 4); // same time: the larger id first
      await put('f', 'acme|x', 'pending', 5);
      const ids = async (q: { tenantId?: string; state?: string; limit: number; before?: string }) =>
        (await store.listRecords<{ id: string }>(kind, q)).map((r) => r.id);
      assert.deepEqual(await ids({ limit: 10 }), ['f', 'e', 'd', 'c', 'b', 'a']);
      assert.deepEqual(await ids({ tenantId: 'acme', limit: 10 }), ['e', 'd', 'b', 'a']);
      assert.deepEqual(await ids({ state: 'pending', limit: 10 }), ['f', 'e', 'd', 'c', 'a']);
      assert.deepEqual(await ids({ tenantId: 'acme', state: 'pending', limit: 10 }), ['e', 'd', 'a']);
      assert.deepEqual(await ids({ tenantId: 'nobody', limit: 10 }), []);
      const page1 = await store.listRecords(kind, { tenantId: 'acme', state: 'pending', limit: 1 });
      assert.deepEqual(
        page1.map((r) => r.id),
        ['e'],
      );
      const cursor = `${page1[0]!.index.at}|${page1[0]!.id}`;
      assert.deepEqual(await ids({ tenantId: 'acme', state: 'pending', limit: 1, before: cursor }), ['d']);
      assert.deepEqual(await ids({ tenantId: 'acme', state: 'pending', limit: 10, before: cursor }), ['d', 'a']);
      assert.deepEqual(await ids({ limit: 2, before: '2026-11-25T10:00:04.000Z|d' }), ['c', 'b']);
      // A state change moves the record between the state lists; a new `at` moves it in the order.
      const d = await store.getRecord(kind, 'd');
      assert.equal(
        await store.updateRecord(
          kind,
          'd',
          d!.version,
          { id: 'd' },
          { tenantId: 'acme', state: 'approved', at: '2026-11-25T10:00:09.000Z' },
        ),
        true,
      );
      assert.deepEqual(await ids({ tenantId: 'acme', state: 'pending', limit: 10 }), ['e', 'a']);
      assert.deepEqual(await ids({ state: 'approved', limit: 10 }), ['d', 'b']);
      assert.deepEqual(await ids({ limit: 10 }), ['d', 'f', 'e', 'c', 'b', 'a']);
      assert.deepEqual(await ids({ limit: 0 }), []);
    });

    test('records: listDue returns what fell due, oldest due first; a record no longer due drops out', async () => {
      const kind = uniq('webhook-delivery');
      const t0 = 1_800_000_000_000;
      const at = '2026-11-25T10:00:00.000Z';
      await store.createRecord(kind, 'late', { n: 1 }, { tenantId: 'acme', at, dueAtMs: t0 + 3000 }, 60_000);
      await store.createRecord(kind, 'first', { n: 2 }, { tenantId: 'acme', at, dueAtMs: t0 + 1000 }, 60_000);
      await store.createRecord(kind, 'second', { n: 3 }, { tenantId: 'globex', at, dueAtMs: t0 + 2000 }, 60_000);
      await store.createRecord(kind, 'never', { n: 4 }, { tenantId: 'acme', at }, 60_000);
      const due = async (nowMs: number, limit = 10) => (await store.listDue(kind, nowMs, limit)).map((r) => r.id);
      assert.deepEqual(await due(t0), []);
      assert.deepEqual(await due(t0 + 2000), ['first', 'second']);
      assert.deepEqual(await due(t0 + 5000, 2), ['first', 'second']);
      const [first] = await store.listDue<{ n: number }>(kind, t0 + 5000, 1);
      assert.deepEqual(first, {
        kind,
        id: 'first',
        value: { n: 2 },
        version: 1,
        index: { tenantId: 'acme', at, dueAtMs: t0 + 1000 },
      });
      // Delivered: no longer due. Retried later: due again then.
      assert.equal(
        await store.updateRecord(kind, 'first', 1, { n: 2 }, { tenantId: 'acme', state: 'delivered', at }),
        true,
      );
      assert.equal(
        await store.updateRecord(kind, 'second', 1, { n: 3 }, { tenantId: 'globex', at, dueAtMs: t0 + 4000 }),
        true,
      );
      assert.deepEqual(await due(t0 + 5000), ['late', 'second']);
      assert.deepEqual(await due(t0 + 3500), ['late']);
    });

    test('lease: one owner at a time, renewed by its owner, free once it lapses or is released', async () => {
      const name = uniq('watch:job');
      const got = await Promise.all(Array.from({ length: 10 }, (_, i) => store.acquireLease(name, `owner-${i}`, 300)));
      assert.equal(got.filter(Boolean).length, 1);
      const holder = `owner-${got.indexOf(true)}`;
      const other = holder === 'owner-0' ? 'owner-1' : 'owner-0';
      assert.equal(await store.acquireLease(name, other, 300), false);
      await sleep(150);
      assert.equal(await store.acquireLease(name, holder, 400), true); // renewed: lasts past the first 300 ms
      await sleep(250);
      assert.equal(await store.acquireLease(name, other, 300), false);
      await sleep(300);
      assert.equal(await store.acquireLease(name, other, 60_000), true); // lapsed: taken over
      await store.releaseLease(name, holder); // not the holder: no effect
      assert.equal(await store.acquireLease(name, holder, 60_000), false);
      await store.releaseLease(name, other);
      assert.equal(await store.acquireLease(name, holder, 60_000), true);
      assert.equal(await store.acquireLease(uniq('watch:order'), other, 60_000), true); // names are independent
    });

    test('pubsub: a subscriber gets what is published on its channel until it unsubscribes', async () => {
      const channel = uniq('bwkit:job');
      const got: string[] = [];
      const other: string[] = [];
      const off = await store.pubsub.subscribe(channel, (m) => got.push(m));
      const offOther = await store.pubsub.subscribe(uniq('bwkit:order'), (m) => other.push(m));
      await store.pubsub.publish(channel, '{"status":"RUNNING"}');
      await store.pubsub.publish(channel, '{"status":"SUCCESS"}');
      await waitFor(() => got.length === 2);
      assert.deepEqual(got, ['{"status":"RUNNING"}', '{"status":"SUCCESS"}']);
      await off();
      await store.pubsub.publish(channel, 'after');
      await sleep(100);
      assert.deepEqual(got, ['{"status":"RUNNING"}', '{"status":"SUCCESS"}']);
      assert.deepEqual(other, []);
      await offOther();
      // Every adapter refuses what PostgreSQL's NOTIFY would (a payload of 8000 bytes or more).
      await assert.rejects(store.pubsub.publish(channel, 'x'.repeat(8000)), RangeError);
      await store.pubsub.publish(channel, 'é'.repeat(3999)); // 7998 bytes
    });
  });
}

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bwkit-store-'));
storeSuite('memory', async () => createMemoryStore());
storeSuite('sqlite', async () => createSqliteStore(join(dir, 'suite.db')));

let redis: Awaited<ReturnType<typeof testRedis>>;
storeSuite('redis', async () => {
  redis = await testRedis();
  return createRedisStore(redis.url, { prefix: uniq('suite') + ':' });
});
after(async () => {
  await redis?.stop();
});

let postgres: TestPostgres | undefined;
storeSuite('postgres', async () => {
  postgres = await testPostgres();
  // A schema of its own per run, so a shared CI database keeps runs apart.
  return createPostgresStore(postgres.url, { schema: `suite_${process.pid}_${Date.now()}` });
});
after(async () => {
  await postgres?.stop();
});

describe('redis specifics', () => {
  test('with appendfsync always, a claim with its intent and a stored outcome survive kill -9 of Redis', async () => {
    const durable = await testRedis({ appendfsync: 'always' });
    try {
      const s = createRedisStore(durable.url);
      await s.begin('in-flight', 'fp', 60_000, {
        intent: {
          operation: 'createSharedBandwidth',
          value: { name: 'x' },
          params: {},
          region: 'r',
          intentAt: 'now',
          tenantId: 'acme',
          subject: 'u',
        },
      });
      await s.begin('done', 'fp', 60_000);
      await s.complete('done', 'fp', response, 60_000);
      await durable.kill();
      await assert.rejects(s.begin('while-down', 'fp', 60_000));
      await durable.start();
      const deadline = Date.now() + 5000;
      while (!(await s.ping()) && Date.now() < deadline) await sleep(50);
      assert.equal((await s.inspect('in-flight'))?.intent?.tenantId, 'acme');
      assert.deepEqual(await s.begin('in-flight', 'fp', 60_000), { state: 'in_progress' });
      assert.deepEqual(await s.begin('done', 'fp', 60_000), { state: 'completed', response });
      await s.close();
    } finally {
      await durable.stop();
    }
  });

  test('a record written by an earlier version (a JSON string) is still replayed, and settled over', async () => {
    const prefix = uniq('legacy') + ':';
    const r = new Redis(redis.url);
    await r.set(
      `${prefix}idem:done`,
      JSON.stringify({ fingerprint: 'fp', state: 'completed', response }),
      'PX',
      60_000,
    );
    await r.set(`${prefix}idem:running`, JSON.stringify({ fingerprint: 'fp', state: 'in_progress' }), 'PX', 60_000);
    await r.quit();
    const s = createRedisStore(redis.url, { prefix });
    assert.deepEqual(await s.begin('done', 'fp', 60_000), { state: 'completed', response });
    assert.deepEqual(await s.begin('done', 'fp2', 60_000), { state: 'mismatch' });
    assert.deepEqual(await s.begin('running', 'fp', 60_000), { state: 'in_progress' });
    await s.markUnknown('running', 'fp', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
    assert.equal((await s.begin('running', 'fp', 60_000)).state, 'unknown');
    await s.close();
  });
});

describe('redis records', () => {
  test('the indexes of records that all expired expire with them, leaving no keys behind', async () => {
    const prefix = uniq('recs') + ':';
    const s = createRedisStore(redis.url, { prefix });
    const r = new Redis(redis.url);
    try {
      const at = '2026-11-25T10:00:00.000Z';
      await s.createRecord('approval', 'a', {}, { tenantId: 'acme', state: 'pending', at, dueAtMs: 1 }, 100);
      await s.createRecord('approval', 'b', {}, { tenantId: 'acme', state: 'pending', at }, 50);
      const c = { tenantId: 'acme', state: 'pending', at };
      await s.createRecord('approval', 'c', {}, c, 50);
      await s.updateRecord('approval', 'c', 1, {}, { ...c, state: 'approved' }, 400);
      assert.ok((await r.keys(`${prefix}*`)).length > 0);
      await sleep(100);
      assert.deepEqual(
        (await s.listRecords('approval', { limit: 10 })).map((x) => x.id),
        ['c'],
      );
      await sleep(400);
      assert.deepEqual(await r.keys(`${prefix}*`), []);
    } finally {
      r.disconnect();
      await s.close();
    }
  });
});

describe('redis pubsub', () => {
  test('two stores on one Redis hear each other, unsubscribe stops delivery, close closes the extra connection', async () => {
    // A private server (the append-only option asks for one), so every client on it is this test's.
    const own = await testRedis({ appendfsync: 'everysec' });
    const admin = new Redis(own.url);
    const clients = async () => ((await admin.client('LIST')) as string).trim().split('\n').length;
    try {
      const base = await clients();
      const prefix = uniq('ps') + ':';
      const a = createRedisStore(own.url, { prefix });
      const b = createRedisStore(own.url, { prefix });
      const elsewhere = createRedisStore(own.url, { prefix: uniq('ps') + ':' }); // another deployment
      await Promise.all([a.ping(), b.ping(), elsewhere.ping()]);
      assert.equal(await clients(), base + 3, 'no subscriber connection before the first subscribe');
      const channel = 'bwkit:job:job-1';
      const atA: string[] = [];
      const atB: string[] = [];
      const atElsewhere: string[] = [];
      const offA = await a.pubsub.subscribe(channel, (m) => atA.push(m));
      const offB = await b.pubsub.subscribe(channel, (m) => atB.push(m));
      const offB2 = await b.pubsub.subscribe('bwkit:order:o-1', (m) => atB.push(`order ${m}`));
      await elsewhere.pubsub.subscribe(channel, (m) => atElsewhere.push(m));
      assert.equal(await clients(), base + 6, 'one subscriber connection per store');
      await a.pubsub.publish(channel, 'from a');
      await b.pubsub.publish(channel, 'from b');
      await a.pubsub.publish('bwkit:order:o-1', 'paid');
      await waitFor(() => atA.length === 2 && atB.length === 3);
      assert.deepEqual(atA, ['from a', 'from b']);
      assert.deepEqual(atB, ['from a', 'from b', 'order paid']);
      await offB();
      await a.pubsub.publish(channel, 'after');
      await waitFor(() => atA.length === 3);
      await sleep(100);
      assert.deepEqual(atB, ['from a', 'from b', 'order paid']);
      assert.deepEqual(atElsewhere, []);
      // The subscriber connection comes back after Redis restarts, subscribed again.
      await own.kill();
      await own.start();
      const deadline = Date.now() + 10_000;
      while (!atA.includes('back') && Date.now() < deadline) {
        await a.pubsub.publish(channel, 'back').catch(() => {});
        await sleep(100);
      }
      assert.ok(atA.includes('back'));
      await offA();
      await offB2();
      await Promise.all([a.close(), b.close(), elsewhere.close()]);
      await admin.ping().catch(() => {});
      const closedBy = Date.now() + 5000;
      let n = await clients();
      while (n !== 1 && Date.now() < closedBy) {
        await sleep(50);
        n = await clients();
      }
      assert.equal(n, 1, 'only the admin connection is left');
    } finally {
      admin.disconnect();
      await own.stop();
    }
  });
});

describe('postgres specifics', () => {
  let pgs: TestPostgres;
  before(async () => {
    pgs = await testPostgres();
  });
  after(async () => {
    await pgs?.stop();
  });

  test("two instances on one database never both acquire a key, and see each other's outcomes", async () => {
    const schema = `two_${process.pid}_${Date.now()}`;
    const a = createPostgresStore(pgs.url, { schema });
    const b = createPostgresStore(pgs.url, { schema });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).begin('shared', 'fp', 60_000)),
    );
    assert.equal(results.filter((r) => r.state === 'acquired').length, 1);
    await a.complete('shared', 'fp', response, 60_000);
    assert.deepEqual(await b.begin('shared', 'fp', 60_000), { state: 'completed', response });
    await a.close();
    await b.close();
  });

  test('pubsub: two stores on one database hear each other (LISTEN/NOTIFY), any channel name, close ends every connection', async (t) => {
    const app = `ps_${process.pid}_${Date.now()}`;
    const u = new URL(pgs.url);
    u.searchParams.set('application_name', app);
    const schema = `ps_${process.pid}_${Date.now()}`;
    const a = createPostgresStore(u.toString(), { schema });
    const b = createPostgresStore(u.toString(), { schema });
    const elsewhere = createPostgresStore(u.toString(), { schema: `${schema}_other` });
    try {
      const weird = `bwkit:order:${'Ä"; DROP TABLE x; --'.repeat(10)}`; // quotes, case, > 63 bytes
      const atA: string[] = [];
      const atB: string[] = [];
      const atElsewhere: string[] = [];
      const offA = await a.pubsub.subscribe('bwkit:job:j-1', (m) => atA.push(m));
      const offB = await b.pubsub.subscribe('bwkit:job:j-1', (m) => atB.push(m));
      await b.pubsub.subscribe(weird, (m) => atB.push(`weird ${m}`));
      await elsewhere.pubsub.subscribe('bwkit:job:j-1', (m) => atElsewhere.push(m));
      await a.pubsub.publish('bwkit:job:j-1', 'from a');
      await b.pubsub.publish('bwkit:job:j-1', 'from b');
      await a.pubsub.publish(weird, '{"status":"paid"}');
      await a.pubsub.publish('bwkit:job:J-1', 'case matters');
      await waitFor(() => atA.length === 2 && atB.length === 3);
      assert.deepEqual(atA, ['from a', 'from b']);
      assert.deepEqual(atB, ['from a', 'from b', 'weird {"status":"paid"}']);
      const big = 'x'.repeat(7999);
      await a.pubsub.publish('bwkit:job:j-1', big);
      await waitFor(() => atA.length === 3);
      assert.equal(atA[2], big);
      await waitFor(() => atB.length === 4);
      await offB();
      await a.pubsub.publish('bwkit:job:j-1', 'after');
      await waitFor(() => atA.length === 4);
      await sleep(100);
      assert.equal(atB.length, 4);
      assert.deepEqual(atElsewhere, []);
      if (!process.env['BWKIT_TEST_DATABASE_URL']) {
        // The listening client comes back after the database restarts, listening again.
        await pgs.kill();
        await pgs.start();
        const deadline = Date.now() + 15_000;
        while (!atA.includes('back') && Date.now() < deadline) {
          await a.pubsub.publish('bwkit:job:j-1', 'back').catch(() => {});
          await sleep(200);
        }
        assert.ok(atA.includes('back'));
      } else {
        t.diagnostic('restart not tried: needs a private cluster');
      }
      await offA();
    } finally {
      await Promise.all([a.close(), b.close(), elsewhere.close()]);
    }
    const check = new pg.Client({ connectionString: pgs.url });
    await check.connect();
    try {
      const count = async () =>
        Number(
          (
            await check.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [
              app,
            ])
          ).rows[0]!.n,
        );
      const deadline = Date.now() + 5000;
      let n = await count();
      while (n !== 0 && Date.now() < deadline) {
        await sleep(50);
        n = await count();
      }
      assert.equal(n, 0);
    } finally {
      await check.end();
    }
  });

  test('what was acknowledged survives the database being killed (-9) and restarted; meanwhile calls fail fast', async (t) => {
    if (process.env['BWKIT_TEST_DATABASE_URL']) return t.skip('needs a private cluster');
    const s = createPostgresStore(pgs.url, { schema: `crash_${process.pid}_${Date.now()}` });
    await s.begin('before-crash', 'fp', 60_000, {
      intent: {
        operation: 'createSharedBandwidth',
        value: {},
        params: {},
        region: 'r',
        intentAt: 'x',
        tenantId: 'acme',
        subject: 'u',
      },
    });
    await s.begin('done', 'fp', 60_000);
    await s.complete('done', 'fp', response, 60_000);
    await pgs.kill();
    const started = Date.now();
    await assert.rejects(s.begin('during', 'fp', 60_000));
    assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
    assert.equal(await s.ping(), false);
    await pgs.start();
    assert.equal((await s.inspect('before-crash'))?.state, 'running');
    assert.equal((await s.inspect('before-crash'))?.intent?.tenantId, 'acme');
    assert.deepEqual(await s.begin('done', 'fp', 60_000), { state: 'completed', response });
    assert.equal(await s.ping(), true);
    await s.close();
  });
});

describe('sqlite specifics', () => {
  test('a completed record survives closing and reopening the file', async () => {
    const file = join(dir, 'durable.db');
    const a = createSqliteStore(file);
    await a.begin('key-1', 'fp', 60_000);
    await a.complete('key-1', 'fp', response, 60_000);
    await a.close();
    const b = createSqliteStore(file);
    assert.deepEqual(await b.begin('key-1', 'fp', 60_000), { state: 'completed', response });
    await b.close();
  });

  test('a file written before job refs had optional fields still opens and keeps its jobs', async () => {
    const file = join(dir, 'old-jobs.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE jobs (job_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, region TEXT NOT NULL,
      created_at TEXT NOT NULL, expires_at INTEGER NOT NULL);
      INSERT INTO jobs VALUES ('j-old', 'acme', 'cn-north-4', '2026-11-25T00:00:00Z', ${Date.now() + 60_000});`);
    old.close();
    const s = createSqliteStore(file);
    assert.deepEqual(await s.getJob('j-old'), {
      tenantId: 'acme',
      region: 'cn-north-4',
      createdAt: '2026-11-25T00:00:00Z',
    });
    await s.putJob('j-new', { tenantId: 'acme', region: 'cn-north-4', createdAt: 'x', subnetId: 's1' }, 60_000);
    assert.equal((await s.getJob('j-new'))?.subnetId, 's1');
    await s.close();
  });

  test('a file written before intents and leases still replays its completed keys and blocks mismatches', async () => {
    const file = join(dir, 'old-idem.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, response TEXT,
      expires_at INTEGER NOT NULL);`);
    old
      .prepare('INSERT INTO idempotency VALUES (?, ?, ?, ?, ?)')
      .run('old', 'fp', 'completed', JSON.stringify(response), Date.now() + 60_000);
    old.close();
    const s = createSqliteStore(file);
    assert.deepEqual(await s.begin('old', 'fp', 60_000), { state: 'completed', response });
    assert.deepEqual(await s.begin('old', 'fp2', 60_000), { state: 'mismatch' });
    assert.deepEqual(await s.begin('new', 'fp', 60_000), { state: 'acquired' });
    await s.close();
  });

  test('a file whose audit was keyed by id keeps every record, listed and paged as before, after its table is rebuilt', async () => {
    const file = join(dir, 'old-audit.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE audit (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX audit_by_tenant ON audit (tenant_id, at DESC, id DESC);`);
    const put = old.prepare('INSERT INTO audit (id, tenant_id, at, record) VALUES (?, ?, ?, ?)');
    const olds = [
      record('acme', '2026-11-25T10:00:01.000Z', 'a1'),
      record('acme', '2026-11-25T10:00:02.000Z', 'a2'),
      record('acme', '2026-11-25T10:00:02.000Z', 'a3'), // the same time: ordered by id
      record('acme', '2026-11-25T10:00:03.000Z', 'a4'),
      record('other', '2026-11-25T10:00:05.000Z', 'o1'),
    ];
    for (const r of olds) put.run(r.id, r.tenantId, r.at, JSON.stringify(r));
    old.close();

    const s = createSqliteStore(file);
    const ids = async (tenant: string) => {
      const out: string[] = [];
      let before: { at: string; id: string } | undefined;
      for (;;) {
        const page = await s.list(tenant, { limit: 2, ...(before ? { before } : {}) });
        out.push(...page.map((r) => r.id));
        if (page.length < 2) return out;
        before = { at: page.at(-1)!.at, id: page.at(-1)!.id };
      }
    };
    assert.deepEqual(await ids('acme'), ['a4', 'a3', 'a2', 'a1']);
    assert.deepEqual(await ids('other'), ['o1']);
    assert.deepEqual((await s.list('acme', { limit: 1 }))[0], olds[3]);
    // A retried outcome write finds its record already there; a new one is listed first.
    await s.begin('k-old-audit', 'fp', 60_000);
    await s.complete('k-old-audit', 'fp', response, 60_000, 'succeeded', olds[3]);
    await s.append(record('acme', '2026-11-25T10:00:04.000Z', 'a5'));
    assert.deepEqual(await ids('acme'), ['a5', 'a4', 'a3', 'a2', 'a1']);
    await s.close();

    // An earlier version opening the file again creates its index on the new table; the next open drops it.
    const inspect = new Database(file);
    const tableSql = () =>
      (inspect.prepare("SELECT sql FROM sqlite_schema WHERE name = 'audit'").get() as { sql: string }).sql;
    assert.match(tableSql(), /WITHOUT ROWID/);
    inspect.exec('CREATE INDEX IF NOT EXISTS audit_by_tenant ON audit (tenant_id, at DESC, id DESC)');
    const again = createSqliteStore(file);
    // No index of its own: the table is its key.
    assert.deepEqual(
      inspect.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit'").all(),
      [],
    );
    assert.equal((await again.list('acme', { limit: 10 })).length, 5);
    inspect.close();
    await again.close();
  });

  test('two connections to one file never both acquire a key', async () => {
    const file = join(dir, 'shared.db');
    const a = createSqliteStore(file);
    const b = createSqliteStore(file);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).begin('shared', 'fp', 60_000)),
    );
    assert.equal(results.filter((r) => r.state === 'acquired').length, 1);
    await a.close();
    await b.close();
  });
});
