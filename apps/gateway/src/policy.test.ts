/**
 * Tenant policy over real HTTP: each rule refuses with 422 policy_violation naming the field and the rule before
 * anything reaches the cloud, GET /v1/config shows the policy, and the monthly spend cap counts placed purchases
 * (quoted by the cloud) until the next one would pass it: 403 spend_cap_exceeded.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mintToken, newKey, SUBNET, startTestGateway, type TestGateway, testConfig } from './testing/index.js';

let gw: TestGateway;
let acme: string;
let globex: string;
const GLOBEX_CAP = 3; // CNY: two 10 Mbit/s shared bandwidths (1.35 CNY an hour each in the simulator), not three

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const creates = async (op: string) => (await gw.simState()).counts[op] ?? 0;

before(async () => {
  gw = await startTestGateway({
    raw: testConfig({
      mutate: (r) => {
        r.tenants[0].policy = {
          operations: {
            createSharedBandwidth: { maxSizeMbps: 100, regions: ['ap-southeast-3'] },
            createBandwidthPackage: {
              areas: ['Asia-Pacific', 'Chinese-Mainland'],
              billingModes: [2, 4],
              periodTypes: ['month'],
              maxPeriodCount: 6,
            },
            createWorkspaceBandwidth: { chargeModes: ['wks_traffic'] },
            changeWorkspaceBandwidth: { maxSizeMbps: 30 },
          },
        };
        r.tenants[1].policy = {
          monthlySpendCap: { amount: GLOBEX_CAP, currency: 'CNY' },
          approval: { aboveAmount: 2 },
        };
      },
    }),
  });
  acme = await mintToken();
  globex = await mintToken({ tenant: 'globex' });
});
after(() => gw.close());

const pkg = { name: 'p', localArea: 'Asia-Pacific', remoteArea: 'Chinese-Mainland', sizeMbps: 10 };

describe('operation limits: 422 policy_violation naming field and rule, nothing sent', () => {
  const cases: [string, string, Record<string, unknown>, [string, string][]][] = [
    [
      'shared bandwidth above the policy maximum',
      '/v1/shared-bandwidths',
      { name: 'bw', sizeMbps: 150, region: 'ap-southeast-3' },
      [['sizeMbps', 'policy_max_size']],
    ],
    [
      'shared bandwidth in a region the policy leaves out',
      '/v1/shared-bandwidths',
      { name: 'bw', sizeMbps: 10, region: 'ap-southeast-1' },
      [['region', 'policy_region']],
    ],
    [
      'a package to an area the policy leaves out',
      '/v1/bandwidth-packages',
      { ...pkg, remoteArea: 'Africa', billingMode: 4 },
      [['remoteArea', 'policy_area']],
    ],
    [
      'a package with a billing mode the policy leaves out',
      '/v1/bandwidth-packages',
      { ...pkg, billingMode: 6 },
      [['billingMode', 'policy_billing_mode']],
    ],
    [
      'a yearly package where the policy allows months',
      '/v1/bandwidth-packages',
      { ...pkg, billingMode: 2, prepaid: { periodType: 'year', periodCount: 1 } },
      [['prepaid.periodType', 'policy_period']],
    ],
    [
      'a package longer than the policy allows',
      '/v1/bandwidth-packages',
      { ...pkg, billingMode: 2, prepaid: { periodType: 'month', periodCount: 9 } },
      [['prepaid.periodCount', 'policy_period']],
    ],
    [
      'a Workspace charge mode the policy leaves out',
      '/v1/workspace-bandwidths',
      { subnetId: SUBNET, chargeMode: 'wks_bandwidth', sizeMbps: 10 },
      [['chargeMode', 'policy_charge_mode']],
    ],
  ];
  for (const [label, path, body, expected] of cases) {
    test(label, async () => {
      const op = path.includes('shared')
        ? 'createSharedBandwidth'
        : path.includes('package')
          ? 'createBandwidthPackage'
          : 'createWorkspaceBandwidth';
      const before = await creates(op);
      const { status, body: p } = await json(await gw.call(path, { token: acme, key: newKey(), body }));
      assert.equal(status, 422, JSON.stringify(p));
      assert.equal(p.code, 'policy_violation');
      assert.deepEqual(
        p.fields.map((f: any) => [f.path, f.code]),
        expected,
      );
      assert.equal(p.fields[0].params.rule, expected[0]![1]);
      assert.ok(p.fields[0].message.length > 10);
      assert.equal(await creates(op), before, 'nothing reached the cloud');
    });
  }

  test('a corrected resubmission may reuse the key; within policy the purchase runs', async () => {
    const key = newKey();
    assert.equal(
      (await gw.call('/v1/shared-bandwidths', { token: acme, key, body: { name: 'bw-ok', sizeMbps: 150 } })).status,
      422,
    );
    const ok = await json(
      await gw.call('/v1/shared-bandwidths', { token: acme, key, body: { name: 'bw-ok', sizeMbps: 100 } }),
    );
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  test('a change above the policy maximum names sizeMbps', async () => {
    const { status, body } = await json(
      await gw.call('/v1/workspace-bandwidths/3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b/change-orders', {
        token: acme,
        key: newKey(),
        body: { sizeMbps: 40, autoPay: false, region: 'ap-southeast-1' },
      }),
    );
    assert.equal(status, 422, JSON.stringify(body));
    assert.deepEqual(
      body.fields.map((f: any) => [f.path, f.code]),
      [['sizeMbps', 'policy_max_size']],
    );
  });

  test('GET /v1/config shows the policy (limits before submit), and no policy for a tenant without one', async () => {
    const acmeView = await json(await gw.call('/v1/config', { token: acme }));
    assert.deepEqual(acmeView.body.policy.operations.createSharedBandwidth, {
      maxSizeMbps: 100,
      regions: ['ap-southeast-3'],
    });
    const globexView = await json(await gw.call('/v1/config', { token: globex }));
    assert.deepEqual(globexView.body.policy, {
      operations: {},
      monthlySpendCap: { amount: GLOBEX_CAP, currency: 'CNY' },
      approval: { aboveAmount: 2, always: false, expiresAfterHours: 72 },
    });
  });
});

describe('monthly spend cap', () => {
  test('counts each placed purchase at its quoted price; the one that would pass the cap is 403 and not sent', async () => {
    const body = (n: string) => ({ name: n, sizeMbps: 10 });
    const quote = await json(
      await gw.call('/v1/quotes', { token: globex, body: { operation: 'createSharedBandwidth', values: body('q') } }),
    );
    assert.equal(quote.body.available, true, JSON.stringify(quote.body));
    const price: number = quote.body.amount;
    const fits = Math.floor(GLOBEX_CAP / price + 1e-9);
    assert.ok(fits >= 1 && fits < 5, `price ${price}`);
    // Quoted above the approval amount: held, with its quote, while the cap still has room for it.
    const big = { name: 'cap-big', sizeMbps: 20 };
    const held = await json(await gw.call('/v1/shared-bandwidths', { token: globex, key: newKey(), body: big }));
    assert.equal(held.status, 202, JSON.stringify(held.body));
    assert.deepEqual(held.body.approval.reasons, ['amount']);
    assert.ok(held.body.approval.quote.amount > 2 && held.body.approval.quote.amount <= GLOBEX_CAP);
    for (let i = 0; i < fits; i++) {
      const key = newKey();
      const r = await json(await gw.call('/v1/shared-bandwidths', { token: globex, key, body: body(`cap-${i}`) }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      // A retry of a placed purchase replays it: it is neither refused by the cap nor counted twice.
      const replay = await gw.call('/v1/shared-bandwidths', { token: globex, key, body: body(`cap-${i}`) });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    }
    const before = await creates('createSharedBandwidth');
    const over = await json(
      await gw.call('/v1/shared-bandwidths', { token: globex, key: newKey(), body: body('cap-over') }),
    );
    assert.equal(over.status, 403, JSON.stringify(over.body));
    assert.equal(over.body.code, 'spend_cap_exceeded');
    assert.match(over.body.detail, new RegExp(`cap of ${GLOBEX_CAP.toFixed(2)} CNY`));
    assert.match(over.body.detail, new RegExp(`spent so far: ${(fits * price).toFixed(2)} CNY`));
    assert.equal(await creates('createSharedBandwidth'), before, 'nothing reached the cloud');
    // Approved once the cap is spent: the purchase is checked again as it runs, fails, and is not sent.
    const approver = await mintToken({ tenant: 'globex', sub: 'boss', scopes: ['approval:decide'] });
    const late = await json(
      await gw.call(`/v1/approvals/${held.body.approval.id}/approve`, {
        method: 'POST',
        token: approver,
        key: newKey(),
      }),
    );
    assert.equal(late.status, 200, JSON.stringify(late.body));
    assert.equal(late.body.approval.state, 'failed');
    assert.equal(late.body.approval.problem.code, 'spend_cap_exceeded');
    assert.equal(await creates('createSharedBandwidth'), before, 'nothing reached the cloud');
    // The cap is the tenant's: acme (no cap) still buys.
    assert.equal(
      (await gw.call('/v1/shared-bandwidths', { token: acme, key: newKey(), body: body('acme-free') })).status,
      201,
    );
  });
});
