/**
 * Enumerations and lookup tables of the BFF's public API, taken from the Huawei Cloud API pages of the four
 * purchases (Workspace “Creating Workspace Bandwidth” and “Placing an Order on Changing the Bandwidth of
 * Yearly/Monthly Workspace”, VPC “Assigning a Shared Bandwidth”, Cloud Connect “Creating a Bandwidth
 * Package”). Plain data, browser-safe.
 */

/** Cloud Connect geographic areas (Cloud Connect API, Creating a Bandwidth Package, `local_area_id` / `remote_area_id`). */
export const AREAS = [
  'Chinese-Mainland',
  'Asia-Pacific',
  'Africa',
  'Western-Latin-America',
  'Eastern-Latin-America',
  'Northern-Latin-America',
] as const;
export type AreaId = (typeof AREAS)[number];

/** Short codes the areas go by inside spec codes (`bandwidth.<a>to<b>`). */
export const AREA_SHORT_CODES = {
  'Chinese-Mainland': 'cm',
  'Asia-Pacific': 'ap',
  Africa: 'af',
  'Western-Latin-America': 'wla',
  'Eastern-Latin-America': 'ela',
  'Northern-Latin-America': 'nla',
} as const satisfies Record<AreaId, string>;
export type AreaShortCode = (typeof AREA_SHORT_CODES)[AreaId];

/** Huawei Cloud websites a tenant buys on. */
export const SITES = ['international', 'chinese-mainland'] as const;
export type Site = (typeof SITES)[number];

/**
 * The 19 bandwidth-package specification codes the Cloud Connect API “Creating a Bandwidth Package” documents, in
 * the page's order.
 * Each names an unordered pair of areas by short code (`<a>to<b>`).
 */
export const SPEC_CODE_IDS = [
  'bandwidth.aftoela',
  'bandwidth.aftonla',
  'bandwidth.aftowla',
  'bandwidth.aptoaf',
  'bandwidth.aptoap',
  'bandwidth.aptoela',
  'bandwidth.aptonla',
  'bandwidth.aptowla',
  'bandwidth.cmtoaf',
  'bandwidth.cmtoap',
  'bandwidth.cmtocm',
  'bandwidth.cmtoela',
  'bandwidth.cmtonla',
  'bandwidth.cmtowla',
  'bandwidth.elatoela',
  'bandwidth.elatonla',
  'bandwidth.wlatoela',
  'bandwidth.wlatonla',
  'bandwidth.wlatowla',
] as const;
export type SpecCode = (typeof SPEC_CODE_IDS)[number];

export interface SpecCodeInfo {
  /** The unordered pair of areas, in the order the code names them. */
  readonly areas: readonly [AreaId, AreaId];
  /** Websites the code is sold on. */
  readonly sites: readonly Site[];
}

/**
 * Codes the Cloud Connect API “Creating a Bandwidth Package” sells "on the International website" only; every other code is sold "on both the
 * Chinese Mainland website and International website".
 *
 * NOTE: that page's own example creates a Chinese-Mainland↔Chinese-Mainland package with
 * `billing_mode: 5` (95th percentile on the *Chinese mainland* website) and gets back
 * `spec_code: "bandwidth.cmtocm"` — which its spec-code table sells on the International website only
 * (the example's response even reports `billing_mode: "3"`). The table is the rule and the example the
 * exception: cmtocm is refused for a chinese-mainland-site tenant.
 */
const INTERNATIONAL_ONLY: readonly SpecCode[] = [
  'bandwidth.aptoaf',
  'bandwidth.aptoap',
  'bandwidth.cmtoaf',
  'bandwidth.cmtoap',
  'bandwidth.cmtocm',
];

const SHORT_TO_AREA = /* @__PURE__ */ Object.fromEntries(AREAS.map((a) => [AREA_SHORT_CODES[a], a])) as Record<
  string,
  AreaId
>;

/** Spec code → its area pair and the sites it is sold on (built from `SPEC_CODE_IDS`). */
export const SPEC_CODES: Readonly<Record<SpecCode, SpecCodeInfo>> = /* @__PURE__ */ Object.fromEntries(
  SPEC_CODE_IDS.map((code) => {
    const [a = '', b = ''] = code.slice('bandwidth.'.length).split('to');
    const info: SpecCodeInfo = {
      // Every spec code names two areas by their short codes (enums.test.ts checks all 19).
      areas: [SHORT_TO_AREA[a]!, SHORT_TO_AREA[b]!],
      sites: INTERNATIONAL_ONLY.includes(code) ? ['international'] : SITES,
    };
    return [code, info];
  }),
) as Record<SpecCode, SpecCodeInfo>;

