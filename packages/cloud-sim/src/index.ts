/**
 * @bwkit/cloud-sim — a signature-checking simulator of the Huawei Cloud APIs bwkit uses (Workspace, VPC shared
 * bandwidth, Cloud Connect, BSS price inquiry and orders). Web APIs only; the Node server lives in the "./server"
 * entry.
 */

export type { CloudSim, CloudSimOptions, SimBindings, SimCredential, SimEnv } from './app.js';
export {
  createCloudSim,
  DEFAULT_JOB_FAIL_CODE,
  DEFAULT_JOB_FAIL_REASON,
  DEFAULT_JOB_TYPE,
  DEMO_CREDENTIAL,
  LOCKOUT_FAILURES,
  LOCKOUT_MS,
  SimConnectionReset,
} from './app.js';
export type { Currency, SimPriceEntry, SimPricingCodes, UnitPrices } from './services/bss/pricing.js';
export { SIM_BUSINESS_DISCOUNT, SIM_PRICE_TABLE, SIM_PRICING_CODES, SITE_CURRENCY } from './services/bss/pricing.js';
export type { OrderStatus, SimOrder } from './services/bss/state.js';
export { BSS_ORDER_STATUS, DEFAULT_BALANCE } from './services/bss/state.js';
export type { SimCloudConnection } from './services/cc/state.js';
export { SEEDED_CLOUD_CONNECTIONS } from './services/cc/state.js';
export { CHANGE_JOB_TYPE } from './services/workspace/index.js';
export type { SeededSubnet, SimJob, SimSubnet } from './services/workspace/state.js';
export { SEEDED_VPC_NAMES, SEEDED_WORKSPACE_BANDWIDTHS, SEEDED_WORKSPACE_SUBNETS } from './services/workspace/state.js';
export type {
  DomainState,
  FaultKind,
  LockoutState,
  OpName,
  ProjectState,
  ServiceName,
  SimFault,
  SimState,
} from './state.js';
export { FAULT_KINDS, OP_NAMES, OP_SERVICE } from './state.js';

import * as rules from './rules.js';

export type { Site } from './check.js';
export { rules };
