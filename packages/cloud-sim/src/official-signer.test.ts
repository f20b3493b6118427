/**
 * Requests signed by the OFFICIAL Huawei Cloud Node SDK signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner) are
 * accepted for every operation, query strings included. The SDK hashes JSON.stringify(data) and signs every header it is given
 * plus `host`: we send exactly that body and exactly the headers it returns.
 */

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { TestSim } from './test-support.js';
import { startTestSim, toResult } from './test-support.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: {
    sign(
      request: {
        method: string;
        endpoint: string;
        queryParams: Record<string, string>;
        headers: Record<string, string>;
        data?: unknown;
      },
      credential: { getAk(): string; getSk(): string },
    ): Record<string, string>;
  };
};

const cred = { ak: 'OFFICIALSDKTESTAK001', sk: 'official-sdk-test-secret-key-000000000000' };
let sim: TestSim;
// real clock: the SDK stamps X-Sdk-Date with the current time
before(async () => {
  sim = await startTestSim({ credentials: [cred] });
});
after(() => sim.close());

async function officialCall(
  method: string,
  path: string,
  scope: Record<string, string>,
  data?: unknown,
  queryParams: Record<string, string> = {},
) {
  const endpoint = sim.base + path;
  const headers = AKSKSigner.sign(
    { method, endpoint, queryParams, headers: { 'Content-Type': 'application/json;charset=UTF-8', ...scope }, data },
    { getAk: () => cred.ak, getSk: () => cred.sk },
  );
  assert.match(headers['Authorization'] ?? '', /^SDK-HMAC-SHA256 Access=OFFICIALSDKTESTAK001, SignedHeaders=.*host/);
  const query = new URLSearchParams(queryParams).toString();
  const res = await fetch(query ? `${endpoint}?${query}` : endpoint, {
    method,
    headers,
    body: data === undefined ? undefined : JSON.stringify(data),
  });
  return toResult(res);
}

test('createWorkspaceBandwidth, showWorkspaceJob, changeWorkspaceBandwidth signed by the official SDK', async () => {
  const P = '0e69423d4400f4a82f67c0059a1e4cc8';
  const scope = { 'X-Project-Id': P };
  const created = await officialCall('POST', `/v2/${P}/bandwidths`, scope, {
    subnet_id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583',
    charge_mode: 'wks_bandwidth',
    bandwidth_size: 1,
  });
  assert.equal(created.status, 200, created.text);
  const job = await officialCall('GET', `/v2/${P}/workspace-jobs/${created.json.job_id}`, scope);
  assert.equal(job.status, 200, job.text);
  assert.equal(job.json.id, created.json.job_id);
  const order = await officialCall(
    'POST',
    `/v2/${P}/bandwidths/3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b/periodic/change/order`,
    scope,
    {
      bandwidth_size: '20',
      extend_param: { is_auto_pay: 'true' },
    },
  );
  assert.equal(order.status, 200, order.text);
  assert.ok(order.json.order_id);
});

test('createSharedBandwidth signed by the official SDK', async () => {
  const P = '26ae5181a416420998eb2093aaed84d9';
  const r = await officialCall(
    'POST',
    `/v2.0/${P}/bandwidths`,
    { 'X-Project-Id': P },
    { bandwidth: { name: 'shared-bw.1', size: '10.2' } },
  );
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.bandwidth.size, 10);
});

test('createBandwidthPackage signed by the official SDK (non-ASCII description included)', async () => {
  const D = 'b1a2c3d4e5f60718293a4b5c6d7e8f90';
  const r = await officialCall(
    'POST',
    `/v3/${D}/ccaas/bandwidth-packages`,
    { 'X-Domain-Id': D },
    {
      bandwidth_package: {
        project_id: 'XXX',
        name: 'test_bwp_name',
        local_area_id: 'Chinese-Mainland',
        remote_area_id: 'Chinese-Mainland',
        bandwidth: 5,
        charge_mode: 'bandwidth',
        billing_mode: 6,
        interflow_mode: 'Area',
        enterprise_project_id: '0',
        description: '总部到分支的带宽包',
      },
    },
  );
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.bandwidth_package.description, '总部到分支的带宽包');
  assert.equal(r.json.bandwidth_package.spec_code, 'bandwidth.cmtocm');
  const counts = (await sim.admin('/_sim/state')).json.counts;
  assert.equal(counts.createBandwidthPackage, 1);
});

