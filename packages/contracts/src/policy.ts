/**
 * Tenant policy: per-operation limits narrower than the cloud's own rules, a monthly spend cap and the rules that
 * hold a purchase for approval. zod-free, so a widget can refuse before submit with the same checks the BFF runs;
 * kept out of the validators module so only the code that shows policy (a lazy chunk) carries it.
 */

import type { AreaId, BillingMode, PeriodType, QuoteOperation, WorkspaceChargeMode } from './enums.js';
import type { FieldIssue } from './issues.js';

/** What one operation may be asked for under the tenant's policy (absent keys: no narrowing). */
export interface OperationPolicy {
  maxSizeMbps?: number;
  regions?: string[];
  areas?: AreaId[];
  billingModes?: BillingMode[];
  periodTypes?: PeriodType[];
  maxPeriodCount?: number;
  chargeModes?: WorkspaceChargeMode[];
}

/** The monthly cap on what the tenant's placed purchases cost (quoted amounts, calendar month in UTC). */
export interface SpendCap {
  amount: number;
  currency: string;
}

/** The tenant policy as configured (the gateway config's `policy` key). */
export interface TenantPolicy {
  operations?: Partial<Record<QuoteOperation, OperationPolicy>>;
  monthlySpendCap?: SpendCap;
  approval?: {
    /** A purchase quoted above this amount (the cap's currency) waits for an approver. */
    aboveAmount?: number;
    /** A purchase above this size waits for an approver. */
    aboveSizeMbps?: number;
    /** Portal users whose every purchase waits for an approver. */
    subjects?: string[];
    expiresAfterHours: number;
  };
}

/** GET /v1/config `policy`: what a widget needs to show the limits before submit (no other user's names). */
export interface PolicyView {
  operations: Partial<Record<QuoteOperation, OperationPolicy>>;
  monthlySpendCap?: SpendCap;
  approval?: { aboveAmount?: number; aboveSizeMbps?: number; always: boolean; expiresAfterHours: number };
}

/** The policy view of a tenant's policy for one portal user. */
export function policyViewFor(policy: TenantPolicy, subject: string): PolicyView {
  const a = policy.approval;
  return {
    operations: policy.operations ?? {},
    ...(policy.monthlySpendCap ? { monthlySpendCap: policy.monthlySpendCap } : {}),
    ...(a
      ? {
          approval: {
            ...(a.aboveAmount !== undefined ? { aboveAmount: a.aboveAmount } : {}),
            ...(a.aboveSizeMbps !== undefined ? { aboveSizeMbps: a.aboveSizeMbps } : {}),
            always: a.subjects?.includes(subject) === true,
            expiresAfterHours: a.expiresAfterHours,
          },
        }
      : {}),
  };
}

/** English texts of policy issues; the zh-CN ones are POLICY_MESSAGES_ZH_CN (messages-zh-CN.ts). */
export const POLICY_MESSAGES_EN: Readonly<Record<string, string>> = {
  policy_max_size: "Your organisation's policy allows at most {max} Mbit/s.",
  policy_region: "Your organisation's policy allows only these regions: {allowed}.",
  policy_area: "Your organisation's policy allows only these areas: {allowed}.",
  policy_billing_mode: "Your organisation's policy allows only these billing modes: {allowed}.",
  policy_period: "Your organisation's policy allows only: {allowed}.",
  'policy_period.count': "Your organisation's policy allows at most {max} periods.",
  policy_charge_mode: "Your organisation's policy allows only these charge modes: {allowed}.",
};

function issue(path: string, code: string, params: Record<string, string | number>, variant?: string): FieldIssue {
  const template = POLICY_MESSAGES_EN[variant ? `${code}.${variant}` : code] ?? code;
  const message = template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
  return { path, code, message, params: { rule: code, ...params } };
}

/**
 * The policy rules `values` break for `operation` (empty: none). Run after the request's own validation.
 * `defaultRegion` stands in for an absent `region` (the BFF passes the tenant's).
 */
export function checkPolicy(
  operation: QuoteOperation,
  values: Record<string, unknown>,
  policy: Pick<TenantPolicy, 'operations'> | undefined,
  defaultRegion?: string,
): FieldIssue[] {
  const p = policy?.operations?.[operation];
  if (!p) return [];
  const out: FieldIssue[] = [];
  const size = values.sizeMbps;
  if (p.maxSizeMbps !== undefined && typeof size === 'number' && size > p.maxSizeMbps) {
    out.push(issue('sizeMbps', 'policy_max_size', { max: p.maxSizeMbps }));
  }
  const region = typeof values.region === 'string' ? values.region : defaultRegion;
  if (p.regions && operation !== 'createBandwidthPackage' && region !== undefined && !p.regions.includes(region)) {
    out.push(issue('region', 'policy_region', { region, allowed: p.regions.join(', ') }));
  }
  if (p.areas) {
    for (const f of ['localArea', 'remoteArea']) {
      const a = values[f];
      if (typeof a === 'string' && !(p.areas as string[]).includes(a))
        out.push(issue(f, 'policy_area', { allowed: p.areas.join(', ') }));
    }
  }
  if (
    p.billingModes &&
    typeof values.billingMode === 'number' &&
    !(p.billingModes as number[]).includes(values.billingMode)
  ) {
    out.push(issue('billingMode', 'policy_billing_mode', { allowed: p.billingModes.join(', ') }));
  }
  const prepaid = values.prepaid as { periodType?: unknown; periodCount?: unknown } | undefined;
  if (prepaid && typeof prepaid === 'object') {
    if (
      p.periodTypes &&
      typeof prepaid.periodType === 'string' &&
      !(p.periodTypes as string[]).includes(prepaid.periodType)
    ) {
      out.push(issue('prepaid.periodType', 'policy_period', { allowed: p.periodTypes.join(', ') }));
    }
    if (
      p.maxPeriodCount !== undefined &&
      typeof prepaid.periodCount === 'number' &&
      prepaid.periodCount > p.maxPeriodCount
    ) {
      out.push(issue('prepaid.periodCount', 'policy_period', { max: p.maxPeriodCount }, 'count'));
    }
  }
  if (
    p.chargeModes &&
    typeof values.chargeMode === 'string' &&
    !(p.chargeModes as string[]).includes(values.chargeMode)
  ) {
    out.push(issue('chargeMode', 'policy_charge_mode', { allowed: p.chargeModes.join(', ') }));
  }
  return out;
}

/**
 * Why a purchase waits for an approver (empty: it does not): `subject` is listed, the size is above
 * `aboveSizeMbps`, or the quoted amount (`amount`, undefined when there is no price) is above `aboveAmount`.
 */
export function approvalReasons(
  policy: TenantPolicy | undefined,
  subject: string,
  values: Record<string, unknown>,
  amount: number | undefined,
): string[] {
  const a = policy?.approval;
  if (!a) return [];
  const out: string[] = [];
  if (a.subjects?.includes(subject)) out.push('subject');
  if (a.aboveSizeMbps !== undefined && typeof values.sizeMbps === 'number' && values.sizeMbps > a.aboveSizeMbps)
    out.push('size');
  if (a.aboveAmount !== undefined && amount !== undefined && amount > a.aboveAmount) out.push('amount');
  return out;
}
