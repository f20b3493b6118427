import type {
  BandwidthPackageCreated,
  ChangeOrderCreated,
  ChangeWorkspaceBandwidthRequest,
  CreateBandwidthPackageRequest,
  CreateSharedBandwidthRequest,
  CreateWorkspaceBandwidthRequest,
  FieldIssue,
  Job,
  JobStatus,
  SharedBandwidthCreated,
} from '@bwkit/contracts';
import { deriveSpecCode, toWireAutoPay, toWireBandwidthSize, UPSTREAM_SERVICES } from '@bwkit/contracts';
import type {
  ChangeWorkspaceBandwidthBody,
  CreateBandwidthPackageBody,
  CreateBandwidthPackageResponse,
  CreateSharedBandwidthBody,
  CreateSharedBandwidthResponse,
  CreateWorkspaceBandwidthBody,
  ShowWorkspaceJobResponse,
  UpstreamError,
} from '@bwkit/huaweicloud';
import { SERVICE_NAMES, type ServiceName } from '@bwkit/huaweicloud';
import { ProblemError } from '../problem/index.js';

/* The one place where the public camelCase API meets the documented snake_case wire format. */

// A problem's `upstream.service` (contracts, browser-safe) names exactly the client's services: checked both ways.
void (UPSTREAM_SERVICES satisfies readonly ServiceName[]);
void (SERVICE_NAMES satisfies readonly (typeof UPSTREAM_SERVICES)[number][]);

export function toCreateWorkspaceBandwidthBody(
  r: CreateWorkspaceBandwidthRequest,
  enterpriseProjectId?: string,
): CreateWorkspaceBandwidthBody {
  return {
    subnet_id: r.subnetId,
    charge_mode: r.chargeMode,
    ...(r.sizeMbps !== undefined ? { bandwidth_size: r.sizeMbps } : {}),
    ...(r.name ? { bandwidth_name: r.name } : {}),
    ...(enterpriseProjectId ? { enterprise_project_id: enterpriseProjectId } : {}),
  };
}

export function toChangeWorkspaceBandwidthBody(
  r: ChangeWorkspaceBandwidthRequest,
  enterpriseProjectId?: string,
): ChangeWorkspaceBandwidthBody {
  return {
    // Documented as strings on the wire (Workspace API, Placing an Order on Changing the Bandwidth): a number here is refused upstream.
    bandwidth_size: toWireBandwidthSize(r.sizeMbps),
    ...(r.name ? { bandwidth_name: r.name } : {}),
    ...(enterpriseProjectId ? { enterprise_project_id: enterpriseProjectId } : {}),
    extend_param: { is_auto_pay: toWireAutoPay(r.autoPay) },
  };
}

export function toChangeOrderCreated(orderId: string, autoPay: boolean, jobId?: string): ChangeOrderCreated {
  return { orderId, ...(jobId ? { jobId } : {}), paymentRequired: !autoPay };
}

/**
 * VPC "Assigning a Shared Bandwidth" documents `enterprise_project_id` as "This parameter is unsupported. Do not
 * use it.": it is never sent, whatever the tenant's enterprise project.
 */
export function toCreateSharedBandwidthBody(r: CreateSharedBandwidthRequest): CreateSharedBandwidthBody {
  return { bandwidth: { name: r.name, size: r.sizeMbps } };
}

export function toSharedBandwidthCreated(w: CreateSharedBandwidthResponse): SharedBandwidthCreated {
  const b = w.bandwidth;
  return {
    bandwidth: {
      id: b.id,
      name: b.name,
      sizeMbps: Number(b.size),
      shareType: b.share_type,
      chargeMode: b.charge_mode,
      status: b.status,
      createdAt: b.created_at,
    },
  };
}