/**
 * The spec code of an area pair, whichever way round it is given (Africa→ELA and ELA→Africa both give
 * `bandwidth.aftoela`); `undefined` for the two pairs without a code (Africa–Africa, NLA–NLA) or for
 * unknown areas.
 */
export function deriveSpecCode(local: AreaId, remote: AreaId): SpecCode | undefined {
  const a = AREA_SHORT_CODES[local];
  const b = AREA_SHORT_CODES[remote];
  if (a === undefined || b === undefined) return undefined;
  for (const code of [`bandwidth.${a}to${b}`, `bandwidth.${b}to${a}`]) {
    if (Object.hasOwn(SPEC_CODES, code)) return code as SpecCode;
  }
  return undefined;
}

/** Whether a spec code is sold on a site (false for unknown codes). */
export function specCodeSoldOn(code: SpecCode, site: Site): boolean {
  return Object.hasOwn(SPEC_CODES, code) && SPEC_CODES[code].sites.includes(site);
}

/** Cloud Connect `billing_mode` values accepted on create (Cloud Connect API, Creating a Bandwidth Package): 1–6. */
export const BILLING_MODE_IDS = [1, 2, 3, 4, 5, 6] as const;
export type BillingMode = (typeof BILLING_MODE_IDS)[number];
export type BillingModeKind = 'prepaid' | 'pay-per-use' | '95th-percentile';
export interface BillingModeInfo {
  readonly site: Site;
  readonly kind: BillingModeKind;
}

/**
 * Billing modes (Cloud Connect API, Creating a Bandwidth Package): 1 yearly/monthly CN, 2 yearly/monthly intl, 3 pay-per-use CN,
 * 4 pay-per-use intl, 5 95th percentile CN, 6 95th percentile intl. ("prepaid" = yearly/monthly.)
 * Responses may also carry 7/8 (daily 95th percentile), which create does not accept.
 */
export const BILLING_MODES: Readonly<Record<BillingMode, BillingModeInfo>> = {
  1: { site: 'chinese-mainland', kind: 'prepaid' },
  2: { site: 'international', kind: 'prepaid' },
  3: { site: 'chinese-mainland', kind: 'pay-per-use' },
  4: { site: 'international', kind: 'pay-per-use' },
  5: { site: 'chinese-mainland', kind: '95th-percentile' },
  6: { site: 'international', kind: '95th-percentile' },
};

/** The billing modes sold on a site: chinese-mainland 1/3/5, international 2/4/6. */
export function billingModesForSite(site: Site): BillingMode[] {
  return BILLING_MODE_IDS.filter((m) => BILLING_MODES[m].site === site);
}

/** Yearly/monthly modes (1, 2): the only ones that take `prepaid` options. */
export function isPrepaidBillingMode(mode: number): mode is 1 | 2 {
  return mode === 1 || mode === 2;
}

/** Subscription period units (Cloud Connect API, Creating a Bandwidth Package, `period_type`). */
export const PERIOD_TYPES = ['month', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];
/** `period_num` ranges (Cloud Connect API, Creating a Bandwidth Package): 1–9 months, 1–3 years. */
export const PERIOD_RANGES = {
  month: { min: 1, max: 9 },
  year: { min: 1, max: 3 },
} as const satisfies Record<PeriodType, { min: number; max: number }>;

/** Workspace bandwidth `charge_mode` (Workspace API, Creating Workspace Bandwidth). */
export const WORKSPACE_CHARGE_MODES = ['wks_bandwidth', 'free', 'wks_traffic'] as const;
export type WorkspaceChargeMode = (typeof WORKSPACE_CHARGE_MODES)[number];
/** Seed 000: wks_bandwidth is yearly/monthly only; free and wks_traffic are pay-per-use only. */
export const WORKSPACE_CHARGE_MODE_BILLING = {
  wks_bandwidth: 'yearly-monthly',
  free: 'pay-per-use',
  wks_traffic: 'pay-per-use',
} as const satisfies Record<WorkspaceChargeMode, 'yearly-monthly' | 'pay-per-use'>;

