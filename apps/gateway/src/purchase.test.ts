/**
 * The purchase flow over real HTTP: pickers backed by the cloud's lists (and their cache), prices before buying,
 * orders followed to the end (pay, cancel, insufficient balance), the Workspace job's bandwidth found in the list,
 * scopes and tenant isolation, and the OpenAPI document. Gateway + simulator as real servers, real tokens.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Scope } from '@bwkit/contracts';
import { mintToken, newKey, startTestGateway, type TestGateway, testConfig, waitFor } from './testing/index.js';

const ACME_DOMAIN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const READ: Scope[] = ['subnet:read', 'workspace-bandwidth:read', 'cloud-connection:read', 'order:read'];

let gw: TestGateway;
let acme: string;
let globex: string;

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const count = async (op: string) => (await gw.simState()).counts[op] ?? 0;
const setBalance = (amount: number) => gw.setBalance(amount, ACME_DOMAIN);

before(async () => {
  gw = await startTestGateway();
  acme = await mintToken();
  globex = await mintToken({ tenant: 'globex' });
});
after(() => gw.close());

describe('pickers: subnets, Workspace bandwidths, cloud connections', () => {
  test("GET /v1/subnets lists the region's subnets with name, CIDR, VPC and AZ", async () => {
    const { status, body } = await json(await gw.call('/v1/subnets?region=ap-southeast-1', { token: acme }));
    assert.equal(status, 200);
    assert.ok(body.items.length >= 4, JSON.stringify(body));
    for (const s of body.items) {
      assert.match(s.id, /^[0-9a-f-]{36}$/);
      assert.ok(s.name && s.cidr && s.vpcId, JSON.stringify(s));
    }
    assert.ok(body.items.some((s: any) => s.availabilityZone));
  });

  test('q filters by name, id or CIDR; limit pages with an opaque cursor', async () => {
    const lab = await json(await gw.call('/v1/subnets?region=ap-southeast-1&q=LAB', { token: acme }));
    assert.ok(lab.body.items.length >= 1);
    assert.ok(lab.body.items.every((s: any) => /lab/i.test(s.name) || /lab/i.test(s.id)));
    const byCidr = await json(
      await gw.call(`/v1/subnets?region=ap-southeast-1&q=${encodeURIComponent('10.10.')}`, { token: acme }),
    );
    assert.ok(byCidr.body.items.length >= 1 && byCidr.body.items.every((s: any) => s.cidr.startsWith('10.10.')));

    const all = (await json(await gw.call('/v1/subnets?region=ap-southeast-1&limit=100', { token: acme }))).body.items;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await json(
        await gw.call(`/v1/subnets?region=ap-southeast-1&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: acme }),
      );
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      seen.push(...page.body.items.map((s: any) => s.id));
      cursor = page.body.nextCursor;
      if (cursor) assert.doesNotMatch(cursor, /^\d+$/, 'the cursor is not a bare offset');
    } while (cursor);
    assert.deepEqual(
      seen,
      all.map((s: any) => s.id),
    );
  });

  test("a made-up cursor, a bad limit and a region outside the tenant's are refused", async () => {
    const cur = await json(await gw.call('/v1/subnets?cursor=not-a-cursor', { token: acme }));
    assert.equal(cur.status, 400);
    assert.equal(cur.body.fields[0].path, 'cursor');
    assert.equal((await gw.call('/v1/subnets?limit=0', { token: acme })).status, 400);
    const region = await json(await gw.call('/v1/subnets?region=cn-north-4', { token: acme }));
    assert.equal(region.status, 422);
    assert.equal(region.body.fields[0].code, 'region_not_allowed');
  });

  test("GET /v1/workspace-bandwidths shows each bandwidth's name, current size, status and pending order", async () => {
    const { status, body } = await json(
      await gw.call('/v1/workspace-bandwidths?region=ap-southeast-1', { token: acme }),
    );
    assert.equal(status, 200);
    assert.ok(body.items.length >= 3);
    for (const b of body.items) {
      assert.equal(typeof b.sizeMbps, 'number');
      assert.equal(typeof b.pendingOrder, 'boolean');
      assert.ok(b.id && b.name && b.status && b.subnetId && b.chargeMode, JSON.stringify(b));
    }
    const yearly = await json(
      await gw.call('/v1/workspace-bandwidths?region=ap-southeast-1&chargeMode=wks_bandwidth', { token: acme }),
    );
    assert.ok(yearly.body.items.length >= 1 && yearly.body.items.every((b: any) => b.chargeMode === 'wks_bandwidth'));
  });

  test("GET /v1/cloud-connections lists the tenant's connections, the frozen one included", async () => {
    const { status, body } = await json(await gw.call('/v1/cloud-connections', { token: acme }));
    assert.equal(status, 200);
    assert.ok(body.items.length >= 3);
    assert.ok(body.items.some((c: any) => c.status === 'ACTIVE'));
    assert.ok(body.items.some((c: any) => c.status !== 'ACTIVE'));
    const q = await json(await gw.call('/v1/cloud-connections?q=asia', { token: acme }));
    assert.ok(q.body.items.length >= 1 && q.body.items.every((c: any) => /asia/i.test(c.name)));
  });

  test('a page of widgets makes one upstream call per tenant and region (cached ~15 s)', async () => {
    const before = await count('listWorkspaceSubnets');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gw.call(`/v1/subnets?region=af-south-1${i % 2 ? '&q=office' : ''}`, { token: acme }),
      ),
    );
    assert.ok(answers.every((r) => r.status === 200));
    assert.equal((await count('listWorkspaceSubnets')) - before, 1, 'eight widgets, one call');
    await gw.call('/v1/subnets?region=af-south-1&limit=1', { token: acme });
    assert.equal((await count('listWorkspaceSubnets')) - before, 1, 'still cached');
    // another tenant has its own cache entry (its own project), another region too
    await gw.call('/v1/subnets?region=cn-north-4', { token: globex });
    await gw.call('/v1/subnets?region=ap-southeast-3', { token: acme });
    assert.equal((await count('listWorkspaceSubnets')) - before, 3);

    const cc = await count('listCloudConnections');
    await Promise.all(Array.from({ length: 5 }, () => gw.call('/v1/cloud-connections?q=x', { token: globex })));
    assert.equal((await count('listCloudConnections')) - cc, 1);
    // and operators see it in /metrics
    const metrics = await (await gw.call('/metrics')).text();
    assert.match(metrics, /bwkit_list_cache_total\{list="subnets",result="hit"\} \d+/);
    assert.match(metrics, /bwkit_list_cache_total\{list="subnets",result="miss"\} \d+/);
  });

  test('each list needs its read scope', async () => {
    const onlyCreate = await mintToken({
      scopes: ['workspace-bandwidth:create', 'workspace-bandwidth:change', 'bandwidth-package:create'],
    });
    for (const path of ['/v1/subnets', '/v1/workspace-bandwidths', '/v1/cloud-connections']) {
      const r = await json(await gw.call(path, { token: onlyCreate }));
      assert.equal(r.status, 403, path);
      assert.equal(r.body.code, 'scope_missing');
    }
    assert.equal((await gw.call('/v1/subnets', { token: await mintToken({ scopes: ['subnet:read'] }) })).status, 200);
  });

  test("each region lists its own availability zones (the simulator knows the tenant's project of each region)", async () => {
    for (const region of ['ap-southeast-1', 'ap-southeast-3']) {
      const { status, body } = await json(await gw.call(`/v1/subnets?region=${region}`, { token: acme }));
      assert.equal(status, 200);
      const zones = body.items.map((s: any) => s.availabilityZone);
      assert.ok(
        zones.length >= 4 && zones.every((z: string) => z.startsWith(region) && /^[a-z]$/.test(z.slice(region.length))),
        `${region}: ${zones}`,
      );
    }
  });
});

describe('prices: POST /v1/quotes', () => {
  const quote = async (token: string, body: unknown) => json(await gw.call('/v1/quotes', { token, body }));
  const SUBNET = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';

  test("every purchase has a price in simulator mode, in the site's currency, with the discount", async () => {
    const cases: [string, unknown, string, string][] = [
      ['createSharedBandwidth', { name: 'bw-1', sizeMbps: 10 }, 'hour', 'pay-per-use'],
      [
        'createWorkspaceBandwidth',
        { subnetId: SUBNET, chargeMode: 'wks_bandwidth', sizeMbps: 10 },
        'month',
        'yearly-monthly',
      ],
      [
        'createWorkspaceBandwidth',
        { subnetId: SUBNET, chargeMode: 'wks_traffic', sizeMbps: 10 },
        'hour',
        'pay-per-use',
      ],
      [
        'changeWorkspaceBandwidth',
        { bandwidthId: '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b', sizeMbps: 20, autoPay: false },
        'month',
        'yearly-monthly',
      ],
      [
        'createBandwidthPackage',
        {
          name: 'p',
          localArea: 'Asia-Pacific',
          remoteArea: 'Chinese-Mainland',
          billingMode: 2,
          sizeMbps: 10,
          prepaid: { periodType: 'year', periodCount: 2 },
        },
        'year',
        'yearly-monthly',
      ],
      [
        'createBandwidthPackage',
        { name: 'p', localArea: 'Asia-Pacific', remoteArea: 'Chinese-Mainland', billingMode: 4, sizeMbps: 10 },
        'hour',
        'pay-per-use',
      ],
    ];
    for (const [operation, values, per, billing] of cases) {
      const { status, body } = await quote(acme, { operation, values });
      assert.equal(status, 200, operation);
      assert.equal(body.available, true, `${operation}: ${JSON.stringify(body)}`);
      assert.equal(body.currency, 'USD');
      assert.equal(body.per, per, operation);
      assert.equal(body.billing, billing, operation);
      assert.ok(body.amount > 0 && body.officialAmount >= body.amount, JSON.stringify(body));
      assert.ok(Math.abs(body.officialAmount - body.amount - body.discountAmount) < 1e-6, JSON.stringify(body));
    }
    const cny = await quote(globex, { operation: 'createSharedBandwidth', values: { name: 'bw-1', sizeMbps: 10 } });
    assert.equal(cny.body.currency, 'CNY');
  });

  test('the price follows the size and the period', async () => {
    const values = {
      name: 'p',
      localArea: 'Asia-Pacific',
      remoteArea: 'Chinese-Mainland',
      billingMode: 2,
      sizeMbps: 10,
      prepaid: { periodType: 'month', periodCount: 1 },
    };
    const one = (await quote(acme, { operation: 'createBandwidthPackage', values })).body;
    const three = (
      await quote(acme, {
        operation: 'createBandwidthPackage',
        values: { ...values, prepaid: { periodType: 'month', periodCount: 3 } },
      })
    ).body;
    const bigger = (await quote(acme, { operation: 'createBandwidthPackage', values: { ...values, sizeMbps: 20 } }))
      .body;
    assert.ok(three.amount > one.amount && bigger.amount > one.amount, JSON.stringify({ one, three, bigger }));
    assert.equal(three.periodCount, 3);
  });

  test('free Workspace bandwidth has no price, and says so', async () => {
    const { body } = await quote(acme, {
      operation: 'createWorkspaceBandwidth',
      values: { subnetId: SUBNET, chargeMode: 'free' },
    });
    assert.deepEqual([body.available, body.reason], [false, 'free']);
  });

  test('a cloud refusal or outage is "price unavailable" with the reason, never a made-up price', async () => {
    await gw.fault({ op: 'ratePeriodProducts', kind: 'status', status: 500 });
    const down = await quote(acme, {
      operation: 'changeWorkspaceBandwidth',
      values: { bandwidthId: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b', sizeMbps: 33, autoPay: false },
    });
    assert.equal(down.status, 200);
    assert.deepEqual([down.body.available, down.body.reason], [false, 'upstream_unavailable']);
    assert.equal(down.body.amount, undefined);
  });

  test('unknown product codes: the cloud refuses, the quote says why (CBC.99006006)', async () => {
    const other = await startTestGateway({
      raw: testConfig({
        mutate(c) {
          c.tenants[0].pricing = {
            createSharedBandwidth: {
              cloudServiceType: 'hws.service.type.nope',
              resourceType: 'x',
              resourceSpec: 'y',
              sizeMeasureId: 15,
              usageFactor: 'Duration',
              usageMeasureId: 4,
            },
          };
        },
      }),
    });
    try {
      const r = await json(
        await other.call('/v1/quotes', {
          token: acme,
          body: { operation: 'createSharedBandwidth', values: { name: 'bw', sizeMbps: 10 } },
        }),
      );
      assert.deepEqual([r.body.available, r.body.reason, r.body.code], [false, 'upstream_refused', 'CBC.99006006']);
    } finally {
      await other.close();
    }
  });

  test('huaweicloud mode: only shared bandwidth has documented codes; the rest are "not configured"', async () => {
    const sim = gw.simUrlFor();
    const real = await startTestGateway({
      raw: testConfig({
        upstream: { mode: 'huaweicloud', endpoints: { workspace: sim, vpc: sim, cc: sim, bss: sim } },
      }),
      simUrl: sim,
    });
    try {
      const ws = await json(
        await real.call('/v1/quotes', {
          token: acme,
          body: {
            operation: 'createWorkspaceBandwidth',
            values: { subnetId: SUBNET, chargeMode: 'wks_bandwidth', sizeMbps: 10 },
          },
        }),
      );
      assert.deepEqual([ws.status, ws.body.available, ws.body.reason], [200, false, 'not_configured']);
      const shared = await json(
        await real.call('/v1/quotes', {
          token: acme,
          body: { operation: 'createSharedBandwidth', values: { name: 'bw', sizeMbps: 10 } },
        }),
      );
      assert.equal(shared.body.available, true, JSON.stringify(shared.body));
    } finally {
      await real.close();
    }
  });

  test('a quote needs the scope of what it prices, and valid values', async () => {
    const shared = await mintToken({ scopes: ['shared-bandwidth:create'] });
    const denied = await quote(shared, {
      operation: 'changeWorkspaceBandwidth',
      values: { bandwidthId: 'b', sizeMbps: 20, autoPay: false },
    });
    assert.deepEqual([denied.status, denied.body.code], [403, 'scope_missing']);
    assert.equal(
      (await quote(shared, { operation: 'createSharedBandwidth', values: { name: 'bw', sizeMbps: 10 } })).status,
      200,
    );
    const bad = await quote(acme, { operation: 'createSharedBandwidth', values: { name: '共享带宽', sizeMbps: 301 } });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.fields.map((f: any) => [f.path, f.code]),
      [
        ['values.name', 'name_chars'],
        ['values.sizeMbps', 'size_step'],
      ],
    );
    const unknown = await quote(acme, { operation: 'deleteEverything', values: {} });
    assert.deepEqual([unknown.status, unknown.body.fields[0].path], [422, 'operation']);
  });
});

describe('orders: follow, pay, cancel', () => {
  const region = 'ap-southeast-3';
  const bandwidths = async (token = acme) =>
    (await json(await gw.call(`/v1/workspace-bandwidths?region=${region}&chargeMode=wks_bandwidth`, { token }))).body
      .items as any[];
  const change = async (bandwidthId: string, sizeMbps: number, token = acme) =>
    json(
      await gw.call(`/v1/workspace-bandwidths/${bandwidthId}/change-orders`, {
        token,
        key: newKey(),
        body: { sizeMbps, autoPay: false, region },
      }),
    );
  const order = async (id: string, token = acme) =>
    json(await gw.call(`/v1/orders/${encodeURIComponent(id)}`, { token }));
  const pay = async (id: string, token = acme, key = newKey()) =>
    json(await gw.call(`/v1/orders/${encodeURIComponent(id)}/pay`, { token, key, body: {} }));
  const cancel = async (id: string, token = acme) =>
    json(await gw.call(`/v1/orders/${encodeURIComponent(id)}/cancel`, { token, key: newKey(), body: {} }));

  test('change order → pending order → pay → completed, and the new size shows in the list', async () => {
    const [bw] = await bandwidths();
    assert.ok(bw, 'a yearly/monthly bandwidth to change');
    const newSize = bw.sizeMbps + 7;
    const placed = await change(bw.id, newSize);
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.equal(placed.body.paymentRequired, true);
    const orderId = placed.body.orderId;

    const pending = await order(orderId);
    assert.equal(pending.status, 200);
    assert.deepEqual(
      [pending.body.status, pending.body.statusCode, pending.body.canPay, pending.body.canCancel],
      ['pending_payment', 6, true, true],
    );
    assert.equal(pending.body.resourceId, bw.id);
    assert.equal(pending.body.operation, 'changeWorkspaceBandwidth');
    assert.ok(pending.body.amount > 0 && pending.body.currency);
    const listed = (await bandwidths()).find((b) => b.id === bw.id);
    assert.equal(listed.pendingOrder, true, 'the list is refreshed after an order');

    // A second change while the first waits for payment: say what to do, not "refresh".
    const again = await change(bw.id, newSize + 1);
    assert.equal(again.status, 409);
    assert.match(again.body.detail, new RegExp(`pay or cancel it \\(order id ${orderId}\\)`));

    const key = newKey('pay');
    const paid = await pay(orderId, acme, key);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.deepEqual([paid.body.status, paid.body.canPay, paid.body.canCancel], ['completed', false, false]);
    const replay = await gw.call(`/v1/orders/${orderId}/pay`, { token: acme, key, body: {} });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), paid.body);

    const after = await waitFor(async () => {
      const b = (await bandwidths()).find((x) => x.id === bw.id);
      return b && b.sizeMbps === newSize ? b : undefined;
    }, 5_000);
    assert.equal(after.pendingOrder, false);
    assert.equal((await order(orderId)).body.status, 'completed');
  });

  test('cancel a pending order; paying it afterwards is a clear conflict', async () => {
    const bw = (await bandwidths()).find((b) => !b.pendingOrder);
    const placed = await change(bw.id, bw.sizeMbps + 3);
    assert.equal(placed.status, 201);
    const cancelled = await cancel(placed.body.orderId);
    assert.equal(cancelled.status, 200);
    assert.deepEqual(
      [cancelled.body.status, cancelled.body.statusCode, cancelled.body.canPay],
      ['cancelled', 4, false],
    );
    const late = await pay(placed.body.orderId);
    assert.deepEqual(
      [late.status, late.body.code, late.body.upstream?.code],
      [409, 'order_state_changed', 'CBC.99003106'],
    );
    assert.equal(
      (await bandwidths()).find((b) => b.id === bw.id).sizeMbps,
      bw.sizeMbps,
      'a cancelled change changes nothing',
    );
  });

  test('insufficient balance (CBC.99005003) is a 409 that says to top up; the order stays payable', async () => {
    const bw = (await bandwidths()).find((b) => !b.pendingOrder);
    const placed = await change(bw.id, bw.sizeMbps + 11);
    await setBalance(0);
    try {
      const r = await pay(placed.body.orderId);
      assert.deepEqual(
        [r.status, r.body.code, r.body.upstream?.code, r.body.upstream?.service],
        [409, 'insufficient_balance', 'CBC.99005003', 'bss'],
      );
      assert.match(r.body.detail, /balance/i);
      assert.equal((await order(placed.body.orderId)).body.status, 'pending_payment');
    } finally {
      await setBalance(1_000_000);
    }
    assert.equal((await pay(placed.body.orderId)).body.status, 'completed');
  });

  test('a refusal the user can fix frees the key: after topping up, paying again with the same Idempotency-Key pays', async () => {
    const bw = (await bandwidths()).find((b) => !b.pendingOrder);
    const placed = await change(bw.id, bw.sizeMbps + 13);
    const key = newKey('pay-after-top-up');
    await setBalance(0);
    try {
      const refused = await pay(placed.body.orderId, acme, key);
      assert.deepEqual([refused.status, refused.body.code], [409, 'insufficient_balance']);
    } finally {
      await setBalance(1_000_000);
    }
    const paid = await pay(placed.body.orderId, acme, key);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.status, 'completed');
  });

  test("another tenant's order, or an unknown one, is 404; reading needs order:read, paying order:pay", async () => {
    const bw = (await bandwidths()).find((b) => !b.pendingOrder);
    const placed = await change(bw.id, bw.sizeMbps + 2);
    const id = placed.body.orderId;
    assert.equal((await order(id, globex)).status, 404);
    assert.equal((await pay(id, globex)).status, 403, 'globex may not pay at all');
    assert.equal((await cancel(id, globex)).status, 404);
    assert.equal((await order('CS0000000000NOPE')).status, 404);
    const readOnly = await mintToken({ scopes: ['order:read'] });
    const seen = await order(id, readOnly);
    assert.deepEqual([seen.status, seen.body.canPay, seen.body.canCancel], [200, false, false]);
    assert.deepEqual([(await pay(id, readOnly)).status, (await cancel(id, readOnly)).status], [403, 403]);
    assert.equal((await order(id, await mintToken({ scopes: ['workspace-bandwidth:change'] }))).status, 403);
    const missingKey = await gw.call(`/v1/orders/${id}/pay`, { token: acme, body: {} });
    assert.equal(missingKey.status, 400);
    assert.equal((await cancel(id)).body.status, 'cancelled');
  });

  test('a tenant without allowPay cannot pay here: 403 with the billing link; the order says where to pay', async () => {
    const bws = (
      await json(
        await gw.call('/v1/workspace-bandwidths?region=cn-north-4&chargeMode=wks_bandwidth', { token: globex }),
      )
    ).body.items;
    const bw = bws.find((b: any) => !b.pendingOrder);
    const placed = await json(
      await gw.call(`/v1/workspace-bandwidths/${bw.id}/change-orders`, {
        token: globex,
        key: newKey(),
        body: { sizeMbps: bw.sizeMbps + 5, autoPay: false },
      }),
    );
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const o = await order(placed.body.orderId, globex);
    assert.deepEqual([o.body.canPay, o.body.canCancel], [false, true]);
    assert.match(o.body.billingUrl, /^https:\/\//);
    const denied = await pay(placed.body.orderId, globex);
    assert.deepEqual([denied.status, denied.body.code], [403, 'payment_not_allowed']);
    assert.ok(denied.body.detail.includes(o.body.billingUrl));
    const config = await json(await gw.call('/v1/config', { token: globex }));
    assert.deepEqual(config.body.orders, { allowPay: false, billingUrl: o.body.billingUrl });
    assert.deepEqual((await json(await gw.call('/v1/config', { token: acme }))).body.orders, { allowPay: true });
    assert.equal((await cancel(placed.body.orderId, globex)).body.status, 'cancelled');
  });

  test('a yearly/monthly package places an order that can be followed and paid', async () => {
    const [conn] = (await json(await gw.call('/v1/cloud-connections?q=headquarters', { token: acme }))).body.items;
    const res = await json(
      await gw.call('/v1/bandwidth-packages', {
        token: acme,
        key: newKey(),
        body: {
          name: `pkg-${Date.now()}`,
          localArea: 'Asia-Pacific',
          remoteArea: 'Chinese-Mainland',
          billingMode: 2,
          sizeMbps: 10,
          prepaid: { periodType: 'month', periodCount: 1 },
          resourceType: 'cloud_connection',
          resourceId: conn.id,
        },
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(res.body.orderId);
    const o = await order(res.body.orderId);
    assert.deepEqual(
      [o.body.status, o.body.operation, o.body.resourceId],
      ['pending_payment', 'createBandwidthPackage', res.body.bandwidthPackage.id],
    );
    assert.equal((await pay(res.body.orderId)).body.status, 'completed');
  });
});

describe('Workspace job → the bandwidth it made, found in the list', () => {
  const followJob = async (jobUrl: string) =>
    waitFor(
      async () => {
        const j = await json(await gw.call(jobUrl, { token: acme }));
        assert.equal(j.status, 200);
        return j.body.status === 'succeeded' || j.body.status === 'failed' ? j.body : undefined;
      },
      10_000,
      100,
    );

  test('wks_bandwidth: the job names the new bandwidth and its order once it succeeded', async () => {
    const subnets = (await json(await gw.call('/v1/subnets?region=ap-southeast-3&q=training', { token: acme }))).body
      .items;
    const name = `wks-${Date.now()}`;
    const created = await json(
      await gw.call('/v1/workspace-bandwidths', {
        token: acme,
        key: newKey(),
        body: { subnetId: subnets[0].id, chargeMode: 'wks_bandwidth', sizeMbps: 12, name },
      }),
    );
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const job = await followJob(created.body.jobUrl);
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    assert.ok(job.bandwidthId, JSON.stringify(job));
    assert.deepEqual(
      [job.bandwidth.id, job.bandwidth.name, job.bandwidth.subnetId, job.bandwidth.sizeMbps],
      [job.bandwidthId, name, subnets[0].id, 12],
    );
    assert.ok(job.orderId, 'wks_bandwidth is yearly/monthly: an order to follow');
    const o = await json(await gw.call(`/v1/orders/${job.orderId}`, { token: acme }));
    assert.deepEqual(
      [o.status, o.body.operation, o.body.resourceId],
      [200, 'createWorkspaceBandwidth', job.bandwidthId],
    );
    const listed = (
      await json(await gw.call('/v1/workspace-bandwidths?region=ap-southeast-3&limit=100', { token: acme }))
    ).body.items;
    assert.ok(
      listed.some((b: any) => b.id === job.bandwidthId),
      'the new bandwidth is in the list',
    );
  });

  test("without a name, the newest bandwidth on the subnet is the job's; free bandwidth has no order", async () => {
    const [subnet] = (await json(await gw.call('/v1/subnets?region=af-south-1&q=training', { token: acme }))).body
      .items;
    const created = await json(
      await gw.call('/v1/workspace-bandwidths', {
        token: acme,
        key: newKey(),
        body: { subnetId: subnet.id, chargeMode: 'free', region: 'af-south-1' },
      }),
    );
    assert.equal(created.status, 202);
    const job = await followJob(created.body.jobUrl);
    assert.ok(job.bandwidthId, JSON.stringify(job));
    assert.equal(job.bandwidth.subnetId, subnet.id);
    assert.equal(job.orderId, undefined);
    const again = await json(await gw.call(created.body.jobUrl, { token: acme }));
    assert.equal(again.body.bandwidthId, job.bandwidthId, 'remembered');
    assert.equal((await gw.call(created.body.jobUrl, { token: globex })).status, 404);
  });
});

describe('OpenAPI document', () => {
  test('names every new path with its operationId and scope', async () => {
    const doc = (await (await gw.call('/openapi.json')).json()) as any;
    const expect: [string, string, string, string[]][] = [
      ['/v1/subnets', 'get', 'listWorkspaceSubnets', ['subnet:read']],
      ['/v1/workspace-bandwidths', 'get', 'listWorkspaceBandwidths', ['workspace-bandwidth:read']],
      ['/v1/cloud-connections', 'get', 'listCloudConnections', ['cloud-connection:read']],
      [
        '/v1/quotes',
        'post',
        'createQuote',
        [
          'shared-bandwidth:create',
          'workspace-bandwidth:create',
          'workspace-bandwidth:change',
          'bandwidth-package:create',
        ],
      ],
      ['/v1/orders/{orderId}', 'get', 'showOrder', ['order:read']],
      ['/v1/orders/{orderId}/pay', 'post', 'payOrder', ['order:pay']],
      ['/v1/orders/{orderId}/cancel', 'post', 'cancelOrder', ['order:pay']],
      ['/v1/workspace-bandwidths', 'post', 'createWorkspaceBandwidth', ['workspace-bandwidth:create']],
    ];
    for (const [path, method, operationId, scopes] of expect) {
      const op = doc.paths?.[path]?.[method];
      assert.ok(op, `${method} ${path} is documented`);
      assert.equal(op.operationId, operationId);
      const documented = (op.security as Record<string, string[]>[]).flatMap((s) => s['widgetToken'] ?? []);
      assert.deepEqual(documented.sort(), [...scopes].sort(), path);
      for (const s of scopes) assert.ok(op.description.includes(s), `${path} says ${s} in words`);
    }
    const pay = doc.paths['/v1/orders/{orderId}/pay'].post;
    assert.ok(pay.parameters.some((p: any) => p.name === 'Idempotency-Key' && p.required));
    assert.ok(doc.paths['/v1/quotes'].post.responses['200']);
    // a retry that settles an unknown outcome answers 200 with the bandwidth itself
    assert.deepEqual(
      Object.keys(doc.paths['/v1/workspace-bandwidths'].post.responses)
        .filter((k) => k < '300')
        .sort(),
      ['200', '202'],
    );
  });
});
