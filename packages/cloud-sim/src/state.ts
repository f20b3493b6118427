/**
 * The simulator's in-memory state: the shared counters, faults and lockouts, plus each service's own part
 * (per project: Workspace and VPC; per domain: Cloud Connect; orders and balances: BSS), defined in its module.
 */
import { OPERATION_NAMES, OPERATIONS, type OperationName, type ServiceName } from '@bwkit/huaweicloud';
import type { BalanceState, SimOrder } from './services/bss/state.js';
import { newBalances } from './services/bss/state.js';
import type { CcDomainState } from './services/cc/state.js';
import { newCcDomainState } from './services/cc/state.js';
import type { VpcProjectState } from './services/vpc/state.js';
import { newVpcProjectState } from './services/vpc/state.js';
import type { SimJob, WorkspaceProjectState } from './services/workspace/state.js';
import { newWorkspaceProjectState } from './services/workspace/state.js';

export type { ServiceName };

/** Every simulated operation, by the op name it has in every layer: the rows of OPERATIONS in @bwkit/huaweicloud. */
export const OP_NAMES = OPERATION_NAMES;
export type OpName = OperationName;
export const OP_SERVICE: Readonly<Record<OpName, ServiceName>> = Object.freeze(
  Object.fromEntries(OP_NAMES.map((op) => [op, OPERATIONS[op].service])) as Record<OpName, ServiceName>,
);

export type ProjectState = { id: string } & WorkspaceProjectState & VpcProjectState;
export type DomainState = { id: string } & CcDomainState;

export const FAULT_KINDS = ['status', 'rate_limit', 'delay', 'reset', 'malformed', 'job_fail'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SimFault {
  id: string;
  op: OpName | '*';
  kind: FaultKind;
  status?: number;
  delayMs?: number;
  /** remaining firings; -1 = until cleared */
  times: number;
  probability: number;
  /** job_fail: job_error_code / fail_reason of the failed job */
  errorCode?: string;
  failReason?: string;
  fired: number;
}

export interface LockoutState {
  failures: number;
  lockedUntil?: number;
}

export interface SimState {
  /** operations that succeeded (2xx), by op name */
  counts: Record<OpName, number>;
  /** every request routed to an operation, failures included */
  requests: Record<OpName, number>;
  projects: Map<string, ProjectState>;
  domains: Map<string, DomainState>;
  orders: Map<string, SimOrder>;
  balances: BalanceState;
  faults: SimFault[];
  /** by AK */
  lockouts: Map<string, LockoutState>;
  /** jobs and auto-paid orders not yet settled (so settling stays cheap with many finished ones) */
  pendingJobs: Set<SimJob>;
  pendingOrders: Set<SimOrder>;
  /** project id → its region, for requests whose Host names none (configuration: kept across resets) */
  projectRegions: ReadonlyMap<string, string>;
}

const zeroCounts = (): Record<OpName, number> =>
  Object.fromEntries(OP_NAMES.map((op) => [op, 0])) as Record<OpName, number>;

export function createState(initialBalance?: number, projectRegions: Record<string, string> = {}): SimState {
  return {
    counts: zeroCounts(),
    requests: zeroCounts(),
    projects: new Map(),
    domains: new Map(),
    orders: new Map(),
    balances: newBalances(initialBalance),
    faults: [],
    lockouts: new Map(),
    pendingJobs: new Set(),
    pendingOrders: new Set(),
    projectRegions: new Map(Object.entries(projectRegions)),
  };
}

/** Clears everything in place (references to the state object stay valid). */
export function clearState(state: SimState): void {
  for (const op of OP_NAMES) {
    state.counts[op] = 0;
    state.requests[op] = 0;
  }
  state.projects.clear();
  state.domains.clear();
  state.orders.clear();
  state.balances.default = state.balances.initial;
  state.balances.domains.clear();
  state.faults.length = 0;
  state.lockouts.clear();
  state.pendingJobs.clear();
  state.pendingOrders.clear();
}

/**
 * A project's state, seeded on first use; its subnets are placed in `region` (from the request's Host, when it names
 * one), else in the region the project was configured for, else in DEFAULT_SUBNET_REGION.
 */
export function projectState(state: SimState, id: string, region?: string): ProjectState {
  let p = state.projects.get(id);
  if (!p) {
    p = { id, ...newWorkspaceProjectState(region ?? state.projectRegions.get(id)), ...newVpcProjectState() };
    state.projects.set(id, p);
  }
  return p;
}

export function domainState(state: SimState, id: string): DomainState {
  let d = state.domains.get(id);
  if (!d) {
    d = { id, ...newCcDomainState(id) };
    state.domains.set(id, d);
  }
  return d;
}
