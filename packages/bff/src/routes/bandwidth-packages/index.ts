import { type CreateBandwidthPackageRequest, validateCreateBandwidthPackage } from '@bwkit/contracts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BffDeps, BffEnv } from '../../context.js';
import { toBandwidthPackageCreated, toCreateBandwidthPackageBody } from '../../mapping/index.js';
import { postRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream, postHandler } from '../../operation/index.js';
import { heldForApproval } from '../approvals/index.js';
import { recordOrder } from '../orders/record.js';

export function registerBandwidthPackages(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = heldForApproval(
    postRoute({
      path: '/v1/bandwidth-packages',
      operationId: 'createBandwidthPackage',
      tag: 'Cloud Connect',
      summary: 'Create a Cloud Connect bandwidth package (spec code derived from the areas)',
      scope: 'bandwidth-package:create',
      body: 'CreateBandwidthPackageRequest',
      details:
        'Pair with `cloud-connection:read` (bind the package to a cloud connection: resourceType `cloud_connection`, resourceId its id), ' +
        '`order:read` and optionally `order:pay` (yearly/monthly packages place an order).',
      status: 201,
      description: 'Created; orderId is set for yearly/monthly packages',
      response: Schemas.BandwidthPackageCreated,
    }),
  );
  app.openapi(
    route,
    postHandler<CreateBandwidthPackageRequest>(deps, {
      operation: 'createBandwidthPackage',
      validate: validateCreateBandwidthPackage,
      summary: (v) => ({
        name: v.name,
        localArea: v.localArea,
        remoteArea: v.remoteArea,
        billingMode: v.billingMode,
        sizeMbps: v.sizeMbps,
        specCode: v.specCode,
        interflowMode: v.interflowMode,
        prepaid: v.prepaid,
      }),
      async execute(v, client, tenant, c) {
        // Cloud Connect is global, but a package belongs to a project: the tenant's default region's.
        // A tenant's config names a project for each of its regions, the default one included (the gateway refuses a
        // config that does not).
        const projectId = tenant.credentials.projects[tenant.defaultRegion]!;
        const r = await callUpstream(deps, c, 'createBandwidthPackage', () =>
          client.createBandwidthPackage({
            body: toCreateBandwidthPackageBody(v, projectId, tenant.enterpriseProjectId),
          }),
        );
        const created = toBandwidthPackageCreated(r.data);
        // A yearly/monthly package places an order: follow it at /v1/orders/{orderId}.
        if (created.orderId) {
          await recordOrder(deps, c, created.orderId, {
            tenantId: tenant.id,
            operation: 'createBandwidthPackage',
            region: tenant.defaultRegion,
            resourceId: created.bandwidthPackage.id,
          });
        }
        return { status: 201, body: created };
      },
    }),
  );
}
