/** In-memory state of the simulator: per project (Workspace, VPC), per domain (Cloud Connect), plus faults. */
import type { BandwidthPackage, SharedBandwidth, WorkspaceBandwidthDetail } from '@bwkit/huaweicloud';

export const OP_NAMES = [
  'createWorkspaceBandwidth',
  'showWorkspaceJob',
  'changeWorkspaceBandwidth',
  'createSharedBandwidth',
  'createBandwidthPackage',
] as const;
export type OpName = (typeof OP_NAMES)[number];
export type ServiceName = 'workspace' | 'vpc' | 'cc';
export const OP_SERVICE: Record<OpName, ServiceName> = {
  createWorkspaceBandwidth: 'workspace',
  showWorkspaceJob: 'workspace',
  changeWorkspaceBandwidth: 'workspace',
  createSharedBandwidth: 'vpc',
  createBandwidthPackage: 'cc',
};

/**
 * Existing bandwidths every project starts with (seeded lazily on the project's first request), with fixed ids so
 * a change order works out of the box and demos/tests can reference them. The first three are yearly/monthly
 * (`wks_bandwidth`); the last is pay-per-use (`wks_traffic`), which a change order refuses with 409.
 */
export const SEEDED_WORKSPACE_BANDWIDTHS: readonly Readonly<WorkspaceBandwidthDetail>[] = Object.freeze([
  {
    bandwidth_id: '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
    bandwidth_name: 'wks-office-beijing',
    charge_mode: 'wks_bandwidth',
    size: 10,
    vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    subnet_id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583',
    enterprise_project_id: '0',
    created_at: '2026-01-05T08:00:00Z',
    order_id: 'CS2601050800SEEDA',
    status: 'ACTIVE',
  },
  {
    bandwidth_id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
    bandwidth_name: 'wks-office-shanghai',
    charge_mode: 'wks_bandwidth',
    size: 20,
    vpc_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    subnet_id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
    enterprise_project_id: '0',
    created_at: '2026-02-10T09:30:00Z',
    order_id: 'CS2602100930SEEDB',
    status: 'ACTIVE',
  },
  {
    bandwidth_id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
    bandwidth_name: 'wks-lab-shenzhen',
    charge_mode: 'wks_bandwidth',
    size: 50,
    vpc_id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    subnet_id: '8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f',
    enterprise_project_id: '0',
    created_at: '2026-03-15T10:00:00Z',
    order_id: 'CS2603151000SEEDC',
    status: 'ACTIVE',
  },
  {
    bandwidth_id: '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
    bandwidth_name: 'wks-traffic-guangzhou',
    charge_mode: 'wks_traffic',
    size: 10,
    vpc_id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    subnet_id: '0e1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b',
    enterprise_project_id: '0',
    created_at: '2026-04-20T11:00:00Z',
    status: 'ACTIVE',
  },
].map((b) => Object.freeze(b as WorkspaceBandwidthDetail)));

export interface SimJob {
  id: string;
  projectId: string;
  jobType: string;
  subJobId: string;
  /** clock time (ms) the job was accepted */
  createdAt: number;
  /** the record that appears in the project when the job succeeds */
  bandwidth: WorkspaceBandwidthDetail;
  /** set when a job_fail fault hit this job */
  fail?: { code: string; reason: string };
  settled: boolean;
}

export type OrderStatus = 'unpaid' | 'paid' | 'completed' | 'cancelled';

export interface SimOrder {
  order_id: string;
  service: 'workspace' | 'cc';
  status: OrderStatus;
  auto_pay: boolean;
  created_at: string;
  project_id?: string;
  domain_id?: string;
  /** Workspace change orders */
  bandwidth_id?: string;
  new_size?: number;
  new_name?: string;
  /** Cloud Connect prepaid packages */
  bandwidth_package_id?: string;
  /** clock time (ms) an auto-paid change order takes effect */
  settleAt?: number;
}

export interface ProjectState {
  id: string;
  workspaceBandwidths: Map<string, WorkspaceBandwidthDetail>;
  jobs: Map<string, SimJob>;
  sharedBandwidths: Map<string, SharedBandwidth>;
  /** bandwidth id → order id of its change order that is unpaid or paid but not yet applied */
  pendingChanges: Map<string, string>;
}

export interface DomainState {
  id: string;
  bandwidthPackages: Map<string, BandwidthPackage>;
}

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
  faults: SimFault[];
  /** by AK */
  lockouts: Map<string, LockoutState>;
  /** jobs and auto-paid orders not yet settled (so settling stays cheap with many finished ones) */
  pendingJobs: Set<SimJob>;
  pendingOrders: Set<SimOrder>;
}

const zeroCounts = (): Record<OpName, number> =>
  Object.fromEntries(OP_NAMES.map((op) => [op, 0])) as Record<OpName, number>;

export function createState(): SimState {
  return {
    counts: zeroCounts(),
    requests: zeroCounts(),
    projects: new Map(),
    domains: new Map(),
    orders: new Map(),
    faults: [],
    lockouts: new Map(),
    pendingJobs: new Set(),
    pendingOrders: new Set(),
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
  state.faults.length = 0;
  state.lockouts.clear();
  state.pendingJobs.clear();
  state.pendingOrders.clear();
}

export function projectState(state: SimState, id: string): ProjectState {
  let p = state.projects.get(id);
  if (!p) {
    p = { id, workspaceBandwidths: new Map(), jobs: new Map(), sharedBandwidths: new Map(), pendingChanges: new Map() };
    for (const b of SEEDED_WORKSPACE_BANDWIDTHS) p.workspaceBandwidths.set(b.bandwidth_id, { ...b });
    state.projects.set(id, p);
  }
  return p;
}

export function domainState(state: SimState, id: string): DomainState {
  let d = state.domains.get(id);
  if (!d) {
    d = { id, bandwidthPackages: new Map() };
    state.domains.set(id, d);
  }
  return d;
}
