/**
 * Tenant policy on the POST path, after the request's own validation and before its Idempotency-Key runs anything
 * upstream: the operation's limits (422 policy_violation naming field and rule), the monthly spend cap against a
 * price asked of the cloud here (403 spend_cap_exceeded), and whether the purchase waits for an approver.
 */

import {
  approvalReasons,
  checkPolicy,
  type OperationName,
  QUOTE_OPERATIONS,
  type Quote,
  type QuoteOperation,
  type QuoteRequest,
} from '@bwkit/contracts';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../context.js';
import { ProblemError } from '../problem/index.js';
import { priceOf } from '../routes/quotes/index.js';
import type { Tenant } from '../tenants/index.js';
import { monthOf, spentIn } from './spend.js';

export { monthOf, releaseSpend, reserveSpend, SPEND_KIND, type SpendValue, spentIn } from './spend.js';

export const isPolicyOperation = (op: OperationName): op is QuoteOperation =>
  (QUOTE_OPERATIONS as readonly string[]).includes(op);

/** What the policy decided for one purchase. */
export interface PolicyDecision {
  /** The cloud's price, when the policy needed one (spend cap or approval by amount). */
  quote?: Quote;
  /** What the purchase adds to the month's spend (the quoted amount), when there is a cap to count against. */
  spend?: { amount: number; currency: string; cap: number };
  /** Why the purchase waits for an approver; empty: it runs now. */
  approvalReasons: string[];
}

/** The quote request of a purchase (a change names its bandwidth by path parameter). */
export function quoteRequestOf(
  operation: QuoteOperation,
  value: unknown,
  params: Record<string, string>,
): QuoteRequest {
  const values =
    operation === 'changeWorkspaceBandwidth' ? { ...(value as object), bandwidthId: params['bandwidthId'] } : value;
  return { operation, values } as QuoteRequest;
}

const money = (n: number, currency: string) => `${n.toFixed(2)} ${currency}`;

export function spendCapProblem(cap: number, currency: string, spent: number, amount: number): ProblemError {
  return new ProblemError(
    'spend_cap_exceeded',
    `This purchase (${money(amount, currency)}) would take this month's spend to ${money(spent + amount, currency)}, ` +
      `over the monthly cap of ${money(cap, currency)} (spent so far: ${money(spent, currency)}).`,
  );
}

/**
 * Applies the tenant's policy to validated values; throws the refusal. `region` is where the purchase acts (the
 * tenant's default when the body names none).
 */
export async function applyPolicy(
  deps: BffDeps,
  c: Context<BffEnv>,
  tenant: Tenant,
  subject: string,
  operation: QuoteOperation,
  value: unknown,
  params: Record<string, string>,
  region: string,
): Promise<PolicyDecision> {
  const policy = tenant.policy;
  if (!policy) return { approvalReasons: [] };
  const values = value as Record<string, unknown>;
  const issues = checkPolicy(operation, values, policy, region);
  if (issues.length) {
    throw new ProblemError('policy_violation', "Your organisation's policy does not allow these values.", {
      fields: issues,
    });
  }
  const cap = policy.monthlySpendCap;
  let quote: Quote | undefined;
  if (cap || policy.approval?.aboveAmount !== undefined) {
    quote = await priceOf(deps, c, tenant, quoteRequestOf(operation, value, params));
    // Without a price the cap cannot be checked: refused rather than let an unpriced purchase through.
    if (!quote.available && quote.reason === 'upstream_unavailable' && cap) {
      throw new ProblemError(
        'upstream_unavailable',
        'The price of this purchase, needed to check the monthly spend cap, cannot be asked right now; nothing was placed. Try again shortly.',
        { headers: { 'retry-after': '5' } },
      );
    }
  }
  // A price in another currency than the cap cannot be added to it (the gateway's config ties the cap to the site's currency).
  const amount = quote?.available ? quote.amount : undefined;
  let spend: PolicyDecision['spend'];
  if (cap && amount !== undefined && quote?.available && quote.currency === cap.currency) {
    const spent = await spentIn(deps.store, tenant.id, monthOf(deps.now()));
    if (spent + amount > cap.amount) throw spendCapProblem(cap.amount, cap.currency, spent, amount);
    spend = { amount, currency: cap.currency, cap: cap.amount };
  }
  return {
    ...(quote ? { quote } : {}),
    ...(spend ? { spend } : {}),
    approvalReasons: approvalReasons(policy, subject, values, amount),
  };
}
