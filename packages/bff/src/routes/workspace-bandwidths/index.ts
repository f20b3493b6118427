import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  ChangeOrderCreatedSchema, ChangeWorkspaceBandwidthRequestSchema, CreateWorkspaceBandwidthRequestSchema,
  WorkspaceBandwidthAcceptedSchema, validateBandwidthId, validateChangeWorkspaceBandwidth, validateCreateWorkspaceBandwidth,
  type ChangeWorkspaceBandwidthRequest, type CreateWorkspaceBandwidthRequest,
} from '@bwkit/contracts';
import type { BffDeps, BffEnv } from '../../context.js';
import { toChangeOrderCreated, toChangeWorkspaceBandwidthBody, toCreateWorkspaceBandwidthBody } from '../../mapping/index.js';
import { callUpstream, postHandler, regionOf } from '../../operation/index.js';
import { postRoute } from '../../openapi/index.js';

export const JOB_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function registerWorkspaceBandwidths(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  const create = postRoute({
    path: '/v1/workspace-bandwidths', operationId: 'createWorkspaceBandwidth', tag: 'Workspace',
    summary: 'Create Workspace bandwidth (asynchronous: follow the returned job)',
    scope: 'workspace-bandwidth:create', body: CreateWorkspaceBandwidthRequestSchema,
    status: 202, description: 'Accepted; poll jobUrl', response: WorkspaceBandwidthAcceptedSchema,
  });
  app.openapi(create, postHandler<CreateWorkspaceBandwidthRequest>(deps, {
    operation: 'createWorkspaceBandwidth',
    service: 'workspace',
    validate: validateCreateWorkspaceBandwidth,
    summary: (v) => ({ subnetId: v.subnetId, chargeMode: v.chargeMode, sizeMbps: v.sizeMbps, name: v.name, region: v.region }),
    async execute(v, client, tenant, c) {
      const region = regionOf(tenant, v.region);
      const r = await callUpstream(deps, c, 'workspace', 'createWorkspaceBandwidth', () =>
        client.createWorkspaceBandwidth({ region, body: toCreateWorkspaceBandwidthBody(v, tenant.enterpriseProjectId) }));
      const jobId = r.data.job_id;
      await deps.store.putJob(jobId, { tenantId: tenant.id, region, createdAt: deps.now().toISOString() }, JOB_TTL_MS);
      return { status: 202, body: { jobId, status: 'pending', jobUrl: `/v1/jobs/${encodeURIComponent(jobId)}` } };
    },
  }) as never);

  const change = postRoute({
    path: '/v1/workspace-bandwidths/{bandwidthId}/change-orders', operationId: 'changeWorkspaceBandwidth', tag: 'Workspace',
    summary: 'Place an order to change a yearly/monthly Workspace bandwidth',
    scope: 'workspace-bandwidth:change', body: ChangeWorkspaceBandwidthRequestSchema, status: 201,
    description: 'Order placed; paymentRequired tells whether it still has to be paid in the billing center',
    response: ChangeOrderCreatedSchema,
    pathParams: [{ name: 'bandwidthId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } }],
  });
  app.openapi(change, postHandler<ChangeWorkspaceBandwidthRequest>(deps, {
    operation: 'changeWorkspaceBandwidth',
    service: 'workspace',
    validate(body, ctx, c) {
      const idIssue = validateBandwidthId(c.req.param('bandwidthId'));
      const v = validateChangeWorkspaceBandwidth(body, ctx);
      if (idIssue) return { ok: false, issues: [idIssue, ...(v.ok ? [] : v.issues)] };
      return v;
    },
    summary: (v, c) => ({ bandwidthId: c.req.param('bandwidthId'), sizeMbps: v.sizeMbps, name: v.name, autoPay: v.autoPay }),
    async execute(v, client, tenant, c) {
      const region = regionOf(tenant, v.region);
      const r = await callUpstream(deps, c, 'workspace', 'changeWorkspaceBandwidth', () =>
        client.changeWorkspaceBandwidth({ region, bandwidthId: c.req.param('bandwidthId')!, body: toChangeWorkspaceBandwidthBody(v, tenant.enterpriseProjectId) }));
      return { status: 201, body: toChangeOrderCreated(r.data.order_id, v.autoPay) };
    },
  }) as never);
}
