import type { OpenAPIHono } from '@hono/zod-openapi';
import type { BffDeps, BffEnv } from '../context.js';
import { type OpenApiDocumentOptions, registerOpenApiDocument } from '../openapi/index.js';
import { registerApprovals } from './approvals/index.js';
import { registerAudit } from './audit/index.js';
import { registerBandwidthPackages } from './bandwidth-packages/index.js';
import { registerCloudConnections } from './cloud-connections/index.js';
import { registerConfig } from './config/index.js';
import { registerJobs } from './jobs/index.js';
import { registerOrders } from './orders/index.js';
import { registerProgressEvents } from './progress-events/index.js';
import { registerQuotes } from './quotes/index.js';
import { registerSharedBandwidths } from './shared-bandwidths/index.js';
import { registerSubnets } from './subnets/index.js';
import { registerWebhookDeliveries } from './webhook-deliveries/index.js';
import { registerWorkspaceBandwidths } from './workspace-bandwidths/index.js';

/**
 * The BFF's API surface: every /v1 route, then its OpenAPI document at /openapi.json (components, tags, the
 * operational paths, `servers`). Call after the /v1 middleware and before /healthz, /readyz and /metrics.
 */
export function registerRoutes(app: OpenAPIHono<BffEnv>, deps: BffDeps, openapi: OpenApiDocumentOptions = {}): void {
  registerConfig(app);
  registerWorkspaceBandwidths(app, deps);
  registerJobs(app, deps);
  registerSharedBandwidths(app, deps);
  registerBandwidthPackages(app, deps);
  registerAudit(app, deps);
  registerSubnets(app, deps);
  registerCloudConnections(app, deps);
  registerQuotes(app, deps);
  registerOrders(app, deps);
  registerApprovals(app, deps);
  registerWebhookDeliveries(app, deps);
  registerProgressEvents(app, deps);
  registerOpenApiDocument(app, openapi);
}