export function toCreateBandwidthPackageBody(
  r: CreateBandwidthPackageRequest,
  projectId: string,
  enterpriseProjectId?: string,
): CreateBandwidthPackageBody {
  const specCode = r.specCode ?? deriveSpecCode(r.localArea, r.remoteArea);
  return {
    bandwidth_package: {
      name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}),
      ...(enterpriseProjectId ? { enterprise_project_id: enterpriseProjectId } : {}),
      project_id: projectId,
      local_area_id: r.localArea,
      remote_area_id: r.remoteArea,
      charge_mode: 'bandwidth',
      billing_mode: r.billingMode as 1 | 2 | 3 | 4 | 5 | 6,
      bandwidth: r.sizeMbps,
      ...(specCode ? { spec_code: specCode } : {}),
      ...(r.interflowMode ? { interflow_mode: r.interflowMode } : {}),
      // The validator requires resourceId whenever resourceType is given.
      ...(r.resourceType ? { resource_type: r.resourceType, resource_id: r.resourceId! } : {}),
      ...(r.prepaid
        ? {
            prepaid_options: {
              period_type: r.prepaid.periodType,
              period_num: r.prepaid.periodCount,
              is_auto_renew: r.prepaid.autoRenew,
              is_auto_pay: r.prepaid.autoPay,
            },
          }
        : {}),
    },
  };
}

export function toBandwidthPackageCreated(w: CreateBandwidthPackageResponse): BandwidthPackageCreated {
  const p = w.bandwidth_package;
  const orderId = p.order_id || undefined;
  return {
    bandwidthPackage: {
      id: p.id,
      name: p.name,
      description: p.description ?? '',
      localArea: p.local_area_id,
      remoteArea: p.remote_area_id,
      specCode: p.spec_code,
      billingMode: Number(p.billing_mode),
      sizeMbps: Number(p.bandwidth),
      interflowMode: p.interflow_mode,
      status: p.status,
      createdAt: p.created_at,
      ...(orderId ? { orderId } : {}),
    },
    ...(orderId ? { orderId } : {}),
  } as BandwidthPackageCreated;
}

const JOB_STATUS: Record<string, JobStatus> = {
  INIT: 'pending',
  WAITING: 'pending',
  RUNNING: 'running',
  SUCCESS: 'succeeded',
  COMPLETE: 'succeeded',
  FAIL: 'failed',
};

export function toJob(w: ShowWorkspaceJobResponse, now: Date): Job {
  const status = JOB_STATUS[w.status] ?? 'running';
  const sub = w.sub_jobs ?? [];
  // Progress: sub-job "process" when the service reports it, else a coarse figure from the status.
  const reported = sub.map((s) => Number(s.process)).filter((n) => Number.isFinite(n));
  const progress =
    status === 'succeeded'
      ? 100
      : status === 'pending'
        ? 0
        : reported.length
          ? Math.max(1, Math.min(99, Math.round(reported.reduce((a, b) => a + b, 0) / reported.length)))
          : status === 'running'
            ? 50
            : 0;
  // The job never names the bandwidth it made (its entities are desktop fields only): the jobs route finds it in
  // the bandwidth list once the job succeeded.
  const job: Job = {
    jobId: w.id,
    status,
    progress,
    updatedAt: w.end_time || w.begin_time || now.toISOString(),
  } as Job;
  if (status === 'failed') {
    job.error = {
      code: w.job_error_code || sub[0]?.error_code || 'JOB_FAILED',
      message: w.fail_reason || sub[0]?.fail_reason || 'The job failed.',
    };
  }
  return job;
}

/** Upstream codes that point at one field of the public request, so the widget can show them there. */
const FIELD_OF_CODE: Record<string, string> = { 'CC.1053': 'name', 'VPC.0301': 'name' };

/** Change orders refused because the bandwidth already has one waiting: the order id, once looked up. */
const pendingOrders = new WeakMap<UpstreamError, string>();
/** Marks a change-order conflict as "an earlier order waits for payment" (the route looked the bandwidth up). */
export function notePendingOrder(e: UpstreamError, orderId: string): void {
  pendingOrders.set(e, orderId);
}

/** BSS codes (CBC.*) that are about the order or the account, not the request: clear problems of their own. */
const CBC_PROBLEMS: Record<
  string,
  { code: 'insufficient_balance' | 'order_state_changed' | 'not_found'; detail: string }
