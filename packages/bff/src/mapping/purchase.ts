/* The purchase flow's half of the mapping: upstream lists, ratings and orders → the public camelCase shapes. */
import type {
  CloudConnection,
  CreateBandwidthPackageRequest,
  Order,
  Quote,
  QuoteOperation,
  QuoteRequest,
  Scope,
  Subnet,
  WorkspaceBandwidth,
} from '@bwkit/contracts';
import { deriveSpecCode, isPrepaidBillingMode, orderStatusOf } from '@bwkit/contracts';
import type {
  DemandProductInfo,
  PeriodProductInfo,
  RateOnDemandProductsResponse,
  RatePeriodProductsResponse,
  ShowOrderResponse,
  SingleSubnetInfo,
  SubnetBandwidthDetail,
  CloudConnection as WireCloudConnection,
} from '@bwkit/huaweicloud';
import type { OrderRef } from '../store/index.js';
import type { ProductCodes, Tenant } from '../tenants/index.js';

export function toSubnet(w: SingleSubnetInfo): Subnet | undefined {
  if (!w.id) return undefined;
  return {
    id: w.id,
    name: w.name ?? '',
    cidr: w.cidr ?? '',
    vpcId: w.vpc_id ?? '',
    ...(w.availability_zone ? { availabilityZone: w.availability_zone } : {}),
    ...(w.status ? { status: w.status } : {}),
  };
}

export function toWorkspaceBandwidth(w: SubnetBandwidthDetail): WorkspaceBandwidth | undefined {
  if (!w.bandwidth_id) return undefined;
  const status = w.status ?? '';
  return {
    id: w.bandwidth_id,
    name: w.bandwidth_name ?? '',
    sizeMbps: Number(w.size ?? 0),
    chargeMode: w.charge_mode ?? '',
    status,
    subnetId: w.subnet_id ?? '',
    ...(w.subnet_name ? { subnetName: w.subnet_name } : {}),
    ...(w.vpc_id ? { vpcId: w.vpc_id } : {}),
    ...(w.vpc_name ? { vpcName: w.vpc_name } : {}),
    ...(w.order_id ? { orderId: w.order_id } : {}),
    // Workspace shows UPDATING while a change order waits for payment; a second change is refused meanwhile.
    pendingOrder: status === 'UPDATING',
    createdAt: w.created_at ?? '',
  };
}

export function toCloudConnection(w: WireCloudConnection): CloudConnection {
  return {
    id: w.id,
    name: w.name,
    status: w.status ?? '',
    ...(w.used_scene ? { usedScene: w.used_scene } : {}),
    ...(typeof w.bandwidth_package_number === 'number' ? { bandwidthPackageCount: w.bandwidth_package_number } : {}),
  };
}

/** Case-insensitive substring match of `q` against any of the fields (the pickers' search box). */
export function matches(q: string | undefined, ...fields: (string | undefined)[]): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return fields.some((f) => f !== undefined && f.toLowerCase().includes(needle));
}

// ---- Orders --------------------------------------------------------------------------------------------------------

export function toOrder(
  w: ShowOrderResponse,
  orderId: string,
  ref: OrderRef,
  tenant: Tenant,
  scopes: readonly Scope[],
): Order {
  const info = w.order_info ?? {};
  const statusCode = Number(info.status ?? 0);
  const status = orderStatusOf(statusCode);
  const pending = status === 'pending_payment';
  const mayAct = scopes.includes('order:pay');
  const allowPay = tenant.orders?.allowPay === true;
  const amount = info.amount_after_discount;
  return {
    orderId: info.order_id || orderId,
    status,
    statusCode,
    ...(typeof amount === 'number' ? { amount } : {}),
    ...(typeof info.official_amount === 'number' ? { officialAmount: info.official_amount } : {}),
    ...(info.currency ? { currency: info.currency } : {}),
    ...(info.create_time ? { createdAt: info.create_time } : {}),
    ...(info.payment_time ? { paidAt: info.payment_time } : {}),
    operation: ref.operation,
    ...(ref.resourceId ? { resourceId: ref.resourceId } : {}),
    canPay: pending && mayAct && allowPay,
    canCancel: pending && mayAct,
    ...(tenant.orders?.billingUrl ? { billingUrl: tenant.orders.billingUrl } : {}),
  };
}

// ---- Quotes --------------------------------------------------------------------------------------------------------

/** What one purchase costs is rated as: a yearly/monthly subscription, or pay-per-use by the hour. */
export type Rating =
  | {
      kind: 'period';
      periodType: 2 | 3;
      periodCount: number;
      per: 'month' | 'year';
      product: Omit<PeriodProductInfo, 'period_type' | 'period_num' | 'subscription_num'>;
    }
  | {
      kind: 'on-demand';
      product: Omit<DemandProductInfo, 'usage_factor' | 'usage_value' | 'usage_measure_id' | 'subscription_num'>;
      codes: ProductCodes;
    }
  | { kind: 'free' };

