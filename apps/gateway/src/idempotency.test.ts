import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testRedis } from '@bwkit/bff/testing';
import { testPostgres } from '@bwkit/bff/testing/postgres';
import { startCloudSim } from '@bwkit/cloud-sim/server';
import { DEMO_ENV, mintToken, newKey, startTestGateway, type TestGateway, testConfig } from './testing/index.js';

const body = (name = 'idem') => ({ name, sizeMbps: 10 });

describe('Idempotency-Key on one gateway', () => {
  let gw: TestGateway;
  let token: string;
  before(async () => {
    gw = await startTestGateway();
    token = await mintToken();
  });
  after(() => gw.close());

  test('50 concurrent POSTs with one key → exactly one upstream create; all get the same bandwidth, duplicates marked replayed', async () => {
    const key = newKey('burst');
    const before = (await gw.simState()).counts['createSharedBandwidth'] ?? 0;
    await gw.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 300 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => gw.call('/v1/shared-bandwidths', { token, key, body: body('burst') })),
    );
    const statuses = responses.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 201),
      `statuses: ${statuses.join(',')}`,
    );
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).bandwidth.id)));
    assert.equal(ids.size, 1);
    assert.equal(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 49);
    assert.equal((await gw.simState()).counts['createSharedBandwidth'], before + 1);
  });

  test('a later retry with the key replays the stored response byte for byte', async () => {
    const key = newKey();
    const first = await gw.call('/v1/shared-bandwidths', { token, key, body: body() });
    const again = await gw.call('/v1/shared-bandwidths', { token, key, body: body() });
    assert.equal(again.status, first.status);
    assert.equal(await again.text(), await first.text());
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
  });

  test('the same key with a different body → 422 idempotency_key_reused, nothing created', async () => {
    const key = newKey();
    await gw.call('/v1/shared-bandwidths', { token, key, body: body('one') });
    const count = (await gw.simState()).counts['createSharedBandwidth'];
    const res = await gw.call('/v1/shared-bandwidths', { token, key, body: body('two') });
    assert.equal(res.status, 422);
    assert.equal((await res.json()).code, 'idempotency_key_reused');
    assert.equal((await gw.simState()).counts['createSharedBandwidth'], count);
  });

  test('keys are scoped to the tenant: the same key used by two tenants creates two resources', async () => {
    const key = newKey('shared-key');
    const a = await gw.call('/v1/shared-bandwidths', { token, key, body: body() });
    const g = await gw.call('/v1/shared-bandwidths', {
      token: await mintToken({ tenant: 'globex' }),
      key,
      body: body(),
    });
    assert.equal(a.status, 201);
    assert.equal(g.status, 201);
    assert.notEqual((await a.json()).bandwidth.id, (await g.json()).bandwidth.id);
    assert.equal(g.headers.get('idempotent-replayed'), null);
  });

  test('keys are scoped to the portal user too: another user of the tenant sending the same key gets their own result', async () => {
    // A key is the client's, not a shared secret: a second user must neither replay nor block the first one's order.
    const key = newKey('same-key-two-users');
    const one = await gw.call('/v1/shared-bandwidths', {
      token: await mintToken({ sub: 'user-1' }),
      key,
      body: body('user-one'),
    });
    const two = await gw.call('/v1/shared-bandwidths', {
      token: await mintToken({ sub: 'user-2' }),
      key,
      body: body('user-one'),
    });
    assert.equal(one.status, 201);
    assert.equal(two.status, 201);
    assert.equal(two.headers.get('idempotent-replayed'), null);
    assert.notEqual((await one.json()).bandwidth.id, (await two.json()).bandwidth.id);
  });

  test('an upstream timeout after the cloud acted: the retry with the same key answers with the real bandwidth, created once', async () => {
    const slow = await startTestGateway({ gateway: { upstreamTimeoutMs: 300, idempotencyWaitMs: 8000 } });
    try {
      await slow.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 800, times: 1 });
      const key = newKey('timeout');
      const first = await slow.call('/v1/shared-bandwidths', { token, key, body: body('late-answer') });
      assert.equal(first.status, 504);
      const retry = await slow.call('/v1/shared-bandwidths', { token, key, body: body('late-answer') });
      assert.equal(retry.status, 201, await retry.clone().text());
      assert.equal(retry.headers.get('idempotency-settled'), 'reconciled');
      const created = await retry.json();
      assert.equal(created.bandwidth.name, 'late-answer');
      assert.equal((await slow.simState()).counts['createSharedBandwidth'], 1);
      const again = await slow.call('/v1/shared-bandwidths', { token, key, body: body('late-answer') });
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal((await again.json()).bandwidth.id, created.bandwidth.id);
      const audit = await (await slow.call('/v1/audit', { token })).json();
      const outcomes = audit.items
        .filter((r: { idempotencyKey?: string }) => r.idempotencyKey === key)
        .map((r: { outcome: string }) => r.outcome);
      assert.deepEqual(outcomes, ['replayed', 'reconciled', 'unknown']);
      // The state machine's transitions and the reconciliation attempt show in /metrics.
      const metrics = await (await slow.call('/metrics')).text();
      assert.match(metrics, /bwkit_idempotency\w*\{[^}]*(reconciled|reconcile_succeeded|to="succeeded")/);
      assert.match(metrics, /bwkit_\w*\{[^}]*(unknown)/);
      assert.match(metrics, /^bwkit_reconcile_attempts_total\{result="succeeded"\} 1$/m);
      assert.match(metrics, /^bwkit_idempotency_transitions_total\{from="running",reason="timeout",to="unknown"\} 1$/m);
      assert.match(
        metrics,
        /^bwkit_idempotency_transitions_total\{from="unknown",reason="reconciled",to="succeeded"\} 1$/m,
      );
    } finally {
      await slow.close();
    }
  });

  test('when the cloud cannot tell which resource the lost call made: 409 outcome_unknown saying what to check, no second order', async () => {
    const slow = await startTestGateway({ gateway: { upstreamTimeoutMs: 300, idempotencyWaitMs: 8000 } });
    try {
      const name = `ambiguous-${process.pid}-${Date.now()}`;
      await slow.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 800, times: 1 });
      const key = newKey('ambiguous');
      assert.equal((await slow.call('/v1/shared-bandwidths', { token, key, body: body(name) })).status, 504);
      // Meanwhile the same user made another bandwidth with that name (another key): two candidates now.
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(
        (await slow.call('/v1/shared-bandwidths', { token, key: newKey('other'), body: body(name) })).status,
        201,
      );
      const creates = (await slow.simState()).counts['createSharedBandwidth'];
      const retry = await slow.call('/v1/shared-bandwidths', { token, key, body: body(name) });
      assert.equal(retry.status, 409);
      const p = await retry.json();
      assert.equal(p.code, 'outcome_unknown');
      assert.match(p.detail, new RegExp(name));
      assert.ok(Number(retry.headers.get('retry-after')) >= 1);
      assert.equal((await slow.simState()).counts['createSharedBandwidth'], creates);
    } finally {
      await slow.close();
    }
  });

  test('a duplicate arriving while the first runs waits for it and replays its result', async () => {
    await gw.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 500 });
    const key = newKey();
    const first = gw.call('/v1/shared-bandwidths', { token, key, body: body() });
    await new Promise((r) => setTimeout(r, 100));
    const dup = await gw.call('/v1/shared-bandwidths', { token, key, body: body() });
    assert.equal(dup.status, 201);
    assert.equal(dup.headers.get('idempotent-replayed'), 'true');
    const orig = await first;
    assert.equal(orig.status, 201);
    assert.equal((await dup.json()).bandwidth.id, (await orig.json()).bandwidth.id);
  });

  test('a duplicate that would wait too long gets 409 idempotency_in_progress with Retry-After, then the result', async () => {
    const impatient = await startTestGateway({ gateway: { idempotencyWaitMs: 200 } });
    try {
      await impatient.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 1500 });
      const key = newKey();
      const first = impatient.call('/v1/shared-bandwidths', { token, key, body: body() });
      await new Promise((r) => setTimeout(r, 100));
      const dup = await impatient.call('/v1/shared-bandwidths', { token, key, body: body() });
      assert.equal(dup.status, 409);
      assert.equal((await dup.json()).code, 'idempotency_in_progress');
      assert.ok(Number(dup.headers.get('retry-after')) >= 1);
      assert.equal((await first).status, 201);
      const later = await impatient.call('/v1/shared-bandwidths', { token, key, body: body() });
      assert.equal(later.headers.get('idempotent-replayed'), 'true');
      assert.equal((await impatient.simState()).counts['createSharedBandwidth'], 1);
    } finally {
      await impatient.close();
    }
  });

  test('a validation error does not burn the key: the corrected submission with the same key succeeds', async () => {
    const key = newKey();
    const bad = await gw.call('/v1/shared-bandwidths', { token, key, body: { name: 'bad name', sizeMbps: 10 } });
    assert.equal(bad.status, 422);
    const good = await gw.call('/v1/shared-bandwidths', { token, key, body: { name: 'good-name', sizeMbps: 10 } });
    assert.equal(good.status, 201);
  });

  test('an upstream 5xx is settled with the cloud: nothing was created, so the retry creates it exactly once', async () => {
    // A 5xx may come from an API gateway after the service acted, so the key is not simply freed: the retry looks the
    // bandwidth up (by its name, which is unique in this test) and only then runs it again.
    const key = newKey();
    const name = `five-hundred-${process.pid}-${Date.now()}`;
    const before = (await gw.simState()).counts['createSharedBandwidth'] ?? 0;
    await gw.fault({ op: 'createSharedBandwidth', kind: 'status', status: 500 });
    const failed = await gw.call('/v1/shared-bandwidths', { token, key, body: body(name) });
    assert.equal(failed.status, 502);
    const retried = await gw.call('/v1/shared-bandwidths', { token, key, body: body(name) });
    assert.equal(retried.status, 201);
    assert.equal(retried.headers.get('idempotent-replayed'), null);
    const replay = await gw.call('/v1/shared-bandwidths', { token, key, body: body(name) });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal((await gw.simState()).counts['createSharedBandwidth'], before + 1);
  });
});

