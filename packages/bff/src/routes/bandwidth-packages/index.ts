import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  BandwidthPackageCreatedSchema, CreateBandwidthPackageRequestSchema, validateCreateBandwidthPackage,
  type CreateBandwidthPackageRequest,
} from '@bwkit/contracts';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import { toBandwidthPackageCreated, toCreateBandwidthPackageBody } from '../../mapping/index.js';
import { callUpstream, postHandler } from '../../operation/index.js';
import { errorResponses, idempotencyHeader, schemaOf } from '../../openapi/index.js';

export function registerBandwidthPackages(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  const route = createRoute({
    method: 'post', path: '/v1/bandwidth-packages', operationId: 'createBandwidthPackage', tags: ['Cloud Connect'],
    summary: 'Create a Cloud Connect bandwidth package (spec code derived from the areas)',
    security: [{ widgetToken: [] }],
    middleware: [requireScope('bandwidth-package:create')] as const,
    request: { body: { required: true, content: { 'application/json': { schema: schemaOf(CreateBandwidthPackageRequestSchema) } } } },
    responses: {
      201: { description: 'Created; orderId is set for yearly/monthly packages', content: { 'application/json': { schema: schemaOf(BandwidthPackageCreatedSchema) } } },
      ...errorResponses(400, 401, 403, 409, 422, 429, 502, 503, 504),
    },
  });
  (route as { parameters?: unknown[] }).parameters = [idempotencyHeader];
  app.openapi(route, postHandler<CreateBandwidthPackageRequest>(deps, {
    operation: 'createBandwidthPackage',
    service: 'cc',
    validate: validateCreateBandwidthPackage,
    summary: (v) => ({
      name: v.name, localArea: v.localArea, remoteArea: v.remoteArea, billingMode: v.billingMode, sizeMbps: v.sizeMbps,
      specCode: v.specCode, interflowMode: v.interflowMode, prepaid: v.prepaid,
    }),
    async execute(v, client, tenant, c) {
      // Cloud Connect is global, but a package belongs to a project: the tenant's default region's.
      const projectId = tenant.credentials.projects[tenant.defaultRegion]!;
      const r = await callUpstream(deps, c, 'cc', 'createBandwidthPackage', () =>
        client.createBandwidthPackage({ body: toCreateBandwidthPackageBody(v, projectId, tenant.enterpriseProjectId) }));
      return { status: 201, body: toBandwidthPackageCreated(r.data) };
    },
  }) as never);
}
