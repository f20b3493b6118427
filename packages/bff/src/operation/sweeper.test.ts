import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningCloudSim, startCloudSim } from '@bwkit/cloud-sim/server';
import { createHuaweiCloudClient, type HuaweiCloudClient } from '@bwkit/huaweicloud';
import { createLogger } from '../log/index.js';
import { Metrics } from '../metrics/index.js';
import type { IdempotencyIntent, Store } from '../store/index.js';
import { createMemoryStore } from '../store/memory.js';
import type { Tenant } from '../tenants/index.js';
import { type ReconcilerDeps, startReconciler, sweepOnce } from './sweeper.js';

/** The background sweeper against the real simulator over HTTP: keys left unknown are settled from the cloud. */
const AK = 'SWEEPERTESTAK0000001';
const SK = 'sweeper-test-secret-key-00000000000000';
const REGION = 'ap-southeast-1';
const PROJECT = '2f2e3d4c5b6a79880716253443526171';
const tenant = { id: 'acme', site: 'international', defaultRegion: REGION } as Tenant;

let sim: RunningCloudSim;
let client: HuaweiCloudClient;
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deps(store: Store, logs: string[] = []): ReconcilerDeps {
  return {
    store,
    clientFor: () => client,
    tenantById: (id) => (id === 'acme' ? tenant : undefined),
    idempotency: { leaseMs: 60_000, ttlMs: 60_000, waitMs: 1000, pollMs: 10, settleMs: 0 },
    metrics: new Metrics(),
    log: createLogger(
      (l) => logs.push(l),
      () => new Date(),
    ),
    now: () => new Date(),
  };
}

const intent = (name: string, intentAt: string): IdempotencyIntent => ({
  operation: 'createSharedBandwidth',
  value: { name, sizeMbps: 10 },
  params: {},
  region: REGION,
  intentAt,
  tenantId: 'acme',
  subject: 'user-9',
  summary: { name, sizeMbps: 10 },
  idempotencyKey: `key-${name}`,
});

describe('startReconciler / sweepOnce', () => {
  before(async () => {
    sim = await startCloudSim({ credentials: [{ ak: AK, sk: SK, site: 'international' }], admin: true });
    client = createHuaweiCloudClient({
      credentials: { ak: AK, sk: SK },
      domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
      projects: { [REGION]: PROJECT },
      endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url, bss: sim.url },
      timeoutMs: 3000,
    });
  });
  after(() => sim.close());

  test('an instance that crashed after the cloud acted: its key is settled to the real bandwidth and audited', async () => {
    const store = createMemoryStore();
    const name = unique('crashed');
    const intentAt = new Date(Date.now() - 20).toISOString();
    // The dead instance recorded its intent and sent the create; its answer was lost with it.
    await store.begin('acme:user-9:k1', 'fp', 50, { intent: intent(name, intentAt) });
    const created = await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
    await sleep(80);
    const d = deps(store);
    assert.deepEqual(await sweepOnce(d), { succeeded: 1, notCreated: 0, unknown: 0 });
    const rec = await store.inspect('acme:user-9:k1');
    assert.equal(rec?.state, 'succeeded');
    assert.equal(JSON.parse(rec!.response!.body).bandwidth.id, created.data.bandwidth.id);
    assert.equal(rec!.response!.headers['idempotency-settled'], 'reconciled');
    const [audit] = await store.list('acme', { limit: 5 });
    assert.equal(audit?.outcome, 'reconciled');
    assert.equal(audit?.subject, 'user-9');
    assert.equal(audit?.idempotencyKey, `key-${name}`);
    assert.match(d.metrics.render(), /reconcile/);
  });

  test('a timeout whose create never happened: released (the next retry runs it), audited as not_created', async () => {
    const store = createMemoryStore();
    const name = unique('never');
    await store.begin('acme:user-9:k2', 'fp', 60_000, { intent: intent(name, new Date().toISOString()) });
    await store.markUnknown('acme:user-9:k2', 'fp', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
    assert.deepEqual(await sweepOnce(deps(store)), { succeeded: 0, notCreated: 1, unknown: 0 });
    assert.equal(await store.inspect('acme:user-9:k2'), undefined);
    assert.deepEqual(await store.begin('acme:user-9:k2', 'fp', 60_000), { state: 'acquired' });
    assert.equal((await store.list('acme', { limit: 5 }))[0]?.outcome, 'not_created');
  });

  test('keys still held (a live lease, or an unknown outcome settling) are left alone; a removed tenant stays unknown', async () => {
    const store = createMemoryStore();
    await store.begin('live', 'fp', 60_000, { intent: intent(unique('live'), new Date().toISOString()) });
    await store.begin('settling', 'fp', 60_000, { intent: intent(unique('settling'), new Date().toISOString()) });
    await store.markUnknown('settling', 'fp', { reason: 'timeout', holdMs: 60_000, ttlMs: 60_000 });
    await store.begin('orphan', 'fp', 60_000, {
      intent: { ...intent(unique('orphan'), new Date().toISOString()), tenantId: 'gone' },
    });
    await store.markUnknown('orphan', 'fp', { reason: 'timeout', holdMs: 0, ttlMs: 60_000 });
    assert.deepEqual(await sweepOnce(deps(store)), { succeeded: 0, notCreated: 0, unknown: 1 });
    assert.equal((await store.inspect('live'))?.state, 'running');
    assert.equal((await store.inspect('settling'))?.attempts, 0);
    assert.equal((await store.inspect('orphan'))?.state, 'unknown');
  });

  test('startReconciler settles on its own, and stop() ends it', async () => {
    const store = createMemoryStore();
    const name = unique('bg');
    await store.begin('bg', 'fp', 60_000, { intent: intent(name, new Date(Date.now() - 20).toISOString()) });
    await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
    await store.markUnknown('bg', 'fp', { reason: 'reset', holdMs: 0, ttlMs: 60_000 });
    const stop = startReconciler(deps(store), { intervalMs: 30 });
    try {
      const deadline = Date.now() + 3000;
      while ((await store.inspect('bg'))?.state !== 'succeeded' && Date.now() < deadline) await sleep(20);
      assert.equal((await store.inspect('bg'))?.state, 'succeeded');
    } finally {
      await stop();
    }
  });
});
