/** Admin routes and fault injection over real HTTP. */

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createCloudSim, OP_NAMES, SimConnectionReset } from './index.js';
import type { TestSim } from './test-support.js';
import { INTL, SIM_CREDENTIALS, startTestSim } from './test-support.js';

let sim: TestSim;
before(async () => {
  sim = await startTestSim();
});
after(() => sim.close());
beforeEach(async () => {
  await sim.admin('/_sim/reset', { method: 'POST' });
});

const P = 'proj-faults';
const vpc = () => sim.call(`/v2.0/${P}/bandwidths`, { body: { bandwidth: { name: 'f', size: 10 } } });
const wks = () => sim.call(`/v2/${P}/bandwidths`, { body: { subnet_id: 's', charge_mode: 'free' } });
const cc = (name = `bwp-${Math.random().toString(36).slice(2)}`) =>
  sim.call('/v3/dom-faults/ccaas/bandwidth-packages', {
    body: {
      bandwidth_package: {
        name,
        project_id: 'p',
        local_area_id: 'Chinese-Mainland',
        remote_area_id: 'Asia-Pacific',
        charge_mode: 'bandwidth',
        billing_mode: 4,
        bandwidth: 5,
      },
    },
  });
const fault = async (body: Record<string, unknown>) => {
  const r = await sim.admin('/_sim/faults', { body });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.json.id, 'string');
  return r.json.id as string;
};
const counts = async () => (await sim.admin('/_sim/state')).json.counts;
/** every op counted by name, all zero */
const ZERO = Object.fromEntries(OP_NAMES.map((op) => [op, 0]));

