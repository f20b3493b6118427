/**
 * The cloud simulator: one Hono app (Web APIs only) serving the upstream operations of Workspace, VPC, Cloud
 * Connect and BSS on their real paths, whatever Host header arrives. This file only wires the shared parts — the
 * X-Request-Id of every answer, the signature-checking gateway pipeline (./gateway.ts), fault injection
 * (./faults.ts), the /_sim admin routes (./admin.ts) — and the services, one module each under ./services/:
 * workspace, vpc, cc, bss (its routes, documented rules and state).
 */
import { OPERATIONS } from '@bwkit/huaweicloud';
import { Hono } from 'hono';
import { createAdmin } from './admin.js';
import type { Site } from './check.js';
import { createFaults, SimConnectionReset } from './faults.js';
import { createGateway, gatewayError, json, NOT_FOUND_MSG } from './gateway.js';
import { newRequestId } from './ids.js';
import type { ResolvedOptions, ServiceDef, SimContext, SimEnv } from './service.js';
import { createBssService } from './services/bss/index.js';
import { createOrderBook } from './services/bss/orders.js';
import { createCcService } from './services/cc/index.js';
import { createVpcService } from './services/vpc/index.js';
import {
  VPC_SHARED_BANDWIDTH_QUOTA,
  VPC_SIZE_CEILING,
  VPC_SIZE_FLOOR,
  VPC_SIZE_MAX,
  VPC_SIZE_MIN,
} from './services/vpc/rules.js';
import { createWorkspaceService } from './services/workspace/index.js';
import type { SimState } from './state.js';
import { clearState, createState } from './state.js';

export { SimConnectionReset } from './faults.js';
export { LOCKOUT_FAILURES, LOCKOUT_MS } from './gateway.js';
export type { SimBindings, SimEnv } from './service.js';
export { DEFAULT_JOB_FAIL_CODE, DEFAULT_JOB_FAIL_REASON, DEFAULT_JOB_TYPE } from './services/workspace/index.js';

export interface SimCredential {
  ak: string;
  sk: string;
  /** default 'international'; decides Cloud Connect's billing modes and BSS's currency (CNY / USD) */
  site?: Site;
}

export interface CloudSimOptions {
  credentials: SimCredential[];
  /** mount the /_sim routes (default false) */
  admin?: boolean;
  /** clock for jobs, orders, lockouts and the X-Sdk-Date skew check */
  now?: () => Date;
  /** INIT → RUNNING after runningAfterMs (default 300) → SUCCESS/FAIL after doneAfterMs (default 1500) */
  job?: { runningAfterMs?: number; doneAfterMs?: number };
  /** auto-paid change orders take effect after autoPaySettleMs (default 1000) */
  order?: { autoPaySettleMs?: number };
  /** 5 signature failures in a row lock the AK for 5 minutes (default true) */
  lockout?: boolean;
  /** per-project quotas; shared bandwidths default to VPC_SHARED_BANDWIDTH_QUOTA (benchmarks raise it) */
  quota?: { sharedBandwidths?: number };
  /**
   * shared bandwidth size range in Mbit/s: minSize default 5 (the documented default minimum, from 1), maxSize
   * default 1000 (up to 2000)
   */
  sharedBandwidth?: { minSize?: number; maxSize?: number };
  /** the BSS balance every domain starts with (default 10000, in the account's currency) */
  balance?: number;
  /**
   * project id → region (as in a tenant's projects map): where that project's subnets are, when the request's Host
   * names no region (a simulator reached on loopback); otherwise ap-southeast-1
   */
  projectRegions?: Record<string, string>;
}

export interface CloudSim {
  app: Hono<SimEnv>;
  state: SimState;
  /** clears all state: projects, domains, orders, balances, faults, lockouts, counters */
  reset(): void;
}

/** The demo pair `pnpm sim` uses when SIM_CREDENTIALS is not set. Not a secret: never use it anywhere real. */
export const DEMO_CREDENTIAL: Readonly<Required<SimCredential>> = Object.freeze({
  ak: 'BWKITDEMOACCESSKEY01',
  sk: 'bwkit-demo-secret-key-not-for-production',
  site: 'international',
});

