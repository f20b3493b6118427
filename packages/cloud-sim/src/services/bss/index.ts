/**
 * BSS (billing) — global, X-Domain-Id. Operations: ratePeriodProducts, rateOnDemandProducts (price inquiry from the
 * simulator's price table), showOrder, payOrder, cancelOrder (the order book other services fill). Errors are
 * {"error_code":"CBC.…","error_msg":"…"}. The website (and so the currency) is the calling AK's; a request that
 * names a real BSS host of the other website is refused like the real one refuses it (403 CBC.0156).
 */
import type { RateOnDemandProductsResponse, RatePeriodProductsResponse, ShowOrderResponse } from '@bwkit/huaweicloud';
import type { Site } from '../../check.js';
import { isObject } from '../../check.js';
import { isoSeconds } from '../../ids.js';
import type { OpContext, OpHandler, ServiceDef, SimContext } from '../../service.js';
import type { OpName } from '../../state.js';
import type { OrderBook } from './orders.js';
import type { SimPriceEntry } from './pricing.js';
import {
  findPrice,
  MEASURE_UNIT,
  productId,
  rate,
  ratePeriod,
  round,
  SIM_BUSINESS_DISCOUNT,
  SITE_CURRENCY,
} from './pricing.js';
import {
  CBC_ACCESS_DENIED,
  CBC_COUPON_NOT_USABLE,
  CBC_DISCOUNT_NOT_USABLE,
  CBC_FLOW_CONTROL,
  CBC_INSUFFICIENT_BALANCE,
  CBC_INTERNAL,
  CBC_INVALID_PARAMETER,
  CBC_ORDER_NOT_FOUND,
  CBC_ORDER_STATE_CHANGED,
  CBC_PARAMETER_ERROR,
  CBC_PRODUCT_NOT_FOUND,
  CBC_USAGE_FACTOR,
  CBC_USAGE_UNIT,
  CBC_WRONG_SITE,
  checkCancelOrder,
  checkPayOrder,
  checkRateOnDemandProducts,
  checkRatePeriodProducts,
  checkShowOrderQuery,
  USAGE_FACTOR_DURATION,
  USAGE_MEASURE_HOUR,
} from './rules.js';
import type { SimOrder } from './state.js';
import { BSS_ORDER_STATUS, balanceOf } from './state.js';

/** The website a real BSS host serves; undefined for any other host (the simulator's own URL). */
export function siteOfBssHost(host: string): Site | undefined {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (name === 'bss.myhuaweicloud.com') return 'chinese-mainland';
  if (name === 'bss-intl.myhuaweicloud.com' || name === 'bss.myhuaweicloud.eu') return 'international';
  return undefined;
}

/** How long an order stays payable (INFERRED: the API shows pending_payment_end_time, not the rule). */
const PAYMENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

const SERVICE_TYPE_NAMES: Record<string, string> = {
  'hws.service.type.workspace': 'Workspace',
  'hws.service.type.cc': 'Cloud Connect',
  'hws.service.type.vpc': 'Virtual Private Cloud',
};

