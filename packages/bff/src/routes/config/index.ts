import { configEnumsForSite, policyViewFor, type TenantConfigView } from '@bwkit/contracts';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { BffEnv } from '../../context.js';
import { errorResponses, okResponse, registerComponents, Schemas } from '../../openapi/index.js';

/** What the widgets render their choices, ranges and hints from: one tenant's limits differ from another's. */
export function registerConfig(app: OpenAPIHono<BffEnv>) {
  registerComponents(app);
  const route = createRoute({
    method: 'get',
    path: '/v1/config',
    operationId: 'getConfig',
    tags: ['Config'],
    summary:
      "The tenant's form configuration: regions, site, theme, limits, orders (may the widget pay?), policy and enums",
    description:
      "Any valid widget token (no scope needed). `scopes` lists the token's own, so a widget can tell before the user types " +
      'whether it may place its purchase. Cached privately per token (Vary: Authorization, Origin).',
    security: [{ widgetToken: [] }],
    responses: { 200: okResponse('Tenant config', Schemas.TenantConfigView), ...errorResponses(401, 403, 429, 503) },
  });
  app.openapi(route, (c) => {
    const t = c.get('tenant');
    const view: TenantConfigView = {
      tenant: { id: t.id, name: t.name },
      scopes: c.get('scopes'),
      regions: t.regions,
      defaultRegion: t.defaultRegion,
      site: t.site,
      theme: t.theme,
      limits: t.limits,
      orders: {
        allowPay: t.orders?.allowPay === true,
        ...(t.orders?.billingUrl ? { billingUrl: t.orders.billingUrl } : {}),
      },
      ...(t.policy ? { policy: policyViewFor(t.policy, c.get('subject')) } : {}),
      enums: configEnumsForSite(t.site),
    };
    // One URL, a different answer per token: never let a browser cache hand one tenant's config to another.
    return c.json(view, 200, { 'cache-control': 'private, no-cache', vary: 'Authorization, Origin' });
  });
}