describe('idempotency survives a gateway restart on SQLite', () => {
  test('the key answered before the restart is replayed after it, with no second create', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bwkit-restart-'));
    const sim = await startCloudSim({
      credentials: [
        { ak: DEMO_ENV['ACME_HUAWEICLOUD_AK']!, sk: DEMO_ENV['ACME_HUAWEICLOUD_SK']!, site: 'international' },
        { ak: DEMO_ENV['GLOBEX_HUAWEICLOUD_AK']!, sk: DEMO_ENV['GLOBEX_HUAWEICLOUD_SK']!, site: 'chinese-mainland' },
      ],
      admin: true,
    });
    const raw = testConfig({
      store: { kind: 'sqlite', path: join(dir, 'bwkit.db') },
      upstream: { mode: 'huaweicloud', endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url } },
    });
    const token = await mintToken();
    const key = newKey('restart');
    try {
      const first = await startTestGateway({ raw, simUrl: sim.url });
      const created = await first.call('/v1/shared-bandwidths', { token, key, body: body('durable') });
      assert.equal(created.status, 201);
      const createdBody = await created.text();
      await first.close();
      const second = await startTestGateway({ raw, simUrl: sim.url });
      const replay = await second.call('/v1/shared-bandwidths', { token, key, body: body('durable') });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(await replay.text(), createdBody);
      assert.equal((await second.simState()).counts['createSharedBandwidth'], 1);
      // the audit log survived too
      const audit = await (await second.call('/v1/audit', { token })).json();
      assert.ok(
        audit.items.some(
          (r: { idempotencyKey?: string; outcome: string }) => r.idempotencyKey === key && r.outcome === 'succeeded',
        ),
      );
      await second.close();
    } finally {
      await sim.close();
    }
  });
});

