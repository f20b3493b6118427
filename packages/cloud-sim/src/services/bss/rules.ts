/**
 * BSS rules: the request checks of the price-inquiry and order APIs (RateOnPeriodReq / PeriodProductInfo,
 * RateOnDemandReq / DemandProductInfo, PayCustomerOrderV3Req, CancelCustomerOrderReq, ShowCustomerOrderDetails)
 * and the documented CBC error codes. Independent of @bwkit/contracts, like every rule in the simulator.
 */

import type { Check } from '../../check.js';
import { absent, fail, isInteger, isObject, ok, queryInt } from '../../check.js';

/** Parameter error (a required field is missing or has the wrong type). */
export const CBC_PARAMETER_ERROR = 'CBC.0100';
/** Invalid parameter (a field has a value the API does not accept). */
export const CBC_INVALID_PARAMETER = 'CBC.0101';
/** The account does not belong to the website of the host it called. */
export const CBC_WRONG_SITE = 'CBC.0156';
export const CBC_ACCESS_DENIED = 'CBC.0151';
export const CBC_FLOW_CONTROL = 'CBC.0250';
export const CBC_INTERNAL = 'CBC.0999';
/** Ratings: the product does not exist. */
export const CBC_PRODUCT_NOT_FOUND = 'CBC.99006006';
/** On-demand ratings: usage unit error. */
export const CBC_USAGE_UNIT = 'CBC.99006050';
/** On-demand ratings: the usage factor does not exist. */
export const CBC_USAGE_FACTOR = 'CBC.99006074';
/** Invalid or non-existent order (details, pay, cancel). */
export const CBC_ORDER_NOT_FOUND = 'CBC.30000010';
/** The order's status changed: it is no longer pending payment. */
export const CBC_ORDER_STATE_CHANGED = 'CBC.99003106';
export const CBC_DISCOUNT_NOT_USABLE = 'CBC.99003108';
export const CBC_COUPON_NOT_USABLE = 'CBC.99003112';
/** Insufficient balance (INFERRED for the v3 pay API: documented for the older pay API). */
export const CBC_INSUFFICIENT_BALANCE = 'CBC.99005003';

/** period_type: 0 day, 2 month, 3 year, 4 hour. */
export const BSS_PERIOD_TYPES = [0, 2, 3, 4] as const;
export type BssPeriodTypeCode = (typeof BSS_PERIOD_TYPES)[number];
/** size_measure_id 15 = Mbit/s, the unit of every bandwidth product. */
export const SIZE_MEASURE_MBPS = 15;
/** usage_factor of time-billed bandwidth. */
export const USAGE_FACTOR_DURATION = 'Duration';
/** usage_measure_id for hours: not in the SDK, 4 is INFERRED. */
export const USAGE_MEASURE_HOUR = 4;
export const BSS_PRODUCT_INFOS_MAX = 100;

