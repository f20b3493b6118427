/**
 * @bwkit/cloud-sim — a signature-checking simulator of the Huawei Cloud APIs bwkit uses (Workspace, VPC shared
 * bandwidth, Cloud Connect bandwidth packages). Web APIs only; the Node server lives in the "./server" entry.
 */
export {
  createCloudSim,
  DEMO_CREDENTIAL,
  DEFAULT_JOB_FAIL_CODE,
  DEFAULT_JOB_FAIL_REASON,
  DEFAULT_JOB_TYPE,
  LOCKOUT_FAILURES,
  LOCKOUT_MS,
  SimConnectionReset,
} from './app.js';
export type { CloudSim, CloudSimOptions, SimBindings, SimCredential, SimEnv } from './app.js';
export { FAULT_KINDS, OP_NAMES, OP_SERVICE, SEEDED_WORKSPACE_BANDWIDTHS } from './state.js';
export type {
  DomainState, FaultKind, LockoutState, OpName, OrderStatus, ProjectState, ServiceName, SimFault, SimJob, SimOrder, SimState,
} from './state.js';
export * as rules from './rules.js';
export type { Site } from './rules.js';
