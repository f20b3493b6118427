/** BSS: ratePeriodProducts, rateOnDemandProducts, showOrder, payOrder, cancelOrder over real HTTP, and /_sim/balance. */

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sign } from '@bwkit/huaweicloud';
import { OP_NAMES, rules, SIM_BUSINESS_DISCOUNT, SIM_PRICING_CODES } from '../../index.js';
import type { CallResult, TestSim } from '../../test-support.js';
import { BSS_DOMAIN, CN, fakeClock, INTL, startTestSim } from '../../test-support.js';

const clock = fakeClock();
let sim: TestSim;
before(async () => {
  sim = await startTestSim({ now: clock.now, order: { autoPaySettleMs: 1000 } });
});
after(() => sim.close());
beforeEach(async () => {
  await sim.admin('/_sim/reset', { method: 'POST' });
});

const P = '0e69423d4400f4a82f67c0059a1e4cc8';
const YEARLY = '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b';
const PERIOD = '/v2/bills/ratings/period-resources/subscribe-rate';
const ON_DEMAND = '/v2/bills/ratings/on-demand-resources';
const PAY = '/v3/orders/customer-orders/pay';
const CANCEL = '/v2/orders/customer-orders/cancel';
const details = (id: string) => `/v2/orders/customer-orders/details/${id}`;

const shared = SIM_PRICING_CODES.createSharedBandwidth;
const periodProduct = (over: Record<string, unknown> = {}) => ({
  id: '1',
  cloud_service_type: shared.cloudServiceType,
  resource_type: shared.resourceType,
  resource_spec: shared.resourceSpec,
  region: 'ap-southeast-1',
  resource_size: 10,
  size_measure_id: 15,
  period_type: 2,
  period_num: 1,
  subscription_num: 1,
  ...over,
});
const demandProduct = (over: Record<string, unknown> = {}) => ({
  id: '1',
  cloud_service_type: shared.cloudServiceType,
  resource_type: shared.resourceType,
  resource_spec: shared.resourceSpec,
  region: 'ap-southeast-1',
  resource_size: 10,
  size_measure_id: 15,
  usage_factor: 'Duration',
  usage_value: 1,
  usage_measure_id: 4,
  subscription_num: 1,
  ...over,
});
const ratePeriod = (products: unknown[], cred = INTL) =>
  sim.call(PERIOD, { body: { project_id: P, product_infos: products }, cred });
const rateDemand = (products: unknown[], extra: Record<string, unknown> = {}, cred = INTL) =>
  sim.call(ON_DEMAND, { body: { project_id: P, product_infos: products, ...extra }, cred });

function assertCbc(r: CallResult, status: number, code: string, mentions?: RegExp) {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['error_code', 'error_msg'], r.text);
  assert.equal(r.json.error_code, code, r.text);
  if (mentions) assert.match(r.json.error_msg, mentions);
}

/** A Workspace change order pending payment (order_type 3), placed by `cred`'s account. */
async function changeOrder(size = '30', cred = INTL, extra: Record<string, unknown> = {}) {
  const r = await sim.call(`/v2/${P}/bandwidths/${YEARLY}/periodic/change/order`, {
    body: { bandwidth_size: size, ...extra },
    cred,
  });
  assert.equal(r.status, 200, r.text);
  return r.json.order_id as string;
}
const show = (id: string, cred = INTL, query = '') => sim.call(details(id) + query, { cred });
const pay = (body: Record<string, unknown>, cred = INTL) =>
  sim.call(PAY, { body: { use_coupon: 'NO', use_discount: 'NO', ...body }, cred });
const cancel = (orderId: string, cred = INTL) => sim.call(CANCEL, { method: 'PUT', body: { order_id: orderId }, cred });