test('the list operations, with signed query strings, signed by the official SDK', async () => {
  const P = '0e69423d4400f4a82f67c0059a1e4cc8';
  const D = 'b1a2c3d4e5f60718293a4b5c6d7e8f90';
  const subnets = await officialCall('GET', `/v2/${P}/subnets`, { 'X-Project-Id': P }, undefined, {
    vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  });
  assert.equal(subnets.status, 200, subnets.text);
  assert.ok(subnets.json.subnets.length >= 2);
  const wks = await officialCall('GET', `/v2/${P}/bandwidths`, { 'X-Project-Id': P }, undefined, {
    offset: '0',
    limit: '2',
    bandwidth_name: 'wks-office-beijing',
  });
  assert.equal(wks.status, 200, wks.text);
  assert.equal(wks.json.total_count, 1);
  const vpc = await officialCall('GET', `/v1/${P}/bandwidths`, { 'X-Project-Id': P }, undefined, {
    limit: '10',
    share_type: 'WHOLE',
  });
  assert.equal(vpc.status, 200, vpc.text);
  // csv filters as the SDK sends them: comma-joined in one parameter
  const conns = await officialCall('GET', `/v3/${D}/ccaas/cloud-connections`, { 'X-Domain-Id': D }, undefined, {
    status: 'ACTIVE,FREEZED',
    limit: '2',
  });
  assert.equal(conns.status, 200, conns.text);
  assert.equal(conns.json.page_info.current_count, 2);
  const pkgs = await officialCall('GET', `/v3/${D}/ccaas/bandwidth-packages`, { 'X-Domain-Id': D }, undefined, {
    limit: '5',
  });
  assert.equal(pkgs.status, 200, pkgs.text);
});

test('the BSS operations signed by the official SDK (GlobalCredentials: X-Domain-Id, no id in the path)', async () => {
  const P = '0e69423d4400f4a82f67c0059a1e4cc8';
  const D = 'b1a2c3d4e5f60718293a4b5c6d7e8f90';
  const scope = { 'X-Domain-Id': D };
  const product = {
    id: '1',
    cloud_service_type: 'hws.service.type.vpc',
    resource_type: 'hws.resource.type.bandwidth',
    resource_spec: '19_share',
    region: 'ap-southeast-1',
    resource_size: 10,
    size_measure_id: 15,
    subscription_num: 1,
  };
  const period = await officialCall('POST', '/v2/bills/ratings/period-resources/subscribe-rate', scope, {
    project_id: P,
    product_infos: [{ ...product, period_type: 2, period_num: 1 }],
  });
  assert.equal(period.status, 200, period.text);
  const hourly = await officialCall('POST', '/v2/bills/ratings/on-demand-resources', scope, {
    project_id: P,
    product_infos: [{ ...product, usage_factor: 'Duration', usage_value: 1, usage_measure_id: 4 }],
  });
  assert.equal(hourly.status, 200, hourly.text);
  const order = await officialCall(
    'POST',
    `/v2/${P}/bandwidths/7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a/periodic/change/order`,
    { 'X-Project-Id': P },
    { bandwidth_size: '60' },
  );
  const id = order.json.order_id;
  const shown = await officialCall('GET', `/v2/orders/customer-orders/details/${id}`, scope, undefined, {
    limit: '10',
    offset: '0',
  });
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.json.order_info.status, 6);
  const cancelled = await officialCall('PUT', '/v2/orders/customer-orders/cancel', scope, { order_id: id });
  assert.equal(cancelled.status, 204, cancelled.text);
  const again = await officialCall(
    'POST',
    `/v2/${P}/bandwidths/7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a/periodic/change/order`,
    { 'X-Project-Id': P },
    { bandwidth_size: '60' },
  );
  const paid = await officialCall('POST', '/v3/orders/customer-orders/pay', scope, {
    order_id: again.json.order_id,
    use_coupon: 'NO',
    use_discount: 'NO',
  });
  assert.equal(paid.status, 204, paid.text);
});

test('a tampered official signature is refused', async () => {
  const P = 'p1';
  const endpoint = `${sim.base}/v2.0/${P}/bandwidths`;
  const data = { bandwidth: { name: 'x', size: 10 } };
  const headers = AKSKSigner.sign(
    {
      method: 'POST',
      endpoint,
      queryParams: {},
      headers: { 'Content-Type': 'application/json', 'X-Project-Id': P },
      data,
    },
    { getAk: () => cred.ak, getSk: () => 'not-the-secret' },
  );
  const r = await toResult(await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(data) }));
  assert.equal(r.status, 401);
  assert.equal(r.json.error_code, 'APIGW.0301');
});
