import type {
  BandwidthPackageCreated, ChangeOrderCreated, CreateBandwidthPackageRequest, CreateSharedBandwidthRequest,
  CreateWorkspaceBandwidthRequest, ChangeWorkspaceBandwidthRequest, FieldIssue, Job, JobStatus, SharedBandwidthCreated,
} from '@bwkit/contracts';
import { deriveSpecCode, toWireAutoPay, toWireBandwidthSize } from '@bwkit/contracts';
import type {
  CreateBandwidthPackageBody, CreateBandwidthPackageResponse, CreateSharedBandwidthBody, CreateSharedBandwidthResponse,
  CreateWorkspaceBandwidthBody, ChangeWorkspaceBandwidthBody, ShowWorkspaceJobResponse, UpstreamError,
} from '@bwkit/huaweicloud';
import { ProblemError } from '../problem/index.js';

/* The one place where the public camelCase API meets the documented snake_case wire format. */

export function toCreateWorkspaceBandwidthBody(r: CreateWorkspaceBandwidthRequest, enterpriseProjectId?: string): CreateWorkspaceBandwidthBody {
  return {
    subnet_id: r.subnetId,
    charge_mode: r.chargeMode,
    ...(r.sizeMbps !== undefined ? { bandwidth_size: r.sizeMbps } : {}),
    ...(r.name ? { bandwidth_name: r.name } : {}),
    ...(enterpriseProjectId ? { enterprise_project_id: enterpriseProjectId } : {}),
  };
}

export function toChangeWorkspaceBandwidthBody(r: ChangeWorkspaceBandwidthRequest, enterpriseProjectId?: string): ChangeWorkspaceBandwidthBody {
  return {
    // Documented as strings on the wire (seed 001): a number here is refused upstream.
    bandwidth_size: toWireBandwidthSize(r.sizeMbps),
    ...(r.name ? { bandwidth_name: r.name } : {}),
    ...(enterpriseProjectId ? { enterprise_project_id: enterpriseProjectId } : {}),
    extend_param: { is_auto_pay: toWireAutoPay(r.autoPay) },
  };
}

export function toChangeOrderCreated(orderId: string, autoPay: boolean): ChangeOrderCreated {
  return { orderId, paymentRequired: !autoPay };
}

export function toCreateSharedBandwidthBody(r: CreateSharedBandwidthRequest, enterpriseProjectId?: string): CreateSharedBandwidthBody {
  return { bandwidth: { name: r.name, size: r.sizeMbps, ...(enterpriseProjectId ? { enterprise_project_id: enterpriseProjectId } : {}) } };
}

export function toSharedBandwidthCreated(w: CreateSharedBandwidthResponse): SharedBandwidthCreated {
  const b = w.bandwidth;
  return {
    bandwidth: {
      id: b.id, name: b.name, sizeMbps: Number(b.size), shareType: b.share_type, chargeMode: b.charge_mode,
      status: b.status, createdAt: b.created_at,
    },
  };
}

export function toCreateBandwidthPackageBody(r: CreateBandwidthPackageRequest, projectId: string, enterpriseProjectId?: string): CreateBandwidthPackageBody {
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
      id: p.id, name: p.name, description: p.description ?? '', localArea: p.local_area_id, remoteArea: p.remote_area_id,
      specCode: p.spec_code, billingMode: Number(p.billing_mode), sizeMbps: Number(p.bandwidth),
      interflowMode: p.interflow_mode, status: p.status, createdAt: p.created_at,
      ...(orderId ? { orderId } : {}),
    },
    ...(orderId ? { orderId } : {}),
  } as BandwidthPackageCreated;
}

const JOB_STATUS: Record<string, JobStatus> = {
  INIT: 'pending', WAITING: 'pending', RUNNING: 'running', SUCCESS: 'succeeded', COMPLETE: 'succeeded', FAIL: 'failed',
};

export function toJob(w: ShowWorkspaceJobResponse, now: Date): Job {
  const status = JOB_STATUS[w.status] ?? 'running';
  const sub = w.sub_jobs ?? [];
  // Progress: sub-job "process" when the service reports it, else a coarse figure from the status.
  const reported = sub.map((s) => Number(s.process)).filter((n) => Number.isFinite(n));
  const progress =
    status === 'succeeded' ? 100
      : status === 'pending' ? 0
        : reported.length ? Math.max(1, Math.min(99, Math.round(reported.reduce((a, b) => a + b, 0) / reported.length)))
          : status === 'running' ? 50 : 0;
  const entities = { ...(w.entities ?? {}), ...(sub[0]?.entities ?? {}) } as Record<string, unknown>;
  const bandwidthId = typeof entities['bandwidth_id'] === 'string' ? (entities['bandwidth_id'] as string) : undefined;
  const job: Job = {
    jobId: w.id,
    status,
    progress,
    updatedAt: (w.end_time || w.begin_time || now.toISOString()),
    ...(bandwidthId ? { bandwidthId } : {}),
  } as Job;
  if (status === 'failed') {
    job.error = { code: w.job_error_code || sub[0]?.error_code || 'JOB_FAILED', message: w.fail_reason || sub[0]?.fail_reason || 'The job failed.' };
  }
  return job;
}

/** Upstream codes that point at one field of the public request, so the widget can show them there. */
const FIELD_OF_CODE: Record<string, string> = { 'CC.1053': 'name', 'VPC.0301': 'name' };

/** Upstream 4xx → 422/409 carrying the upstream code; 5xx, timeouts, resets, garbage → 502/503/504. */
export function problemFromUpstream(e: UpstreamError): ProblemError {
  const upstream = {
    service: e.service, code: e.code, message: e.upstreamMessage,
    ...(e.status !== undefined ? { status: e.status } : {}), ...(e.requestId ? { requestId: e.requestId } : {}),
  };
  switch (e.kind) {
    case 'rejected': {
      const path = FIELD_OF_CODE[e.code];
      const fields: FieldIssue[] | undefined = path ? [{ path, code: 'upstream', message: e.upstreamMessage }] : undefined;
      return new ProblemError(422, 'upstream_rejected', e.upstreamMessage, { upstream, ...(fields ? { fields } : {}) });
    }
    case 'conflict':
      return new ProblemError(409, 'upstream_conflict', e.upstreamMessage, { upstream });
    case 'rate_limited':
      return new ProblemError(503, 'upstream_rate_limited', 'The cloud is throttling requests; try again shortly.', {
        upstream, headers: { 'retry-after': String(e.retryAfterSeconds ?? 1) },
      });
    case 'timeout':
      return new ProblemError(504, 'upstream_timeout',
        'The cloud did not answer in time. The request may still complete: retry with the same Idempotency-Key to see its result.', { upstream });
    case 'bad_response':
      return new ProblemError(502, 'upstream_bad_response', 'The cloud answered with a response that could not be read.', { upstream });
    case 'auth':
      // Our credentials or clock, not the user's input: say so without detail.
      return new ProblemError(502, 'upstream_unavailable', 'The gateway could not authenticate to the cloud; the operator has to check its credentials.', {
        upstream: { service: e.service, code: e.code, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.requestId ? { requestId: e.requestId } : {}) },
      });
    default:
      return new ProblemError(502, 'upstream_unavailable', 'The cloud service is unavailable right now; try again shortly.', { upstream });
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