describe('ratePeriodProducts', () => {
  test('international: USD, the official price and one best offer with the 10 % business discount; no top-level amount', async () => {
    const r = await ratePeriod([periodProduct()]);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), [
      'currency',
      'official_website_rating_result',
      'optional_discount_rating_results',
    ]);
    assert.equal(r.json.currency, 'USD');
    const official = r.json.official_website_rating_result;
    assert.equal(official.official_website_amount, 115);
    assert.equal(official.measure_id, 1);
    assert.equal(official.product_rating_results.length, 1);
    assert.equal(official.product_rating_results[0].id, '1');
    assert.match(official.product_rating_results[0].product_id, /^OFFI\d{18}$/);
    assert.equal(r.json.optional_discount_rating_results.length, 1);
    const offer = r.json.optional_discount_rating_results[0];
    assert.deepEqual(
      {
        amount: offer.amount,
        official: offer.official_website_amount,
        discount: offer.discount_amount,
        type: offer.discount_type,
        best: offer.best_offer,
      },
      { amount: 103.5, official: 115, discount: 11.5, type: 605, best: 1 },
    );
    assert.equal(offer.discount_id, SIM_BUSINESS_DISCOUNT.id);
    assert.equal(offer.product_rating_results[0].amount, 103.5);
    assert.equal(offer.product_rating_results[0].product_id, official.product_rating_results[0].product_id);
  });

  test('Chinese mainland account: CNY from its own price table', async () => {
    const r = await ratePeriod([periodProduct()], CN);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.currency, 'CNY');
    assert.equal(r.json.official_website_rating_result.official_website_amount, 800);
    assert.equal(r.json.optional_discount_rating_results[0].amount, 720);
  });

  test('several products, years, counts: each keyed by its id, totals summed', async () => {
    const r = await ratePeriod([
      periodProduct({ id: 'a', period_type: 3, period_num: 2 }),
      periodProduct({ id: 'b', resource_size: 5, subscription_num: 2 }),
    ]);
    assert.equal(r.status, 200, r.text);
    const byId = Object.fromEntries(
      r.json.official_website_rating_result.product_rating_results.map(
        (p: { id: string; official_website_amount: number }) => [p.id, p.official_website_amount],
      ),
    );
    assert.deepEqual(byId, { a: 2346, b: 115 }); // 11.5 × 10.2 × 10 Mbit/s × 2 years; 11.5 × 5 × 2
    assert.equal(r.json.official_website_rating_result.official_website_amount, 2461);
    assert.equal(r.json.optional_discount_rating_results[0].amount, 2214.9);
  });

  test('every simulator product code rates, and a bandwidth package takes any documented spec code', async () => {
    for (const [op, codes] of Object.entries(SIM_PRICING_CODES)) {
      const r = await ratePeriod([
        periodProduct({
          cloud_service_type: codes.cloudServiceType,
          resource_type: codes.resourceType,
          resource_spec: codes.resourceSpec,
        }),
      ]);
      assert.equal(r.status, 200, `${op}: ${r.text}`);
      assert.ok(r.json.optional_discount_rating_results[0].amount > 0);
    }
    const cc = SIM_PRICING_CODES.createBandwidthPackage;
    for (const spec of rules.CC_SPEC_CODES.map((s) => s.code)) {
      const r = await ratePeriod([
        periodProduct({ cloud_service_type: cc.cloudServiceType, resource_type: cc.resourceType, resource_spec: spec }),
      ]);
      assert.equal(r.status, 200, `${spec}: ${r.text}`);
    }
  });

  test('unknown product codes → 400 CBC.99006006', async () => {
    assertCbc(await ratePeriod([periodProduct({ resource_spec: '12_bgp' })]), 400, 'CBC.99006006', /12_bgp/);
    assertCbc(await ratePeriod([periodProduct({ cloud_service_type: 'hws.service.type.ebs' })]), 400, 'CBC.99006006');
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['no project_id', { product_infos: [periodProduct()] }, 'CBC.0100', /project_id/],
    ['no products', { project_id: P, product_infos: [] }, 'CBC.0100', /product_infos/],
    [
      'product without region',
      { project_id: P, product_infos: [periodProduct({ region: undefined })] },
      'CBC.0100',
      /region/,
    ],
    ['duplicate ids', { project_id: P, product_infos: [periodProduct(), periodProduct()] }, 'CBC.0101', /unique/],
    ['period_type 1', { project_id: P, product_infos: [periodProduct({ period_type: 1 })] }, 'CBC.0101', /period_type/],
    ['period_num 0', { project_id: P, product_infos: [periodProduct({ period_num: 0 })] }, 'CBC.0101', /period_num/],
    [
      'no resource_size',
      { project_id: P, product_infos: [periodProduct({ resource_size: undefined })] },
      'CBC.0101',
      /resource_size/,
    ],
    [
      'size_measure_id 17 (GB)',
      { project_id: P, product_infos: [periodProduct({ size_measure_id: 17 })] },
      'CBC.0101',
      /size_measure_id/,
    ],
    [
      'no subscription_num',
      { project_id: P, product_infos: [periodProduct({ subscription_num: undefined })] },
      'CBC.0100',
      /subscription_num/,
    ],
  ];
  for (const [name, body, code, mentions] of bad) {
    test(`refused: ${name} → 400 ${code}`, async () =>
      assertCbc(await sim.call(PERIOD, { body }), 400, code, mentions));
  }
});

