import { type CreateSharedBandwidthRequest, validateCreateSharedBandwidth } from '@bwkit/contracts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BffDeps, BffEnv } from '../../context.js';
import { toCreateSharedBandwidthBody, toSharedBandwidthCreated } from '../../mapping/index.js';
import { postRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream, postHandler, regionOf } from '../../operation/index.js';
import { heldForApproval } from '../approvals/index.js';

export function registerSharedBandwidths(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = heldForApproval(
    postRoute({
      path: '/v1/shared-bandwidths',
      operationId: 'createSharedBandwidth',
      tag: 'VPC',
      summary: 'Assign a VPC shared bandwidth',
      scope: 'shared-bandwidth:create',
      body: 'CreateSharedBandwidthRequest',
      details: 'A pay-per-use bandwidth, created synchronously (VPC API, Assigning a Shared Bandwidth).',
      status: 201,
      description: 'Created',
      response: Schemas.SharedBandwidthCreated,
    }),
  );
  app.openapi(
    route,
    postHandler<CreateSharedBandwidthRequest>(deps, {
      operation: 'createSharedBandwidth',
      validate: validateCreateSharedBandwidth,
      summary: (v) => ({ name: v.name, sizeMbps: v.sizeMbps, region: v.region }),
      async execute(v, client, tenant, c) {
        const r = await callUpstream(deps, c, 'createSharedBandwidth', () =>
          client.createSharedBandwidth({ region: regionOf(tenant, v.region), body: toCreateSharedBandwidthBody(v) }),
        );
        return { status: 201, body: toSharedBandwidthCreated(r.data) };
      },
    }),
  );
}
