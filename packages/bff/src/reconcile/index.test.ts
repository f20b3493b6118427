import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningCloudSim, startCloudSim } from '@bwkit/cloud-sim/server';
import { createHuaweiCloudClient, type HuaweiCloudClient } from '@bwkit/huaweicloud';
import { toBandwidthPackageCreated, toSharedBandwidthCreated } from '../mapping/index.js';
import type { Tenant } from '../tenants/index.js';
import { PAGE_SIZE, type ReconcileInput, reconcile } from './index.js';

/** reconcile() against the real simulator over HTTP, with the project's own signed client. */
const AK = 'RECONCILETESTAK00001';
const SK = 'reconcile-test-secret-key-0000000000000';
const REGION = 'ap-southeast-1';
const PROJECT = '1f2e3d4c5b6a79880716253443526170';
const DOMAIN = 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f';
const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';
const YEARLY = [
  '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
  '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
  '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
];
const tenant = { id: 'acme', site: 'international', defaultRegion: REGION } as Tenant;

let sim: RunningCloudSim;
let client: HuaweiCloudClient;
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;
const justBefore = () => new Date(Date.now() - 50).toISOString();
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

function input(
  operation: ReconcileInput['operation'],
  value: unknown,
  extra: Partial<ReconcileInput> = {},
): ReconcileInput {
  return { operation, value, params: {}, region: REGION, intentAt: justBefore(), tenant, ...extra };
}

async function fault(f: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(f),
  });
  assert.equal(r.status, 201, await r.text());
}

async function counts(): Promise<Record<string, number>> {
  return ((await (await fetch(`${sim.url}/_sim/state`)).json()) as { counts: Record<string, number> }).counts;
}
const CREATES = [
  'createSharedBandwidth',
  'createWorkspaceBandwidth',
  'createBandwidthPackage',
  'changeWorkspaceBandwidth',
  'payOrder',
];