export interface ProductCodes {
  id: string;
  cloud_service_type: string;
  resource_type: string;
  resource_spec: string;
  region: string;
  resource_size: number;
  size_measure_id?: number;
  subscription_num: number;
}
export interface PeriodProduct extends ProductCodes {
  period_type: BssPeriodTypeCode;
  period_num: number;
}
export interface DemandProduct extends ProductCodes {
  usage_factor: string;
  usage_value: number;
  usage_measure_id: number;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function checkProductCommon(p: unknown, i: number, seen: Set<string>): Check<ProductCodes> {
  const at = `product_infos[${i}]`;
  if (!isObject(p)) return fail(CBC_PARAMETER_ERROR, `Parameter error: ${at} must be an object.`);
  for (const key of ['id', 'cloud_service_type', 'resource_type', 'resource_spec', 'region'] as const) {
    if (!nonEmpty(p[key]))
      return fail(CBC_PARAMETER_ERROR, `Parameter error: ${at}.${key} is required and must be a non-empty string.`);
  }
  const id = p['id'] as string;
  if (seen.has(id))
    return fail(
      CBC_INVALID_PARAMETER,
      `Invalid parameter: ${at}.id ${JSON.stringify(id)} is not unique in the request.`,
    );
  seen.add(id);
  const { resource_size, size_measure_id, subscription_num } = p;
  // Linear products (bandwidth among them) are rated by size: resource_size is mandatory for them.
  if (!isInteger(resource_size) || resource_size < 1) {
    return fail(
      CBC_INVALID_PARAMETER,
      `Invalid parameter: ${at}.resource_size is required for bandwidth and must be a positive integer.`,
    );
  }
  if (!absent(size_measure_id) && size_measure_id !== SIZE_MEASURE_MBPS) {
    return fail(
      CBC_INVALID_PARAMETER,
      `Invalid parameter: ${at}.size_measure_id must be ${SIZE_MEASURE_MBPS} (Mbit/s) for bandwidth.`,
    );
  }
  if (!isInteger(subscription_num) || subscription_num < 1) {
    return fail(
      CBC_PARAMETER_ERROR,
      `Parameter error: ${at}.subscription_num is required and must be a positive integer.`,
    );
  }
  const value: ProductCodes = {
    id,
    cloud_service_type: p['cloud_service_type'] as string,
    resource_type: p['resource_type'] as string,
    resource_spec: p['resource_spec'] as string,
    region: p['region'] as string,
    resource_size,
    subscription_num,
  };
  if (isInteger(size_measure_id)) value.size_measure_id = size_measure_id;
  return ok(value);
}

function checkEnvelope(body: unknown): Check<{ project_id: string; product_infos: unknown[] }> {
  if (!isObject(body)) return fail(CBC_PARAMETER_ERROR, 'Parameter error: the request body must be a JSON object.');
  const { project_id, product_infos } = body;
  if (!nonEmpty(project_id))
    return fail(CBC_PARAMETER_ERROR, 'Parameter error: project_id is required and must be a non-empty string.');
  if (!Array.isArray(product_infos) || product_infos.length === 0 || product_infos.length > BSS_PRODUCT_INFOS_MAX) {
    return fail(
      CBC_PARAMETER_ERROR,
      `Parameter error: product_infos is required and must hold 1 to ${BSS_PRODUCT_INFOS_MAX} products.`,
    );
  }
  return ok({ project_id, product_infos });
}

/** ratePeriodProducts — RateOnPeriodReq. */
export function checkRatePeriodProducts(body: unknown): Check<{ project_id: string; products: PeriodProduct[] }> {
  const env = checkEnvelope(body);
  if (!env.ok) return env;
  const seen = new Set<string>();
  const products: PeriodProduct[] = [];
  for (const [i, p] of env.value.product_infos.entries()) {
    const common = checkProductCommon(p, i, seen);
    if (!common.ok) return common;
    const { period_type, period_num } = p as Record<string, unknown>;
    if (!(BSS_PERIOD_TYPES as readonly unknown[]).includes(period_type)) {
      return fail(
        CBC_INVALID_PARAMETER,
        `Invalid parameter: product_infos[${i}].period_type must be 0 (day), 2 (month), 3 (year) or 4 (hour).`,
      );
    }
    if (!isInteger(period_num) || period_num < 1) {
      return fail(
        CBC_INVALID_PARAMETER,
        `Invalid parameter: product_infos[${i}].period_num is required and must be a positive integer.`,
      );
    }
    products.push({ ...common.value, period_type: period_type as BssPeriodTypeCode, period_num });
  }
  return ok({ project_id: env.value.project_id, products });
}

/** rateOnDemandProducts — RateOnDemandReq. */
export function checkRateOnDemandProducts(
  body: unknown,
): Check<{ project_id: string; precision: 0 | 1; products: DemandProduct[] }> {
  const env = checkEnvelope(body);
  if (!env.ok) return env;
  const { inquiry_precision } = body as Record<string, unknown>;
  if (!absent(inquiry_precision) && inquiry_precision !== 0 && inquiry_precision !== 1) {
    return fail(
      CBC_INVALID_PARAMETER,
      'Invalid parameter: inquiry_precision must be 0 (6 decimals) or 1 (10 decimals).',
    );
  }
  const seen = new Set<string>();
  const products: DemandProduct[] = [];
  for (const [i, p] of env.value.product_infos.entries()) {
    const common = checkProductCommon(p, i, seen);
    if (!common.ok) return common;
    const { usage_factor, usage_value, usage_measure_id } = p as Record<string, unknown>;
    if (!nonEmpty(usage_factor))
      return fail(CBC_PARAMETER_ERROR, `Parameter error: product_infos[${i}].usage_factor is required.`);
    if (typeof usage_value !== 'number' || !Number.isFinite(usage_value) || usage_value <= 0) {
      return fail(
        CBC_PARAMETER_ERROR,
        `Parameter error: product_infos[${i}].usage_value is required and must be a positive number.`,
      );
    }
    if (!isInteger(usage_measure_id))
      return fail(
        CBC_PARAMETER_ERROR,
        `Parameter error: product_infos[${i}].usage_measure_id is required and must be an integer.`,
      );
    products.push({ ...common.value, usage_factor, usage_value, usage_measure_id });
  }
  return ok({ project_id: env.value.project_id, precision: inquiry_precision === 1 ? 1 : 0, products });
}

export interface PayOrderInput {
  order_id: string;
  use_coupon: boolean;
  use_discount: boolean;
  coupon_infos: { id: string; type: number }[];
  discount_infos: { id: string; type: number }[];
}

const COUPON_TYPES = [300, 301, 302, 303];
const DISCOUNT_TYPES = [0, 2, 3, 609];

function checkInfos(
  v: unknown,
  field: string,
  types: number[],
  min: number,
  max: number,
): Check<{ id: string; type: number }[]> {
  if (!Array.isArray(v) || v.length < min || v.length > max) {
    return fail(
      CBC_INVALID_PARAMETER,
      `Invalid parameter: ${field} must hold ${min === max ? `exactly ${min}` : `${min} to ${max}`} item(s).`,
    );
  }
  const out: { id: string; type: number }[] = [];
  for (const item of v) {
    if (!isObject(item) || !nonEmpty(item['id']) || !isInteger(item['type']) || !types.includes(item['type'])) {
      return fail(
        CBC_INVALID_PARAMETER,
        `Invalid parameter: each ${field} item needs an id and a type among ${types.join(', ')}.`,
      );
    }
    out.push({ id: item['id'], type: item['type'] });
  }
  return ok(out);
}

/** payOrder — PayCustomerOrderV3Req: order_id, use_coupon and use_discount (YES/NO) required; infos only with YES. */
export function checkPayOrder(body: unknown): Check<PayOrderInput> {
  if (!isObject(body)) return fail(CBC_PARAMETER_ERROR, 'Parameter error: the request body must be a JSON object.');
  const { order_id, use_coupon, use_discount, coupon_infos, discount_infos } = body;
  if (!nonEmpty(order_id)) return fail(CBC_PARAMETER_ERROR, 'Parameter error: order_id is required.');
  for (const [field, v] of [
    ['use_coupon', use_coupon],
    ['use_discount', use_discount],
  ] as const) {
    if (v !== 'YES' && v !== 'NO')
      return fail(CBC_PARAMETER_ERROR, `Parameter error: ${field} is required and must be YES or NO.`);
  }
  const value: PayOrderInput = {
    order_id,
    use_coupon: use_coupon === 'YES',
    use_discount: use_discount === 'YES',
    coupon_infos: [],
    discount_infos: [],
  };
  if (value.use_coupon) {
    const c = checkInfos(coupon_infos, 'coupon_infos', COUPON_TYPES, 1, 3);
    if (!c.ok) return c;
    value.coupon_infos = c.value;
  } else if (!absent(coupon_infos)) {
    return fail(CBC_INVALID_PARAMETER, 'Invalid parameter: coupon_infos is not allowed when use_coupon is NO.');
  }
  if (value.use_discount) {
    const d = checkInfos(discount_infos, 'discount_infos', DISCOUNT_TYPES, 1, 1);
    if (!d.ok) return d;
    value.discount_infos = d.value;
  } else if (!absent(discount_infos)) {
    return fail(CBC_INVALID_PARAMETER, 'Invalid parameter: discount_infos is not allowed when use_discount is NO.');
  }
  return ok(value);
}

/** cancelOrder — CancelCustomerOrderReq: order_id required. */
export function checkCancelOrder(body: unknown): Check<{ order_id: string }> {
  if (!isObject(body)) return fail(CBC_PARAMETER_ERROR, 'Parameter error: the request body must be a JSON object.');
  if (!nonEmpty(body['order_id'])) return fail(CBC_PARAMETER_ERROR, 'Parameter error: order_id is required.');
  return ok({ order_id: body['order_id'] });
}

/** showOrder query: limit 1–100 (default 10), offset from 0 (default 0). */
export function checkShowOrderQuery(q: Record<string, string | undefined>): Check<{ limit: number; offset: number }> {
  const limit = queryInt(q['limit'], 1, 100);
  if (limit === 'invalid')
    return fail(CBC_INVALID_PARAMETER, 'Invalid parameter: limit must be an integer from 1 to 100.');
  const offset = queryInt(q['offset'], 0, 2_147_483_647);
  if (offset === 'invalid')
    return fail(CBC_INVALID_PARAMETER, 'Invalid parameter: offset must be an integer of at least 0.');
  return ok({ limit: limit ?? 10, offset: offset ?? 0 });
}
