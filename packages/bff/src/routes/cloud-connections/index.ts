import type { CloudConnection } from '@bwkit/contracts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BffDeps, BffEnv } from '../../context.js';
import { matches, toCloudConnection } from '../../mapping/index.js';
import { getRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream } from '../../operation/index.js';
import { cachedList, listKey, listParameters, MAX_UPSTREAM_PAGES, NO_STORE, pageOf, readListQuery } from '../paging.js';

const UPSTREAM_PAGE = 500;

/** The tenant's Cloud Connect cloud connections, for binding a new bandwidth package to one. */
export function registerCloudConnections(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = getRoute({
    path: '/v1/cloud-connections',
    operationId: 'listCloudConnections',
    tag: 'Cloud Connect',
    summary: "The tenant's cloud connections (Cloud Connect is global: no region)",
    scope: 'cloud-connection:read',
    details:
      'Pair with `bandwidth-package:create`: a package bound to a connection (resourceType `cloud_connection`, resourceId its id) ' +
      "carries the traffic between the connection's regions. Cached for 15 s per tenant.",
    parameters: listParameters(false),
    description: 'A page of cloud connections',
    response: Schemas.CloudConnectionList,
    errors: [400, 401, 403, 429, 502, 503, 504],
  });
  app.openapi(route, async (c) => {
    const tenant = c.get('tenant');
    const query = readListQuery(c, tenant);
    const all = await cachedList(deps, listKey(tenant, 'cloud-connections'), async () => {
      const out: CloudConnection[] = [];
      let marker: string | undefined;
      for (let i = 0; i < MAX_UPSTREAM_PAGES; i++) {
        const r = await callUpstream(deps, c, 'listCloudConnections', () =>
          deps
            .clientFor(tenant)
            .listCloudConnections({ query: { limit: UPSTREAM_PAGE, ...(marker ? { marker } : {}) } }),
        );
        const page = r.data.cloud_connections ?? [];
        out.push(...page.map(toCloudConnection));
        marker = r.data.page_info?.next_marker;
        if (!marker || page.length === 0) break;
      }
      return out;
    });
    const items = all.filter((cc) => matches(query.q, cc.name, cc.id));
    return c.json(pageOf(items, query), 200, NO_STORE);
  });
}
