import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  CreateSharedBandwidthRequestSchema, SharedBandwidthCreatedSchema, validateCreateSharedBandwidth,
  type CreateSharedBandwidthRequest,
} from '@bwkit/contracts';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import { toCreateSharedBandwidthBody, toSharedBandwidthCreated } from '../../mapping/index.js';
import { callUpstream, postHandler, regionOf } from '../../operation/index.js';
import { errorResponses, idempotencyHeader, schemaOf } from '../../openapi/index.js';

export function registerSharedBandwidths(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  const route = createRoute({
    method: 'post', path: '/v1/shared-bandwidths', operationId: 'createSharedBandwidth', tags: ['VPC'],
    summary: 'Assign a VPC shared bandwidth',
    security: [{ widgetToken: [] }],
    middleware: [requireScope('shared-bandwidth:create')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: schemaOf(CreateSharedBandwidthRequestSchema) } } } },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: schemaOf(SharedBandwidthCreatedSchema) } } },
      ...errorResponses(400, 401, 403, 409, 422, 429, 502, 503, 504),
    },
  });
  (route as { parameters?: unknown[] }).parameters = [idempotencyHeader];
  app.openapi(route, postHandler<CreateSharedBandwidthRequest>(deps, {
    operation: 'createSharedBandwidth',
    service: 'vpc',
    validate: validateCreateSharedBandwidth,
    summary: (v) => ({ name: v.name, sizeMbps: v.sizeMbps, region: v.region }),
    async execute(v, client, tenant, c) {
      const r = await callUpstream(deps, c, 'vpc', 'createSharedBandwidth', () =>
        client.createSharedBandwidth({ region: regionOf(tenant, v.region), body: toCreateSharedBandwidthBody(v, tenant.enterpriseProjectId) }));
      return { status: 201, body: toSharedBandwidthCreated(r.data) };
    },
  }) as never);
}
