/**
 * The cloud simulator: one Hono app (Web APIs only) serving the five upstream operations of Workspace, VPC and
 * Cloud Connect on their real paths, whatever Host header arrives. It checks SDK-HMAC-SHA256 signatures with the
 * project's verifier, validates bodies by the documented rules (./rules.ts), answers with each service's own error
 * body, runs Workspace jobs on the injected clock, and offers test-only admin routes and fault injection under /_sim.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { parseAuthorization, verify } from '@bwkit/huaweicloud';
import type { BandwidthPackage, SharedBandwidth, ShowWorkspaceJobResponse, WorkspaceBandwidthDetail, WorkspaceSubJob } from '@bwkit/huaweicloud';
import { isoSeconds, newOrderId, newRequestId, newUuid } from './ids.js';
import {
  CC_INVALID, CC_INTERNAL, CC_NAME_IN_USE, VPC_BAD_REQUEST, VPC_INTERNAL, VPC_NO_QUOTA, VPC_NO_QUOTA_MESSAGE,
  VPC_SHARED_BANDWIDTH_QUOTA, VPC_TENANT_MISMATCH, WKS_CONFLICT, WKS_INTERNAL, WKS_INVALID, WKS_NOT_ENABLED,
  checkChangeWorkspaceBandwidth, checkCreateBandwidthPackage, checkCreateSharedBandwidth, checkCreateWorkspaceBandwidth,
  isObject,
} from './rules.js';
import type { Site } from './rules.js';
import {
  FAULT_KINDS, OP_NAMES, OP_SERVICE, clearState, createState, domainState, projectState,
} from './state.js';
import type { FaultKind, OpName, ServiceName, SimFault, SimJob, SimOrder, SimState } from './state.js';

export interface SimCredential {
  ak: string;
  sk: string;
  /** default 'international' */
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
}

/** What @hono/node-server passes as env; absent when the app is called with app.fetch(request) alone. */
export interface SimBindings {
  incoming?: { socket?: { destroy(error?: Error): unknown } | null };
  outgoing?: { destroy?(error?: Error): unknown };
}
export type SimEnv = { Bindings: SimBindings; Variables: { requestId: string } };

export interface CloudSim {
  app: Hono<SimEnv>;
  state: SimState;
  /** clears all state: projects, domains, orders, faults, lockouts, counters */
  reset(): void;
}

/** The demo pair `pnpm sim` uses when SIM_CREDENTIALS is not set. Not a secret: never use it anywhere real. */
export const DEMO_CREDENTIAL: Readonly<Required<SimCredential>> = Object.freeze({
  ak: 'BWKITDEMOACCESSKEY01',
  sk: 'bwkit-demo-secret-key-not-for-production',
  site: 'international',
});

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;
export const DEFAULT_JOB_TYPE = 'CREATE_BANDWIDTH';
export const DEFAULT_JOB_FAIL_CODE = WKS_NOT_ENABLED;
export const DEFAULT_JOB_FAIL_REASON = 'Failed to create the Workspace bandwidth (simulated job failure).';

const SIG_FAIL_MSG = 'Incorrect IAM authentication information: verify aksk signature fail';
const LOCKED_MSG = `${SIG_FAIL_MSG}, the access key is locked for 5 minutes after ${LOCKOUT_FAILURES} consecutive failures`;
const SKEW_MSG = 'Incorrect IAM authentication information: the request time (X-Sdk-Date) differs from the server time by more than 15 minutes';
const NOT_FOUND_MSG = 'The API does not exist or has not been published in the environment';
const THROTTLED_MSG = 'The throttling threshold has been reached';

/** Thrown for a 'reset' fault when there is no Node socket to destroy: app.fetch() then rejects. */
export class SimConnectionReset extends Error {
  constructor() {
    super('simulated connection reset');
    this.name = 'SimConnectionReset';
  }
}