/** `{specCode}` / `{chargeMode}` in a configured resource spec follow the request. */
function specOf(codes: ProductCodes, q: QuoteRequest): string {
  let spec = codes.resourceSpec;
  if (q.operation === 'createBandwidthPackage') {
    const v = q.values as CreateBandwidthPackageRequest;
    spec = spec.replace('{specCode}', v.specCode ?? deriveSpecCode(v.localArea, v.remoteArea) ?? '');
  }
  if (q.operation === 'createWorkspaceBandwidth') spec = spec.replace('{chargeMode}', q.values.chargeMode);
  return spec;
}

/**
 * How a purchase is priced. Workspace `wks_bandwidth` is yearly/monthly only, but its create and change bodies name
 * no period: they are priced per month (INFERRED: a change is billed for what remains of the period, which the
 * request does not say; a month of the new size is the figure a person can compare). Shared bandwidth is created
 * pay-per-use by bandwidth, so it is priced per hour, as are pay-per-use and 95th-percentile packages and
 * Workspace `wks_traffic` (with the configured usage factor).
 */
export function ratingOf(q: QuoteRequest, codes: ProductCodes, region: string): Rating {
  const base = {
    id: '1',
    cloud_service_type: codes.cloudServiceType,
    resource_type: codes.resourceType,
    resource_spec: specOf(codes, q),
    region,
    resource_size: q.operation === 'createWorkspaceBandwidth' ? (q.values.sizeMbps ?? 0) : q.values.sizeMbps,
    ...(codes.sizeMeasureId !== undefined ? { size_measure_id: codes.sizeMeasureId } : {}),
  };
  switch (q.operation) {
    case 'createWorkspaceBandwidth':
      if (q.values.chargeMode === 'free') return { kind: 'free' };
      if (q.values.chargeMode === 'wks_traffic') return { kind: 'on-demand', product: base, codes };
      return { kind: 'period', periodType: 2, periodCount: 1, per: 'month', product: base };
    case 'changeWorkspaceBandwidth':
      return { kind: 'period', periodType: 2, periodCount: 1, per: 'month', product: base };
    case 'createBandwidthPackage': {
      const v = q.values;
      if (isPrepaidBillingMode(v.billingMode) && v.prepaid) {
        const year = v.prepaid.periodType === 'year';
        return {
          kind: 'period',
          periodType: year ? 3 : 2,
          periodCount: v.prepaid.periodCount,
          per: year ? 'year' : 'month',
          product: base,
        };
      }
      return { kind: 'on-demand', product: base, codes };
    }
    default:
      return { kind: 'on-demand', product: base, codes };
  }
}

/**
 * The price the tenant pays from a yearly/monthly rating: the best offer (`best_offer: 1`, else the lowest amount)
 * among the optional discounts, else the official price.
 */
export function quoteFromPeriod(
  w: RatePeriodProductsResponse,
  site: Tenant['site'],
  per: 'month' | 'year',
  periodCount: number,
): Quote {
  const official = Number(w.official_website_rating_result?.official_website_amount ?? 0);
  const offers = (w.optional_discount_rating_results ?? []).flatMap((o) =>
    typeof o.amount === 'number' ? [{ ...o, amount: o.amount }] : [],
  );
  const best = offers.find((o) => o.best_offer === 1) ?? [...offers].sort((a, b) => a.amount - b.amount)[0];
  const amount = best ? best.amount : official;
  return {
    available: true,
    amount: round(amount),
    officialAmount: round(official),
    discountAmount: round(Math.max(0, official - amount)),
    currency: currencyOf(w.currency, site),
    per,
    periodCount,
    billing: 'yearly-monthly',
  };
}

export function quoteFromOnDemand(w: RateOnDemandProductsResponse, site: Tenant['site']): Quote {
  const official = Number(w.official_website_amount ?? 0);
  const amount = typeof w.amount === 'number' ? w.amount : official;
  return {
    available: true,
    amount: round(amount),
    officialAmount: round(official),
    discountAmount: round(typeof w.discount_amount === 'number' ? w.discount_amount : Math.max(0, official - amount)),
    currency: currencyOf(w.currency, site),
    per: 'hour',
    billing: 'pay-per-use',
  };
}

/** BSS leaves `currency` empty for the site's own: CNY on the Chinese mainland site, USD on the international one. */
const currencyOf = (c: string | undefined, site: Tenant['site']) => c || (site === 'chinese-mainland' ? 'CNY' : 'USD');
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export type { QuoteOperation };
