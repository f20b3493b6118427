import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mintToken, newKey, SUBNET, startTestGateway, type TestGateway, YEARLY_BANDWIDTHS } from './testing/index.js';

/**
 * Every documented rule, refused by the BFF with 422 and the field path — before anything reaches the cloud.
 * Sources: the Huawei Cloud API pages "Workspace: Creating a Bandwidth", "Workspace: Changing the Bandwidth of a
 * Yearly/Monthly Bandwidth", "VPC: Assigning a Shared Bandwidth" and "Cloud Connect: Creating a Bandwidth Package".
 */
const pkg = { name: 'pkg', localArea: 'Asia-Pacific', remoteArea: 'Africa', billingMode: 4, sizeMbps: 10 };
const prepaidIntl = {
  ...pkg,
  billingMode: 2,
  prepaid: { periodType: 'month', periodCount: 1, autoRenew: false, autoPay: true },
};

type Case = [label: string, tenant: 'acme' | 'globex', path: string, body: unknown, field: string, code?: string];
const cases: Case[] = [
  // VPC shared bandwidth (API page: Assigning a Shared Bandwidth)
  ['name with a space', 'acme', '/v1/shared-bandwidths', { name: 'a b', sizeMbps: 10 }, 'name', 'name_chars'],
  ['name of 65 characters', 'acme', '/v1/shared-bandwidths', { name: 'a'.repeat(65), sizeMbps: 10 }, 'name'],
  ['empty name', 'acme', '/v1/shared-bandwidths', { name: '', sizeMbps: 10 }, 'name'],
  [
    'size below the tenant minimum',
    'acme',
    '/v1/shared-bandwidths',
    { name: 'bw', sizeMbps: 4 },
    'sizeMbps',
    'too_small',
  ],
  [
    'size 301: above 300 the step is 50',
    'acme',
    '/v1/shared-bandwidths',
    { name: 'bw', sizeMbps: 301 },
    'sizeMbps',
    'size_step',
  ],
  [
    'size 1050: above 1000 the step is 500',
    'globex',
    '/v1/shared-bandwidths',
    { name: 'bw', sizeMbps: 1050 },
    'sizeMbps',
    'size_step',
  ],
  [
    'size above the tenant maximum',
    'acme',
    '/v1/shared-bandwidths',
    { name: 'bw', sizeMbps: 1500 },
    'sizeMbps',
    'too_big',
  ],
  ['fractional size', 'acme', '/v1/shared-bandwidths', { name: 'bw', sizeMbps: 10.5 }, 'sizeMbps', 'not_integer'],
  [
    "region outside the tenant's list",
    'acme',
    '/v1/shared-bandwidths',
    { name: 'bw', sizeMbps: 10, region: 'cn-north-4' },
    'region',
    'region_not_allowed',
  ],
  // Cloud Connect bandwidth package (API page: Creating a Bandwidth Package)
  [
    'pair without a spec code',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, localArea: 'Africa', remoteArea: 'Africa' },
    'remoteArea',
    'spec_code_unavailable',
  ],
  [
    'spec code sold only on the international site',
    'globex',
    '/v1/bandwidth-packages',
    { ...pkg, localArea: 'Asia-Pacific', remoteArea: 'Asia-Pacific', billingMode: 3 },
    'remoteArea',
    'spec_code_not_on_site',
  ],
  [
    'spec code that does not match the areas',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, specCode: 'bandwidth.cmtocm' },
    'specCode',
    'spec_code_mismatch',
  ],
  ['unknown area', 'acme', '/v1/bandwidth-packages', { ...pkg, localArea: 'Europe' }, 'localArea', 'invalid_enum'],
  [
    'billing mode of the other site',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, billingMode: 3 },
    'billingMode',
    'billing_mode_not_on_site',
  ],
  ['billing mode 7 (not creatable)', 'acme', '/v1/bandwidth-packages', { ...pkg, billingMode: 7 }, 'billingMode'],
  [
    'yearly/monthly without a period',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, billingMode: 2 },
    'prepaid',
    'prepaid_required',
  ],
  [
    'prepaid options with pay-per-use',
    'acme',
    '/v1/bandwidth-packages',
    { ...prepaidIntl, billingMode: 4 },
    'prepaid',
    'prepaid_not_allowed',
  ],
  [
    '10 months',
    'acme',
    '/v1/bandwidth-packages',
    { ...prepaidIntl, prepaid: { ...prepaidIntl.prepaid, periodCount: 10 } },
    'prepaid.periodCount',
    'period_range',
  ],
  [
    '0 months',
    'acme',
    '/v1/bandwidth-packages',
    { ...prepaidIntl, prepaid: { ...prepaidIntl.prepaid, periodCount: 0 } },
    'prepaid.periodCount',
    'period_range',
  ],
  [
    '4 years',
    'acme',
    '/v1/bandwidth-packages',
    { ...prepaidIntl, prepaid: { ...prepaidIntl.prepaid, periodType: 'year', periodCount: 4 } },
    'prepaid.periodCount',
    'period_range',
  ],
  [
    'period type week',
    'acme',
    '/v1/bandwidth-packages',
    { ...prepaidIntl, prepaid: { ...prepaidIntl.prepaid, periodType: 'week' } },
    'prepaid.periodType',
    'invalid_enum',
  ],
  [
    'description with <',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, description: 'a <b>' },
    'description',
    'angle_brackets',
  ],
  [
    'description of 86 characters',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, description: 'd'.repeat(86) },
    'description',
    'too_long',
  ],
  [
    'charge mode other than bandwidth',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, chargeMode: 'traffic' },
    'chargeMode',
  ],
  [
    'package size above the tenant maximum',
    'globex',
    '/v1/bandwidth-packages',
    { ...pkg, remoteArea: 'Eastern-Latin-America', billingMode: 3, sizeMbps: 501 },
    'sizeMbps',
    'too_big',
  ],
  [
    'resource type without a resource id',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, resourceType: 'cloud_connection' },
    'resourceId',
    'resource_id_required',
  ],
  ['package name of 65 characters', 'acme', '/v1/bandwidth-packages', { ...pkg, name: 'p'.repeat(65) }, 'name'],
  [
    'interflow mode unknown',
    'acme',
    '/v1/bandwidth-packages',
    { ...pkg, interflowMode: 'Planet' },
    'interflowMode',
    'invalid_enum',
  ],
  // Workspace create (API page: Creating a Bandwidth)
  [
    'charge mode not in the enum',
    'acme',
    '/v1/workspace-bandwidths',
    { subnetId: SUBNET, chargeMode: 'monthly', sizeMbps: 10 },
    'chargeMode',
    'invalid_enum',
  ],
  [
    'billed by bandwidth without a size',
    'acme',
    '/v1/workspace-bandwidths',
    { subnetId: SUBNET, chargeMode: 'wks_bandwidth' },
    'sizeMbps',
    'required',
  ],
  [
    'subnet id that is not a UUID',
    'acme',
    '/v1/workspace-bandwidths',
    { subnetId: 'subnet-1', chargeMode: 'free' },
    'subnetId',
    'invalid_uuid',
  ],
  ['missing subnet id', 'acme', '/v1/workspace-bandwidths', { chargeMode: 'free' }, 'subnetId', 'required'],
  [
    'Workspace size above the tenant maximum',
    'globex',
    '/v1/workspace-bandwidths',
    { subnetId: SUBNET, chargeMode: 'wks_traffic', sizeMbps: 501 },
    'sizeMbps',
    'too_big',
  ],
  // Workspace change order (API page: Changing the Bandwidth of a Yearly/Monthly Bandwidth)
  [
    'change order without a size',
    'acme',
    `/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[0]}/change-orders`,
    { autoPay: true },
    'sizeMbps',
    'required',
  ],
  [
    'change order with autoPay as a string',
    'acme',
    `/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[0]}/change-orders`,
    { sizeMbps: 10, autoPay: 'yes' },
    'autoPay',
  ],
  [
    "change order in a region outside the tenant's list",
    'globex',
    `/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[0]}/change-orders`,
    { sizeMbps: 10, autoPay: true, region: 'ap-southeast-1' },
    'region',
    'region_not_allowed',
  ],
  [
    'change order on an id with bad characters',
    'acme',
    '/v1/workspace-bandwidths/bad%20id!/change-orders',
    { sizeMbps: 10, autoPay: true },
    'bandwidthId',
  ],
];

