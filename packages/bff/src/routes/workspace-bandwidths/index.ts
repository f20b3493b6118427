import {
  type ChangeWorkspaceBandwidthRequest,
  type CreateWorkspaceBandwidthRequest,
  validateBandwidthId,
  validateChangeWorkspaceBandwidth,
  validateCreateWorkspaceBandwidth,
  type WorkspaceBandwidth,
} from '@bwkit/contracts';
import { isUpstreamError, type ListWorkspaceBandwidthsQuery } from '@bwkit/huaweicloud';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import {
  matches,
  notePendingOrder,
  toChangeOrderCreated,
  toChangeWorkspaceBandwidthBody,
  toCreateWorkspaceBandwidthBody,
  toWorkspaceBandwidth,
} from '../../mapping/index.js';
import { getRoute, postRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream, postHandler, regionOf } from '../../operation/index.js';
import type { Tenant } from '../../tenants/index.js';
import { heldForApproval } from '../approvals/index.js';
import { writeOrRetryInBackground } from '../background-write.js';
import { recordOrder } from '../orders/record.js';
import { cachedList, listKey, listParameters, MAX_UPSTREAM_PAGES, NO_STORE, pageOf, readListQuery } from '../paging.js';

export const JOB_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const UPSTREAM_PAGE = 100;

/**
 * Workspace bandwidths matching an upstream filter (subnet_id, bandwidth_id, bandwidth_name), read straight from the
 * cloud: Workspace has no "show one bandwidth" call, so one is fetched by listing with its id.
 */
export async function findWorkspaceBandwidths(
  deps: BffDeps,
  c: Context<BffEnv>,
  tenant: Tenant,
  region: string,
  query: ListWorkspaceBandwidthsQuery,
): Promise<WorkspaceBandwidth[]> {
  const r = await callUpstream(deps, c, 'listWorkspaceBandwidths', () =>
    deps.clientFor(tenant).listWorkspaceBandwidths({ region, query }),
  );
  return (r.data.bandwidths ?? []).map(toWorkspaceBandwidth).filter((b): b is WorkspaceBandwidth => b !== undefined);
}

