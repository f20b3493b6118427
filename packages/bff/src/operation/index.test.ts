import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningCloudSim, startCloudSim } from '@bwkit/cloud-sim/server';
import {
  createHuaweiCloudClient,
  type HuaweiCloudClient,
  UpstreamError,
  type UpstreamErrorKind,
} from '@bwkit/huaweicloud';
import { freePort } from '../testing/redis-server.js';
import { outcomeOfFailure, trackedClient } from './index.js';

/** Which failures free an Idempotency-Key, which are final, which leave the outcome unknown — over real HTTP. */
const AK = 'OUTCOMETESTAK0000001';
const SK = 'outcome-test-secret-key-00000000000000';
const REGION = 'ap-southeast-1';
const PROJECT = '3f2e3d4c5b6a79880716253443526172';

let sim: RunningCloudSim;
const clientAt = (url: string, timeoutMs = 3000): HuaweiCloudClient =>
  createHuaweiCloudClient({
    credentials: { ak: AK, sk: SK },
    domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
    projects: { [REGION]: PROJECT },
    endpoints: { workspace: url, vpc: url, cc: url, bss: url },
    timeoutMs,
  });
async function fault(f: Record<string, unknown>) {
  const r = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(f),
  });
  assert.equal(r.status, 201, await r.text());
}
/** Runs a create through the tracked client and classifies its failure as the POST handler does. */
async function classify(
  client: HuaweiCloudClient,
  name = `oc-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
) {
  const t = trackedClient(client);
  try {
    await t.client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
    return { outcome: 'no error' as const };
  } catch (e) {
    return outcomeOfFailure(t.track, e);
  }
}

describe('outcomeOfFailure over the simulator', () => {
  before(async () => {
    sim = await startCloudSim({ credentials: [{ ak: AK, sk: SK, site: 'international' }], admin: true });
  });
  after(() => sim.close());

  test('a refusal by the service (4xx) certainly did nothing: the key is freed for a corrected resubmission', async () => {
    assert.deepEqual(await classify(clientAt(sim.url), 'bad name!'), { outcome: 'not_acted' });
  });

  test('throttling (429) certainly did nothing: the key is freed', async () => {
    await fault({ op: 'createSharedBandwidth', kind: 'status', status: 429, times: 1 });
    assert.deepEqual(await classify(clientAt(sim.url)), { outcome: 'not_acted' });
  });

  test('a 5xx, even a 502/503 from a gateway, may have acted: unknown', async () => {
    for (const status of [500, 502, 503]) {
      await fault({ op: 'createSharedBandwidth', kind: 'status', status, times: 1 });
      assert.deepEqual(
        await classify(clientAt(sim.url)),
        { outcome: 'unknown', reason: 'upstream_5xx' },
        String(status),
      );
    }
  });

  test('a timeout is unknown', async () => {
    await fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 600, times: 1 });
    assert.deepEqual(await classify(clientAt(sim.url, 200)), { outcome: 'unknown', reason: 'timeout' });
  });

  test('a connection reset mid-request is unknown; a refused connection sent nothing', async () => {
    await fault({ op: 'createSharedBandwidth', kind: 'reset', times: 1 });
    assert.deepEqual(await classify(clientAt(sim.url)), { outcome: 'unknown', reason: 'reset' });
    const closed = `http://127.0.0.1:${await freePort()}`;
    assert.deepEqual(await classify(clientAt(closed)), { outcome: 'not_acted' });
  });

  test('a success the gateway then failed on (an error after the answer) is unknown, never freed', async () => {
    const t = trackedClient(clientAt(sim.url));
    await t.client.createSharedBandwidth({
      region: REGION,
      body: { bandwidth: { name: `after-${Date.now()}`, size: 10 } },
    });
    assert.deepEqual(outcomeOfFailure(t.track, new Error('store down while recording the job')), {
      outcome: 'unknown',
      reason: 'error_after_success',
    });
  });

  test('reads do not count as sent: a failing lookup before the create frees the key', async () => {
    await fault({ op: 'listSharedBandwidths', kind: 'status', status: 500, times: 2 });
    const t = trackedClient(clientAt(sim.url));
    const e = await t.client.listSharedBandwidths({ region: REGION }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof UpstreamError);
    assert.equal(t.track.sent, false);
    assert.deepEqual(outcomeOfFailure(t.track, e), { outcome: 'not_acted' });
  });
});

test('every kind of upstream error after sending has a defined outcome', () => {
  const expected: Record<UpstreamErrorKind, string> = {
    rejected: 'not_acted',
    conflict: 'not_acted',
    rate_limited: 'not_acted',
    auth: 'not_acted',
    unavailable: 'unknown',
    timeout: 'unknown',
    bad_response: 'unknown',
  };
  for (const [kind, outcome] of Object.entries(expected)) {
    const e = new UpstreamError({
      service: 'vpc',
      operation: 'createSharedBandwidth',
      code: kind === 'unavailable' ? 'HTTP_502' : 'X',
      status: 502,
      upstreamMessage: 'm',
      kind: kind as UpstreamErrorKind,
    });
    assert.equal(outcomeOfFailure({ sent: true, succeeded: false, error: e }, e).outcome, outcome, kind);
  }
});
