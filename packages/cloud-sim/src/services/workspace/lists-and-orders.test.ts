/**
 * Workspace: listWorkspaceSubnets, listWorkspaceBandwidths, and the faithful state behind them — a created bandwidth
 * listed while its job runs, yearly/monthly purchases and change orders that go through BSS orders.
 */

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sign } from '@bwkit/huaweicloud';
import { SEEDED_WORKSPACE_BANDWIDTHS, SEEDED_WORKSPACE_SUBNETS } from '../../index.js';
import type { CallResult, TestSim } from '../../test-support.js';
import { fakeClock, INTL, startTestSim, UUID_RE } from '../../test-support.js';

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
beforeEach(async () => {
  await sim.admin('/_sim/reset', { method: 'POST' });
});

const P = 'wl-project';
const TEST_SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';
const FREE_SUBNET = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const YEARLY = '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b';

const subnets = (query = '') => sim.call(`/v2/${P}/subnets${query}`);
const bandwidths = (query = '') => sim.call(`/v2/${P}/bandwidths${query}`);
const create = (body: unknown) => sim.call(`/v2/${P}/bandwidths`, { body });
const job = (id: string) => sim.call(`/v2/${P}/workspace-jobs/${id}`);
const change = (id: string, body: unknown) => sim.call(`/v2/${P}/bandwidths/${id}/periodic/change/order`, { body });
const order = (id: string) => sim.call(`/v2/orders/customer-orders/details/${id}`);
const one = async (id: string) => (await bandwidths(`?bandwidth_id=${id}`)).json.bandwidths[0];

function assertWks(r: CallResult, status: number, code: string, mentions?: RegExp) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error_code, code, r.text);
  if (mentions) assert.match(r.json.error_msg, mentions);
}

describe('listWorkspaceSubnets', () => {
  test("seeded subnets with every documented field, including the test subnet and every seeded bandwidth's", async () => {
    const r = await subnets();
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['subnet_size', 'subnets']);
    assert.ok(r.json.subnets.length >= 4);
    assert.equal(r.json.subnet_size, r.json.subnets.length);
    const ids = r.json.subnets.map((s: { id: string }) => s.id);
    assert.ok(ids.includes(TEST_SUBNET));
    for (const b of SEEDED_WORKSPACE_BANDWIDTHS) assert.ok(ids.includes(b.subnet_id), b.subnet_id);
    assert.equal(new Set(r.json.subnets.map((s: { cidr: string }) => s.cidr)).size, ids.length, 'distinct CIDRs');
    for (const s of r.json.subnets) {
      assert.deepEqual(Object.keys(s).sort(), [
        'availability_zone',
        'checked',
        'cidr',
        'description',
        'dhcp_enable',
        'gateway_ip',
        'id',
        'ipv6_enable',
        'name',
        'neutron_subnet_id',
        'primary_dns',
        'secondary_dns',
        'status',
        'unused',
        'vpc_id',
      ]);
      assert.match(s.id, UUID_RE);
      assert.match(s.cidr, /^\d+\.\d+\.\d+\.0\/24$/);
      assert.match(s.availability_zone, /^ap-southeast-1[a-c]$/);
    }
    // a subnet with a bandwidth is in use, one without is not
    const byId = Object.fromEntries(r.json.subnets.map((s: { id: string }) => [s.id, s]));
    assert.equal(byId[TEST_SUBNET].unused, false);
    assert.equal(byId[FREE_SUBNET].unused, true);
  });

  test('filters: vpc_id, availability_zone_id', async () => {
    const vpc = SEEDED_WORKSPACE_SUBNETS[0]!.vpc_id;
    const r = await subnets(`?vpc_id=${vpc}`);
    assert.ok(r.json.subnets.length >= 2);
    assert.ok(r.json.subnets.every((s: { vpc_id: string }) => s.vpc_id === vpc));
    const az = await subnets('?availability_zone_id=ap-southeast-1c');
    assert.deepEqual(
      az.json.subnets.map((s: { id: string }) => s.id),
      [FREE_SUBNET],
    );
    assert.deepEqual((await subnets('?vpc_id=none')).json, { subnet_size: 0, subnets: [] });
  });

  test('the availability zones follow the region of the Host the request was signed for', async () => {
    const host = 'workspace.cn-north-4.myhuaweicloud.com';
    const path = '/v2/wl-cn-project/subnets';
    const signed = await sign(
      { method: 'GET', url: `https://${host}${path}`, headers: { 'X-Project-Id': 'wl-cn-project' } },
      INTL,
      clock.now(),
    );
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: sim.running.port, method: 'GET', path, headers: signed.headers },
        (res) => {
          let out = '';
          res.on('data', (d: Buffer) => {
            out += d.toString();
          });
          res.on('end', () => resolve(out));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const zones = JSON.parse(text).subnets.map((s: { availability_zone: string }) => s.availability_zone);
    assert.ok(zones.length >= 4 && zones.every((z: string) => /^cn-north-4[a-c]$/.test(z)), zones.join());
  });
});