describe('every documented rule → 422 validation_failed with its field path, nothing sent upstream', () => {
  let gw: TestGateway;
  const tokens: Record<string, string> = {};
  before(async () => {
    gw = await startTestGateway();
    tokens['acme'] = await mintToken({ tenant: 'acme' });
    tokens['globex'] = await mintToken({ tenant: 'globex' });
  });
  after(() => gw.close());

  for (const [label, tenant, path, body, field, code] of cases) {
    test(`${label} (${tenant})`, async () => {
      const res = await gw.call(path, { token: tokens[tenant], key: newKey(), body });
      assert.equal(res.status, 422);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      const p = await res.json();
      assert.equal(p.code, 'validation_failed');
      const issue = p.fields.find((f: { path: string }) => f.path === field);
      assert.ok(issue, `expected a field error on ${field}, got ${JSON.stringify(p.fields)}`);
      if (code) assert.equal(issue.code, code);
      assert.ok(
        issue.message.length > 10 && !/invalid input/i.test(issue.message),
        `a message a person understands: ${issue.message}`,
      );
    });
  }

  test('valid boundary values pass the same rules (300, 350, 1000; 64-char name; 9 months; 3 years; 85-char description)', async () => {
    const ok = async (path: string, body: unknown, tenant = 'acme') => {
      const r = await gw.call(path, { token: tokens[tenant], key: newKey(), body });
      assert.ok(r.status < 300, `${path} ${JSON.stringify(body)} → ${r.status} ${await r.text()}`);
    };
    for (const sizeMbps of [5, 300, 350, 1000]) await ok('/v1/shared-bandwidths', { name: 'b_.-1', sizeMbps });
    await ok('/v1/shared-bandwidths', { name: 'n'.repeat(64), sizeMbps: 2000 }, 'globex');
    await ok('/v1/bandwidth-packages', {
      ...prepaidIntl,
      name: newKey('p'),
      prepaid: { ...prepaidIntl.prepaid, periodCount: 9 },
    });
    await ok('/v1/bandwidth-packages', {
      ...prepaidIntl,
      name: newKey('p'),
      prepaid: { ...prepaidIntl.prepaid, periodType: 'year', periodCount: 3 },
    });
    await ok('/v1/bandwidth-packages', { ...pkg, name: newKey('p'), description: 'd'.repeat(85) });
    await ok('/v1/workspace-bandwidths', { subnetId: SUBNET, chargeMode: 'free' });
  });

  test('none of the refused requests reached the cloud', async () => {
    const state = await gw.simState();
    // Only the boundary test above created anything: 4 + 1 shared bandwidths, 3 packages, 1 Workspace bandwidth.
    assert.equal(state.counts['createSharedBandwidth'], 5);
    assert.equal(state.counts['createBandwidthPackage'], 3);
    assert.equal(state.counts['createWorkspaceBandwidth'], 1);
    assert.equal(state.counts['changeWorkspaceBandwidth'], 0);
  });
});
