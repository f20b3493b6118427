import { createHuaweiCloudClient, type HttpSend, type HuaweiCloudClient, type ServiceName } from '@bwkit/huaweicloud';
import { swaggerUI } from '@hono/swagger-ui';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { type Approvals, createApprovals } from './approvals/index.js';
import { authenticate } from './auth/index.js';
import { bodyLimit } from './body-limit/index.js';
import { TtlCache } from './cache/index.js';
import type { BffDeps, BffEnv } from './context.js';
import { cors } from './cors/index.js';
import { createEventBus } from './events/index.js';
import { storeUnavailable } from './idempotency/index.js';
import { CLIENT_CLOSED_REQUEST, createLogger, isClientAbort, type LogSink } from './log/index.js';
import { Metrics } from './metrics/index.js';
import type { OpenApiDocumentOptions } from './openapi/index.js';
import { startReconciler } from './operation/sweeper.js';
import { ProblemError, problemReply } from './problem/index.js';
import { rateLimit } from './rate-limit/index.js';
import { registerRoutes } from './routes/index.js';
import { LIST_CACHE_TTL_MS } from './routes/paging.js';
import { guardStore, StoreError } from './store/guard.js';
import { DAY_MS, type Store } from './store/index.js';
import type { Tenant } from './tenants/index.js';
import { createWatchers, type Watchers, type WatchOptions } from './watch/index.js';

export { checkJwksUrl } from './auth/index.js';
export { Metrics } from './metrics/index.js';
export type { OpenApiDocumentOptions } from './openapi/index.js';
export { ProblemError } from './problem/index.js';
export type { IdempotencyBegin, Store, StoredResponse } from './store/index.js';
export type { ProductCodes, Tenant, TenantOrders, TenantTokenKey, TenantWebhook } from './tenants/index.js';

export interface UpstreamOptions {
  /** Base URL per service; `{region}` is substituted. Absent: the real Huawei Cloud endpoints. */
  endpoints?: Partial<Record<ServiceName, string>>;
  fetch?: typeof fetch;
  /** The HTTP exchange under every cloud call instead of fetch (the Node gateway's runs on undici's request()). */
  send?: HttpSend;
  timeoutMs?: number;
}

export interface BffOptions {
  tenants: Tenant[];
  store: Store;
  upstream: UpstreamOptions;
  clock?: () => Date;
  /** Where JSON log lines go (default console.log). */
  log?: LogSink;
  bodyLimitBytes?: number;
  idempotency?: {
    leaseMs?: number;
    ttlMs?: number;
    waitMs?: number;
    pollMs?: number;
    /** How long a retry of an unknown outcome looks it up in the cloud before answering 409 outcome_unknown. */
    settleMs?: number;
    /** How often the background sweeper settles unknown outcomes nobody retried (default 30 s; 0 turns it off). */
    sweepIntervalMs?: number;
  };
  /** Where /docs loads Swagger UI's assets from (the gateway serves them locally; default: the jsDelivr CDN). */
  docs?: { swaggerUiBaseUrl?: string };
  /** Rate-limit window (default one minute; tests shorten it). */
  rateLimitWindowMs?: number;
  /** How long list answers are shared between widgets (default 15 s; 0 turns the cache off). */
  listCacheTtlMs?: number;
  /** The OpenAPI document's info and public server URL (registerRoutes' third argument). */
  openapi?: OpenApiDocumentOptions;
  /** Webhook delivery: the fetch used for the POSTs (tests), how often due deliveries are looked for (default 1 s). */
  webhooks?: { fetch?: typeof fetch; pollMs?: number; timeoutMs?: number };
  /** Live progress watchers (poll intervals, leases). */
  watch?: WatchOptions;
  /** How often pending approvals past their time are expired in the background (default 60 s; 0 turns it off). */
  approvals?: { sweepIntervalMs?: number };
}

/** The BFF app; close() stops its background work (sweepers, webhook dispatcher, watchers) and waits for the round in progress. */
export type Bff = OpenAPIHono<BffEnv> & { close(): Promise<void> };

export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;
export const DEFAULT_APPROVAL_SWEEP_INTERVAL_MS = 60_000;

const problemJson = (c: Context<BffEnv>, err: ProblemError) => problemReply(c, err, c.get('requestId'));