test("a project configured for a region lists subnets in that region's zones though the Host names none", async () => {
  const regional = await startTestSim({ now: clock.now, projectRegions: { 'wl-as3-project': 'ap-southeast-3' } });
  try {
    for (let i = 0; i < 2; i++) {
      // also after a reset: the regions are configuration, not state
      const r = await regional.call('/v2/wl-as3-project/subnets');
      const zones = r.json.subnets.map((s: { availability_zone: string }) => s.availability_zone);
      assert.ok(zones.length >= 4 && zones.every((z: string) => /^ap-southeast-3[a-c]$/.test(z)), zones.join());
      await regional.admin('/_sim/reset', { method: 'POST' });
    }
    const other = (await regional.call(`/v2/${P}/subnets`)).json.subnets[0].availability_zone;
    assert.match(other, /^ap-southeast-1[a-c]$/);
  } finally {
    await regional.close();
  }
});

describe('listWorkspaceBandwidths', () => {
  test('the seeded bandwidths with the documented fields, names resolved from their subnets', async () => {
    const r = await bandwidths();
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['bandwidths', 'total_count']);
    assert.equal(r.json.total_count, SEEDED_WORKSPACE_BANDWIDTHS.length);
    assert.deepEqual(
      r.json.bandwidths.map((b: { bandwidth_id: string }) => b.bandwidth_id),
      SEEDED_WORKSPACE_BANDWIDTHS.map((b) => b.bandwidth_id),
    );
    const first = r.json.bandwidths[0];
    assert.deepEqual(Object.keys(first), [
      'bandwidth_id',
      'bandwidth_name',
      'charge_mode',
      'size',
      'vpc_id',
      'vpc_name',
      'subnet_id',
      'subnet_name',
      'enterprise_project_id',
      'created_at',
      'order_id',
      'status',
      'control_mode',
    ]);
    assert.deepEqual(
      [first.bandwidth_name, first.size, first.subnet_id, first.status, first.control_mode],
      ['wks-office-beijing', 10, TEST_SUBNET, 'ACTIVE', 'BLACK'],
    );
    assert.equal(first.subnet_name, SEEDED_WORKSPACE_SUBNETS.find((s) => s.id === TEST_SUBNET)!.name);
    assert.equal(first.vpc_name, 'vpc-office');
    const traffic = r.json.bandwidths.find((b: { charge_mode: string }) => b.charge_mode === 'wks_traffic');
    assert.equal(traffic.order_id, undefined, 'pay-per-use bandwidth has no order');
  });

  test('filters (exact) and offset/limit pages with total_count', async () => {
    assert.deepEqual(
      (await bandwidths(`?subnet_id=${TEST_SUBNET}`)).json.bandwidths.map(
        (b: { bandwidth_name: string }) => b.bandwidth_name,
      ),
      ['wks-office-beijing'],
    );
    assert.equal((await bandwidths('?bandwidth_name=wks-lab-shenzhen')).json.total_count, 1);
    assert.equal((await bandwidths('?bandwidth_name=wks-lab')).json.total_count, 0);
    assert.equal((await bandwidths('?vpc_id=a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d')).json.total_count, 2);
    assert.equal((await bandwidths(`?bandwidth_id=${YEARLY}`)).json.bandwidths[0].size, 20);
    const page = await bandwidths('?offset=1&limit=2');
    assert.equal(page.json.total_count, 4);
    assert.deepEqual(
      page.json.bandwidths.map((b: { bandwidth_id: string }) => b.bandwidth_id),
      SEEDED_WORKSPACE_BANDWIDTHS.slice(1, 3).map((b) => b.bandwidth_id),
    );
    assert.deepEqual((await bandwidths('?offset=10')).json, { total_count: 4, bandwidths: [] });
    assertWks(await bandwidths('?limit=0'), 400, 'WKS.0001', /limit/);
    assertWks(await bandwidths('?offset=-1'), 400, 'WKS.0001', /offset/);
    assertWks(await bandwidths('?limit=ten'), 400, 'WKS.0001', /limit/);
  });
});

