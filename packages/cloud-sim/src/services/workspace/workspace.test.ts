/** Workspace: createWorkspaceBandwidth, showWorkspaceJob, changeWorkspaceBandwidth over real HTTP. */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OP_NAMES, SEEDED_WORKSPACE_BANDWIDTHS } from '../../index.js';
import type { CallResult, TestSim } from '../../test-support.js';
import { fakeClock, startTestSim, TIMESTAMP_RE, UUID_RE } from '../../test-support.js';

const clock = fakeClock();
let sim: TestSim;
before(async () => {
  sim = await startTestSim({
    now: clock.now,
    job: { runningAfterMs: 300, doneAfterMs: 1500 },
    order: { autoPaySettleMs: 1000 },
  });
});
after(() => sim.close());

const [YEARLY_1, YEARLY_2, YEARLY_3] = [
  '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
  '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
  '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
];
const PAY_PER_USE = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const ORDER_ID_RE = /^CS\d{10}[A-Z]{5}$/;

function assertWks(r: CallResult, status: number, code: string, mentions?: RegExp) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error_code, code, r.text);
  assert.equal(typeof r.json.error_msg, 'string');
  if (mentions) assert.match(r.json.error_msg, mentions);
}

async function projectState(project: string) {
  const s = await sim.admin('/_sim/state');
  return s.json.projects.find((p: { project_id: string }) => p.project_id === project);
}
async function bandwidth(project: string, id: string) {
  return (await projectState(project))?.workspace_bandwidths.find(
    (b: { bandwidth_id: string }) => b.bandwidth_id === id,
  );
}

const create = (project: string, body: unknown) => sim.call(`/v2/${project}/bandwidths`, { body });
const job = (project: string, id: string) => sim.call(`/v2/${project}/workspace-jobs/${id}`);
const change = (project: string, id: string, body: unknown) =>
  sim.call(`/v2/${project}/bandwidths/${id}/periodic/change/order`, { body });
