import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHuaweiCloudClient, isUpstreamError, type HuaweiCloudClient, type UpstreamError } from '@bwkit/huaweicloud';
import { startCloudSim, type RunningCloudSim } from './server.js';
import { SEEDED_WORKSPACE_BANDWIDTHS } from './index.js';
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
    sim = await startCloudSim({ credentials: SIM_CREDENTIALS, admin: true, job: { runningAfterMs: 0, doneAfterMs: 50 } });
    const endpoints = { workspace: sim.url, vpc: sim.url, cc: sim.url };
    intl = createHuaweiCloudClient({ credentials: INTL, domainId: DOMAIN, projects: { 'ap-southeast-1': PROJECT }, endpoints, timeoutMs: 3000 });
    cn = createHuaweiCloudClient({ credentials: CN, domainId: DOMAIN, projects: { 'cn-north-4': PROJECT }, endpoints, timeoutMs: 3000 });
  });
  after(() => sim.close());

  test('createWorkspaceBandwidth → job_id; showWorkspaceJob follows it to SUCCESS', async () => {
    const r = await intl.createWorkspaceBandwidth({ region: 'ap-southeast-1', body: { subnet_id: SUBNET, charge_mode: 'wks_bandwidth', bandwidth_size: 10 } });
    assert.equal(r.status, 200);
    assert.ok(r.requestId);
    await new Promise((res) => setTimeout(res, 80));
    const job = await intl.showWorkspaceJob({ region: 'ap-southeast-1', jobId: r.data.job_id });
    assert.equal(job.data.status, 'SUCCESS');
    const bad = await upstreamError(intl.createWorkspaceBandwidth({ region: 'ap-southeast-1', body: { subnet_id: SUBNET, charge_mode: 'monthly' as never } }));
    assert.deepEqual([bad.service, bad.status, bad.code, bad.kind], ['workspace', 400, 'WKS.0001', 'rejected']);
  });

  test('changeWorkspaceBandwidth → order_id; a pay-per-use bandwidth is a conflict', async () => {
    const yearly = SEEDED_WORKSPACE_BANDWIDTHS.find((b) => b.charge_mode === 'wks_bandwidth')!;
    const r = await intl.changeWorkspaceBandwidth({ region: 'ap-southeast-1', bandwidthId: yearly.bandwidth_id,
      body: { bandwidth_size: '20', extend_param: { is_auto_pay: 'true' } } });
    assert.ok(r.data.order_id);
    const ppu = SEEDED_WORKSPACE_BANDWIDTHS.find((b) => b.charge_mode !== 'wks_bandwidth')!;
    const e = await upstreamError(intl.changeWorkspaceBandwidth({ region: 'ap-southeast-1', bandwidthId: ppu.bandwidth_id, body: { bandwidth_size: '20' } }));
    assert.deepEqual([e.status, e.kind], [409, 'conflict']);
    assert.ok(e.requestId);
  });

  test('createSharedBandwidth → bandwidth; a bad name is VPC.0301', async () => {
    const r = await intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'client-test', size: 350 } } });
    assert.equal(r.data.bandwidth.size, 350);
    assert.equal(r.data.bandwidth.share_type, 'WHOLE');
    const e = await upstreamError(intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'a b', size: 10 } } }));
    assert.deepEqual([e.service, e.code, e.kind], ['vpc', 'VPC.0301', 'rejected']);
  });

  test('createBandwidthPackage → 201 with request_id; the site decides the billing modes', async () => {
    const body = (billing_mode: 1 | 2 | 3 | 4 | 5 | 6, name: string) => ({
      bandwidth_package: { name, project_id: PROJECT, local_area_id: 'Chinese-Mainland' as const, remote_area_id: 'Eastern-Latin-America' as const,
        charge_mode: 'bandwidth' as const, billing_mode, bandwidth: 5 },
    });
    const r = await cn.createBandwidthPackage({ body: body(5, 'client-cn') });
    assert.equal(r.status, 201);
    assert.equal(r.data.bandwidth_package.spec_code, 'bandwidth.cmtoela');
    const e = await upstreamError(intl.createBandwidthPackage({ body: body(5, 'client-intl') }));
    assert.deepEqual([e.service, e.code, e.kind], ['cc', 'CC.1001', 'rejected']);
  });

  test('a wrong SK is an auth error (APIGW.0301), and faults map to their kinds', async () => {
    const wrong = createHuaweiCloudClient({ credentials: { ak: INTL.ak, sk: 'wrong' }, domainId: DOMAIN, projects: { r: PROJECT },
      endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url } });
    const e = await upstreamError(wrong.createSharedBandwidth({ region: 'r', body: { bandwidth: { name: 'x', size: 10 } } }));
    assert.deepEqual([e.status, e.code, e.kind], [401, 'APIGW.0301', 'auth']);
    const fault = (f: object) => fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) });
    await fault({ op: 'createSharedBandwidth', kind: 'rate_limit' });
    const limited = await upstreamError(intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'x', size: 10 } } }));
    assert.deepEqual([limited.code, limited.kind, limited.retryAfterSeconds], ['APIGW.0308', 'rate_limited', 1]);
    await fault({ op: 'createSharedBandwidth', kind: 'malformed' });
    const garbage = await upstreamError(intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'x', size: 10 } } }));
    assert.equal(garbage.kind, 'bad_response');
    await fault({ op: 'createSharedBandwidth', kind: 'reset' });
    const reset = await upstreamError(intl.createSharedBandwidth({ region: 'ap-southeast-1', body: { bandwidth: { name: 'x', size: 10 } } }));
    assert.deepEqual([reset.code, reset.kind], ['NETWORK', 'unavailable']);
  });
});
