import type { Job, WorkspaceBandwidth } from '@bwkit/contracts';
import { isUpstreamError } from '@bwkit/huaweicloud';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import { problemFromUpstream, toJob } from '../../mapping/index.js';
import { getRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream } from '../../operation/index.js';
import { ProblemError } from '../../problem/index.js';
import type { JobRef } from '../../store/index.js';
import type { Tenant } from '../../tenants/index.js';
import { recordOrder } from '../orders/record.js';
import { findWorkspaceBandwidths, JOB_TTL_MS } from '../workspace-bandwidths/index.js';

/**
 * The bandwidth a finished create job made. The job never names it (its entities are desktop fields only), so it is
 * looked up in the bandwidth list by the subnet (and the name, when one was given) — INFERRED from the Workspace API:
 * "wait for the job, then list bandwidths with subnet_id". Without a name, the newest bandwidth on the subnet created
 * since the job was submitted is taken.
 */
async function findCreated(
  deps: BffDeps,
  c: Context<BffEnv>,
  tenant: Tenant,
  ref: JobRef,
): Promise<WorkspaceBandwidth | undefined> {
  if (ref.bandwidthId) {
    const [known] = await findWorkspaceBandwidths(deps, c, tenant, ref.region, { bandwidth_id: ref.bandwidthId });
    return known;
  }
  if (!ref.subnetId) return undefined;
  const found = await findWorkspaceBandwidths(deps, c, tenant, ref.region, {
    subnet_id: ref.subnetId,
    ...(ref.bandwidthName ? { bandwidth_name: ref.bandwidthName } : {}),
  });
  const since = Date.parse(ref.createdAt) - 60_000; // the cloud's clock may differ from ours a little
  const candidates = found
    .filter((b) => b.subnetId === ref.subnetId && (!ref.bandwidthName || b.name === ref.bandwidthName))
    .filter((b) => ref.chargeMode === undefined || b.chargeMode === ref.chargeMode)
    .filter((b) => !(Date.parse(b.createdAt) < since));
  return candidates.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
}

/** The job's ref when this tenant created it through the gateway; anything else is a 404, as if it did not exist. */
export async function lookupJob(deps: Pick<BffDeps, 'store'>, tenantId: string, jobId: string): Promise<JobRef> {
  const ref = jobId.length <= 128 ? await deps.store.getJob(jobId) : undefined;
  // Another tenant's job is indistinguishable from one that does not exist.
  if (!ref || ref.tenantId !== tenantId) throw new ProblemError('not_found', 'No such job for this tenant.');
  return ref;
}

/**
 * The job as GET /v1/jobs/{jobId} answers it: one upstream read, and once it succeeded the bandwidth it made (remembered
 * in the job's ref, with its order). Used by the route and by the live-progress watcher alike. Upstream errors are
 * thrown as they come (the caller maps them).
 */
export async function readJob(
  deps: BffDeps,
  c: Context<BffEnv>,
  tenant: Tenant,
  jobId: string,
  ref: JobRef,
): Promise<Job> {
  const r = await callUpstream(deps, c, 'showWorkspaceJob', () =>
    deps.clientFor(tenant).showWorkspaceJob({ region: ref.region, jobId }),
  );
  const job: Job = toJob(r.data, deps.now());
  if (job.status === 'succeeded') {
    const bw = await findCreated(deps, c, tenant, ref);
    if (bw) {
      job.bandwidthId = bw.id;
      job.bandwidth = bw;
      const orderId = ref.orderId ?? bw.orderId;
      if (orderId) job.orderId = orderId;
      if (ref.bandwidthId !== bw.id || ref.orderId !== orderId) {
        // Remember it, so the next poll asks for this bandwidth only, and the order can be followed here.
        if (orderId && !ref.orderId) {
          await recordOrder(deps, c, orderId, {
            tenantId: tenant.id,
            operation: 'createWorkspaceBandwidth',
            region: ref.region,
            resourceId: bw.id,
          });
        }
        await deps.store
          .putJob(jobId, { ...ref, bandwidthId: bw.id, ...(orderId ? { orderId } : {}) }, JOB_TTL_MS)
          .catch((e: unknown) =>
            deps.log({
              level: 'warn',
              msg: 'job ref update failed',
              requestId: c.get('requestId'),
              tenant: tenant.id,
              error: String(e),
            }),
          );
      }
    }
  }
  return job;
}

export function registerJobs(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = getRoute({
    path: '/v1/jobs/{jobId}',
    operationId: 'showWorkspaceJob',
    tag: 'Workspace',
    summary: "Follow a Workspace job (only the tenant's own jobs exist here)",
    scope: 'workspace-bandwidth:create',
    details:
      'Once the job succeeded, bandwidthId and bandwidth name the bandwidth it made (found in the bandwidth list), ' +
      'and orderId the order of a `wks_bandwidth` create.',
    parameters: [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string', maxLength: 128 } }],
    description: 'The job',
    response: Schemas.Job,
    errors: [401, 403, 404, 429, 502, 503, 504],
  });
  app.openapi(route, async (c) => {
    const tenant = c.get('tenant');
    const jobId = c.req.param('jobId');
    const ref = await lookupJob(deps, tenant.id, jobId);
    try {
      return c.json(await readJob(deps, c, tenant, jobId, ref), 200, { 'cache-control': 'no-store' });
    } catch (e) {
      if (isUpstreamError(e)) throw problemFromUpstream(e);
      throw e;
    }
  });
}