const list = (project: string, query = '') => sim.call(`/v2/${project}/bandwidths${query}`);
/** The way a caller learns a new bandwidth's id: the job has none, the list by subnet (and name) has it. */
async function findCreated(project: string, subnet: string, name?: string) {
  const r = await list(project, `?subnet_id=${subnet}${name ? `&bandwidth_name=${name}` : ''}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.bandwidths.length, 1, r.text);
  return r.json.bandwidths[0];
}

describe('createWorkspaceBandwidth', () => {
  test('valid bodies → 200 {job_id}', async () => {
    for (const body of [
      { subnet_id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', charge_mode: 'wks_bandwidth', bandwidth_size: 1 },
      {
        subnet_id: 's',
        charge_mode: 'wks_traffic',
        bandwidth_size: 100,
        bandwidth_name: 'n'.repeat(64),
        enterprise_project_id: '0',
      },
      { subnet_id: 's', charge_mode: 'free' },
    ]) {
      const r = await create('wp-create', body);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json), ['job_id']);
      assert.match(r.json.job_id, UUID_RE);
    }
  });

  const bad: [string, unknown, RegExp][] = [
    ['missing subnet_id', { charge_mode: 'free' }, /subnet_id/],
    ['empty subnet_id', { subnet_id: '', charge_mode: 'free' }, /subnet_id/],
    ['numeric subnet_id', { subnet_id: 5, charge_mode: 'free' }, /subnet_id/],
    ['missing charge_mode', { subnet_id: 's' }, /charge_mode/],
    ['unknown charge_mode', { subnet_id: 's', charge_mode: 'bandwidth', bandwidth_size: 5 }, /charge_mode/],
    ['size 0', { subnet_id: 's', charge_mode: 'wks_bandwidth', bandwidth_size: 0 }, /bandwidth_size/],
    ['size 2.5', { subnet_id: 's', charge_mode: 'wks_bandwidth', bandwidth_size: 2.5 }, /bandwidth_size/],
    ['size as string', { subnet_id: 's', charge_mode: 'wks_bandwidth', bandwidth_size: '5' }, /bandwidth_size/],
    ['wks_bandwidth without size', { subnet_id: 's', charge_mode: 'wks_bandwidth' }, /bandwidth_size/],
    ['wks_traffic without size', { subnet_id: 's', charge_mode: 'wks_traffic' }, /bandwidth_size/],
    ['name of 65', { subnet_id: 's', charge_mode: 'free', bandwidth_name: 'n'.repeat(65) }, /bandwidth_name/],
    ['numeric name', { subnet_id: 's', charge_mode: 'free', bandwidth_name: 7 }, /bandwidth_name/],
    [
      'numeric enterprise project',
      { subnet_id: 's', charge_mode: 'free', enterprise_project_id: 0 },
      /enterprise_project_id/,
    ],
    ['array body', [], /body/],
  ];
  for (const [name, body, mentions] of bad) {
    test(`refused: ${name} → 400 WKS.0001`, async () => {
      assertWks(await create('wp-create', body), 400, 'WKS.0001', mentions);
    });
  }
});

describe('showWorkspaceJob', () => {
  test('INIT → RUNNING → SUCCESS on the injected clock, then the bandwidth exists', async () => {
    const P = 'wp-job';
    const created = await create(P, {
      subnet_id: 'subnet-9',
      charge_mode: 'wks_bandwidth',
      bandwidth_size: 30,
      bandwidth_name: 'office',
    });
    const id = created.json.job_id;

    let r = await job(P, id);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.id, id);
    assert.equal(r.json.job_type, 'CREATE_BANDWIDTH');
    assert.equal(r.json.status, 'INIT');
    assert.match(r.json.begin_time, TIMESTAMP_RE);
    assert.equal(r.json.end_time, undefined);
    assert.equal(r.json.sub_jobs_total, 1);
    assert.equal(r.json.sub_jobs[0].status, 'INIT');
    assert.equal(r.json.sub_jobs[0].process, 0);
    assert.equal(r.json.entities, undefined);

    clock.advance(300);
    r = await job(P, id);
    assert.equal(r.json.status, 'RUNNING');
    const p1 = r.json.sub_jobs[0].process;
    clock.advance(900);
    r = await job(P, id);
    assert.equal(r.json.status, 'RUNNING');
    const p2 = r.json.sub_jobs[0].process;
    assert.ok(p1 >= 10 && p2 > p1 && p2 < 100, `${p1} < ${p2}`);

    // listed while the job runs, as CREATING
    const before = await projectState(P);
    assert.equal(before.workspace_bandwidths.length, SEEDED_WORKSPACE_BANDWIDTHS.length + 1);
    assert.equal((await findCreated(P, 'subnet-9', 'office')).status, 'CREATING');

    clock.advance(300);
    r = await job(P, id);
    assert.equal(r.json.status, 'SUCCESS');
    assert.match(r.json.end_time, TIMESTAMP_RE);
    assert.equal(r.json.sub_jobs[0].status, 'SUCCESS');
    assert.equal(r.json.sub_jobs[0].process, 100);
    // The job carries only documented fields: no entities (they describe desktops), no bandwidth id anywhere.
    assert.equal(r.json.entities, undefined);
    assert.equal(r.json.sub_jobs[0].entities, undefined);
    assert.equal(r.json.job_error_code, undefined);
    const listed = await findCreated(P, 'subnet-9', 'office');
    const bwId = listed.bandwidth_id;
    assert.match(bwId, UUID_RE);
    assert.equal(listed.status, 'ACTIVE');
    assert.ok(!r.text.includes(bwId), 'no bandwidth id in the job');

    const bw = await bandwidth(P, bwId);
    assert.equal(bw.bandwidth_name, 'office');
    assert.equal(bw.size, 30);
    assert.equal(bw.charge_mode, 'wks_bandwidth');
    assert.equal(bw.subnet_id, 'subnet-9');
    assert.equal(bw.status, 'ACTIVE');
    assert.match(bw.order_id, /^CS/);

    // a created yearly/monthly bandwidth can take a change order
    const ch = await change(P, bwId, { bandwidth_size: '40', extend_param: { is_auto_pay: 'true' } });
    assert.equal(ch.status, 200, ch.text);
  });

  test('a job_fail fault makes the next job end in FAIL, without a bandwidth', async () => {
    const P = 'wp-job-fail';
    const f = await sim.admin('/_sim/faults', { body: { op: 'createWorkspaceBandwidth', kind: 'job_fail' } });
    assert.equal(f.status, 201);
    const id = (await create(P, { subnet_id: 's', charge_mode: 'wks_traffic', bandwidth_size: 5 })).json.job_id;
    clock.advance(400);
    assert.equal((await job(P, id)).json.status, 'RUNNING');
    clock.advance(1200);
    const r = await job(P, id);
    assert.equal(r.json.status, 'FAIL');
    assert.match(r.json.job_error_code, /^WKS\./);
    assert.equal(typeof r.json.fail_reason, 'string');
    assert.equal(r.json.sub_jobs[0].status, 'FAIL');
    assert.equal(r.json.sub_jobs[0].error_code, r.json.job_error_code);
    assert.equal(r.json.entities, undefined);
    assert.equal((await projectState(P)).workspace_bandwidths.length, SEEDED_WORKSPACE_BANDWIDTHS.length);

    // consumed: the next job succeeds; custom code and reason are honoured
    const next = (await create(P, { subnet_id: 's', charge_mode: 'free' })).json.job_id;
    await sim.admin('/_sim/faults', {
      body: { kind: 'job_fail', errorCode: 'WKS.00010123', failReason: 'subnet full' },
    });
    const third = (await create(P, { subnet_id: 's', charge_mode: 'free' })).json.job_id;
    clock.advance(1500);
    assert.equal((await job(P, next)).json.status, 'SUCCESS');
    const failed = await job(P, third);
    assert.equal(failed.json.status, 'FAIL');
    assert.equal(failed.json.job_error_code, 'WKS.00010123');
    assert.equal(failed.json.fail_reason, 'subnet full');
  });

  test("unknown job, or another project's job → 400 WKS.0001", async () => {
    assertWks(await job('wp-job', 'no-such-job'), 400, 'WKS.0001', /no-such-job/);
    const id = (await create('wp-job-a', { subnet_id: 's', charge_mode: 'free' })).json.job_id;
    assert.equal((await job('wp-job-a', id)).status, 200);
    assertWks(await job('wp-job-b', id), 400, 'WKS.0001');
  });
});

describe('changeWorkspaceBandwidth', () => {
  test('seeded yearly/monthly bandwidths exist in every project with fixed ids', async () => {
    const ids = SEEDED_WORKSPACE_BANDWIDTHS.map((b) => b.bandwidth_id);
    for (const id of [YEARLY_1, YEARLY_2, YEARLY_3, PAY_PER_USE]) assert.ok(ids.includes(id), id);
    assert.equal(SEEDED_WORKSPACE_BANDWIDTHS.find((b) => b.bandwidth_id === PAY_PER_USE)!.charge_mode, 'wks_traffic');
    for (const id of [YEARLY_1, YEARLY_2, YEARLY_3]) {
      assert.equal(SEEDED_WORKSPACE_BANDWIDTHS.find((b) => b.bandwidth_id === id)!.charge_mode, 'wks_bandwidth');
    }
  });

  test('auto-paid order → 200 {order_id}; the size changes after autoPaySettleMs', async () => {
    const P = 'wp-change-auto';
    const r = await change(P, YEARLY_1, {
      bandwidth_size: '25',
      bandwidth_name: 'renamed',
      extend_param: { is_auto_pay: 'true' },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), ['order_id', 'job_id']);
    assert.match(r.json.order_id, ORDER_ID_RE);
    assert.match(r.json.job_id, UUID_RE);
    assert.equal((await bandwidth(P, YEARLY_1)).size, 10);
    // in progress: a second change is a conflict
    assertWks(await change(P, YEARLY_1, { bandwidth_size: '30' }), 409, 'WKS.00010032');
    clock.advance(1000);
    const bw = await bandwidth(P, YEARLY_1);
    assert.equal(bw.size, 25);
    assert.equal(bw.bandwidth_name, 'renamed');
    assert.equal(bw.status, 'ACTIVE');
    // other projects keep their own copy of the seed (seeded on their first request)
    await job('wp-change-other', 'touch');
    assert.equal((await bandwidth('wp-change-other', YEARLY_1)).size, 10);
    // settled: the next change is accepted
    assert.equal(
      (await change(P, YEARLY_1, { bandwidth_size: '30', extend_param: { is_auto_pay: 'true' } })).status,
      200,
    );
  });

  test('an unpaid order blocks further changes until paid or cancelled', async () => {
    const P = 'wp-change-unpaid';
    const first = await change(P, YEARLY_2, { bandwidth_size: '40' });
    assert.equal(first.status, 200, first.text);
    assertWks(
      await change(P, YEARLY_2, { bandwidth_size: '50', extend_param: { is_auto_pay: 'true' } }),
      409,
      'WKS.00010032',
      /order/,
    );
    clock.advance(60_000);
    assert.equal((await bandwidth(P, YEARLY_2)).size, 20, 'unpaid orders never apply by themselves');

    const paid = await sim.admin(`/_sim/orders/${first.json.order_id}/pay`, { method: 'POST' });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.json.status, 'completed');
    assert.equal((await bandwidth(P, YEARLY_2)).size, 40);
    assert.equal((await sim.admin(`/_sim/orders/${first.json.order_id}/pay`, { method: 'POST' })).status, 409);

    const second = await change(P, YEARLY_2, { bandwidth_size: '60', extend_param: { is_auto_pay: 'false' } });
    assert.equal(second.status, 200);
    const cancelled = await sim.admin(`/_sim/orders/${second.json.order_id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.json.status, 'cancelled');
    assert.equal((await bandwidth(P, YEARLY_2)).size, 40);
    assert.equal((await change(P, YEARLY_2, { bandwidth_size: '70' })).status, 200);
    assert.equal((await sim.admin('/_sim/orders/CS0000000000NOPE/pay', { method: 'POST' })).status, 404);
  });

  test('pay-per-use bandwidth → 409 WKS.00010032', async () => {
    assertWks(
      await change('wp-change-409', PAY_PER_USE, { bandwidth_size: '20' }),
      409,
      'WKS.00010032',
      /yearly\/monthly/,
    );
    // as is a created pay-per-use one
    const P = 'wp-change-409';
    const id = (await create(P, { subnet_id: 's', charge_mode: 'wks_traffic', bandwidth_size: 5 })).json.job_id;
    clock.advance(1500);
    assert.equal((await job(P, id)).json.status, 'SUCCESS');
    const bwId = (await findCreated(P, 's')).bandwidth_id;
    assertWks(await change(P, bwId, { bandwidth_size: '20' }), 409, 'WKS.00010032');
  });

  test('unknown bandwidth → 400 WKS.0001', async () => {
    assertWks(
      await change('wp-change-x', '00000000-0000-4000-8000-000000000000', { bandwidth_size: '20' }),
      400,
      'WKS.0001',
      /does not exist/,
    );
  });

  test('same size as now → 400 WKS.0001', async () => {
    assertWks(await change('wp-change-same', YEARLY_3, { bandwidth_size: '50' }), 400, 'WKS.0001', /bandwidth_size/);
  });

  const bad: [string, unknown, RegExp][] = [
    // The SDK model types bandwidth_size as a String: a JSON number is refused, not coerced.
    ['size as a JSON number', { bandwidth_size: 20 }, /bandwidth_size/],
    ['size missing', { bandwidth_name: 'x' }, /bandwidth_size/],
    ['size "0"', { bandwidth_size: '0' }, /bandwidth_size/],
    ['size "-5"', { bandwidth_size: '-5' }, /bandwidth_size/],
    ['size "20.5"', { bandwidth_size: '20.5' }, /bandwidth_size/],
    ['size "abc"', { bandwidth_size: 'abc' }, /bandwidth_size/],
    ['size ""', { bandwidth_size: '' }, /bandwidth_size/],
    ['is_auto_pay "yes"', { bandwidth_size: '20', extend_param: { is_auto_pay: 'yes' } }, /is_auto_pay/],
    ['is_auto_pay boolean', { bandwidth_size: '20', extend_param: { is_auto_pay: true } }, /is_auto_pay/],
    ['is_auto_pay "TRUE"', { bandwidth_size: '20', extend_param: { is_auto_pay: 'TRUE' } }, /is_auto_pay/],
    ['extend_param not an object', { bandwidth_size: '20', extend_param: 'true' }, /extend_param/],
    ['name of 65', { bandwidth_size: '20', bandwidth_name: 'n'.repeat(65) }, /bandwidth_name/],
  ];
  for (const [name, body, mentions] of bad) {
    test(`refused: ${name} → 400 WKS.0001`, async () => {
      assertWks(await change('wp-change-bad', YEARLY_3, body), 400, 'WKS.0001', mentions);
    });
  }
});