const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const json = (c: Context<SimEnv>, body: unknown, status: number) => c.json(body as object, status as ContentfulStatusCode);

function serviceOfPath(path: string): ServiceName | undefined {
  if (path.startsWith('/v2.0/')) return 'vpc';
  if (path.startsWith('/v3/')) return 'cc';
  if (path.startsWith('/v2/')) return 'workspace';
  return undefined;
}

/** Each service's documented error body. */
function serviceError(c: Context<SimEnv>, service: ServiceName, status: number, code: string, message: string): Response {
  switch (service) {
    case 'workspace':
      return json(c, { error_code: code, error_msg: message }, status);
    case 'vpc':
      return json(c, { code, message }, status);
    case 'cc':
      return json(c, { error_code: code, error_msg: message, request_id: c.get('requestId') }, status);
  }
}

/** API gateway errors (any service): {error_code:"APIGW.…", error_msg, request_id}. */
function gatewayError(c: Context<SimEnv>, status: number, code: string, message: string): Response {
  return json(c, { error_code: code, error_msg: message, request_id: c.get('requestId') }, status);
}

/** Code and message for an injected `status` fault. */
function faultError(service: ServiceName, status: number): { code: string; message: string } {
  if (service === 'vpc') {
    if (status >= 500) return { code: VPC_INTERNAL, message: 'Internal server error.' };
    if (status === 401) return { code: 'VPC.0008', message: 'Invalid token.' };
    if (status === 403) return { code: 'VPC.2701', message: 'No permission or insufficient balance.' };
    if (status === 404) return { code: 'VPC.0003', message: 'The resource could not be found.' };
    return { code: VPC_BAD_REQUEST, message: 'Bad request.' };
  }
  if (service === 'cc') {
    if (status >= 500) return { code: CC_INTERNAL, message: 'Internal error.' };
    if (status === 404) return { code: 'CC.1002', message: 'The resource could not be found.' };
    return { code: CC_INVALID, message: 'Invalid parameter.' };
  }
  if (status >= 500) return { code: WKS_INTERNAL, message: 'Internal server error.' };
  if (status === 403) return { code: WKS_NOT_ENABLED, message: 'The Workspace service is not enabled.' };
  if (status === 409) return { code: WKS_CONFLICT, message: 'Operation conflict.' };
  return { code: WKS_INVALID, message: 'The request is invalid.' };
}

/** A plausible success body for each operation, truncated by the 'malformed' fault. */
const MALFORMED_SAMPLE: Record<OpName, () => unknown> = {
  createWorkspaceBandwidth: () => ({ job_id: newUuid() }),
  showWorkspaceJob: () => ({ id: newUuid(), job_type: DEFAULT_JOB_TYPE, status: 'RUNNING', sub_jobs_total: 1 }),
  changeWorkspaceBandwidth: () => ({ order_id: newOrderId(new Date()) }),
  createSharedBandwidth: () => ({ bandwidth: { id: newUuid(), name: 'bandwidth', size: 10, share_type: 'WHOLE' } }),
  createBandwidthPackage: () => ({ request_id: newUuid(), bandwidth_package: { id: newUuid(), name: 'bwp', status: 'ACTIVE' } }),
};

interface OpContext {
  c: Context<SimEnv>;
  ak: string;
  site: Site;
  /** project id (Workspace, VPC) or domain id (Cloud Connect) from the path */
  scopeId: string;
  /** parsed JSON body (undefined for GET) */
  body: unknown;
  now: Date;
}