export function createBssService(ctx: SimContext, orders: OrderBook): ServiceDef {
  const { state } = ctx;

  /** Every BSS operation first refuses a request sent to the other website's host. */
  const op = (name: OpName, handler: OpHandler) => ({
    op: name,
    handler: (x: OpContext) => {
      const hostSite = siteOfBssHost(x.host);
      if (hostSite && hostSite !== x.site) {
        return x.error(403, CBC_WRONG_SITE, 'The customer does not belong to the website you are now at.');
      }
      return handler(x);
    },
  });

  const unknownProduct = (
    x: OpContext,
    p: { id: string; cloud_service_type: string; resource_type: string; resource_spec: string },
  ) =>
    x.error(
      400,
      CBC_PRODUCT_NOT_FOUND,
      `The product ${p.id} (${p.cloud_service_type}, ${p.resource_type}, ${p.resource_spec}) does not exist.`,
    );

  /** The caller's order, or undefined when it does not exist or belongs to another account. */
  const findOrder = (x: OpContext, id: string): SimOrder | undefined => {
    const order = state.orders.get(id);
    return order && order.ak === x.ak ? order : undefined;
  };
  const noOrder = (x: OpContext, id: string) =>
    x.error(400, CBC_ORDER_NOT_FOUND, `The order ${id} is invalid or does not exist.`);

  function orderDetails(order: SimOrder, scopeId: string, limit: number, offset: number): ShowOrderResponse {
    const pendingEnd = isoSeconds(Date.parse(order.created_at) + PAYMENT_WINDOW_MS);
    const line = {
      order_line_item_id: `${order.order_id}-000001`,
      product_id: order.product_id,
      cloud_service_type: order.service_type_code,
      resource_type: order.resource_type,
      resource_spec: order.resource_spec,
      period_type: order.period_type,
      period_num: order.period_num,
      subscription_num: 1,
      amount_after_discount: order.amount,
      official_amount: order.official_amount,
      measure_id: MEASURE_UNIT,
      currency: order.currency,
      order_id: order.order_id,
    };
    return {
      total_count: 1,
      order_info: {
        order_id: order.order_id,
        customer_id: order.domain_id ?? scopeId,
        service_type_code: order.service_type_code,
        service_type_name: SERVICE_TYPE_NAMES[order.service_type_code] ?? order.service_type_code,
        source_type: 1,
        status: BSS_ORDER_STATUS[order.status],
        order_type: order.order_type,
        amount_after_discount: order.amount,
        official_amount: order.official_amount,
        measure_id: MEASURE_UNIT,
        create_time: order.created_at,
        payment_time: order.paid_at ?? null,
        currency: order.currency,
        contract_id: null,
        amount_info: {
          discounts: [{ discount_type: String(SIM_BUSINESS_DISCOUNT.type), discount_amount: order.discount_amount }],
          flexipurchase_coupon_amount: 0,
          coupon_amount: 0,
          stored_card_amount: 0,
          commission_amount: 0,
          consumed_amount: order.paid_at ? order.amount : 0,
        },
        user_name: order.ak,
        ...(order.status === 'unpaid' ? { pending_payment_end_time: pendingEnd } : {}),
        sub_order_infos: [],
      },
      order_line_items: [line].slice(offset, offset + limit),
    };
  }

  const routes = [
    {
      ...op('ratePeriodProducts', (x) => {
        const check = checkRatePeriodProducts(x.body);
        if (!check.ok) return x.error(400, check.code, check.message);
        const currency = SITE_CURRENCY[x.site];
        const results: { id: string; product_id: string; official: number; discount: number; amount: number }[] = [];
        for (const p of check.value.products) {
          const entry = findPrice(p.cloud_service_type, p.resource_type, p.resource_spec);
          if (!entry) return unknownProduct(x, p);
          const r = ratePeriod(entry, currency, p.period_type, p.period_num, p.resource_size, p.subscription_num);
          results.push({ id: p.id, product_id: productId(entry, p.resource_spec, x.site), ...r });
        }
        const sum = (k: 'official' | 'discount' | 'amount') =>
          round(
            results.reduce((s, r) => s + r[k], 0),
            2,
          );
        // ListRateOnPeriodDetailResponse: no top-level amount; the price is the best of the optional discounts.
        const answer: RatePeriodProductsResponse = {
          currency,
          official_website_rating_result: {
            official_website_amount: sum('official'),
            measure_id: MEASURE_UNIT,
            product_rating_results: results.map((r) => ({
              id: r.id,
              product_id: r.product_id,
              official_website_amount: r.official,
              measure_id: MEASURE_UNIT,
            })),
          },
          optional_discount_rating_results: [
            {
              discount_id: SIM_BUSINESS_DISCOUNT.id,
              amount: sum('amount'),
              official_website_amount: sum('official'),
              discount_amount: sum('discount'),
              measure_id: MEASURE_UNIT,
              discount_type: SIM_BUSINESS_DISCOUNT.type,
              discount_name: SIM_BUSINESS_DISCOUNT.name,
              best_offer: 1,
              product_rating_results: results.map((r) => ({
                id: r.id,
                product_id: r.product_id,
                amount: r.amount,
                official_website_amount: r.official,
                discount_amount: r.discount,
                measure_id: MEASURE_UNIT,
              })),
            },
          ],
        };
        return x.json(answer);
      }),
    },
    {
      ...op('rateOnDemandProducts', (x) => {
        const check = checkRateOnDemandProducts(x.body);
        if (!check.ok) return x.error(400, check.code, check.message);
        const currency = SITE_CURRENCY[x.site];
        const decimals = check.value.precision === 1 ? 10 : 6;
        const results: { id: string; product_id: string; official: number; discount: number; amount: number }[] = [];
        for (const p of check.value.products) {
          const entry: SimPriceEntry | undefined = findPrice(p.cloud_service_type, p.resource_type, p.resource_spec);
          if (!entry) return unknownProduct(x, p);
          if (p.usage_factor !== USAGE_FACTOR_DURATION) {
            return x.error(
              400,
              CBC_USAGE_FACTOR,
              `The usage factor ${p.usage_factor} of product ${p.id} does not exist (bandwidth is rated by ${USAGE_FACTOR_DURATION}).`,
            );
          }
          if (p.usage_measure_id !== USAGE_MEASURE_HOUR) {
            return x.error(
              400,
              CBC_USAGE_UNIT,
              `The usage unit ${p.usage_measure_id} of product ${p.id} is wrong (the simulator rates hours, unit ${USAGE_MEASURE_HOUR}).`,
            );
          }
          const r = rate(entry.perMbps[currency].hour * p.resource_size * p.usage_value * p.subscription_num, decimals);
          results.push({ id: p.id, product_id: productId(entry, p.resource_spec, x.site), ...r });
        }
        const sum = (k: 'official' | 'discount' | 'amount') =>
          round(
            results.reduce((s, r) => s + r[k], 0),
            decimals,
          );
        // ListOnDemandResourceRatingsResponse: unlike the period rating, the amount is at the top level.
        const answer: RateOnDemandProductsResponse = {
          amount: sum('amount'),
          discount_amount: sum('discount'),
          official_website_amount: sum('official'),
          measure_id: MEASURE_UNIT,
          currency,
          product_rating_results: results.map((r) => ({
            id: r.id,
            product_id: r.product_id,
            amount: r.amount,
            discount_amount: r.discount,
            official_website_amount: r.official,
            measure_id: MEASURE_UNIT,
            discount_rating_results: [
              {
                discount_id: SIM_BUSINESS_DISCOUNT.id,
                discount_type: SIM_BUSINESS_DISCOUNT.type,
                amount: r.discount,
                measure_id: MEASURE_UNIT,
                discount_name: SIM_BUSINESS_DISCOUNT.name,
              },
            ],
          })),
        };
        return x.json(answer);
      }),
    },
    {
      ...op('showOrder', (x) => {
        const q = checkShowOrderQuery(x.c.req.query());
        if (!q.ok) return x.error(400, q.code, q.message);
        const id = x.c.req.param('order_id') ?? '';
        const order = findOrder(x, id);
        if (!order) return noOrder(x, id);
        return x.json(orderDetails(order, x.scopeId, q.value.limit, q.value.offset));
      }),
    },
    {
      ...op('payOrder', (x) => {
        const check = checkPayOrder(x.body);
        if (!check.ok) return x.error(400, check.code, check.message);
        const v = check.value;
        const order = findOrder(x, v.order_id);
        if (!order) return noOrder(x, v.order_id);
        if (order.status !== 'unpaid') {
          return x.error(
            400,
            CBC_ORDER_STATE_CHANGED,
            `The status of order ${order.order_id} has changed: it is not pending payment.`,
          );
        }
        if (v.use_coupon)
          return x.error(400, CBC_COUPON_NOT_USABLE, 'The coupon cannot be used: the account has no coupons.');
        const discount = v.discount_infos[0];
        if (v.use_discount && discount?.id !== SIM_BUSINESS_DISCOUNT.id) {
          return x.error(400, CBC_DISCOUNT_NOT_USABLE, `The discount ${discount?.id} cannot be used for this order.`);
        }
        const balance = balanceOf(state.balances, x.scopeId);
        if (balance < order.amount) {
          return x.error(
            400,
            CBC_INSUFFICIENT_BALANCE,
            `Insufficient balance: the order costs ${order.amount} ${order.currency}, the account has ${balance}.`,
          );
        }
        state.balances.domains.set(x.scopeId, round(balance - order.amount, 2));
        order.domain_id ??= x.scopeId;
        orders.complete(order, x.now.getTime());
        // PayOrdersResponse has no fields; 204 is INFERRED (the SDK does not state the status).
        return x.c.body(null, 204);
      }),
    },
    {
      ...op('cancelOrder', (x) => {
        const check = checkCancelOrder(x.body);
        if (!check.ok) return x.error(400, check.code, check.message);
        const order = findOrder(x, check.value.order_id);
        if (!order) return noOrder(x, check.value.order_id);
        if (order.status !== 'unpaid') {
          return x.error(
            400,
            CBC_ORDER_STATE_CHANGED,
            `The status of order ${order.order_id} has changed: only an order pending payment can be cancelled.`,
          );
        }
        orders.cancel(order, x.now.getTime());
        // CancelCustomerOrderResponse has no fields; 204 is INFERRED.
        return x.c.body(null, 204);
      }),
    },
  ];

  const orderView = ({ settleAt: _settleAt, ...o }: SimOrder) => ({ ...o, bss_status: BSS_ORDER_STATUS[o.status] });

  return {
    name: 'bss',
    owns: (path) => /^\/(v2\/bills|v2\/orders|v3\/orders)\//.test(path),
    scope: { kind: 'header', header: 'X-Domain-Id', code: CBC_PARAMETER_ERROR },
    errorBody: (_requestId, code, message) => ({ error_code: code, error_msg: message }),
    faultError(status) {
      if (status >= 500) return { code: CBC_INTERNAL, message: 'Other error.' };
      if (status === 429) return { code: CBC_FLOW_CONTROL, message: 'Flow control: too many requests.' };
      if (status === 403) return { code: CBC_ACCESS_DENIED, message: 'Access denied.' };
      return { code: CBC_INVALID_PARAMETER, message: 'Invalid parameter.' };
    },
    badJsonCode: CBC_PARAMETER_ERROR,
    malformed: (opName) => ({
      status: 200,
      body:
        opName === 'rateOnDemandProducts'
          ? { amount: 0.05, discount_amount: 0, official_website_amount: 0.05, measure_id: 1, currency: 'USD' }
          : opName === 'showOrder'
            ? { total_count: 1, order_info: { order_id: 'CS2611251012ABCDE', status: 6 } }
            : { currency: 'USD', official_website_rating_result: { official_website_amount: 120, measure_id: 1 } },
    }),
    routes,
    stateView: () => ({
      orders: [...state.orders.values()].map(orderView),
      balances: { default: state.balances.default, domains: Object.fromEntries(state.balances.domains) },
    }),
    admin(router, adminError) {
      router.get('/balance', (c) => {
        const domainId = c.req.query('domainId');
        if (domainId) return c.json({ domainId, amount: balanceOf(state.balances, domainId) });
        return c.json({ default: state.balances.default, domains: Object.fromEntries(state.balances.domains) });
      });

      router.put('/balance', async (c) => {
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          return adminError(c, 400, 'body must be JSON');
        }
        if (!isObject(body)) return adminError(c, 400, 'body must be a JSON object');
        const { domainId, amount, currency } = body;
        if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
          return adminError(c, 400, 'amount must be a number of at least 0');
        if (domainId !== undefined && (typeof domainId !== 'string' || domainId === ''))
          return adminError(c, 400, 'domainId must be a non-empty string');
        // The balance is in the account's own currency (its website's); `currency` is accepted only as a check.
        if (currency !== undefined && currency !== 'CNY' && currency !== 'USD')
          return adminError(c, 400, 'currency must be CNY or USD');
        if (typeof domainId === 'string') {
          state.balances.domains.set(domainId, amount);
          return c.json({ domainId, amount });
        }
        state.balances.default = amount;
        state.balances.domains.clear();
        return c.json({ default: amount, domains: {} });
      });

      /** Test back door: pay (without touching the balance) or cancel a pending order. */
      router.post('/orders/:id/:action{pay|cancel}', (c) => {
        const order = state.orders.get(c.req.param('id'));
        if (!order) return adminError(c, 404, 'no such order');
        if (order.status !== 'unpaid') return adminError(c, 409, `order is ${order.status}`);
        const t = ctx.now().getTime();
        if (c.req.param('action') === 'pay') orders.complete(order, t);
        else orders.cancel(order, t);
        return c.json(orderView(order));
      });
    },
  };
}
