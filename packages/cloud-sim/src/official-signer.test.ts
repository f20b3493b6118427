/**
 * Requests signed by the OFFICIAL Huawei Cloud Node SDK signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner) are
 * accepted for each of the five operations. The SDK hashes JSON.stringify(data) and signs every header it is given
 * plus `host`: we send exactly that body and exactly the headers it returns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startTestSim, toResult } from './test-support.js';
import type { TestSim } from './test-support.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: {
    sign(
      request: { method: string; endpoint: string; queryParams: Record<string, string>; headers: Record<string, string>; data?: unknown },
      credential: { getAk(): string; getSk(): string },
    ): Record<string, string>;
  };
};

const cred = { ak: 'OFFICIALSDKTESTAK001', sk: 'official-sdk-test-secret-key-000000000000' };
let sim: TestSim;
// real clock: the SDK stamps X-Sdk-Date with the current time
before(async () => { sim = await startTestSim({ credentials: [cred] }); });
after(() => sim.close());

async function officialCall(method: string, path: string, scope: Record<string, string>, data?: unknown) {
  const endpoint = sim.base + path;
  const headers = AKSKSigner.sign(
    { method, endpoint, queryParams: {}, headers: { 'Content-Type': 'application/json;charset=UTF-8', ...scope }, data },
    { getAk: () => cred.ak, getSk: () => cred.sk },
  );
  assert.match(headers['Authorization'] ?? '', /^SDK-HMAC-SHA256 Access=OFFICIALSDKTESTAK001, SignedHeaders=.*host/);
  const res = await fetch(endpoint, { method, headers, body: data === undefined ? undefined : JSON.stringify(data) });
  return toResult(res);
}

test('createWorkspaceBandwidth, showWorkspaceJob, changeWorkspaceBandwidth signed by the official SDK', async () => {
  const P = '0e69423d4400f4a82f67c0059a1e4cc8';
  const scope = { 'X-Project-Id': P };
  const created = await officialCall('POST', `/v2/${P}/bandwidths`, scope, { subnet_id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', charge_mode: 'wks_bandwidth', bandwidth_size: 1 });
  assert.equal(created.status, 200, created.text);
  const job = await officialCall('GET', `/v2/${P}/workspace-jobs/${created.json.job_id}`, scope);
  assert.equal(job.status, 200, job.text);
  assert.equal(job.json.id, created.json.job_id);
  const order = await officialCall('POST', `/v2/${P}/bandwidths/3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b/periodic/change/order`, scope, {
    bandwidth_size: '20', extend_param: { is_auto_pay: 'true' },
  });
  assert.equal(order.status, 200, order.text);
  assert.ok(order.json.order_id);
});

test('createSharedBandwidth signed by the official SDK', async () => {
  const P = '26ae5181a416420998eb2093aaed84d9';
  const r = await officialCall('POST', `/v2.0/${P}/bandwidths`, { 'X-Project-Id': P }, { bandwidth: { name: 'shared-bw.1', size: '10.2' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.bandwidth.size, 10);
});

test('createBandwidthPackage signed by the official SDK (non-ASCII description included)', async () => {
  const D = 'b1a2c3d4e5f60718293a4b5c6d7e8f90';
  const r = await officialCall('POST', `/v3/${D}/ccaas/bandwidth-packages`, { 'X-Domain-Id': D }, {
    bandwidth_package: {
      project_id: 'XXX', name: 'test_bwp_name', local_area_id: 'Chinese-Mainland', remote_area_id: 'Chinese-Mainland',
      bandwidth: 5, charge_mode: 'bandwidth', billing_mode: 6, interflow_mode: 'Area', enterprise_project_id: '0',
      description: '总部到分支的带宽包',
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.bandwidth_package.description, '总部到分支的带宽包');
  assert.equal(r.json.bandwidth_package.spec_code, 'bandwidth.cmtocm');
  const counts = (await sim.admin('/_sim/state')).json.counts;
  assert.equal(counts.createBandwidthPackage, 1);
});

test('a tampered official signature is refused', async () => {
  const P = 'p1';
  const endpoint = `${sim.base}/v2.0/${P}/bandwidths`;
  const data = { bandwidth: { name: 'x', size: 10 } };
  const headers = AKSKSigner.sign(
    { method: 'POST', endpoint, queryParams: {}, headers: { 'Content-Type': 'application/json', 'X-Project-Id': P }, data },
    { getAk: () => cred.ak, getSk: () => 'not-the-secret' },
  );
  const r = await toResult(await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(data) }));
  assert.equal(r.status, 401);
  assert.equal(r.json.error_code, 'APIGW.0301');
});
