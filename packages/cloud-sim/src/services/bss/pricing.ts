/**
 * The simulator's price table: what BSS answers for the products bwkit sells, per Mbit/s and per month / year /
 * hour, per website (CNY on the Chinese mainland site, USD on the international one), with a 10 % business
 * discount (discount_type 605) offered on every rating. The figures are made up for demos; only the shapes are
 * Huawei Cloud's.
 */
import type { Site } from '../../check.js';
import { CC_SPEC_CODES } from '../cc/rules.js';
import type { BssPeriodTypeCode } from './rules.js';
import { SIZE_MEASURE_MBPS, USAGE_FACTOR_DURATION, USAGE_MEASURE_HOUR } from './rules.js';

export type Currency = 'CNY' | 'USD';
/** measure_id 1: yuan on the Chinese mainland site, US dollar on the international one. */
export const MEASURE_UNIT = 1;
export const SITE_CURRENCY: Record<Site, Currency> = { 'chinese-mainland': 'CNY', international: 'USD' };

/** The product codes of a price inquiry, shaped like the BFF's tenant config `pricing.<operation>`. */
export interface SimPricingCodes {
  cloudServiceType: string;
  resourceType: string;
  resourceSpec: string;
  sizeMeasureId: number;
  usageFactor: string;
  usageMeasureId: number;
}

const codes = (cloudServiceType: string, resourceType: string, resourceSpec: string): SimPricingCodes =>
  Object.freeze({
    cloudServiceType,
    resourceType,
    resourceSpec,
    sizeMeasureId: SIZE_MEASURE_MBPS,
    usageFactor: USAGE_FACTOR_DURATION,
    usageMeasureId: USAGE_MEASURE_HOUR,
  });

/**
 * The product codes the simulator rates, by the purchase operation they price. Shared bandwidth uses the real
 * codes (hws.service.type.vpc / hws.resource.type.bandwidth / 19_share, INFERRED as a combination); Workspace
 * bandwidth and Cloud Connect packages have no documented BSS codes, so these are simulator-only names. For a
 * bandwidth package any documented spec code (bandwidth.cmtoap, bandwidth.aptoap, …) is accepted as resource_spec,
 * at one price; send the package's own spec_code.
 */
export const SIM_PRICING_CODES = Object.freeze({
  createSharedBandwidth: codes('hws.service.type.vpc', 'hws.resource.type.bandwidth', '19_share'),
  createWorkspaceBandwidth: codes(
    'hws.service.type.workspace',
    'hws.resource.type.workspace.bandwidth',
    'wks_bandwidth',
  ),
  changeWorkspaceBandwidth: codes(
    'hws.service.type.workspace',
    'hws.resource.type.workspace.bandwidth',
    'wks_bandwidth',
  ),
  createBandwidthPackage: codes('hws.service.type.cc', 'hws.resource.type.cc.bandwidthpackage', 'bandwidth.cmtoap'),
});

export interface UnitPrices {
  month: number;
  year: number;
  hour: number;
}
export interface SimPriceEntry {
  name: string;
  cloudServiceType: string;
  resourceType: string;
  resourceSpecs: readonly string[];
  /** official price per Mbit/s */
  perMbps: Record<Currency, UnitPrices>;
}

/** Yearly = 10.2 months (15 % off twelve), as yearly prices usually are. */
const table = (cnyMonth: number, cnyHour: number, usdMonth: number, usdHour: number): Record<Currency, UnitPrices> => ({
  CNY: { month: cnyMonth, year: round(cnyMonth * 10.2, 2), hour: cnyHour },
  USD: { month: usdMonth, year: round(usdMonth * 10.2, 2), hour: usdHour },
});

export const SIM_PRICE_TABLE: readonly SimPriceEntry[] = Object.freeze([
  {
    name: 'Shared bandwidth',
    cloudServiceType: 'hws.service.type.vpc',
    resourceType: 'hws.resource.type.bandwidth',
    resourceSpecs: ['19_share'],
    perMbps: table(80, 0.15, 11.5, 0.021),
  },
  {
    name: 'Workspace bandwidth',
    cloudServiceType: 'hws.service.type.workspace',
    resourceType: 'hws.resource.type.workspace.bandwidth',
    resourceSpecs: ['wks_bandwidth', 'wks_traffic'],
    perMbps: table(60, 0.11, 8.5, 0.016),
  },
  {
    name: 'Cloud Connect bandwidth package',
    cloudServiceType: 'hws.service.type.cc',
    resourceType: 'hws.resource.type.cc.bandwidthpackage',
    resourceSpecs: CC_SPEC_CODES.map((s) => s.code),
    perMbps: table(150, 0.28, 21, 0.039),
  },
]);

/** The business discount every rating offers (type 605), and the id a pay request may name in discount_infos. */
export const SIM_BUSINESS_DISCOUNT = Object.freeze({
  id: 'SIM-BUSINESS-DISCOUNT-605',
  type: 605,
  rate: 0.1,
  name: 'Business discount (simulated, 10 %)',
});

export function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((n + Number.EPSILON) * f) / f;
}

export function findPrice(
  cloudServiceType: string,
  resourceType: string,
  resourceSpec: string,
): SimPriceEntry | undefined {
  return SIM_PRICE_TABLE.find(
    (e) =>
      e.cloudServiceType === cloudServiceType &&
      e.resourceType === resourceType &&
      e.resourceSpecs.includes(resourceSpec),
  );
}

/** A stable product id per product and site, shaped like BSS's (OFFI + 18 digits). */
export function productId(entry: SimPriceEntry, resourceSpec: string, site: Site): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of `${entry.cloudServiceType}|${entry.resourceType}|${resourceSpec}|${site}`) {
    const c = ch.codePointAt(0)!; // a string iterator yields non-empty characters
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return 'OFFI' + (String(h1).padStart(10, '0') + String(h2).padStart(10, '0')).slice(0, 18);
}

/** Official price per Mbit/s of one period of `periodType` (0 day = a thirtieth of a month). */
export function unitPrice(entry: SimPriceEntry, currency: Currency, periodType: BssPeriodTypeCode): number {
  const p = entry.perMbps[currency];
  switch (periodType) {
    case 0:
      return p.month / 30;
    case 2:
      return p.month;
    case 3:
      return p.year;
    case 4:
      return p.hour;
  }
}

export interface Rated {
  official: number;
  discount: number;
  amount: number;
}

/** Official amount, business discount and amount after it, rounded to `decimals`. */
export function rate(official: number, decimals: number): Rated {
  const o = round(official, decimals);
  const discount = round(o * SIM_BUSINESS_DISCOUNT.rate, decimals);
  return { official: o, discount, amount: round(o - discount, decimals) };
}

/** A yearly/monthly purchase of `sizeMbps` for `periodNum` periods. */
export function ratePeriod(
  entry: SimPriceEntry,
  currency: Currency,
  periodType: BssPeriodTypeCode,
  periodNum: number,
  sizeMbps: number,
  count = 1,
): Rated {
  return rate(unitPrice(entry, currency, periodType) * sizeMbps * periodNum * count, 2);
}