describe('created bandwidths', () => {
  test('listed as CREATING while the job runs, ACTIVE after; the job carries no bandwidth id', async () => {
    const r = await create({
      subnet_id: FREE_SUBNET,
      charge_mode: 'wks_traffic',
      bandwidth_size: 8,
      bandwidth_name: 'floor-3',
    });
    const jobId = r.json.job_id;
    let listed = (await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.bandwidths;
    assert.equal(listed.length, 1);
    assert.deepEqual(
      [listed[0].bandwidth_name, listed[0].size, listed[0].status, listed[0].vpc_name],
      ['floor-3', 8, 'CREATING', 'vpc-office'],
    );
    assert.equal(listed[0].order_id, undefined, 'pay-per-use: no order');
    assert.equal((await bandwidths()).json.total_count, SEEDED_WORKSPACE_BANDWIDTHS.length + 1);
    clock.advance(1500);
    const done = await job(jobId);
    assert.equal(done.json.status, 'SUCCESS');
    listed = (await bandwidths(`?subnet_id=${FREE_SUBNET}&bandwidth_name=floor-3`)).json.bandwidths;
    assert.equal(listed[0].status, 'ACTIVE');
    assert.ok(!done.text.includes(listed[0].bandwidth_id));
    for (const sub of done.json.sub_jobs) {
      assert.equal(sub.entities, undefined);
      assert.equal(sub.job_id, jobId);
      assert.equal(sub.project_id, P);
    }
    assert.equal((await subnets('?availability_zone_id=ap-southeast-1c')).json.subnets[0].unused, false);
  });

  test('a failed job removes the bandwidth from the list', async () => {
    await sim.admin('/_sim/faults', { body: { kind: 'job_fail' } });
    const jobId = (await create({ subnet_id: FREE_SUBNET, charge_mode: 'wks_bandwidth', bandwidth_size: 8 })).json
      .job_id;
    const listed = (await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.bandwidths;
    assert.equal(listed[0].status, 'CREATING');
    clock.advance(1500);
    assert.equal((await job(jobId)).json.status, 'FAIL');
    assert.equal((await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.total_count, 0);
    // its order is not left waiting for payment
    assert.equal((await order(listed[0].order_id)).json.order_info.status, 4);
  });

  test('wks_bandwidth places a new-purchase order pending payment (6), recorded in order_id; paying completes it', async () => {
    const jobId = (await create({ subnet_id: FREE_SUBNET, charge_mode: 'wks_bandwidth', bandwidth_size: 10 })).json
      .job_id;
    const bw = (await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.bandwidths[0];
    assert.match(bw.order_id, /^CS\d{10}[A-Z]{5}$/);
    const o = (await order(bw.order_id)).json.order_info;
    assert.deepEqual(
      [o.status, o.order_type, o.official_amount, o.amount_after_discount, o.currency],
      [6, 1, 85, 76.5, 'USD'],
    );
    assert.ok(!(await job(jobId)).text.includes(bw.order_id), 'the order id is not in the job either');
    const paid = await sim.call('/v3/orders/customer-orders/pay', {
      body: { order_id: bw.order_id, use_coupon: 'NO', use_discount: 'NO' },
    });
    assert.equal(paid.status, 204);
    assert.equal((await order(bw.order_id)).json.order_info.status, 5);
    clock.advance(1500);
    assert.equal((await one(bw.bandwidth_id)).status, 'ACTIVE');
  });

  test('cancelling the new-purchase order: the bandwidth is not bought (gone) and its job fails', async () => {
    const jobId = (await create({ subnet_id: FREE_SUBNET, charge_mode: 'wks_bandwidth', bandwidth_size: 10 })).json
      .job_id;
    const bw = (await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.bandwidths[0];
    const r = await sim.call('/v2/orders/customer-orders/cancel', { method: 'PUT', body: { order_id: bw.order_id } });
    assert.equal(r.status, 204);
    assert.equal((await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.total_count, 0);
    const j = await job(jobId);
    assert.equal(j.json.status, 'FAIL');
    assert.match(j.json.fail_reason, /cancelled/);
    clock.advance(1500);
    assert.equal((await job(jobId)).json.status, 'FAIL');
    assert.equal((await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.total_count, 0);
  });

  test('free bandwidth: no order', async () => {
    await create({ subnet_id: FREE_SUBNET, charge_mode: 'free' });
    assert.equal((await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.bandwidths[0].order_id, undefined);
  });

  test('a change order on a bandwidth still being created → 409', async () => {
    await create({ subnet_id: FREE_SUBNET, charge_mode: 'wks_bandwidth', bandwidth_size: 10 });
    const bw = (await bandwidths(`?subnet_id=${FREE_SUBNET}`)).json.bandwidths[0];
    assertWks(await change(bw.bandwidth_id, { bandwidth_size: '20' }), 409, 'WKS.00010032', /being created/);
  });
});

describe('change orders', () => {
  test('pending: UPDATING with the new order_id, order 6, job WAITING; a second change is the 409', async () => {
    const before = await one(YEARLY);
    const r = await change(YEARLY, { bandwidth_size: '45' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), ['order_id', 'job_id']);
    const bw = await one(YEARLY);
    assert.deepEqual([bw.status, bw.order_id, bw.size], ['UPDATING', r.json.order_id, before.size]);
    assert.equal((await order(r.json.order_id)).json.order_info.status, 6);
    const j = await job(r.json.job_id);
    assert.equal(j.json.status, 'WAITING');
    assert.equal(j.json.job_type, 'CHANGE_BANDWIDTH');
    assertWks(await change(YEARLY, { bandwidth_size: '50' }), 409, 'WKS.00010032', new RegExp(r.json.order_id));
  });

  test('paying applies the new size: ACTIVE, job SUCCESS, a new change is accepted', async () => {
    const r = await change(YEARLY, { bandwidth_size: '45', bandwidth_name: 'bigger' });
    const paid = await sim.call('/v3/orders/customer-orders/pay', {
      body: { order_id: r.json.order_id, use_coupon: 'NO', use_discount: 'NO' },
    });
    assert.equal(paid.status, 204, paid.text);
    const bw = await one(YEARLY);
    assert.deepEqual([bw.size, bw.bandwidth_name, bw.status, bw.order_id], [45, 'bigger', 'ACTIVE', r.json.order_id]);
    const j = await job(r.json.job_id);
    assert.equal(j.json.status, 'SUCCESS');
    assert.match(j.json.end_time, /Z$/);
    assert.equal((await change(YEARLY, { bandwidth_size: '50' })).status, 200);
  });

  test('cancelling restores ACTIVE and the former order; the job fails; a new change is accepted', async () => {
    const before = await one(YEARLY);
    const r = await change(YEARLY, { bandwidth_size: '45' });
    assert.equal(
      (await sim.call('/v2/orders/customer-orders/cancel', { method: 'PUT', body: { order_id: r.json.order_id } }))
        .status,
      204,
    );
    const bw = await one(YEARLY);
    assert.deepEqual([bw.size, bw.status, bw.order_id], [before.size, 'ACTIVE', before.order_id]);
    assert.equal((await job(r.json.job_id)).json.status, 'FAIL');
    assert.equal((await change(YEARLY, { bandwidth_size: '45' })).status, 200);
  });

  test('auto-pay: order completed (5) at once, UPDATING until it settles, then the new size', async () => {
    const r = await change(YEARLY, { bandwidth_size: '60', extend_param: { is_auto_pay: 'true' } });
    assert.equal((await order(r.json.order_id)).json.order_info.status, 5);
    assert.equal((await one(YEARLY)).status, 'UPDATING');
    clock.advance(1000);
    const bw = await one(YEARLY);
    assert.deepEqual([bw.size, bw.status], [60, 'ACTIVE']);
  });
});