function resolveOptions(options: CloudSimOptions): ResolvedOptions {
  const runningAfterMs = Math.max(0, options.job?.runningAfterMs ?? 300);
  const min = options.sharedBandwidth?.minSize ?? VPC_SIZE_MIN;
  const max = options.sharedBandwidth?.maxSize ?? VPC_SIZE_MAX;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < VPC_SIZE_FLOOR || max > VPC_SIZE_CEILING || min > max) {
    throw new Error(
      `cloud-sim: sharedBandwidth sizes must be integers with ${VPC_SIZE_FLOOR} <= minSize <= maxSize <= ${VPC_SIZE_CEILING}`,
    );
  }
  return {
    runningAfterMs,
    doneAfterMs: Math.max(runningAfterMs, options.job?.doneAfterMs ?? 1500),
    autoPaySettleMs: Math.max(0, options.order?.autoPaySettleMs ?? 1000),
    sharedBandwidthQuota: options.quota?.sharedBandwidths ?? VPC_SHARED_BANDWIDTH_QUOTA,
    sharedBandwidthSize: { min, max },
  };
}

/** The documented path template (`/v2/{project_id}/subnets`) as a Hono route (`/v2/:project_id/subnets`). */
const honoPath = (template: string): string => template.replace(/\{([a-z_]+)\}/g, ':$1');

export function createCloudSim(options: CloudSimOptions): CloudSim {
  const now = options.now ?? (() => new Date());
  const credentials = new Map<string, { sk: string; site: Site }>();
  for (const cred of options.credentials) {
    const site = cred.site ?? 'international';
    if (!cred.ak || !cred.sk) throw new Error('cloud-sim: every credential needs an ak and an sk');
    if (site !== 'international' && site !== 'chinese-mainland')
      throw new Error(`cloud-sim: unknown site ${String(site)}`);
    credentials.set(cred.ak, { sk: cred.sk, site });
  }
  if (options.balance !== undefined && !(Number.isFinite(options.balance) && options.balance >= 0)) {
    throw new Error('cloud-sim: balance must be a number of at least 0');
  }

  const state = createState(options.balance, options.projectRegions);
  const reset = () => clearState(state);
  const faults = createFaults(state);
  const ctx: SimContext = { state, now, options: resolveOptions(options), takeJobFail: (op) => faults.takeJobFail(op) };

  // BSS first: its /v2/bills/… and /v2/orders/… paths must not be read as Workspace's /v2/{project_id}/….
  const orders = createOrderBook(state);
  const services: ServiceDef[] = [
    createBssService(ctx, orders),
    createWorkspaceService(ctx, orders),
    createVpcService(ctx),
    createCcService(ctx, orders),
  ];
  const settle = (t: number) => {
    for (const s of services) s.settle?.(t);
  };
  const gateway = createGateway({ state, now, credentials, lockout: options.lockout ?? true, faults, settle });

  const app = new Hono<SimEnv>({ strict: false });

  app.use('*', async (c, next) => {
    const id = newRequestId();
    c.set('requestId', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  });

  app.notFound((c) => gatewayError(c, 404, 'APIGW.0101', NOT_FOUND_MSG));

  app.onError((err, c) => {
    if (err instanceof SimConnectionReset) throw err;
    console.error('[cloud-sim] internal error:', err);
    const service = services.find((s) => s.owns(c.req.path));
    if (!service) return json(c, { error: 'internal error in the simulator' }, 500);
    const { code, message } = service.faultError(500);
    return json(c, service.errorBody(c.get('requestId'), code, message), 500);
  });

  for (const service of services) {
    for (const route of service.routes) {
      const spec = OPERATIONS[route.op];
      if (spec.service !== service.name) throw new Error(`${route.op} belongs to ${spec.service}, not ${service.name}`);
      app.on(spec.method, honoPath(spec.path), gateway.operation(service, route.op, route.handler));
    }
  }

  if (options.admin) app.route('/_sim', createAdmin({ state, now, services, settle, reset }));

  return { app, state, reset };
}