describe('counts', () => {
  test('/_sim/state counts successes, requests counts every request', async () => {
    await sim.admin('/_sim/reset', { method: 'POST' });
    await create('wp-count', { subnet_id: 's', charge_mode: 'free' });
    await create('wp-count', { subnet_id: '', charge_mode: 'free' });
    await change('wp-count', YEARLY_1, { bandwidth_size: '11' });
    await change('wp-count', YEARLY_1, { bandwidth_size: 11 });
    await job('wp-count', 'nope');
    const s = (await sim.admin('/_sim/state')).json;
    const zero = Object.fromEntries(OP_NAMES.map((op) => [op, 0]));
    assert.deepEqual(s.counts, {
      ...zero,
      createWorkspaceBandwidth: 1,
      showWorkspaceJob: 0,
      changeWorkspaceBandwidth: 1,
      createSharedBandwidth: 0,
      createBandwidthPackage: 0,
    });
    assert.deepEqual(s.requests, {
      ...zero,
      createWorkspaceBandwidth: 2,
      showWorkspaceJob: 1,
      changeWorkspaceBandwidth: 2,
      createSharedBandwidth: 0,
      createBandwidthPackage: 0,
    });
    assert.deepEqual(
      s.projects.map((p: { project_id: string }) => p.project_id),
      ['wp-count'],
    );
  });
});
