import type { HuaweiCloudClient } from '@bwkit/huaweicloud';
import type { Approvals } from './approvals/index.js';
import type { AuthVariables } from './auth/index.js';
import type { TtlCache } from './cache/index.js';
import type { EventBus } from './events/index.js';
import type { IdempotencyOptions } from './idempotency/index.js';
import type { Logger } from './log/index.js';
import type { Metrics } from './metrics/index.js';
import type { Store } from './store/index.js';
import type { Tenant } from './tenants/index.js';
import type { Watchers } from './watch/index.js';

export type BffVariables = AuthVariables & {
  requestId: string;
  route?: string;
  upstreamRequestId?: string;
  upstreamMs?: number;
};
export type BffEnv = { Variables: BffVariables };

/** Everything a route needs, built once by createBff. */
export interface BffDeps {
  store: Store;
  metrics: Metrics;
  log: Logger;
  now: () => Date;
  clientFor(tenant: Tenant): HuaweiCloudClient;
  idempotency: Omit<IdempotencyOptions, 'store'>;
  /** Upstream list answers, per tenant and region, shared for a few seconds by every widget on a page. */
  cache: TtlCache;
  /** The tenant's signed webhooks (a durable outbox); emitting never fails a request (use emitSafely). */
  events: EventBus;
  /** Purchases held for approval by tenant policy. */
  approvals: Approvals;
  /** One upstream poll per followed job/order, shared by every viewer and instance. */
  watchers: Watchers;
}