describe('rateOnDemandProducts', () => {
  test('top-level amount, per product discount results, 6 decimals by default', async () => {
    const r = await rateDemand([demandProduct()]);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), [
      'amount',
      'currency',
      'discount_amount',
      'measure_id',
      'official_website_amount',
      'product_rating_results',
    ]);
    assert.deepEqual(
      [r.json.official_website_amount, r.json.discount_amount, r.json.amount, r.json.currency],
      [0.21, 0.021, 0.189, 'USD'],
    );
    const p = r.json.product_rating_results[0];
    assert.equal(p.id, '1');
    assert.equal(p.amount, 0.189);
    assert.deepEqual(
      p.discount_rating_results.map((d: { discount_type: number; amount: number }) => [d.discount_type, d.amount]),
      [[605, 0.021]],
    );
    const cn = await rateDemand([demandProduct({ usage_value: 24 })], { inquiry_precision: 1 }, CN);
    assert.deepEqual([cn.json.official_website_amount, cn.json.amount, cn.json.currency], [36, 32.4, 'CNY']);
  });

  test('a usage factor other than Duration → CBC.99006074; a unit other than hours → CBC.99006050', async () => {
    assertCbc(await rateDemand([demandProduct({ usage_factor: 'upflow' })]), 400, 'CBC.99006074', /upflow/);
    assertCbc(await rateDemand([demandProduct({ usage_measure_id: 10 })]), 400, 'CBC.99006050');
    assertCbc(await rateDemand([demandProduct({ resource_type: 'hws.resource.type.ip' })]), 400, 'CBC.99006006');
    assertCbc(await rateDemand([demandProduct()], { inquiry_precision: 2 }), 400, 'CBC.0101', /inquiry_precision/);
    assertCbc(await rateDemand([demandProduct({ usage_value: 0 })]), 400, 'CBC.0100', /usage_value/);
  });
});