> = {
  'CBC.99005003': {
    code: 'insufficient_balance',
    detail: 'The account balance is too low to pay this order. Top it up in the billing center, then pay again.',
  },
  'CBC.99003106': {
    code: 'order_state_changed',
    detail: 'The order changed meanwhile (paid, cancelled or closed): refresh it to see its status.',
  },
  'CBC.99003110': {
    code: 'order_state_changed',
    detail: 'The payment deadline of this order has passed: it can no longer be paid.',
  },
  'CBC.30000010': { code: 'not_found', detail: 'The cloud has no such order.' },
};

/** Upstream 4xx → 422/409 carrying the upstream code; 5xx, timeouts, resets, garbage → 502/503/504. */
export function problemFromUpstream(e: UpstreamError): ProblemError {
  const encoded = e.encodedAuthorizationMessage;
  const upstream = {
    service: e.service,
    code: e.code,
    message: e.upstreamMessage,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.requestId ? { requestId: e.requestId } : {}),
    ...(encoded ? { encodedAuthorizationMessage: encoded } : {}),
  };
  const cbc = e.service === 'bss' && e.status !== undefined && e.status < 500 ? CBC_PROBLEMS[e.code] : undefined;
  if (cbc) return new ProblemError(cbc.code, cbc.detail, { upstream });
  switch (e.kind) {
    case 'rejected': {
      const path = FIELD_OF_CODE[e.code];
      const fields: FieldIssue[] | undefined = path
        ? [{ path, code: 'upstream', message: e.upstreamMessage }]
        : undefined;
      return new ProblemError('upstream_rejected', e.upstreamMessage, { upstream, ...(fields ? { fields } : {}) });
    }
    case 'conflict': {
      const pending = pendingOrders.get(e);
      const detail = pending
        ? `This bandwidth already has an order waiting for payment: pay or cancel it (order id ${pending}), then order the change again.`
        : e.upstreamMessage;
      return new ProblemError('upstream_conflict', detail, { upstream });
    }
    case 'rate_limited':
      return new ProblemError('upstream_rate_limited', 'The cloud is throttling requests; try again shortly.', {
        upstream,
        headers: { 'retry-after': String(e.retryAfterSeconds ?? 1) },
      });
    case 'timeout':
      return new ProblemError(
        'upstream_timeout',
        'The cloud did not answer in time. The request may still complete: retry with the same Idempotency-Key to see its result.',
        { upstream },
      );
    case 'bad_response':
      return new ProblemError('upstream_bad_response', 'The cloud answered with a response that could not be read.', {
        upstream,
      });
    case 'auth':
      // Our credentials or clock, not the user's input: say so without detail (the encoded IAM denial helps an admin).
      return new ProblemError(
        'upstream_unavailable',
        'The gateway could not authenticate to the cloud; the operator has to check its credentials.',
        {
          upstream: {
            service: e.service,
            code: e.code,
            ...(e.status !== undefined ? { status: e.status } : {}),
            ...(e.requestId ? { requestId: e.requestId } : {}),
            ...(encoded ? { encodedAuthorizationMessage: encoded } : {}),
          },
        },
      );
    default:
      return new ProblemError(
        'upstream_unavailable',
        'The cloud service is unavailable right now; try again shortly.',
        { upstream },
      );
  }
}

/**
 * Whether the cloud may have acted on a create that failed like this. Only a definite "did not happen" (a refusal,
 * throttling, a 5xx answer, a refused signature) frees the Idempotency-Key for another attempt; a timeout, a reset
 * mid-request or an unreadable 2xx keeps the key bound to this failure so a retry can never place a second order.
 */
export function mayHaveActed(e: UpstreamError): boolean {
  if (e.kind === 'timeout' || e.kind === 'bad_response') return true;
  if (e.kind === 'unavailable' && e.code === 'NETWORK') return true;
  return false;
}

export type { QuoteOperation, Rating } from './purchase.js';
export {
  matches,
  quoteFromOnDemand,
  quoteFromPeriod,
  ratingOf,
  toCloudConnection,
  toOrder,
  toSubnet,
  toWorkspaceBandwidth,
} from './purchase.js';
