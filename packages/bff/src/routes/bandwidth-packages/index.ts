import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  BandwidthPackageCreatedSchema, CreateBandwidthPackageRequestSchema, validateCreateBandwidthPackage,
  type CreateBandwidthPackageRequest,
} from '@bwkit/contracts';
import type { BffDeps, BffEnv } from '../../context.js';
import { toBandwidthPackageCreated, toCreateBandwidthPackageBody } from '../../mapping/index.js';
import { callUpstream, postHandler } from '../../operation/index.js';
import { postRoute } from '../../openapi/index.js';

export function registerBandwidthPackages(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  const route = postRoute({
    path: '/v1/bandwidth-packages', operationId: 'createBandwidthPackage', tag: 'Cloud Connect',
    summary: 'Create a Cloud Connect bandwidth package (spec code derived from the areas)',
    scope: 'bandwidth-package:create', body: CreateBandwidthPackageRequestSchema,
    status: 201, description: 'Created; orderId is set for yearly/monthly packages', response: BandwidthPackageCreatedSchema,
  });
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