describe('the BSS gateway rules', () => {
  test('X-Domain-Id is required (global credentials) → 400 CBC.0100', async () => {
    assertCbc(
      await sim.call(PERIOD, { body: { project_id: P, product_infos: [periodProduct()] }, scopeHeader: null }),
      400,
      'CBC.0100',
      /X-Domain-Id/,
    );
  });

  test('signatures are checked like everywhere: unsigned → 401 APIGW.0301', async () => {
    const r = await sim.call(PERIOD, { body: { project_id: P, product_infos: [periodProduct()] }, unsigned: true });
    assert.equal(r.status, 401);
    assert.equal(r.json.error_code, 'APIGW.0301');
  });

  test('a real BSS host of the other website → 403 CBC.0156; the right one passes', async () => {
    const send = async (host: string, cred: typeof INTL) => {
      const body = JSON.stringify({ project_id: P, product_infos: [periodProduct()] });
      const signed = await sign(
        {
          method: 'POST',
          url: `https://${host}${PERIOD}`,
          headers: { 'Content-Type': 'application/json', 'X-Domain-Id': BSS_DOMAIN },
          body,
        },
        cred,
        clock.now(),
      );
      return new Promise<{ status: number; json: any }>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: sim.running.port, method: 'POST', path: PERIOD, headers: signed.headers },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    };
    const wrong = await send('bss.myhuaweicloud.com', INTL);
    assert.deepEqual([wrong.status, wrong.json.error_code], [403, 'CBC.0156']);
    assert.deepEqual([(await send('bss-intl.myhuaweicloud.com', CN)).status], [403]);
    const right = await send('bss-intl.myhuaweicloud.com', INTL);
    assert.equal(right.status, 200);
    assert.equal(right.json.currency, 'USD');
    assert.equal((await send('bss.myhuaweicloud.com', CN)).json.currency, 'CNY');
  });

  test('faults use the CBC body: status → CBC.0999, malformed → 200 with broken JSON', async () => {
    await sim.admin('/_sim/faults', { body: { op: 'ratePeriodProducts', kind: 'status', status: 500 } });
    assertCbc(await ratePeriod([periodProduct()]), 500, 'CBC.0999');
    await sim.admin('/_sim/faults', { body: { op: 'showOrder', kind: 'malformed' } });
    const r = await show('CS2611251012ABCDE');
    assert.equal(r.status, 200);
    assert.throws(() => JSON.parse(r.text));
  });
});

