/** BSS state: orders (kept by id, owned by the account that placed them) and per-domain balances. */
import type { Currency } from './pricing.js';

/** unpaid → pending payment (6); paid → completed (5) but an auto-paid change not yet applied; completed (5); cancelled (4). */
export type OrderStatus = 'unpaid' | 'paid' | 'completed' | 'cancelled';
export const BSS_ORDER_STATUS: Readonly<Record<OrderStatus, 4 | 5 | 6>> = Object.freeze({
  unpaid: 6,
  paid: 5,
  completed: 5,
  cancelled: 4,
});

export interface SimOrder {
  order_id: string;
  /** the service whose resource the order buys or changes */
  service: 'workspace' | 'cc';
  status: OrderStatus;
  auto_pay: boolean;
  created_at: string;
  /** 1 new purchase, 3 change */
  order_type: 1 | 3;
  /** the AK that placed it: BSS shows, pays and cancels it for that account only */
  ak: string;
  currency: Currency;
  official_amount: number;
  discount_amount: number;
  /** after the business discount: what paying debits */
  amount: number;
  service_type_code: string;
  resource_type: string;
  resource_spec: string;
  product_id: string;
  region?: string;
  period_type: 2 | 3;
  period_num: number;
  paid_at?: string;
  cancelled_at?: string;
  project_id?: string;
  domain_id?: string;
  /** Workspace: the bandwidth created or changed */
  bandwidth_id?: string;
  new_size?: number;
  new_name?: string;
  /** Workspace change orders: the bandwidth's order_id before this one (restored on cancel) */
  previous_order_id?: string;
  job_id?: string;
  /** Cloud Connect prepaid packages */
  bandwidth_package_id?: string;
  /** clock time (ms) an auto-paid change order takes effect */
  settleAt?: number;
}

export const DEFAULT_BALANCE = 10_000;

export interface BalanceState {
  /** what a domain without its own balance has; reset restores `initial` */
  default: number;
  initial: number;
  domains: Map<string, number>;
}

export function newBalances(initial = DEFAULT_BALANCE): BalanceState {
  return { default: initial, initial, domains: new Map() };
}

export function balanceOf(b: BalanceState, domainId: string): number {
  return b.domains.get(domainId) ?? b.default;
}