/** Two gateway instances on one shared store: what the store must guarantee for several instances. */
function sharedStoreSuite(name: string, setup: () => Promise<{ store: unknown; stop(): Promise<void> }>) {
  describe(`two gateway instances sharing one ${name}`, () => {
    let shared: Awaited<ReturnType<typeof setup>>;
    let sim: Awaited<ReturnType<typeof startCloudSim>>;
    let a: TestGateway;
    let b: TestGateway;
    // Unique per run: a CI database may outlive one run.
    const user = (p: string) => `${p}-${process.pid}-${Date.now()}`;
    before(async () => {
      shared = await setup();
      sim = await startCloudSim({
        credentials: [
          { ak: DEMO_ENV['ACME_HUAWEICLOUD_AK']!, sk: DEMO_ENV['ACME_HUAWEICLOUD_SK']!, site: 'international' },
          { ak: DEMO_ENV['GLOBEX_HUAWEICLOUD_AK']!, sk: DEMO_ENV['GLOBEX_HUAWEICLOUD_SK']!, site: 'chinese-mainland' },
        ],
        admin: true,
      });
      const raw = testConfig({
        store: shared.store,
        upstream: { mode: 'huaweicloud', endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url } },
        mutate: (c) => {
          c.tenants[0].rateLimit = { perMinute: 30 };
        },
      });
      a = await startTestGateway({ raw, simUrl: sim.url });
      b = await startTestGateway({ raw, simUrl: sim.url });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await sim?.close();
      await shared?.stop();
    });

    test('the same key sent to both, concurrently → exactly one upstream create', async () => {
      const token = await mintToken({ sub: user('shared-user') });
      const key = newKey('shared-store');
      await a.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 200 });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).call('/v1/shared-bandwidths', { token, key, body: body('shared') }),
        ),
      );
      assert.ok(responses.every((r) => r.status === 201));
      assert.equal(new Set(await Promise.all(responses.map(async (r) => (await r.json()).bandwidth.id))).size, 1);
      assert.equal((await a.simState()).counts['createSharedBandwidth'], 1);
    });

    test('a job created through one instance is visible through the other, and still not to another tenant', async () => {
      const token = await mintToken({ sub: user('jobs') });
      const accepted = await (
        await a.call('/v1/workspace-bandwidths', {
          token,
          key: newKey(),
          body: { subnetId: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', chargeMode: 'free' },
        })
      ).json();
      assert.equal((await b.call(accepted.jobUrl, { token })).status, 200);
      assert.equal((await b.call(accepted.jobUrl, { token: await mintToken({ tenant: 'globex' }) })).status, 404);
    });

    test('the rate limit holds across instances: 30 a minute in total, not per instance', async () => {
      const token = await mintToken({ sub: user('rate') });
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await (i % 2 ? a : b).call('/v1/config', { token })).status);
      assert.equal(statuses.filter((s) => s === 200).length, 30);
      assert.equal(statuses.filter((s) => s === 429).length, 2);
    });
  });
}

sharedStoreSuite('Redis', async () => {
  const redis = await testRedis();
  await redis.flush();
  return { store: { kind: 'redis', url: redis.url }, stop: () => redis.stop() };
});

sharedStoreSuite('PostgreSQL', async () => {
  const pg = await testPostgres();
  return { store: { kind: 'postgres', url: pg.url }, stop: () => pg.stop() };
});
