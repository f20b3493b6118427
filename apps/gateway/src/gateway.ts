import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBff, type Store, type Tenant } from '@bwkit/bff';
import { createMemoryStore } from '@bwkit/bff/store/memory';
import { startCloudSim } from '@bwkit/cloud-sim/server';
import { formatScopes, SCOPES, type Scope, TOKEN_AUDIENCE } from '@bwkit/contracts';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { sign } from 'hono/jwt';
import { secureHeaders } from 'hono/secure-headers';
import { getPath } from 'hono/utils/url';
import type { ResolvedConfig } from './config/index.js';
import { serverOptions } from './server-options.js';
import { createNodeSend } from './upstream-send/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const WIDGETS_DIST = widgetsDist();
export const PORTAL_DIR = resolve(here, '../../demo-portal/public');
/**
 * The widget bundle's folder, found through the installed @bwkit/widgets package (workspace link or npm install
 * alike): the folder holding its package.json, then dist/.
 */
function widgetsDist(): string {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.resolve('@bwkit/widgets/package.json')));
  } catch {
    // A package whose exports lack "./package.json": walk up from its main entry to its package.json.
    dir = dirname(fileURLToPath(import.meta.resolve('@bwkit/widgets')));
    while (!isWidgetsRoot(dir) && dirname(dir) !== dir) dir = dirname(dir);
  }
  return join(dir, 'dist');
}
function isWidgetsRoot(dir: string): boolean {
  const file = join(dir, 'package.json');
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === '@bwkit/widgets';
}

/** Entry names are stable (their content changes from release to release): a short cache, then revalidation by ETag. */
export const WIDGET_ENTRY_CACHE = 'public, max-age=300, must-revalidate';
/** dist/chunks/* names carry their content hash: a changed file gets a new name, so it may be kept forever. */
export const WIDGET_CHUNK_CACHE = 'public, max-age=31536000, immutable';

const SWAGGER_DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export interface GatewayOptions {
  resolved: ResolvedConfig;
  /** Adds POST /demo/token and serves the demo portal at / (off unless asked). */
  demo?: boolean;
  /** Overrides config.server.port (0 = any free port). */
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Simulator knobs for tests (fault admin routes, job timing). */
  sim?: { admin?: boolean; jobRunningAfterMs?: number; jobDoneAfterMs?: number; port?: number };
  /** Where the widget bundle is served from (default: the dist/ folder of the installed @bwkit/widgets). */
  widgetsDir?: string;
  /** Upstream timeout override (ms). */
  upstreamTimeoutMs?: number;
  rateLimitWindowMs?: number;
  /** How long a duplicate request waits for the first one before 409 idempotency_in_progress. */
  idempotencyWaitMs?: number;
}

export interface RunningGateway {
  url: string;
  port: number;
  simUrl?: string;
  store: Store;
  tenants: Tenant[];
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes store and simulator. */
  close(graceMs?: number): Promise<void>;
}

export async function createStore(resolved: ResolvedConfig): Promise<Store> {
  const s = resolved.config.store;
  // Each store's driver (ioredis, node-postgres, better-sqlite3) is loaded only when that store is configured.
  if (s.kind === 'redis') return (await import('@bwkit/bff/store/redis')).createRedisStore(s.url);
  if (s.kind === 'memory') return createMemoryStore();
  if (s.kind === 'postgres') return (await import('@bwkit/bff/store/postgres')).createPostgresStore(s.url);
  const { createSqliteStore } = await import('@bwkit/bff/store/sqlite');
  return createSqliteStore(isAbsolute(s.path) ? s.path : join(resolved.baseDir, s.path));
}