export function registerWorkspaceBandwidths(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const list = getRoute({
    path: '/v1/workspace-bandwidths',
    operationId: 'listWorkspaceBandwidths',
    tag: 'Workspace',
    summary: "The tenant's Workspace bandwidths in a region (name, current size, status, pending order)",
    scope: 'workspace-bandwidth:read',
    details:
      'Pair with `workspace-bandwidth:change` (the change-order picker). `chargeMode=wks_bandwidth` keeps the yearly/monthly ones. ' +
      'Cached for 15 s per tenant and region; a change ordered or paid here refreshes it.',
    parameters: [
      ...listParameters(true),
      {
        name: 'chargeMode',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['wks_bandwidth', 'free', 'wks_traffic'] },
      },
    ],
    description: 'A page of Workspace bandwidths',
    response: Schemas.WorkspaceBandwidthList,
    errors: [400, 401, 403, 422, 429, 502, 503, 504],
  });
  app.openapi(list, async (c) => {
    const tenant = c.get('tenant');
    const query = readListQuery(c, tenant);
    const chargeMode = c.req.query('chargeMode');
    const all = await cachedList(deps, listKey(tenant, 'workspace-bandwidths', query.region), async () => {
      const out: WorkspaceBandwidth[] = [];
      for (let page = 0; page < MAX_UPSTREAM_PAGES; page++) {
        const r = await callUpstream(deps, c, 'listWorkspaceBandwidths', () =>
          deps
            .clientFor(tenant)
            .listWorkspaceBandwidths({ region: query.region, query: { offset: out.length, limit: UPSTREAM_PAGE } }),
        );
        const got = r.data.bandwidths ?? [];
        out.push(...got.map(toWorkspaceBandwidth).filter((b): b is WorkspaceBandwidth => b !== undefined));
        if (got.length < UPSTREAM_PAGE || (r.data.total_count !== undefined && out.length >= r.data.total_count)) break;
      }
      return out;
    });
    const items = all.filter(
      (b) => (!chargeMode || b.chargeMode === chargeMode) && matches(query.q, b.name, b.id, b.subnetName, b.vpcName),
    );
    return c.json(pageOf(items, query), 200, NO_STORE);
  });

  const create = heldForApproval(
    postRoute({
      path: '/v1/workspace-bandwidths',
      operationId: 'createWorkspaceBandwidth',
      tag: 'Workspace',
      summary: 'Create Workspace bandwidth (asynchronous: follow the returned job)',
      scope: 'workspace-bandwidth:create',
      body: 'CreateWorkspaceBandwidthRequest',
      details:
        'Pair with `subnet:read` (subnet picker) and `order:read` (`wks_bandwidth` is yearly/monthly: it places an order, ' +
        'whose id the job shows once known).',
      status: 202,
      description: 'Accepted; poll jobUrl',
      response: Schemas.WorkspaceBandwidthAccepted,
      alsoOk: {
        status: 200,
        response: Schemas.WorkspaceBandwidthAccepted,
        description:
          'A retry settled an earlier attempt whose outcome was unknown: status succeeded, with bandwidthId and bandwidth (no job)',
      },
    }),
  );
  app.openapi(
    create,
    postHandler<CreateWorkspaceBandwidthRequest>(deps, {
      operation: 'createWorkspaceBandwidth',
      validate: validateCreateWorkspaceBandwidth,
      summary: (v) => ({
        subnetId: v.subnetId,
        chargeMode: v.chargeMode,
        sizeMbps: v.sizeMbps,
        name: v.name,
        region: v.region,
      }),
      async execute(v, client, tenant, c) {
        const region = regionOf(tenant, v.region);
        const r = await callUpstream(deps, c, 'createWorkspaceBandwidth', () =>
          client.createWorkspaceBandwidth({
            region,
            body: toCreateWorkspaceBandwidthBody(v, tenant.enterpriseProjectId),
          }),
        );
        const jobId = r.data.job_id;
        // The job never names the bandwidth it creates: keep what finds it in the list once the job is done. The cloud
        // has acted: a store that is down must not turn that into an error (the job is followable once the write lands).
        const ref = {
          tenantId: tenant.id,
          region,
          createdAt: deps.now().toISOString(),
          subnetId: v.subnetId,
          chargeMode: v.chargeMode,
          ...(v.name ? { bandwidthName: v.name } : {}),
        };
        await writeOrRetryInBackground(
          deps,
          { msg: 'job record', requestId: c.get('requestId'), tenant: tenant.id, jobId },
          () => deps.store.putJob(jobId, ref, JOB_TTL_MS),
        );
        deps.cache.invalidate(listKey(tenant, 'workspace-bandwidths', region));
        // Followed with nobody watching, so job.succeeded / job.failed reach the portal after the page closed (a viewer
        // anywhere speeds the poll up). A failure only costs those webhooks, never the accepted job.
        try {
          await deps.watchers.track(tenant, 'job', jobId);
        } catch (e) {
          deps.log({ level: 'warn', msg: 'job track failed', tenant: tenant.id, jobId, error: String(e) });
        }
        return { status: 202, body: { jobId, status: 'pending', jobUrl: `/v1/jobs/${encodeURIComponent(jobId)}` } };
      },
    }),
  );

  const change = heldForApproval(
    postRoute({
      path: '/v1/workspace-bandwidths/{bandwidthId}/change-orders',
      operationId: 'changeWorkspaceBandwidth',
      tag: 'Workspace',
      summary: 'Place an order to change a yearly/monthly Workspace bandwidth',
      scope: 'workspace-bandwidth:change',
      body: 'ChangeWorkspaceBandwidthRequest',
      status: 201,
      details:
        'Pair with `workspace-bandwidth:read` (bandwidth picker), `order:read` and optionally `order:pay`. ' +
        'A bandwidth with an order still waiting for payment answers 409: pay or cancel that order first.',
      description: 'Order placed; paymentRequired tells whether it still has to be paid (GET /v1/orders/{orderId})',
      response: Schemas.ChangeOrderCreated,
      pathParams: [
        {
          name: 'bandwidthId',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' },
        },
      ],
    }),
  );
  app.openapi(
    change,
    postHandler<ChangeWorkspaceBandwidthRequest>(deps, {
      operation: 'changeWorkspaceBandwidth',
      validate(body, ctx, c) {
        const idIssue = validateBandwidthId(c.req.param('bandwidthId'));
        const v = validateChangeWorkspaceBandwidth(body, ctx);
        if (idIssue) return { ok: false, issues: [idIssue, ...(v.ok ? [] : v.issues)] };
        return v;
      },
      summary: (v, c) => ({
        bandwidthId: c.req.param('bandwidthId'),
        sizeMbps: v.sizeMbps,
        name: v.name,
        autoPay: v.autoPay,
      }),
      async execute(v, client, tenant, c) {
        const region = regionOf(tenant, v.region);
        // The route's path has {bandwidthId}, and validate() has checked it.
        const bandwidthId = c.req.param('bandwidthId')!;
        let r;
        try {
          r = await callUpstream(deps, c, 'changeWorkspaceBandwidth', () =>
            client.changeWorkspaceBandwidth({
              region,
              bandwidthId,
              body: toChangeWorkspaceBandwidthBody(v, tenant.enterpriseProjectId),
            }),
          );
        } catch (e) {
          // A conflict is usually an earlier change waiting for payment: name that order so the user can settle it.
          if (isUpstreamError(e) && e.kind === 'conflict') {
            const [bw] = await findWorkspaceBandwidths(deps, c, tenant, region, { bandwidth_id: bandwidthId }).catch(
              () => [],
            );
            if (bw?.pendingOrder && bw.orderId) notePendingOrder(e, bw.orderId);
          }
          throw e;
        }
        await recordOrder(deps, c, r.data.order_id, {
          tenantId: tenant.id,
          operation: 'changeWorkspaceBandwidth',
          region,
          resourceId: bandwidthId,
        });
        deps.cache.invalidate(listKey(tenant, 'workspace-bandwidths', region));
        return { status: 201, body: toChangeOrderCreated(r.data.order_id, v.autoPay, r.data.job_id) };
      },
    }),
  );
}