describe('reconcile(): an unknown outcome looked up in the cloud', () => {
  before(async () => {
    sim = await startCloudSim({
      credentials: [{ ak: AK, sk: SK, site: 'international' }],
      admin: true,
      job: { runningAfterMs: 50, doneAfterMs: 300 },
      quota: { sharedBandwidths: 1000 },
    });
    client = createHuaweiCloudClient({
      credentials: { ak: AK, sk: SK },
      domainId: DOMAIN,
      projects: { [REGION]: PROJECT },
      endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url, bss: sim.url },
      timeoutMs: 3000,
      retryDelayMs: 10,
    });
  });
  after(() => sim.close());

  describe('shared bandwidth: by name and creation time', () => {
    test('created → succeeded with the very answer the create route gives (201 {bandwidth})', async () => {
      const intentAt = justBefore();
      const name = unique('rc-sb');
      const created = await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 20 } } });
      const r = await reconcile(input('createSharedBandwidth', { name, sizeMbps: 20 }, { intentAt }), client);
      assert.deepEqual(r, {
        state: 'succeeded',
        response: { status: 201, body: toSharedBandwidthCreated(created.data) },
      });
    });

    test('found beyond the first page (marker pagination)', async () => {
      const intentAt = justBefore();
      const name = unique('rc-paged');
      const created = await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
      for (let i = 0; i < PAGE_SIZE + 5; i++) {
        await client.createSharedBandwidth({
          region: REGION,
          body: { bandwidth: { name: unique('filler'), size: 5 } },
        });
      }
      const r = await reconcile(input('createSharedBandwidth', { name, sizeMbps: 10 }, { intentAt }), client);
      assert.equal(r.state, 'succeeded');
      assert.equal(
        (r as { response: { body: { bandwidth: { id: string } } } }).response.body.bandwidth.id,
        created.data.bandwidth.id,
      );
    });

    test('nothing of that name → not_created', async () => {
      const r = await reconcile(input('createSharedBandwidth', { name: unique('rc-none'), sizeMbps: 10 }), client);
      assert.deepEqual(r, { state: 'not_created' });
    });

    test("only an older bandwidth of that name (before the intent) → not_created: it is someone else's", async () => {
      const name = unique('rc-old');
      await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
      const r = await reconcile(
        input('createSharedBandwidth', { name, sizeMbps: 10 }, { intentAt: later(5 * 60_000) }),
        client,
      );
      assert.deepEqual(r, { state: 'not_created' });
    });

    test('two of that name since the intent → unknown, naming both for a person to check', async () => {
      const intentAt = justBefore();
      const name = unique('rc-twin');
      const a = await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
      const b = await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
      const r = await reconcile(input('createSharedBandwidth', { name, sizeMbps: 10 }, { intentAt }), client);
      assert.equal(r.state, 'unknown');
      const check = (r as { check: string }).check;
      assert.match(check, new RegExp(name));
      assert.ok(check.includes(a.data.bandwidth.id) && check.includes(b.data.bandwidth.id));
      assert.match(check, new RegExp(REGION));
    });

    test('the lookup fails (list answers 500 twice: the GET is retried once) → unknown with what to check', async () => {
      const name = unique('rc-fail');
      await client.createSharedBandwidth({ region: REGION, body: { bandwidth: { name, size: 10 } } });
      await fault({ op: 'listSharedBandwidths', kind: 'status', status: 500, times: 2 });
      const r = await reconcile(input('createSharedBandwidth', { name, sizeMbps: 10 }), client);
      assert.equal(r.state, 'unknown');
      assert.match((r as { check: string }).check, /could not be asked/);
      assert.match((r as { check: string }).check, new RegExp(`named "${name}"`));
    });
  });

  describe('Workspace bandwidth: by subnet and name', () => {
    test('created, job still running (CREATING) → succeeded 200 {status: succeeded, bandwidthId, bandwidth}', async () => {
      const intentAt = justBefore();
      const name = unique('rc-wk');
      await client.createWorkspaceBandwidth({
        region: REGION,
        body: { subnet_id: SUBNET, charge_mode: 'free', bandwidth_name: name },
      });
      const r = await reconcile(
        input('createWorkspaceBandwidth', { subnetId: SUBNET, chargeMode: 'free', name }, { intentAt }),
        client,
      );
      assert.equal(r.state, 'succeeded');
      const res = (r as { response: { status: number; body: any } }).response;
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'succeeded');
      assert.equal(res.body.bandwidth.name, name);
      assert.equal(res.body.bandwidth.subnetId, SUBNET);
      assert.equal(res.body.bandwidthId, res.body.bandwidth.id);
      assert.ok(['CREATING', 'ACTIVE'].includes(res.body.bandwidth.status));
    });

    test('found without a name too (subnet and creation time); the seeded older bandwidth is not taken for it', async () => {
      const intentAt = justBefore();
      await client.createWorkspaceBandwidth({
        region: REGION,
        body: { subnet_id: SUBNET, charge_mode: 'wks_traffic', bandwidth_size: 30 },
      });
      const r = await reconcile(
        input('createWorkspaceBandwidth', { subnetId: SUBNET, chargeMode: 'wks_traffic', sizeMbps: 30 }, { intentAt }),
        client,
      );
      assert.equal(r.state, 'succeeded', JSON.stringify(r));
      assert.equal((r as { response: { body: any } }).response.body.bandwidth.chargeMode, 'wks_traffic');
    });

    test('the job failed (the bandwidth is gone) → not_created', async () => {
      const intentAt = justBefore();
      const name = unique('rc-wkfail');
      await fault({ op: 'createWorkspaceBandwidth', kind: 'job_fail' });
      await client.createWorkspaceBandwidth({
        region: REGION,
        body: { subnet_id: SUBNET, charge_mode: 'free', bandwidth_name: name },
      });
      await new Promise((r) => setTimeout(r, 400));
      const r = await reconcile(
        input('createWorkspaceBandwidth', { subnetId: SUBNET, chargeMode: 'free', name }, { intentAt }),
        client,
      );
      assert.deepEqual(r, { state: 'not_created' });
    });

    test('nothing created → not_created; the list failing → unknown', async () => {
      const value = { subnetId: SUBNET, chargeMode: 'free', name: unique('rc-wknone') };
      assert.deepEqual(await reconcile(input('createWorkspaceBandwidth', value), client), { state: 'not_created' });
      await fault({ op: 'listWorkspaceBandwidths', kind: 'status', status: 503, times: 2 });
      const r = await reconcile(input('createWorkspaceBandwidth', value), client);
      assert.equal(r.state, 'unknown');
      assert.match((r as { check: string }).check, new RegExp(SUBNET));
    });
  });

  describe('bandwidth package: by its unique name', () => {
    const pkg = (name: string) => ({
      bandwidth_package: {
        name,
        project_id: PROJECT,
        local_area_id: 'Asia-Pacific' as const,
        remote_area_id: 'Asia-Pacific' as const,
        charge_mode: 'bandwidth' as const,
        billing_mode: 4 as const,
        bandwidth: 5,
      },
    });

    test("created → succeeded 201 with the create route's answer", async () => {
      const intentAt = justBefore();
      const name = unique('rc-bp');
      const created = await client.createBandwidthPackage({ body: pkg(name) });
      const r = await reconcile(
        input(
          'createBandwidthPackage',
          { name, localArea: 'Asia-Pacific', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: 5 },
          { intentAt },
        ),
        client,
      );
      assert.equal(r.state, 'succeeded', JSON.stringify(r));
      const res = (r as { response: { status: number; body: any } }).response;
      assert.equal(res.status, 201);
      const expected = toBandwidthPackageCreated(created.data);
      assert.deepEqual(res.body, expected);
    });

    test('absent → not_created; only an older package of that name (the create was refused for it) → not_created', async () => {
      assert.deepEqual(await reconcile(input('createBandwidthPackage', { name: unique('rc-bpnone') }), client), {
        state: 'not_created',
      });
      const name = unique('rc-bpold');
      await client.createBandwidthPackage({ body: pkg(name) });
      assert.deepEqual(
        await reconcile(input('createBandwidthPackage', { name }, { intentAt: later(5 * 60_000) }), client),
        { state: 'not_created' },
      );
    });

    test('the lookup fails → unknown', async () => {
      await fault({ op: 'listBandwidthPackages', kind: 'status', status: 500, times: 2 });
      const r = await reconcile(input('createBandwidthPackage', { name: unique('rc-bpfail') }), client);
      assert.equal(r.state, 'unknown');
    });
  });

  describe("change order: the bandwidth's order and the BSS order", () => {
    test('placed (waiting for payment) → succeeded 201 {orderId, paymentRequired}', async () => {
      const intentAt = justBefore();
      const placed = await client.changeWorkspaceBandwidth({
        region: REGION,
        bandwidthId: YEARLY[0]!,
        body: { bandwidth_size: '25', extend_param: { is_auto_pay: 'false' } },
      });
      const r = await reconcile(
        input(
          'changeWorkspaceBandwidth',
          { sizeMbps: 25, autoPay: false },
          { intentAt, params: { bandwidthId: YEARLY[0]! } },
        ),
        client,
      );
      assert.equal(r.state, 'succeeded', JSON.stringify(r));
      const res = (r as { response: { status: number; body: any } }).response;
      assert.equal(res.status, 201);
      assert.equal(res.body.orderId, placed.data.order_id);
      assert.equal(res.body.paymentRequired, true);
    });

    test('placed with auto-pay and already applied → succeeded, no payment required', async () => {
      const intentAt = justBefore();
      const placed = await client.changeWorkspaceBandwidth({
        region: REGION,
        bandwidthId: YEARLY[1]!,
        body: { bandwidth_size: '35', extend_param: { is_auto_pay: 'true' } },
      });
      await new Promise((r) => setTimeout(r, 1100));
      const r = await reconcile(
        input(
          'changeWorkspaceBandwidth',
          { sizeMbps: 35, autoPay: true },
          { intentAt, params: { bandwidthId: YEARLY[1]! } },
        ),
        client,
      );
      assert.equal(r.state, 'succeeded', JSON.stringify(r));
      assert.deepEqual((r as { response: { body: any } }).response.body, {
        orderId: placed.data.order_id,
        paymentRequired: false,
      });
    });

    test('no order since the intent, size unchanged → not_created; an unknown bandwidth → not_created', async () => {
      const r = await reconcile(
        input('changeWorkspaceBandwidth', { sizeMbps: 45, autoPay: false }, { params: { bandwidthId: YEARLY[2]! } }),
        client,
      );
      assert.deepEqual(r, { state: 'not_created' });
      const gone = await reconcile(
        input(
          'changeWorkspaceBandwidth',
          { sizeMbps: 45, autoPay: false },
          { params: { bandwidthId: 'ffffffff-0000-4000-8000-000000000000' } },
        ),
        client,
      );
      assert.deepEqual(gone, { state: 'not_created' });
    });

    test('the BSS order cannot be read → unknown, pointing at the billing center', async () => {
      const intentAt = justBefore();
      await client.changeWorkspaceBandwidth({
        region: REGION,
        bandwidthId: YEARLY[2]!,
        body: { bandwidth_size: '55', extend_param: { is_auto_pay: 'false' } },
      });
      await fault({ op: 'showOrder', kind: 'status', status: 500, times: 2 });
      const r = await reconcile(
        input(
          'changeWorkspaceBandwidth',
          { sizeMbps: 55, autoPay: false },
          { intentAt, params: { bandwidthId: YEARLY[2]! } },
        ),
        client,
      );
      assert.equal(r.state, 'unknown');
      assert.match((r as { check: string }).check, /billing center/);
    });
  });

  test('reconciling never creates, changes or pays anything', async () => {
    const beforeCounts = await counts();
    await reconcile(input('createSharedBandwidth', { name: unique('rc-ro'), sizeMbps: 10 }), client);
    await reconcile(input('createWorkspaceBandwidth', { subnetId: SUBNET, chargeMode: 'free' }), client);
    await reconcile(input('createBandwidthPackage', { name: unique('rc-ro') }), client);
    await reconcile(
      input('changeWorkspaceBandwidth', { sizeMbps: 70, autoPay: true }, { params: { bandwidthId: YEARLY[0]! } }),
      client,
    );
    const afterCounts = await counts();
    for (const op of CREATES) assert.equal(afterCounts[op] ?? 0, beforeCounts[op] ?? 0, op);
  });
});
