import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '@bwkit/contracts';
import type { Store } from './index.js';
import { createMemoryStore } from './memory.js';
import { createSqliteStore } from './sqlite.js';
import { createRedisStore } from './redis.js';
import { testRedis } from '../testing/redis-server.js';

const response = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
let seq = 0;
const uniq = (p: string) => `${p}-${process.pid}-${Date.now()}-${seq++}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function record(tenantId: string, at: string, id: string): AuditRecord {
  return {
    id, at, tenantId, subject: 'u1', operation: 'createSharedBandwidth', idempotencyKey: id,
    requestSummary: { name: 'bw' }, outcome: 'succeeded', status: 201, durationMs: 3,
  };
}

/** One suite, every store: the behaviour the BFF relies on must not depend on which store is configured. */
function storeSuite(name: string, make: () => Promise<Store>) {
  describe(`${name} store`, () => {
    let store: Store;
    before(async () => { store = await make(); });
    after(async () => { await store.close(); });

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

    test('an abandoned claim can be taken over once its lease ends', async () => {
      const key = uniq('k');
      await store.begin(key, 'fp1', 80);
      assert.deepEqual(await store.begin(key, 'fp1', 80), { state: 'in_progress' });
      await sleep(150);
      assert.deepEqual(await store.begin(key, 'fp1', 80), { state: 'acquired' });
    });

    test('50 concurrent claims of one key: exactly one acquires', async () => {
      const key = uniq('k');
      const results = await Promise.all(Array.from({ length: 50 }, () => store.begin(key, 'fp', 60_000)));
      assert.equal(results.filter((r) => r.state === 'acquired').length, 1);
      assert.equal(results.filter((r) => r.state === 'in_progress').length, 49);
    });

    test('rate counters count within a window and restart in the next', async () => {
      const key = uniq('rate');
      const t0 = 1_800_000_000_000;
      assert.equal((await store.hit(key, 60_000, t0)).count, 1);
      assert.equal((await store.hit(key, 60_000, t0 + 1000)).count, 2);
      const third = await store.hit(key, 60_000, t0 + 2000);
      assert.equal(third.count, 3);
      assert.equal(third.resetAtMs, Math.floor(t0 / 60_000) * 60_000 + 60_000);
      assert.equal((await store.hit(key, 60_000, t0 + 60_000)).count, 1);
    });

    test('audit lists a tenant\'s records newest first, page by page, and never another tenant\'s', async () => {
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
      assert.deepEqual(page1.map((r) => r.id), ['r4', 'r3']);
      const last = page1[1]!;
      const page2 = await store.list(tenant, { limit: 10, before: { at: last.at, id: last.id } });
      assert.deepEqual(page2.map((r) => r.id), ['r2', 'r1', 'r0']);
      assert.ok((await store.list(tenant, { limit: 100 })).every((r) => r.tenantId === tenant));
    });

    test('job ownership is kept and unknown jobs are absent', async () => {
      const id = uniq('job');
      await store.putJob(id, { tenantId: 'acme', region: 'cn-north-4', createdAt: '2026-11-25T00:00:00Z' }, 60_000);
      assert.deepEqual(await store.getJob(id), { tenantId: 'acme', region: 'cn-north-4', createdAt: '2026-11-25T00:00:00Z' });
      assert.equal(await store.getJob(uniq('nope')), undefined);
    });

    test('a job ref keeps what the job route needs to find the bandwidth', async () => {
      const id = uniq('job');
      const ref = {
        tenantId: 'acme', region: 'cn-north-4', createdAt: '2026-11-25T00:00:00Z', subnetId: 'subnet-1',
        bandwidthName: 'office', chargeMode: 'bandwidth', bandwidthId: 'bw-1', orderId: 'CS2611250000ABCDE',
      };
      await store.putJob(id, ref, 60_000);
      assert.deepEqual(await store.getJob(id), ref);
      // Written again once the bandwidth is known: the newer ref wins.
      await store.putJob(id, { ...ref, bandwidthId: 'bw-2' }, 60_000);
      assert.equal((await store.getJob(id))?.bandwidthId, 'bw-2');
    });

    test('order ownership is kept, expires, and unknown orders are absent', async () => {
      const id = uniq('order');
      const ref = { tenantId: 'acme', operation: 'createWorkspaceBandwidth', region: 'cn-north-4', resourceId: 'bw-1',
        createdAt: '2026-11-25T00:00:00Z' };
      await store.putOrder(id, ref, 60_000);
      assert.deepEqual(await store.getOrder(id), ref);
      const bare = uniq('order');
      await store.putOrder(bare, { tenantId: 'globex', operation: 'changeWorkspaceBandwidth', createdAt: ref.createdAt }, 60_000);
      assert.deepEqual(await store.getOrder(bare), { tenantId: 'globex', operation: 'changeWorkspaceBandwidth', createdAt: ref.createdAt });
      assert.equal(await store.getOrder(uniq('nope')), undefined);
      const brief = uniq('order');
      await store.putOrder(brief, ref, 80);
      await sleep(150);
      assert.equal(await store.getOrder(brief), undefined);
    });

    test('ping answers', async () => {
      assert.equal(await store.ping(), true);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bwkit-store-'));
storeSuite('memory', async () => createMemoryStore());
storeSuite('sqlite', async () => createSqliteStore(join(dir, 'suite.db')));

let redis: Awaited<ReturnType<typeof testRedis>>;
storeSuite('redis', async () => {
  redis = await testRedis();
  return createRedisStore(redis.url, { prefix: uniq('suite') + ':' });
});
after(async () => { await redis?.stop(); });

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
    assert.deepEqual(await s.getJob('j-old'), { tenantId: 'acme', region: 'cn-north-4', createdAt: '2026-11-25T00:00:00Z' });
    await s.putJob('j-new', { tenantId: 'acme', region: 'cn-north-4', createdAt: 'x', subnetId: 's1' }, 60_000);
    assert.equal((await s.getJob('j-new'))?.subnetId, 's1');
    await s.close();
  });

  test('two connections to one file never both acquire a key', async () => {
    const file = join(dir, 'shared.db');
    const a = createSqliteStore(file);
    const b = createSqliteStore(file);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).begin('shared', 'fp', 60_000)));
    assert.equal(results.filter((r) => r.state === 'acquired').length, 1);
    await a.close();
    await b.close();
  });
});