export async function mintDemoToken(tenant: Tenant, subject: string, scopes: readonly Scope[], ttlSeconds = 600) {
  if (tenant.token.alg !== 'HS256')
    throw new Error(
      `tenant ${tenant.id} verifies ${tenant.token.alg} tokens; only its portal backend holds the private key`,
    );
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ttlSeconds;
  const token = await sign(
    { iss: tenant.id, sub: subject, aud: TOKEN_AUDIENCE, iat, exp, scope: formatScopes(scopes) },
    tenant.token.secret,
    'HS256',
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const store = await createStore(opts.resolved);

  let sim: Awaited<ReturnType<typeof startCloudSim>> | undefined;
  try {
    return await startOnStore(opts, log, store, (s) => {
      sim = s;
    });
  } catch (e) {
    // Nothing may be left running by a gateway that failed to start (a bad tenant key, a port in use, …).
    await sim?.close().catch(() => {});
    await store.close().catch(() => {});
    throw e;
  }
}

async function startOnStore(
  opts: GatewayOptions,
  log: (line: string) => void,
  store: Store,
  started: (sim: Awaited<ReturnType<typeof startCloudSim>>) => void,
): Promise<RunningGateway> {
  const { config, tenants } = opts.resolved;
  let sim: Awaited<ReturnType<typeof startCloudSim>> | undefined;
  let endpoints: Partial<Record<'workspace' | 'vpc' | 'cc' | 'bss', string>> | undefined;
  const timeoutMs = opts.upstreamTimeoutMs ?? config.upstream.timeoutMs;
  if (config.upstream.mode === 'simulator') {
    // The simulator is reached over HTTP on loopback, exactly as the real cloud would be: same client, same signing.
    const runningAfterMs = opts.sim?.jobRunningAfterMs ?? config.upstream.jobRunningAfterMs;
    const doneAfterMs = opts.sim?.jobDoneAfterMs ?? config.upstream.jobDoneAfterMs;
    sim = await startCloudSim({
      credentials: tenants.map((t) => ({ ak: t.credentials.ak, sk: t.credentials.sk, site: t.site })),
      admin: opts.sim?.admin ?? config.upstream.admin,
      job: {
        ...(runningAfterMs !== undefined ? { runningAfterMs } : {}),
        ...(doneAfterMs !== undefined ? { doneAfterMs } : {}),
      },
      port: opts.sim?.port ?? config.upstream.port,
      ...(config.upstream.quotaSharedBandwidths
        ? { quota: { sharedBandwidths: config.upstream.quotaSharedBandwidths } }
        : {}),
      // A tenant may sell shared bandwidth up to 2000 Mbit/s (VPC's default is 1000, raised on request): the simulated
      // accounts have the raised limit when a tenant's config asks for it.
      sharedBandwidth: { maxSize: Math.max(1000, ...tenants.map((t) => t.limits.sharedBandwidth.maxMbps)) },
      hostname: '127.0.0.1',
      // Reached on loopback, the Host names no region: each project's own (the tenants' region → project maps)
      // places its subnets.
      projectRegions: Object.fromEntries(
        tenants.flatMap((t) => Object.entries(t.credentials.projects).map(([region, project]) => [project, region])),
      ),
    });
    started(sim);
    // Prices and orders (BSS) are the simulator's too, so the demo can quote, pay and cancel.
    endpoints = { workspace: sim.url, vpc: sim.url, cc: sim.url, bss: sim.url };
  } else {
    endpoints = config.upstream.endpoints;
  }

  if (opts.demo) {
    // The demo portal is served by this gateway: its own origin must be allowed whatever PORT says.
    const port = opts.port ?? config.server.port;
    if (port) {
      for (const t of tenants) {
        for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
          if (!t.allowedOrigins.includes(origin)) t.allowedOrigins.push(origin);
        }
      }
    }
  }

  const send = createNodeSend();
  const bff = createBff({
    tenants,
    store,
    upstream: { ...(endpoints ? { endpoints } : {}), ...(timeoutMs ? { timeoutMs } : {}), send },
    log,
    docs: { swaggerUiBaseUrl: '/docs/assets' },
    ...(opts.rateLimitWindowMs ? { rateLimitWindowMs: opts.rateLimitWindowMs } : {}),
    idempotency: {
      ...config.idempotency,
      ...(opts.idempotencyWaitMs !== undefined ? { waitMs: opts.idempotencyWaitMs } : {}),
    },
  });

  const app = new Hono();
  // The widget bundle is a public asset loaded by <script type="module"> from other origins: module scripts need CORS,
  // and Cross-Origin-Resource-Policy must let portals that set COEP load it.
  const widgetsDir = opts.widgetsDir ?? WIDGETS_DIST;
  app.use(
    '/widgets/*',
    cors({ origin: '*', allowMethods: ['GET', 'HEAD'] }),
    secureHeaders({
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
    }),
    etag(),
  );
  app.get(
    '/widgets/*',
    serveStatic({
      root: widgetsDir,
      precompressed: true,
      rewriteRequestPath: (p) => p.replace(/^\/widgets/, ''),
      onFound: (_path, c) => {
        c.header('Cache-Control', c.req.path.startsWith('/widgets/chunks/') ? WIDGET_CHUNK_CACHE : WIDGET_ENTRY_CACHE);
      },
    }),
  );
  app.get('/widgets/*', (c) => c.text('Widget bundle not built: run `pnpm --filter @bwkit/widgets build`.', 404));
  app.get(
    '/docs/assets/swagger-ui-dist/*',
    serveStatic({ root: SWAGGER_DIST, rewriteRequestPath: (p) => p.replace(/^\/docs\/assets\/swagger-ui-dist/, '') }),
  );

  if (opts.demo) {
    const byId = new Map(tenants.map((t) => [t.id, t]));
    // Stands in for a portal's backend: a real portal mints this token server-side for its signed-in user.
    app.post('/demo/token', async (c) => {
      let body: { tenant?: unknown; subject?: unknown; scopes?: unknown };
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'body must be JSON {tenant, subject?, scopes?}' }, 400);
      }
      const tenant = typeof body.tenant === 'string' ? byId.get(body.tenant) : undefined;
      if (!tenant) return c.json({ error: `unknown tenant; known: ${[...byId.keys()].join(', ')}` }, 400);
      const scopes = body.scopes === undefined ? [...SCOPES] : body.scopes;
      if (!Array.isArray(scopes) || !scopes.every((s) => (SCOPES as readonly string[]).includes(s))) {
        return c.json({ error: `scopes must be a list drawn from: ${SCOPES.join(' ')}` }, 400);
      }
      const subject = typeof body.subject === 'string' && body.subject ? body.subject : 'demo-user';
      return c.json(await mintDemoToken(tenant, subject, scopes as Scope[]));
    });
    const portalCsp =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
    app.use('/portal/*', async (c, next) => {
      await next();
      c.header('Content-Security-Policy', portalCsp);
    });
    app.get('/', (c) => c.redirect('/portal/'));
    app.get('/portal/*', serveStatic({ root: PORTAL_DIR, rewriteRequestPath: (p) => p.replace(/^\/portal/, '') }));
  }

  // The API's requests go straight to the BFF: this app's routing and context would only pass them on (a few per
  // cent of a purchase's CPU). Which paths are this app's is read from the routes registered above, decided on the
  // same decoded path Hono routes by; what this app routes but does not answer still ends at the BFF.
  const exact = new Set<string>();
  const under = new Set<string>(); // a middleware and its handlers share a path: each prefix once
  for (const { path } of app.routes) {
    if (path.endsWith('/*')) under.add(path.slice(0, -2));
    else exact.add(path);
  }
  const prefixes = [...under];
  const servedHere = (path: string): boolean =>
    exact.has(path) || prefixes.some((p) => path === p || path.startsWith(`${p}/`));
  app.all('*', (c) => bff.fetch(c.req.raw, c.env));
  // The BFF reads no bindings (its core is runtime-neutral); this app's static files take node-server's.
  const fetchAny = (req: Request, env: unknown) => (servedHere(getPath(req)) ? app.fetch(req, env) : bff.fetch(req));

  const server = await new Promise<Server>((resolveServer, rejectServer) => {
    const s = serve(
      {
        fetch: fetchAny,
        port: opts.port ?? config.server.port,
        hostname: opts.host ?? config.server.host,
        serverOptions: serverOptions(),
      },
      () => resolveServer(s as Server),
    );
    // A port in use, say: fail the start (the caller closes what was started) rather than crash the process.
    (s as Server).once('error', rejectServer);
  }).catch(async (e: unknown) => {
    await bff.close();
    await send.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? config.server.host;
  const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    ...(sim ? { simUrl: sim.url } : {}),
    store,
    tenants,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        // Stop accepting; keep-alive connections are closed as soon as they are idle, so every in-flight request
        // (response body included) finishes; only after `graceMs` is anything cut off.
        const stopped = new Promise<void>((r) => server.close(() => r()));
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.closeIdleConnections();
        await stopped;
        clearInterval(sweep);
        clearTimeout(force);
        await bff.close(); // the sweeper's round in progress still uses the store
        await send.close();
        await store.close();
        await sim?.close();
      })();
      return closing;
    },
  };
}
