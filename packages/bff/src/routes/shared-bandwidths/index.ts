import type { OpenAPIHono } from '@hono/zod-openapi';
import { validateCreateSharedBandwidth, type CreateSharedBandwidthRequest } from '@bwkit/contracts';
import type { BffDeps, BffEnv } from '../../context.js';
import { heldForApproval } from '../approvals/index.js';
import { toCreateSharedBandwidthBody, toSharedBandwidthCreated } from '../../mapping/index.js';
import { callUpstream, postHandler, regionOf } from '../../operation/index.js';
import { Schemas, postRoute, registerComponents } from '../../openapi/index.js';

export function registerSharedBandwidths(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = heldForApproval(postRoute({
    path: '/v1/shared-bandwidths', operationId: 'createSharedBandwidth', tag: 'VPC', summary: 'Assign a VPC shared bandwidth',
    scope: 'shared-bandwidth:create', body: 'CreateSharedBandwidthRequest',
    details: 'A pay-per-use bandwidth, created synchronously (VPC API, Assigning a Shared Bandwidth).',
    status: 201, description: 'Created', response: Schemas.SharedBandwidthCreated,
  }));
  app.openapi(route, postHandler<CreateSharedBandwidthRequest>(deps, {
    operation: 'createSharedBandwidth',
    validate: validateCreateSharedBandwidth,
    summary: (v) => ({ name: v.name, sizeMbps: v.sizeMbps, region: v.region }),
    async execute(v, client, tenant, c) {
      const r = await callUpstream(deps, c, 'createSharedBandwidth', () =>
        client.createSharedBandwidth({ region: regionOf(tenant, v.region), body: toCreateSharedBandwidthBody(v) }));
      return { status: 201, body: toSharedBandwidthCreated(r.data) };
    },
  }));
}