/** Bandwidth package applicability (Cloud Connect API, Creating a Bandwidth Package, `interflow_mode`). */
export const INTERFLOW_MODES = ['Area', 'Region'] as const;
export type InterflowMode = (typeof INTERFLOW_MODES)[number];
/** What a bandwidth package may be bound to (Cloud Connect API, Creating a Bandwidth Package, `resource_type`). */
export const RESOURCE_TYPES = ['cloud_connection'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/** The only bandwidth-package `charge_mode` (Cloud Connect API, Creating a Bandwidth Package). */
export const PACKAGE_CHARGE_MODE = 'bandwidth';
export type PackageChargeMode = typeof PACKAGE_CHARGE_MODE;

/**
 * Widget-token scopes. The `:read` scopes back the pickers and order follow-up a create form needs; a portal pairs
 * them with a create scope as `SCOPE_PAIRING` says.
 */
export const SCOPES = [
  'workspace-bandwidth:create',
  'workspace-bandwidth:change',
  'shared-bandwidth:create',
  'bandwidth-package:create',
  'audit:read',
  'subnet:read',
  'workspace-bandwidth:read',
  'cloud-connection:read',
  'order:read',
  'order:pay',
  /** Deciding other users' purchases that tenant policy holds for approval. */
  'approval:decide',
  /** The tenant's webhook delivery log, and redelivering one entry. */
  'webhook:read',
  'webhook:redeliver',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * What a portal mints beside each create scope so the widget can finish a purchase: `needed` for the picker and
 * order follow-up, `optional` to let the user pay from the widget (`order:pay` covers pay and cancel, and paying
 * also needs the tenant's `orders.allowPay`).
 */
export const SCOPE_PAIRING = {
  'workspace-bandwidth:create': { needed: ['subnet:read', 'order:read'], optional: ['order:pay'] },
  'workspace-bandwidth:change': { needed: ['workspace-bandwidth:read', 'order:read'], optional: ['order:pay'] },
  'bandwidth-package:create': { needed: ['cloud-connection:read', 'order:read'], optional: ['order:pay'] },
  'shared-bandwidth:create': { needed: [], optional: [] },
} as const satisfies Record<string, { needed: readonly Scope[]; optional: readonly Scope[] }>;

/** Public job status (Workspace INIT/WAITING → pending, RUNNING → running, SUCCESS → succeeded, FAIL → failed). */
export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Operation names, used in every layer (the same name in client, simulator, contract, BFF route and widget). */
export const OPERATIONS = [
  'createWorkspaceBandwidth',
  'showWorkspaceJob',
  'changeWorkspaceBandwidth',
  'createSharedBandwidth',
  'createBandwidthPackage',
  'listWorkspaceSubnets',
  'listWorkspaceBandwidths',
  'listCloudConnections',
  'createQuote',
  'ratePeriodProducts',
  'rateOnDemandProducts',
  'showOrder',
  'payOrder',
  'cancelOrder',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** The purchases a quote can price (`QuoteRequest.operation`); a quote needs the scope of the one it prices. */
export const QUOTE_OPERATIONS = [
  'createSharedBandwidth',
  'createWorkspaceBandwidth',
  'changeWorkspaceBandwidth',
  'createBandwidthPackage',
] as const;
export type QuoteOperation = (typeof QUOTE_OPERATIONS)[number];

/** Operations whose scope depends on what they price: the `OPERATION_SCOPES` entry of the priced operation. */
export type PricingOperationName = 'createQuote' | 'ratePeriodProducts' | 'rateOnDemandProducts';

/**
 * The scope each operation needs. Following a job belongs to creating Workspace bandwidth; `order:pay` covers
 * paying and cancelling. Quotes (and the ratings behind them) take the scope of the operation they price.
 */
export const OPERATION_SCOPES = {
  createWorkspaceBandwidth: 'workspace-bandwidth:create',
  showWorkspaceJob: 'workspace-bandwidth:create',
  changeWorkspaceBandwidth: 'workspace-bandwidth:change',
  createSharedBandwidth: 'shared-bandwidth:create',
  createBandwidthPackage: 'bandwidth-package:create',
  listWorkspaceSubnets: 'subnet:read',
  listWorkspaceBandwidths: 'workspace-bandwidth:read',
  listCloudConnections: 'cloud-connection:read',
  showOrder: 'order:read',
  payOrder: 'order:pay',
  cancelOrder: 'order:pay',
} as const satisfies Record<Exclude<OperationName, PricingOperationName>, Scope>;

/** Public order status, from the BSS `order_info.status` integer (see `orderStatusOf`). */
export const ORDER_STATUSES = [
  'pending_payment',
  'processing',
  'completed',
  'cancelled',
  'pending_approval',
  'other',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * BSS order status codes (order details `order_info.status`): 1 pending approval, 2 pending refund, 3 processing,
 * 4 cancelled, 5 completed, 6 pending payment, 9–13 confirmation/delivery steps.
 */
export function orderStatusOf(code: number): OrderStatus {
  switch (code) {
    case 6:
      return 'pending_payment';
    case 5:
      return 'completed';
    case 4:
      return 'cancelled';
    case 1:
      return 'pending_approval';
    case 2:
    case 3:
    case 9:
    case 10:
    case 11:
    case 12:
    case 13:
      return 'processing';
    default:
      return 'other';
  }
}