describe('orders', () => {
  test('showOrder: a pending change order, status 6, priced at one month of the new size', async () => {
    const id = await changeOrder('30');
    const r = await show(id);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['order_info', 'order_line_items', 'total_count']);
    const o = r.json.order_info;
    assert.equal(o.order_id, id);
    assert.equal(o.status, 6);
    assert.equal(o.order_type, 3);
    assert.equal(o.customer_id, BSS_DOMAIN);
    assert.equal(o.service_type_code, 'hws.service.type.workspace');
    assert.deepEqual([o.official_amount, o.amount_after_discount, o.currency, o.measure_id], [255, 229.5, 'USD', 1]); // 8.5 × 30
    assert.deepEqual(o.amount_info.discounts, [{ discount_type: '605', discount_amount: 25.5 }]);
    assert.equal(o.payment_time, null);
    assert.equal(o.create_time, '2026-11-25T10:00:00Z');
    assert.match(o.pending_payment_end_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(r.json.total_count, 1);
    assert.equal(r.json.order_line_items[0].order_id, id);
    assert.equal(r.json.order_line_items[0].period_type, 2);
    assert.deepEqual((await show(id, INTL, '?offset=1')).json.order_line_items, []);
    assertCbc(await show(id, INTL, '?limit=0'), 400, 'CBC.0101', /limit/);
  });

  test('payOrder → 204 with no body: status 5, payment time, the balance debited, the change applied', async () => {
    const id = await changeOrder('30');
    const r = await pay({ order_id: id });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    const o = (await show(id)).json.order_info;
    assert.equal(o.status, 5);
    assert.equal(o.payment_time, '2026-11-25T10:00:00Z');
    assert.equal(o.amount_info.consumed_amount, 229.5);
    assert.deepEqual((await sim.admin(`/_sim/balance?domainId=${BSS_DOMAIN}`)).json, {
      domainId: BSS_DOMAIN,
      amount: 9770.5,
    });
    const bw = (await sim.call(`/v2/${P}/bandwidths?bandwidth_id=${YEARLY}`)).json.bandwidths[0];
    assert.deepEqual([bw.size, bw.status, bw.order_id], [30, 'ACTIVE', id]);
    // not pending any more
    assertCbc(await pay({ order_id: id }), 400, 'CBC.99003106');
    assertCbc(await cancel(id), 400, 'CBC.99003106');
  });

  test('insufficient balance → 400 CBC.99005003 and the order stays pending', async () => {
    const id = await changeOrder('30');
    assert.equal(
      (await sim.admin('/_sim/balance', { method: 'PUT', body: { domainId: BSS_DOMAIN, amount: 100 } })).status,
      200,
    );
    assertCbc(await pay({ order_id: id }), 400, 'CBC.99005003', /229\.5/);
    assert.equal((await show(id)).json.order_info.status, 6);
    assert.equal((await sim.admin(`/_sim/balance?domainId=${BSS_DOMAIN}`)).json.amount, 100);
    // another domain of the same account has its own balance
    assert.equal((await pay({ order_id: id }, INTL)).status, 400);
    const other = await sim.call(PAY, {
      body: { order_id: id, use_coupon: 'NO', use_discount: 'NO' },
      scopeHeader: 'dom-rich',
    });
    assert.equal(other.status, 204, other.text);
  });

  test('cancelOrder → 204: status 4, the bandwidth back to ACTIVE with its former order; a cancelled order cannot be paid', async () => {
    const before = (await sim.call(`/v2/${P}/bandwidths?bandwidth_id=${YEARLY}`)).json.bandwidths[0];
    const id = await changeOrder('30');
    const r = await cancel(id);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal((await show(id)).json.order_info.status, 4);
    const bw = (await sim.call(`/v2/${P}/bandwidths?bandwidth_id=${YEARLY}`)).json.bandwidths[0];
    assert.deepEqual([bw.size, bw.status, bw.order_id], [before.size, 'ACTIVE', before.order_id]);
    assertCbc(await pay({ order_id: id }), 400, 'CBC.99003106');
    assertCbc(await cancel(id), 400, 'CBC.99003106');
  });

  test("an unknown order, or another account's → 400 CBC.30000010 for show, pay and cancel", async () => {
    for (const r of [
      await show('CS0000000000NOPEX'),
      await pay({ order_id: 'CS0000000000NOPEX' }),
      await cancel('CS0000000000NOPEX'),
    ]) {
      assertCbc(r, 400, 'CBC.30000010', /CS0000000000NOPEX/);
    }
    const id = await changeOrder('30');
    assertCbc(await show(id, CN), 400, 'CBC.30000010');
    assertCbc(await pay({ order_id: id }, CN), 400, 'CBC.30000010');
    assertCbc(await cancel(id, CN), 400, 'CBC.30000010');
  });

  test('pay body: the documented fields; the simulator has no coupons, its one discount is the business one', async () => {
    const id = await changeOrder('30');
    assertCbc(await sim.call(PAY, { body: { order_id: id } }), 400, 'CBC.0100', /use_coupon/);
    assertCbc(
      await sim.call(PAY, { body: { order_id: id, use_coupon: 'no', use_discount: 'NO' } }),
      400,
      'CBC.0100',
      /use_coupon/,
    );
    assertCbc(await pay({ order_id: id, coupon_infos: [{ id: 'c', type: 301 }] }), 400, 'CBC.0101', /coupon_infos/);
    assertCbc(await pay({ order_id: id, use_discount: 'YES' }), 400, 'CBC.0101', /discount_infos/);
    assertCbc(
      await pay({ order_id: id, use_coupon: 'YES', coupon_infos: [{ id: 'c', type: 301 }] }),
      400,
      'CBC.99003112',
    );
    assertCbc(
      await pay({ order_id: id, use_discount: 'YES', discount_infos: [{ id: 'other', type: 2 }] }),
      400,
      'CBC.99003108',
    );
    assertCbc(await sim.call(CANCEL, { method: 'PUT', body: {} }), 400, 'CBC.0100', /order_id/);
    const ok = await pay({
      order_id: id,
      use_discount: 'YES',
      discount_infos: [{ id: SIM_BUSINESS_DISCOUNT.id, type: 2 }],
    });
    assert.equal(ok.status, 204, ok.text);
  });

  test('auto-paid change: completed (5) at once, applied when it settles; the job follows', async () => {
    const r = await sim.call(`/v2/${P}/bandwidths/${YEARLY}/periodic/change/order`, {
      body: { bandwidth_size: '40', extend_param: { is_auto_pay: 'true' } },
    });
    const { order_id: id, job_id: jobId } = r.json;
    assert.equal((await show(id)).json.order_info.status, 5);
    assert.equal((await sim.call(`/v2/${P}/workspace-jobs/${jobId}`)).json.status, 'RUNNING');
    assertCbc(await pay({ order_id: id }), 400, 'CBC.99003106');
    clock.advance(1000);
    assert.equal((await sim.call(`/v2/${P}/workspace-jobs/${jobId}`)).json.status, 'SUCCESS');
    assert.equal((await sim.call(`/v2/${P}/bandwidths?bandwidth_id=${YEARLY}`)).json.bandwidths[0].size, 40);
  });

  test('GET /_sim/state counts every BSS op by its name', async () => {
    const id = await changeOrder('30');
    await ratePeriod([periodProduct()]);
    await rateDemand([demandProduct()]);
    await show(id);
    await pay({ order_id: 'nope' });
    await pay({ order_id: id });
    await cancel(id);
    const s = (await sim.admin('/_sim/state')).json;
    const zero = Object.fromEntries(OP_NAMES.map((op) => [op, 0]));
    assert.deepEqual(s.counts, {
      ...zero,
      changeWorkspaceBandwidth: 1,
      ratePeriodProducts: 1,
      rateOnDemandProducts: 1,
      showOrder: 1,
      payOrder: 1,
      cancelOrder: 0,
    });
    assert.deepEqual(s.requests, {
      ...zero,
      changeWorkspaceBandwidth: 1,
      ratePeriodProducts: 1,
      rateOnDemandProducts: 1,
      showOrder: 1,
      payOrder: 2,
      cancelOrder: 1,
    });
    const order = s.orders.find((o: { order_id: string }) => o.order_id === id);
    assert.deepEqual([order.status, order.bss_status, order.amount], ['completed', 5, 229.5]);
  });
});