export function createCloudSim(options: CloudSimOptions): CloudSim {
  const now = options.now ?? (() => new Date());
  const runningAfterMs = Math.max(0, options.job?.runningAfterMs ?? 300);
  const doneAfterMs = Math.max(runningAfterMs, options.job?.doneAfterMs ?? 1500);
  const autoPaySettleMs = Math.max(0, options.order?.autoPaySettleMs ?? 1000);
  const lockoutEnabled = options.lockout ?? true;

  const credentials = new Map<string, { sk: string; site: Site }>();
  for (const cred of options.credentials) {
    const site = cred.site ?? 'international';
    if (!cred.ak || !cred.sk) throw new Error('cloud-sim: every credential needs an ak and an sk');
    if (site !== 'international' && site !== 'chinese-mainland') throw new Error(`cloud-sim: unknown site ${String(site)}`);
    credentials.set(cred.ak, { sk: cred.sk, site });
  }

  const state = createState();
  const reset = () => clearState(state);
  const app = new Hono<SimEnv>({ strict: false });

  // ---- state that advances with the clock ----------------------------------------------------------------------
  function applyOrder(order: SimOrder): void {
    const project = order.project_id !== undefined ? state.projects.get(order.project_id) : undefined;
    const bw = order.bandwidth_id !== undefined ? project?.workspaceBandwidths.get(order.bandwidth_id) : undefined;
    if (bw && order.new_size !== undefined) {
      bw.size = order.new_size;
      if (order.new_name !== undefined) bw.bandwidth_name = order.new_name;
      bw.status = 'ACTIVE';
    }
    if (project && order.bandwidth_id !== undefined && project.pendingChanges.get(order.bandwidth_id) === order.order_id) {
      project.pendingChanges.delete(order.bandwidth_id);
    }
    order.status = 'completed';
    state.pendingOrders.delete(order);
  }

  function settle(t: number): void {
    for (const job of state.pendingJobs) {
      if (t - job.createdAt < doneAfterMs) continue;
      job.settled = true;
      state.pendingJobs.delete(job);
      if (!job.fail) projectState(state, job.projectId).workspaceBandwidths.set(job.bandwidth.bandwidth_id, { ...job.bandwidth });
    }
    for (const order of state.pendingOrders) {
      if (order.status === 'paid' && order.settleAt !== undefined && t >= order.settleAt) applyOrder(order);
    }
  }

  function runningProcess(elapsed: number): number {
    const span = Math.max(1, doneAfterMs - runningAfterMs);
    return Math.min(90, Math.max(10, 10 + Math.floor((80 * (elapsed - runningAfterMs)) / span)));
  }

  function jobView(job: SimJob, t: number): ShowWorkspaceJobResponse {
    const elapsed = t - job.createdAt;
    let status: ShowWorkspaceJobResponse['status'];
    let process: number;
    if (elapsed >= doneAfterMs) {
      status = job.fail ? 'FAIL' : 'SUCCESS';
      process = job.fail ? runningProcess(doneAfterMs) : 100;
    } else if (elapsed >= runningAfterMs) {
      status = 'RUNNING';
      process = runningProcess(elapsed);
    } else {
      status = 'INIT';
      process = 0;
    }
    const finished = status === 'SUCCESS' || status === 'FAIL';
    const begin = isoSeconds(job.createdAt);
    const end = finished ? isoSeconds(job.createdAt + doneAfterMs) : undefined;
    const entities = status === 'SUCCESS' ? { bandwidth_id: job.bandwidth.bandwidth_id } : undefined;
    const sub: WorkspaceSubJob & { begin_time: string; end_time?: string } = {
      id: job.subJobId, job_type: job.jobType, status, begin_time: begin, process,
    };
    const view: ShowWorkspaceJobResponse = { id: job.id, job_type: job.jobType, begin_time: begin, status };
    if (end) { view.end_time = end; sub.end_time = end; }
    if (status === 'FAIL' && job.fail) {
      view.job_error_code = job.fail.code;
      view.fail_reason = job.fail.reason;
      sub.error_code = job.fail.code;
      sub.fail_reason = job.fail.reason;
    }
    if (entities) { view.entities = entities; sub.entities = { ...entities }; }
    view.sub_jobs_total = 1;
    view.sub_jobs = [sub];
    return view;
  }

  // ---- faults ------------------------------------------------------------------------------------------------------
  function consume(fault: SimFault): void {
    fault.fired++;
    if (fault.times > 0) {
      fault.times--;
      if (fault.times === 0) {
        const i = state.faults.indexOf(fault);
        if (i >= 0) state.faults.splice(i, 1);
      }
    }
  }
  const matches = (fault: SimFault, op: OpName) =>
    (fault.op === '*' || fault.op === op) && (fault.probability >= 1 || Math.random() < fault.probability);

  /** The first terminal fault that fires for this request, plus the delays that fired before it. */
  function pickFaults(op: OpName): { fault?: SimFault; delayMs: number } {
    let delayMs = 0;
    for (const fault of [...state.faults]) {
      if (fault.kind === 'job_fail' || !matches(fault, op)) continue;
      consume(fault);
      if (fault.kind === 'delay') { delayMs += fault.delayMs ?? 0; continue; }
      return { fault, delayMs };
    }
    return { delayMs };
  }

  function takeJobFail(op: OpName): SimFault | undefined {
    for (const fault of [...state.faults]) {
      if (fault.kind !== 'job_fail' || !matches(fault, op)) continue;
      consume(fault);
      return fault;
    }
    return undefined;
  }

  function applyFault(c: Context<SimEnv>, op: OpName, fault: SimFault): Response {
    const service = OP_SERVICE[op];
    switch (fault.kind) {
      case 'rate_limit': {
        const res = gatewayError(c, 429, 'APIGW.0308', THROTTLED_MSG);
        res.headers.set('Retry-After', '1');
        return res;
      }
      case 'reset': {
        const socket = (c.env as SimBindings | undefined)?.incoming?.socket;
        if (!socket) throw new SimConnectionReset();
        socket.destroy();
        return c.body(null, 500);
      }
      case 'malformed': {
        const text = JSON.stringify(MALFORMED_SAMPLE[op]());
        return c.body(text.slice(0, Math.max(1, Math.floor(text.length / 2))), service === 'cc' ? 201 : 200, {
          'Content-Type': 'application/json;charset=UTF-8',
        });
      }
      default: {
        const status = fault.status ?? 500;
        const { code, message } = faultError(service, status);
        const res = serviceError(c, service, status, code, message);
        if (status === 429 || status === 503) res.headers.set('Retry-After', '1');
        return res;
      }
    }
  }

  // ---- authentication ----------------------------------------------------------------------------------------------
  type AuthResult = { ok: true; ak: string; site: Site } | { ok: false; res: Response };

  async function authenticate(c: Context<SimEnv>, body: Uint8Array, at: Date): Promise<AuthResult> {
    const t = at.getTime();
    const parsed = parseAuthorization(c.req.header('authorization'));
    if (lockoutEnabled && parsed && credentials.has(parsed.ak)) {
      const lock = state.lockouts.get(parsed.ak);
      if (lock?.lockedUntil !== undefined) {
        if (t < lock.lockedUntil) return { ok: false, res: gatewayError(c, 401, 'APIGW.0301', LOCKED_MSG) };
        state.lockouts.delete(parsed.ak);
      }
    }
    const result = await verify(
      { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, body },
      (ak) => credentials.get(ak)?.sk,
      at,
    );
    if (!result.ok) {
      if (result.code === 'APIGW.0301' && lockoutEnabled && result.ak && credentials.has(result.ak)) {
        const lock = state.lockouts.get(result.ak) ?? { failures: 0 };
        lock.failures++;
        if (lock.failures >= LOCKOUT_FAILURES) lock.lockedUntil = t + LOCKOUT_MS;
        state.lockouts.set(result.ak, lock);
      }
      return { ok: false, res: gatewayError(c, 401, result.code, result.code === 'APIGW.0303' ? SKEW_MSG : SIG_FAIL_MSG) };
    }
    state.lockouts.delete(result.ak);
    return { ok: true, ak: result.ak, site: credentials.get(result.ak)!.site };
  }

  // ---- the operation pipeline: count → settle → auth → scope header → faults → JSON → handler → (delay) ----------
  const operation =
    (op: OpName, handler: (x: OpContext) => Response | Promise<Response>) =>
    async (c: Context<SimEnv>): Promise<Response> => {
      const service = OP_SERVICE[op];
      state.requests[op]++;
      const at = now();
      settle(at.getTime());
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const auth = await authenticate(c, bytes, at);
      if (!auth.ok) return auth.res;

      const [param, header] = service === 'cc' ? ['domain_id', 'X-Domain-Id'] : ['project_id', 'X-Project-Id'];
      const scopeId = c.req.param(param) ?? '';
      if (c.req.header(header) !== scopeId) {
        const msg = `The ${header} header is required and must equal the ${param} in the path.`;
        const code = service === 'workspace' ? WKS_INVALID : service === 'vpc' ? VPC_TENANT_MISMATCH : CC_INVALID;
        return serviceError(c, service, 400, code, msg);
      }

      const { fault, delayMs } = pickFaults(op);
      if (fault) {
        if (delayMs > 0 && fault.kind !== 'reset') await sleep(delayMs);
        return applyFault(c, op, fault);
      }

      let body: unknown;
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        try {
          body = JSON.parse(decoder.decode(bytes));
        } catch {
          const code = service === 'workspace' ? WKS_INVALID : service === 'vpc' ? VPC_BAD_REQUEST : CC_INVALID;
          return serviceError(c, service, 400, code, 'The request body is not valid JSON.');
        }
      }

      const res = await handler({ c, ak: auth.ak, site: auth.site, scopeId, body, now: at });
      if (res.status >= 200 && res.status < 300) state.counts[op]++;
      // 'delay': the operation has happened; only the answer is late.
      if (delayMs > 0) await sleep(delayMs);
      return res;
    };

  // ---- global middleware -------------------------------------------------------------------------------------------
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
    const service = serviceOfPath(c.req.path);
    if (!service) return json(c, { error: 'internal error in the simulator' }, 500);
    const { code, message } = faultError(service, 500);
    return serviceError(c, service, 500, code, message);
  });

  // ---- Workspace ---------------------------------------------------------------------------------------------------
  app.post(
    '/v2/:project_id/bandwidths',
    operation('createWorkspaceBandwidth', ({ c, scopeId, body, now: at }) => {
      const check = checkCreateWorkspaceBandwidth(body);
      if (!check.ok) return serviceError(c, 'workspace', 400, check.code, check.message);
      const v = check.value;
      const project = projectState(state, scopeId);
      const bandwidthId = newUuid();
      const bandwidth: WorkspaceBandwidthDetail = {
        bandwidth_id: bandwidthId,
        bandwidth_name: v.bandwidth_name ?? `wks-bandwidth-${bandwidthId.slice(0, 8)}`,
        charge_mode: v.charge_mode,
        // 'free' bandwidth may omit the size; the simulator records the smallest valid one.
        size: v.bandwidth_size ?? 1,
        subnet_id: v.subnet_id,
        enterprise_project_id: v.enterprise_project_id,
        created_at: isoSeconds(at),
        status: 'ACTIVE',
      };
      // wks_bandwidth is the yearly/monthly mode: it comes with a (paid) billing order, so it can be changed later.
      if (v.charge_mode === 'wks_bandwidth') bandwidth.order_id = newOrderId(at);
      const job: SimJob = {
        id: newUuid(),
        projectId: scopeId,
        jobType: DEFAULT_JOB_TYPE,
        subJobId: newUuid(),
        createdAt: at.getTime(),
        bandwidth,
        settled: false,
      };
      const jobFail = takeJobFail('createWorkspaceBandwidth');
      if (jobFail) job.fail = { code: jobFail.errorCode ?? DEFAULT_JOB_FAIL_CODE, reason: jobFail.failReason ?? DEFAULT_JOB_FAIL_REASON };
      project.jobs.set(job.id, job);
      state.pendingJobs.add(job);
      if (doneAfterMs === 0) settle(at.getTime());
      return json(c, { job_id: job.id }, 200);
    }),
  );

  app.get(
    '/v2/:project_id/workspace-jobs/:job_id',
    operation('showWorkspaceJob', ({ c, scopeId, now: at }) => {
      const jobId = c.req.param('job_id') ?? '';
      const job = projectState(state, scopeId).jobs.get(jobId);
      // Workspace answers "not found" with its generic 400 WKS.0001 (UPSTREAM-FACTS), also for another project's job.
      if (!job) return serviceError(c, 'workspace', 400, WKS_INVALID, `The job ${jobId} does not exist.`);
      return json(c, jobView(job, at.getTime()), 200);
    }),
  );

  app.post(
    '/v2/:project_id/bandwidths/:bandwidth_id/periodic/change/order',
    operation('changeWorkspaceBandwidth', ({ c, scopeId, body, now: at }) => {
      const check = checkChangeWorkspaceBandwidth(body);
      if (!check.ok) return serviceError(c, 'workspace', 400, check.code, check.message);
      const v = check.value;
      const project = projectState(state, scopeId);
      const bandwidthId = c.req.param('bandwidth_id') ?? '';
      const bw = project.workspaceBandwidths.get(bandwidthId);
      if (!bw) return serviceError(c, 'workspace', 400, WKS_INVALID, `The bandwidth ${bandwidthId} does not exist.`);
      if (bw.charge_mode !== 'wks_bandwidth') {
        return serviceError(c, 'workspace', 409, WKS_CONFLICT,
          `The bandwidth ${bandwidthId} is billed pay-per-use (charge_mode ${bw.charge_mode}); only yearly/monthly bandwidth can be changed by an order.`);
      }
      const pending = project.pendingChanges.get(bandwidthId);
      if (pending) {
        return serviceError(c, 'workspace', 409, WKS_CONFLICT,
          `The bandwidth ${bandwidthId} already has a change order in progress (${pending}); pay or cancel it first.`);
      }
      if (v.size === bw.size) {
        return serviceError(c, 'workspace', 400, WKS_INVALID, `Invalid parameter bandwidth_size: ${v.size} equals the current size.`);
      }
      const order: SimOrder = {
        order_id: newOrderId(at),
        service: 'workspace',
        status: v.autoPay ? 'paid' : 'unpaid',
        auto_pay: v.autoPay,
        created_at: isoSeconds(at),
        project_id: scopeId,
        bandwidth_id: bandwidthId,
        new_size: v.size,
      };
      if (v.bandwidth_name !== undefined) order.new_name = v.bandwidth_name;
      state.orders.set(order.order_id, order);
      project.pendingChanges.set(bandwidthId, order.order_id);
      if (v.autoPay) {
        order.settleAt = at.getTime() + autoPaySettleMs;
        bw.status = 'UPDATING';
        state.pendingOrders.add(order);
        if (autoPaySettleMs === 0) applyOrder(order);
      }
      return json(c, { order_id: order.order_id }, 200);
    }),
  );

  // ---- VPC ---------------------------------------------------------------------------------------------------------
  app.post(
    '/v2.0/:project_id/bandwidths',
    operation('createSharedBandwidth', ({ c, scopeId, body, now: at }) => {
      const check = checkCreateSharedBandwidth(body);
      if (!check.ok) return serviceError(c, 'vpc', 400, check.code, check.message);
      const v = check.value;
      const project = projectState(state, scopeId);
      if (project.sharedBandwidths.size >= (options.quota?.sharedBandwidths ?? VPC_SHARED_BANDWIDTH_QUOTA)) {
        return serviceError(c, 'vpc', 400, VPC_NO_QUOTA, VPC_NO_QUOTA_MESSAGE);
      }
      const ts = isoSeconds(at);
      const bandwidth: SharedBandwidth = {
        id: newUuid(),
        name: v.name,
        size: v.size,
        share_type: 'WHOLE',
        publicip_info: [],
        tenant_id: scopeId,
        bandwidth_type: v.bandwidth_type,
        charge_mode: v.charge_mode,
        billing_info: '',
        enterprise_project_id: v.enterprise_project_id,
        status: 'NORMAL',
        created_at: ts,
        updated_at: ts,
      };
      project.sharedBandwidths.set(bandwidth.id, bandwidth);
      return json(c, { bandwidth }, 200);
    }),
  );

  // ---- Cloud Connect -----------------------------------------------------------------------------------------------
  app.post(
    '/v3/:domain_id/ccaas/bandwidth-packages',
    operation('createBandwidthPackage', ({ c, scopeId, body, site, now: at }) => {
      const check = checkCreateBandwidthPackage(body, site);
      if (!check.ok) return serviceError(c, 'cc', 400, check.code, check.message);
      const v = check.value;
      const domain = domainState(state, scopeId);
      for (const existing of domain.bandwidthPackages.values()) {
        if (existing.name === v.name) {
          return serviceError(c, 'cc', 400, CC_NAME_IN_USE, `The bandwidth package name ${v.name} is already in use.`);
        }
      }
      const ts = isoSeconds(at);
      const prepaid = v.prepaid_options;
      const orderId = prepaid ? newOrderId(at) : '';
      const pkg: BandwidthPackage = {
        id: newUuid(),
        name: v.name,
        description: v.description,
        domain_id: scopeId,
        enterprise_project_id: v.enterprise_project_id,
        project_id: v.project_id,
        created_at: ts,
        updated_at: ts,
        resource_id: v.resource_id,
        resource_type: v.resource_type,
        local_area_id: v.local_area_id,
        remote_area_id: v.remote_area_id,
        spec_code: v.spec_code,
        billing_mode: v.billing_mode,
        tags: [],
        status: 'ACTIVE',
        admin_state_up: true,
        order_id: orderId,
        product_id: '',
        charge_mode: v.charge_mode,
        bandwidth: v.bandwidth,
        interflow_mode: v.interflow_mode,
      };
      domain.bandwidthPackages.set(pkg.id, pkg);
      if (prepaid) {
        state.orders.set(orderId, {
          order_id: orderId,
          service: 'cc',
          status: prepaid.is_auto_pay ? 'completed' : 'unpaid',
          auto_pay: prepaid.is_auto_pay,
          created_at: ts,
          domain_id: scopeId,
          bandwidth_package_id: pkg.id,
        });
      }
      return json(c, { request_id: c.get('requestId'), bandwidth_package: pkg }, 201);
    }),
  );

  // ---- admin (test-only) -------------------------------------------------------------------------------------------
  if (options.admin) {
    const admin = new Hono<SimEnv>({ strict: false });
    const adminError = (c: Context<SimEnv>, status: number, message: string) => json(c, { error: message }, status);

    admin.use('*', async (_c, next) => {
      settle(now().getTime());
      await next();
    });

    admin.get('/state', (c) => {
      const t = now().getTime();
      return json(c, {
        now: new Date(t).toISOString(),
        counts: { ...state.counts },
        requests: { ...state.requests },
        projects: [...state.projects.values()].map((p) => ({
          project_id: p.id,
          workspace_bandwidths: [...p.workspaceBandwidths.values()],
          jobs: [...p.jobs.values()].map((j) => jobView(j, t)),
          shared_bandwidths: [...p.sharedBandwidths.values()],
        })),
        domains: [...state.domains.values()].map((d) => ({
          domain_id: d.id,
          bandwidth_packages: [...d.bandwidthPackages.values()],
        })),
        orders: [...state.orders.values()].map(({ settleAt: _settleAt, ...o }) => o),
        faults: state.faults.map((f) => ({ ...f })),
        lockouts: [...state.lockouts.entries()].map(([ak, l]) => ({
          ak,
          failures: l.failures,
          locked_until: l.lockedUntil !== undefined ? new Date(l.lockedUntil).toISOString() : null,
        })),
      }, 200);
    });

    admin.get('/faults', (c) => json(c, { faults: state.faults.map((f) => ({ ...f })) }, 200));

    admin.post('/faults', async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return adminError(c, 400, 'body must be JSON');
      }
      const parsed = parseFault(body);
      if (typeof parsed === 'string') return adminError(c, 400, parsed);
      state.faults.push(parsed);
      return json(c, { id: parsed.id }, 201);
    });

    admin.delete('/faults', (c) => {
      const cleared = state.faults.length;
      state.faults.length = 0;
      return json(c, { cleared }, 200);
    });

    admin.delete('/faults/:id', (c) => {
      const i = state.faults.findIndex((f) => f.id === c.req.param('id'));
      if (i < 0) return adminError(c, 404, 'no such fault');
      state.faults.splice(i, 1);
      return json(c, { cleared: 1 }, 200);
    });

    admin.post('/reset', (c) => {
      reset();
      return json(c, { ok: true }, 200);
    });

    admin.post('/orders/:id/:action{pay|cancel}', (c) => {
      const order = state.orders.get(c.req.param('id'));
      if (!order) return adminError(c, 404, 'no such order');
      if (order.status !== 'unpaid') return adminError(c, 409, `order is ${order.status}`);
      if (c.req.param('action') === 'pay') {
        applyOrder(order);
      } else {
        order.status = 'cancelled';
        state.pendingOrders.delete(order);
        const project = order.project_id !== undefined ? state.projects.get(order.project_id) : undefined;
        if (project && order.bandwidth_id !== undefined) project.pendingChanges.delete(order.bandwidth_id);
      }
      const { settleAt: _settleAt, ...view } = order;
      return json(c, view, 200);
    });

    app.route('/_sim', admin);
  }

  return { app, state, reset };
}