export function createBff(options: BffOptions): Bff {
  const now = options.clock ?? (() => new Date());
  const store = guardStore(options.store);
  const log = createLogger(options.log ?? ((line) => console.log(line)), now);
  const metrics = new Metrics();
  const tenants = new Map(options.tenants.map((t) => [t.id, t]));
  const clients = new Map<string, HuaweiCloudClient>();
  const events = createEventBus({
    store,
    tenants,
    now,
    log,
    metrics,
    ...(options.webhooks?.fetch ? { fetch: options.webhooks.fetch } : {}),
    ...(options.webhooks?.pollMs !== undefined ? { pollMs: options.webhooks.pollMs } : {}),
    ...(options.webhooks?.timeoutMs !== undefined ? { timeoutMs: options.webhooks.timeoutMs } : {}),
  });
  // Filled in right below: both are built from the deps they belong to.
  let approvals: Approvals | undefined;
  let watchers: (Watchers & { stop(): Promise<void> }) | undefined;
  const deps: BffDeps = {
    events,
    get approvals(): Approvals {
      return approvals!;
    },
    get watchers(): Watchers {
      return watchers!;
    },
    store,
    metrics,
    log,
    now,
    idempotency: {
      leaseMs: options.idempotency?.leaseMs ?? Math.max(60_000, 3 * (options.upstream.timeoutMs ?? 10_000)),
      ttlMs: options.idempotency?.ttlMs ?? DAY_MS,
      waitMs: options.idempotency?.waitMs ?? (options.upstream.timeoutMs ?? 10_000) + 2_000,
      pollMs: options.idempotency?.pollMs ?? 50,
      ...(options.idempotency?.settleMs !== undefined ? { settleMs: options.idempotency.settleMs } : {}),
    },
    cache: new TtlCache({ ttlMs: options.listCacheTtlMs ?? LIST_CACHE_TTL_MS, now: () => now().getTime() }),
    clientFor(tenant) {
      let client = clients.get(tenant.id);
      if (!client) {
        const { ak, sk, securityToken, domainId, projects } = tenant.credentials;
        client = createHuaweiCloudClient({
          credentials: { ak, sk, ...(securityToken ? { securityToken } : {}) },
          domainId,
          projects,
          // BSS (prices, orders) has one host per website.
          site: tenant.site,
          ...(options.upstream.endpoints ? { endpoints: options.upstream.endpoints } : {}),
          ...(options.upstream.fetch ? { fetch: options.upstream.fetch } : {}),
          ...(options.upstream.send ? { send: options.upstream.send } : {}),
          ...(options.upstream.timeoutMs ? { timeoutMs: options.upstream.timeoutMs } : {}),
          now,
        });
        clients.set(tenant.id, client);
      }
      return client;
    },
  };

  approvals = createApprovals(deps);
  watchers = createWatchers({ ...deps, events, tenantById: (id) => tenants.get(id) }, options.watch);
  const runningWatchers = watchers;

  const sweepIntervalMs = options.idempotency?.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const stopSweeper =
    sweepIntervalMs > 0
      ? startReconciler({ ...deps, tenantById: (id) => tenants.get(id) }, { intervalMs: sweepIntervalMs })
      : async () => {};
  events.start();
  const approvalSweepMs = options.approvals?.sweepIntervalMs ?? DEFAULT_APPROVAL_SWEEP_INTERVAL_MS;
  let approvalSweep: Promise<unknown> = Promise.resolve();
  const approvalTimer =
    approvalSweepMs > 0
      ? setInterval(() => {
          approvalSweep = approvalSweep
            .then(() => approvals!.sweep())
            .catch((e: unknown) =>
              log({ level: 'error', msg: 'approval sweep failed', error: e instanceof Error ? e.message : String(e) }),
            );
        }, approvalSweepMs)
      : undefined;
  approvalTimer?.unref();

  const app = new OpenAPIHono<BffEnv>() as Bff;
  app.close = async () => {
    if (approvalTimer) clearInterval(approvalTimer);
    await Promise.all([stopSweeper(), events.stop(), runningWatchers.stop(), approvalSweep]);
  };
  const allOrigins = new Set(options.tenants.flatMap((t) => t.allowedOrigins));
  const windowMs = options.rateLimitWindowMs ?? 60_000;

  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 128 }));

  // One structured log line and one metrics sample per request; never the Authorization header or a body.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c, -1) || 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.latency.observe({ method: c.req.method, route }, seconds);
    if (route === '/healthz' || route === '/metrics') return;
    log({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId: c.get('requestId'),
      tenant: c.get('tenant')?.id,
      subject: c.get('subject'),
      method: c.req.method,
      route,
      status: c.res.status,
      durationMs: Math.round(seconds * 1000),
      upstreamRequestId: c.get('upstreamRequestId'),
    });
  });

  // The API's policy is 'none' everywhere; /docs is a page that runs Swagger UI and sets a policy of its own below,
  // which this middleware (it runs after the route) must not overwrite.
  const apiSecureHeaders = secureHeaders({
    crossOriginResourcePolicy: 'cross-origin',
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  const docsSecureHeaders = secureHeaders({ crossOriginResourcePolicy: 'cross-origin' });
  app.use('*', (c, next) => (c.req.path === '/docs' ? docsSecureHeaders : apiSecureHeaders)(c, next));

  // Preflights carry no token, so they are answered for any tenant's origin; authenticate() then checks the
  // origin against the token's own tenant, and a mismatch loses the CORS grant below.
  app.use(
    '/v1/*',
    cors<BffEnv>({
      allowed: allOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: [
        'X-Request-Id',
        'Idempotent-Replayed',
        'Idempotency-Settled',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
      ],
      maxAgeSeconds: 600,
      // The token's tenant refused this origin (another tenant allows it): no grant, so the page cannot read the answer.
      refused: (c) => c.get('originForbidden') === true,
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 16 * 1024,
      onError: () => {
        throw new ProblemError(
          'payload_too_large',
          `Bodies are limited to ${options.bodyLimitBytes ?? 16 * 1024} bytes.`,
        );
      },
    }),
  );
  app.use('/v1/*', authenticate({ tenants }));

  // Per tenant and portal user, counted in the store so the limit holds across gateway instances; a purchase POST
  // takes its step with its claim of the Idempotency-Key (one store round trip less).
  app.use('/v1/*', rateLimit({ store: deps.store, windowMs, now, log }));

  registerRoutes(app, deps, options.openapi);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const ok = await deps.store.ping().catch(() => false);
    return c.json({ status: ok ? 'ready' : 'store unavailable', store: deps.store.kind }, ok ? 200 : 503);
  });
  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));

  // Swagger UI's page: its assets (this origin, or the CDN it is pointed at), its inline bootstrap script allowed by
  // hash rather than 'unsafe-inline', inline styles (React sets style attributes), fetches to this origin only
  // (the online spec validator is off: its badge would be a third-party image).
  const docsAssetsOrigin = (() => {
    const base = options.docs?.swaggerUiBaseUrl ?? 'https://cdn.jsdelivr.net/npm';
    return /^https?:\/\//i.test(base) ? new URL(base).origin : '';
  })();
  let docsCsp: Promise<string> | undefined;
  const docsPolicy = async (html: string) => {
    const hashes = await Promise.all(
      [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
        async ([, code]) =>
          `'sha256-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code)))))}'`,
      ),
    );
    const assets = ["'self'", ...(docsAssetsOrigin ? [docsAssetsOrigin] : [])].join(' ');
    return (
      `default-src 'none'; script-src ${assets} ${hashes.join(' ')}; style-src ${assets} 'unsafe-inline'; img-src 'self' data:; ` +
      "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"
    );
  };
  // The document's URL is relative, so the page finds it under whatever prefix the app is mounted at.
  app.get(
    '/docs',
    async (c, next) => {
      await next();
      if (c.res.status !== 200) return;
      docsCsp ??= docsPolicy(await c.res.clone().text());
      c.res.headers.set('content-security-policy', await docsCsp);
    },
    swaggerUI({
      url: 'openapi.json',
      title: 'bwkit BFF API',
      validatorUrl: 'none',
      ...(options.docs?.swaggerUiBaseUrl ? { baseUrl: options.docs.swaggerUiBaseUrl } : {}),
    }),
  );

  app.notFound((c) => problemJson(c, new ProblemError('not_found', `No route for ${c.req.method} ${c.req.path}.`)));
  app.onError((err, c) => {
    // Nobody is left to answer: the client hung up mid-request. Logged and counted as 499, not as our 500.
    if (isClientAbort(err, c.req.raw.signal)) return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    if (err instanceof ProblemError) return problemJson(c, err);
    if (err instanceof StoreError) {
      // A path that did not expect its store to fail: still a temporary outage for the caller, never a 500.
      log({
        level: 'error',
        msg: 'store failed',
        op: err.op,
        requestId: c.get('requestId'),
        tenant: c.get('tenant')?.id,
        error: err.message,
      });
      return problemJson(c, storeUnavailable('The gateway cannot reach its store right now. Retry shortly.'));
    }
    if (err instanceof HTTPException && err.status < 500) {
      return problemJson(
        c,
        err.status === 413
          ? new ProblemError('payload_too_large', err.message)
          : new ProblemError('validation_failed', err.message, { malformed: true }),
      );
    }
    log({
      level: 'error',
      msg: 'unhandled error',
      requestId: c.get('requestId'),
      tenant: c.get('tenant')?.id,
      error: err instanceof Error ? err.message : String(err),
    });
    return problemJson(
      c,
      new ProblemError(
        'internal_error',
        'Something went wrong on our side; the request id helps the operator find it.',
      ),
    );
  });

  return app;
}