describe('/_sim/balance', () => {
  test('default 10000; PUT per domain or for every domain; reset restores it', async () => {
    assert.deepEqual((await sim.admin('/_sim/balance')).json, { default: 10000, domains: {} });
    assert.deepEqual((await sim.admin('/_sim/balance', { method: 'PUT', body: { domainId: 'd1', amount: 5 } })).json, {
      domainId: 'd1',
      amount: 5,
    });
    assert.deepEqual((await sim.admin('/_sim/balance')).json, { default: 10000, domains: { d1: 5 } });
    assert.equal((await sim.admin('/_sim/balance?domainId=d2')).json.amount, 10000);
    assert.equal(
      (await sim.admin('/_sim/balance', { method: 'PUT', body: { amount: 0, currency: 'USD' } })).status,
      200,
    );
    assert.deepEqual((await sim.admin('/_sim/balance')).json, { default: 0, domains: {} });
    for (const body of [
      {},
      { amount: -1 },
      { amount: '5' },
      { amount: 5, domainId: '' },
      { amount: 5, currency: 'EUR' },
    ]) {
      const r = await sim.admin('/_sim/balance', { method: 'PUT', body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(typeof r.json.error, 'string');
    }
    await sim.admin('/_sim/reset', { method: 'POST' });
    assert.deepEqual((await sim.admin('/_sim/balance')).json, { default: 10000, domains: {} });
  });

  test('the balance option sets the starting balance', async () => {
    const poor = await startTestSim({ balance: 1 });
    try {
      assert.equal((await poor.admin('/_sim/balance')).json.default, 1);
      const r = await poor.call(`/v2/${P}/bandwidths/${YEARLY}/periodic/change/order`, {
        body: { bandwidth_size: '30' },
      });
      const paid = await poor.call(PAY, { body: { order_id: r.json.order_id, use_coupon: 'NO', use_discount: 'NO' } });
      assertCbc(paid, 400, 'CBC.99005003');
    } finally {
      await poor.close();
    }
  });
});
