import type { Subnet } from '@bwkit/contracts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BffDeps, BffEnv } from '../../context.js';
import { matches, toSubnet } from '../../mapping/index.js';
import { getRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream } from '../../operation/index.js';
import { cachedList, listKey, listParameters, NO_STORE, pageOf, readListQuery } from '../paging.js';

/** The subnets Workspace can use in a region, for the Workspace form's subnet picker. */
export function registerSubnets(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = getRoute({
    path: '/v1/subnets',
    operationId: 'listWorkspaceSubnets',
    tag: 'Workspace',
    summary: "Subnets Workspace bandwidth can be created on, in one of the tenant's regions",
    scope: 'subnet:read',
    details: 'Pair with `workspace-bandwidth:create`. Cached for 15 s per tenant and region.',
    parameters: listParameters(true),
    description: 'A page of subnets',
    response: Schemas.SubnetList,
    errors: [400, 401, 403, 422, 429, 502, 503, 504],
  });
  app.openapi(route, async (c) => {
    const tenant = c.get('tenant');
    const query = readListQuery(c, tenant);
    const all = await cachedList(deps, listKey(tenant, 'subnets', query.region), async () => {
      // Workspace's subnet list has no pages: one call answers them all.
      const r = await callUpstream(deps, c, 'listWorkspaceSubnets', () =>
        deps.clientFor(tenant).listWorkspaceSubnets({ region: query.region }),
      );
      return (r.data.subnets ?? []).map(toSubnet).filter((s): s is Subnet => s !== undefined);
    });
    const items = all.filter((s) => matches(query.q, s.name, s.id, s.cidr, s.vpcId));
    return c.json(pageOf(items, query), 200, NO_STORE);
  });
}