/** Validates a POST /_sim/faults body; a string is the error. */
function parseFault(body: unknown): SimFault | string {
  if (!isObject(body)) return 'body must be a JSON object';
  const { op, kind, status, delayMs, times, probability, errorCode, failReason } = body;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  }
  const k = kind as FaultKind;
  let target: OpName | '*' = '*';
  if (op !== undefined && op !== null) {
    if (op !== '*' && !(typeof op === 'string' && (OP_NAMES as readonly string[]).includes(op))) {
      return `op must be '*' or one of ${OP_NAMES.join(', ')}`;
    }
    target = op as OpName | '*';
  }
  if (k === 'job_fail' && target !== '*' && target !== 'createWorkspaceBandwidth') {
    return 'job_fail applies to createWorkspaceBandwidth only';
  }
  const fault: SimFault = { id: newUuid(), op: target, kind: k, times: 1, probability: 1, fired: 0 };
  if (status !== undefined) {
    if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599) return 'status must be an integer from 400 to 599';
    fault.status = status as number;
  }
  if (k === 'status') fault.status ??= 500;
  if (delayMs !== undefined) {
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 600_000) return 'delayMs must be from 0 to 600000';
    fault.delayMs = delayMs;
  }
  if (k === 'delay') fault.delayMs ??= 1000;
  if (times !== undefined) {
    if (!Number.isInteger(times) || ((times as number) < 1 && times !== -1)) return 'times must be a positive integer or -1';
    fault.times = times as number;
  }
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) return 'probability must be from 0 to 1';
    fault.probability = probability;
  }
  if (errorCode !== undefined) {
    if (typeof errorCode !== 'string') return 'errorCode must be a string';
    fault.errorCode = errorCode;
  }
  if (failReason !== undefined) {
    if (typeof failReason !== 'string') return 'failReason must be a string';
    fault.failReason = failReason;
  }
  return fault;
}
