import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createHuaweiCloudClient,
  type HuaweiCloudClient,
  isUpstreamError,
  OPERATION_NAMES,
  OPERATIONS,
  type UpstreamError,
} from '@bwkit/huaweicloud';
import { OP_NAMES, OP_SERVICE, SEEDED_WORKSPACE_BANDWIDTHS, SIM_PRICING_CODES } from './index.js';
import { type RunningCloudSim, startCloudSim } from './server.js';
import { CN, INTL, SIM_CREDENTIALS } from './test-support.js';

/** The project's typed client, end to end against the simulator over HTTP: every operation, good and bad. */
const PROJECT = '0e69423d4400f4a82f67c0059a1e4cc8';
const DOMAIN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';

async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isUpstreamError(e), `expected an UpstreamError, got ${e}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('@bwkit/huaweicloud client against the simulator', () => {
  let sim: RunningCloudSim;
  let intl: HuaweiCloudClient;
  let cn: HuaweiCloudClient;
  before(async () => {
    sim = await startCloudSim({
      credentials: SIM_CREDENTIALS,
      admin: true,
      job: { runningAfterMs: 0, doneAfterMs: 50 },
    });
    const endpoints = { workspace: sim.url, vpc: sim.url, cc: sim.url, bss: sim.url };
    intl = createHuaweiCloudClient({
      credentials: INTL,
      domainId: DOMAIN,
      projects: { 'ap-southeast-1': PROJECT },
      endpoints,
      timeoutMs: 3000,
    });
    cn = createHuaweiCloudClient({
      credentials: CN,
      domainId: DOMAIN,
      projects: { 'cn-north-4': PROJECT },
      endpoints,
      timeoutMs: 3000,
      site: 'chinese-mainland',
    });
  });
  after(() => sim.close());

  test("the simulator serves exactly the client's operations, each on its service", () => {
    assert.deepEqual([...OP_NAMES].sort(), [...OPERATION_NAMES].sort());
    for (const op of OPERATION_NAMES) assert.equal(OP_SERVICE[op], OPERATIONS[op].service, op);
  });

  test('createWorkspaceBandwidth → job_id; showWorkspaceJob follows it to SUCCESS', async () => {
    const r = await intl.createWorkspaceBandwidth({
      region: 'ap-southeast-1',
      body: { subnet_id: SUBNET, charge_mode: 'wks_bandwidth', bandwidth_size: 10 },
    });
    assert.equal(r.status, 200);
    assert.ok(r.requestId);
    await new Promise((res) => setTimeout(res, 80));
    const job = await intl.showWorkspaceJob({ region: 'ap-southeast-1', jobId: r.data.job_id });
    assert.equal(job.data.status, 'SUCCESS');
    const bad = await upstreamError(
      intl.createWorkspaceBandwidth({
        region: 'ap-southeast-1',
        body: { subnet_id: SUBNET, charge_mode: 'monthly' as never },
      }),
    );
    assert.deepEqual([bad.service, bad.status, bad.code, bad.kind], ['workspace', 400, 'WKS.0001', 'rejected']);
  });

  test('changeWorkspaceBandwidth → order_id; a pay-per-use bandwidth is a conflict', async () => {
    const yearly = SEEDED_WORKSPACE_BANDWIDTHS.find((b) => b.charge_mode === 'wks_bandwidth')!;
    const r = await intl.changeWorkspaceBandwidth({
      region: 'ap-southeast-1',
      bandwidthId: yearly.bandwidth_id,
      body: { bandwidth_size: '20', extend_param: { is_auto_pay: 'true' } },
    });
    assert.ok(r.data.order_id);
    const ppu = SEEDED_WORKSPACE_BANDWIDTHS.find((b) => b.charge_mode !== 'wks_bandwidth')!;
    const e = await upstreamError(
      intl.changeWorkspaceBandwidth({
        region: 'ap-southeast-1',
        bandwidthId: ppu.bandwidth_id,
        body: { bandwidth_size: '20' },
      }),
    );
    assert.deepEqual([e.status, e.kind], [409, 'conflict']);
    assert.ok(e.requestId);
  });

  test('createSharedBandwidth → bandwidth; a bad name is VPC.0301', async () => {
    const r = await intl.createSharedBandwidth({
      region: 'ap-southeast-1',
      body: { bandwidth: { name: 'client-test', size: 350 } },
    });
    assert.equal(r.data.bandwidth.size, 350);
    assert.equal(r.data.bandwidth.share_type, 'WHOLE');
    const e = await upstreamError(
      intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'a b', size: 10 } } }),
    );
    assert.deepEqual([e.service, e.code, e.kind], ['vpc', 'VPC.0301', 'rejected']);
  });

  test('createBandwidthPackage → 201 with request_id; the site decides the billing modes', async () => {
    const body = (billing_mode: 1 | 2 | 3 | 4 | 5 | 6, name: string) => ({
      bandwidth_package: {
        name,
        project_id: PROJECT,
        local_area_id: 'Chinese-Mainland' as const,
        remote_area_id: 'Eastern-Latin-America' as const,
        charge_mode: 'bandwidth' as const,
        billing_mode,
        bandwidth: 5,
      },
    });
    const r = await cn.createBandwidthPackage({ body: body(5, 'client-cn') });
    assert.equal(r.status, 201);
    assert.equal(r.data.bandwidth_package.spec_code, 'bandwidth.cmtoela');
    const e = await upstreamError(intl.createBandwidthPackage({ body: body(5, 'client-intl') }));
    assert.deepEqual([e.service, e.code, e.kind], ['cc', 'CC.1001', 'rejected']);
  });

  test('a wrong SK is an auth error (APIGW.0301), and faults map to their kinds', async () => {
    const wrong = createHuaweiCloudClient({
      credentials: { ak: INTL.ak, sk: 'wrong' },
      domainId: DOMAIN,
      projects: { r: PROJECT },
      endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url },
    });
    const e = await upstreamError(
      wrong.createSharedBandwidth({ region: 'r', body: { bandwidth: { name: 'x', size: 10 } } }),
    );
    assert.deepEqual([e.status, e.code, e.kind], [401, 'APIGW.0301', 'auth']);
    const fault = (f: object) =>
      fetch(`${sim.url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(f),
      });
    await fault({ op: 'createSharedBandwidth', kind: 'rate_limit' });
    const limited = await upstreamError(
      intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'x', size: 10 } } }),
    );
    assert.deepEqual([limited.code, limited.kind, limited.retryAfterSeconds], ['APIGW.0308', 'rate_limited', 1]);
    await fault({ op: 'createSharedBandwidth', kind: 'malformed' });
    const garbage = await upstreamError(
      intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'x', size: 10 } } }),
    );
    assert.equal(garbage.kind, 'bad_response');
    await fault({ op: 'createSharedBandwidth', kind: 'reset' });
    const reset = await upstreamError(
      intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'x', size: 10 } } }),
    );
    assert.deepEqual([reset.code, reset.kind], ['NETWORK', 'unavailable']);
  });

  test('listWorkspaceSubnets, then listWorkspaceBandwidths by subnet finds a created bandwidth (the job has no id)', async () => {
    const subnets = await intl.listWorkspaceSubnets({ region: 'ap-southeast-1' });
    assert.equal(subnets.status, 200);
    const free = subnets.data.subnets!.find((s) => s.unused)!;
    assert.ok(free.id && free.cidr && free.vpc_id);
    const byVpc = await intl.listWorkspaceSubnets({ region: 'ap-southeast-1', query: { vpc_id: free.vpc_id! } });
    assert.ok(byVpc.data.subnets!.every((s) => s.vpc_id === free.vpc_id));
    const created = await intl.createWorkspaceBandwidth({
      region: 'ap-southeast-1',
      body: { subnet_id: free.id!, charge_mode: 'wks_bandwidth', bandwidth_size: 12, bandwidth_name: 'client-list' },
    });
    await new Promise((res) => setTimeout(res, 80));
    const job = await intl.showWorkspaceJob({ region: 'ap-southeast-1', jobId: created.data.job_id });
    assert.equal(job.data.status, 'SUCCESS');
    assert.equal(job.data.sub_jobs?.[0]?.entities, undefined);
    const found = await intl.listWorkspaceBandwidths({
      region: 'ap-southeast-1',
      query: { subnet_id: free.id!, bandwidth_name: 'client-list' },
    });
    assert.equal(found.data.total_count, 1);
    const bw = found.data.bandwidths![0]!;
    assert.deepEqual([bw.size, bw.status, bw.charge_mode], [12, 'ACTIVE', 'wks_bandwidth']);
    assert.match(bw.order_id!, /^CS/);
    const page = await intl.listWorkspaceBandwidths({ region: 'ap-southeast-1', query: { offset: 0, limit: 2 } });
    assert.equal(page.data.bandwidths!.length, 2);
    assert.ok(page.data.total_count! > 2);
    const bad = await upstreamError(intl.listWorkspaceBandwidths({ region: 'ap-southeast-1', query: { limit: 0 } }));
    assert.deepEqual([bad.service, bad.status, bad.code], ['workspace', 400, 'WKS.0001']);
  });

  test('listSharedBandwidths pages by marker', async () => {
    for (const name of ['client-list-1', 'client-list-2', 'client-list-3']) {
      await intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name, size: 10 } } });
    }
    const all = await intl.listSharedBandwidths({ region: 'ap-southeast-1', query: { share_type: 'WHOLE' } });
    assert.ok(all.data.bandwidths!.length >= 3);
    const first = await intl.listSharedBandwidths({ region: 'ap-southeast-1', query: { limit: 1 } });
    const next = await intl.listSharedBandwidths({
      region: 'ap-southeast-1',
      query: { limit: 1, marker: first.data.bandwidths![0]!.id! },
    });
    assert.equal(next.data.bandwidths![0]!.id, all.data.bandwidths![1]!.id);
  });

  test('listCloudConnections with csv filters and marker pages; listBandwidthPackages shows a bound package', async () => {
    const conns = await intl.listCloudConnections();
    assert.ok(conns.data.cloud_connections.length >= 3);
    assert.ok(conns.requestId);
    const active = await intl.listCloudConnections({ query: { status: ['ACTIVE'] } });
    assert.ok(active.data.cloud_connections.every((c) => c.status === 'ACTIVE'));
    const ids = conns.data.cloud_connections.map((c) => c.id);
    const two = await intl.listCloudConnections({ query: { id: [ids[0]!, ids[1]!] } });
    assert.deepEqual(
      two.data.cloud_connections.map((c) => c.id),
      ids.slice(0, 2),
    );
    const p1 = await intl.listCloudConnections({ query: { limit: 1 } });
    const p2 = await intl.listCloudConnections({ query: { limit: 1, marker: p1.data.page_info.next_marker! } });
    assert.equal(p2.data.cloud_connections[0]!.id, ids[1]);
    await intl.createBandwidthPackage({
      body: {
        bandwidth_package: {
          name: 'client-bound',
          project_id: PROJECT,
          local_area_id: 'Chinese-Mainland',
          remote_area_id: 'Asia-Pacific',
          charge_mode: 'bandwidth',
          billing_mode: 4,
          bandwidth: 5,
          resource_id: ids[0]!,
          resource_type: 'cloud_connection',
        },
      },
    });
    const bound = await intl.listBandwidthPackages({ query: { cloud_connection_id: [ids[0]!] } });
    assert.deepEqual(
      bound.data.bandwidth_packages.map((p) => p.name),
      ['client-bound'],
    );
    const e = await upstreamError(intl.listCloudConnections({ query: { limit: 5000 } }));
    assert.deepEqual([e.service, e.code], ['cc', 'CC.1001']);
  });

  test('ratePeriodProducts and rateOnDemandProducts: USD on the international site, CNY on the Chinese mainland one', async () => {
    const codes = SIM_PRICING_CODES.createSharedBandwidth;
    const product = {
      id: '1',
      cloud_service_type: codes.cloudServiceType,
      resource_type: codes.resourceType,
      resource_spec: codes.resourceSpec,
      region: 'ap-southeast-1',
      resource_size: 10,
      size_measure_id: codes.sizeMeasureId,
      subscription_num: 1,
    };
    const period = await intl.ratePeriodProducts({
      body: { project_id: PROJECT, product_infos: [{ ...product, period_type: 2, period_num: 1 }] },
    });
    assert.equal(period.data.currency, 'USD');
    assert.equal((period.data as Record<string, unknown>)['amount'], undefined);
    assert.deepEqual(
      [
        period.data.optional_discount_rating_results![0]!.amount,
        period.data.optional_discount_rating_results![0]!.best_offer,
      ],
      [103.5, 1],
    );
    const cnPeriod = await cn.ratePeriodProducts({
      body: { project_id: PROJECT, product_infos: [{ ...product, period_type: 2, period_num: 1 }] },
    });
    assert.equal(cnPeriod.data.currency, 'CNY');
    const hourly = await intl.rateOnDemandProducts({
      body: {
        project_id: PROJECT,
        product_infos: [
          { ...product, usage_factor: codes.usageFactor, usage_value: 1, usage_measure_id: codes.usageMeasureId },
        ],
      },
    });
    assert.deepEqual([hourly.data.amount, hourly.data.currency], [0.189, 'USD']);
    const e = await upstreamError(
      intl.ratePeriodProducts({
        body: {
          project_id: PROJECT,
          product_infos: [{ ...product, resource_spec: 'nope', period_type: 2, period_num: 1 }],
        },
      }),
    );
    assert.deepEqual([e.service, e.status, e.code, e.kind], ['bss', 400, 'CBC.99006006', 'rejected']);
  });

  test('a change order followed through showOrder, payOrder (empty answer) and cancelOrder', async () => {
    const yearly = SEEDED_WORKSPACE_BANDWIDTHS.filter((b) => b.charge_mode === 'wks_bandwidth')[1]!;
    const placed = await intl.changeWorkspaceBandwidth({
      region: 'ap-southeast-1',
      bandwidthId: yearly.bandwidth_id,
      body: { bandwidth_size: '33' },
    });
    assert.ok(placed.data.job_id);
    const pending = await intl.showOrder({ orderId: placed.data.order_id, language: 'en_US' });
    assert.equal(pending.data.order_info!.status, 6);
    const paid = await intl.payOrder({
      body: { order_id: placed.data.order_id, use_coupon: 'NO', use_discount: 'NO' },
    });
    assert.equal(paid.status, 204);
    assert.deepEqual(paid.data, {});
    assert.equal((await intl.showOrder({ orderId: placed.data.order_id })).data.order_info!.status, 5);
    const listed = await intl.listWorkspaceBandwidths({
      region: 'ap-southeast-1',
      query: { bandwidth_id: yearly.bandwidth_id },
    });
    assert.equal(listed.data.bandwidths![0]!.size, 33);
    const again = await upstreamError(
      intl.payOrder({ body: { order_id: placed.data.order_id, use_coupon: 'NO', use_discount: 'NO' } }),
    );
    assert.deepEqual([again.service, again.code], ['bss', 'CBC.99003106']);

    const second = await intl.changeWorkspaceBandwidth({
      region: 'ap-southeast-1',
      bandwidthId: yearly.bandwidth_id,
      body: { bandwidth_size: '44' },
    });
    const cancelled = await intl.cancelOrder({ body: { order_id: second.data.order_id } });
    assert.equal(cancelled.status, 204);
    assert.deepEqual(cancelled.data, {});
    assert.equal((await intl.showOrder({ orderId: second.data.order_id })).data.order_info!.status, 4);

    const third = await intl.changeWorkspaceBandwidth({
      region: 'ap-southeast-1',
      bandwidthId: yearly.bandwidth_id,
      body: { bandwidth_size: '55' },
    });
    await fetch(`${sim.url}/_sim/balance`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domainId: DOMAIN, amount: 1 }),
    });
    const poor = await upstreamError(
      intl.payOrder({ body: { order_id: third.data.order_id, use_coupon: 'NO', use_discount: 'NO' } }),
    );
    assert.deepEqual([poor.service, poor.status, poor.code], ['bss', 400, 'CBC.99005003']);
    const unknown = await upstreamError(intl.showOrder({ orderId: 'CS0000000000NOPEX' }));
    assert.deepEqual([unknown.status, unknown.code], [400, 'CBC.30000010']);
  });
});