describe('status faults', () => {
  test("default 500 with each service's error body; happens before the operation", async () => {
    await fault({ kind: 'status', times: 3 });
    const v = await vpc();
    assert.equal(v.status, 500);
    assert.deepEqual(v.json, { code: 'VPC.0302', message: v.json.message });
    const w = await wks();
    assert.equal(w.status, 500);
    assert.match(w.json.error_code, /^WKS\./);
    const c = await cc();
    assert.equal(c.status, 500);
    assert.equal(c.json.error_code, 'CC.1007');
    assert.equal(c.json.request_id, c.headers.get('x-request-id'));
    assert.ok(v.headers.get('x-request-id'));
    const s = (await sim.admin('/_sim/state')).json;
    assert.equal(s.counts.createSharedBandwidth, 0);
    assert.equal(s.requests.createSharedBandwidth, 1);
    assert.deepEqual(
      s.projects.flatMap((p: { shared_bandwidths: unknown[] }) => p.shared_bandwidths),
      [],
    );
    // used up
    assert.equal((await vpc()).status, 200);
  });

  test('a given status, for one op only', async () => {
    await fault({ op: 'createBandwidthPackage', kind: 'status', status: 503 });
    assert.equal((await vpc()).status, 200);
    const c = await cc();
    assert.equal(c.status, 503);
    assert.equal(c.json.error_code, 'CC.1007');
  });

  test('times: -1 lasts until DELETE /_sim/faults', async () => {
    await fault({ op: 'createSharedBandwidth', kind: 'status', status: 502, times: -1 });
    for (let i = 0; i < 4; i++) assert.equal((await vpc()).status, 502);
    const list = await sim.admin('/_sim/faults');
    assert.equal(list.json.faults[0].fired, 4);
    const cleared = await sim.admin('/_sim/faults', { method: 'DELETE' });
    assert.deepEqual(cleared.json, { cleared: 1 });
    assert.equal((await vpc()).status, 200);
  });

  test('probability 0 never fires; DELETE /_sim/faults/{id} removes one', async () => {
    const id = await fault({ kind: 'status', probability: 0, times: -1 });
    for (let i = 0; i < 5; i++) assert.equal((await vpc()).status, 200);
    assert.equal((await sim.admin(`/_sim/faults/${id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await sim.admin('/_sim/faults')).json.faults.length, 0);
  });

  test('faults only hit authenticated requests (signature is checked first)', async () => {
    await fault({ kind: 'status' });
    const r = await sim.call(`/v2.0/${P}/bandwidths`, { body: {}, cred: { ak: INTL.ak, sk: 'bad' } });
    assert.equal(r.status, 401);
    assert.equal((await vpc()).status, 500);
  });
});

describe('other kinds', () => {
  test('rate_limit → 429 APIGW.0308 with Retry-After: 1', async () => {
    await fault({ op: 'createWorkspaceBandwidth', kind: 'rate_limit' });
    const r = await wks();
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '1');
    assert.equal(r.json.error_code, 'APIGW.0308');
    assert.match(r.json.error_msg, /throttling threshold/);
    assert.equal(r.json.request_id, r.headers.get('x-request-id'));
    assert.equal((await wks()).status, 200);
  });

  test('delay → the normal answer, late, and the operation happened', async () => {
    await fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 300 });
    const t0 = performance.now();
    const r = await vpc();
    const took = performance.now() - t0;
    assert.equal(r.status, 200, r.text);
    assert.ok(took >= 280, `took ${took} ms`);
    assert.equal((await counts()).createSharedBandwidth, 1);
  });

  test('delay: the operation still happens when the client gives up', async () => {
    await fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 400 });
    const { sign } = await import('@bwkit/huaweicloud');
    const url = `${sim.base}/v2.0/${P}/bandwidths`;
    const body = JSON.stringify({ bandwidth: { name: 'late', size: 10 } });
    const s = await sign(
      { method: 'POST', url, headers: { 'Content-Type': 'application/json', 'X-Project-Id': P }, body },
      INTL,
    );
    await assert.rejects(fetch(url, { method: 'POST', headers: s.headers, body, signal: AbortSignal.timeout(100) }));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await counts()).createSharedBandwidth, 1);
  });

  test('reset → the connection is destroyed (fetch rejects); nothing is created', async () => {
    await fault({ op: 'createBandwidthPackage', kind: 'reset' });
    await assert.rejects(cc('reset-me'), (err: Error) => err instanceof TypeError);
    assert.equal((await counts()).createBandwidthPackage, 0);
    assert.equal((await cc('reset-me')).status, 201, 'the name was not taken by the reset request');
  });

  test('malformed → 200/201 with a body that is not JSON', async () => {
    await fault({ kind: 'malformed', times: 3 });
    for (const [r, status] of [
      [await vpc(), 200],
      [await wks(), 200],
      [await cc(), 201],
    ] as const) {
      assert.equal(r.status, status);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
      assert.ok(r.text.length > 0);
      assert.throws(() => JSON.parse(r.text));
    }
    assert.deepEqual(await counts(), ZERO);
  });

  test('in the bare app (no Node socket), reset makes app.fetch reject', async () => {
    const bare = createCloudSim({ credentials: SIM_CREDENTIALS, admin: true });
    bare.state.faults.push({ id: 'f', op: '*', kind: 'reset', times: 1, probability: 1, fired: 0 });
    const { sign } = await import('@bwkit/huaweicloud');
    const url = `http://sim.local/v2.0/${P}/bandwidths`;
    const body = JSON.stringify({ bandwidth: { name: 'x', size: 10 } });
    const s = await sign(
      { method: 'POST', url, headers: { 'Content-Type': 'application/json', 'X-Project-Id': P }, body },
      INTL,
    );
    await assert.rejects(
      Promise.resolve(bare.app.fetch(new Request(url, { method: 'POST', headers: s.headers, body }))),
      SimConnectionReset,
    );
  });
});

describe('admin API', () => {
  test('POST /_sim/faults validates its body', async () => {
    for (const body of [
      {},
      { kind: 'explode' },
      { kind: 'status', op: 'nope' },
      { kind: 'status', status: 200 },
      { kind: 'delay', delayMs: -1 },
      { kind: 'status', times: 0 },
      { kind: 'status', probability: 2 },
      { kind: 'job_fail', op: 'createSharedBandwidth' },
    ]) {
      const r = await sim.admin('/_sim/faults', { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(typeof r.json.error, 'string');
    }
  });

  test('GET /_sim/state: counts of successes, requests of everything, projects', async () => {
    await vpc();
    await vpc();
    await sim.call(`/v2.0/${P}/bandwidths`, { body: { bandwidth: { name: 'bad name', size: 10 } } });
    await cc();
    const s = (await sim.admin('/_sim/state')).json;
    assert.deepEqual(s.counts, {
      ...ZERO,
      createWorkspaceBandwidth: 0,
      showWorkspaceJob: 0,
      changeWorkspaceBandwidth: 0,
      createSharedBandwidth: 2,
      createBandwidthPackage: 1,
    });
    assert.deepEqual(s.requests, {
      ...ZERO,
      createWorkspaceBandwidth: 0,
      showWorkspaceJob: 0,
      changeWorkspaceBandwidth: 0,
      createSharedBandwidth: 3,
      createBandwidthPackage: 1,
    });
    assert.equal(s.projects.length, 1);
    assert.equal(s.projects[0].shared_bandwidths.length, 2);
    assert.equal(s.domains[0].bandwidth_packages.length, 1);
  });

  test('POST /_sim/reset clears state and faults', async () => {
    await vpc();
    await fault({ kind: 'status', times: -1 });
    assert.equal((await sim.admin('/_sim/reset', { method: 'POST' })).status, 200);
    const s = (await sim.admin('/_sim/state')).json;
    assert.equal(s.counts.createSharedBandwidth, 0);
    assert.equal(s.requests.createSharedBandwidth, 0);
    assert.deepEqual(s.projects, []);
    assert.deepEqual(s.faults, []);
    assert.equal((await vpc()).status, 200);
  });

  test('reset() on the handle does the same', async () => {
    await vpc();
    sim.running.sim.reset();
    assert.equal(sim.running.sim.state.counts.createSharedBandwidth, 0);
    assert.equal(sim.running.sim.state.projects.size, 0);
  });

  test('admin responses carry X-Request-Id too', async () => {
    assert.match((await sim.admin('/_sim/state')).headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/);
  });
});
