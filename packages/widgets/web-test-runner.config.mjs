/**
 * Browser tests in headless Chromium against a REAL gateway + cloud simulator, started for the run:
 * `serverStart` spawns apps/gateway (node --conditions=bwkit-source --import tsx src/main.ts) with a temp config (this dev server's origin
 * allowed, memory store, simulator with admin routes and fast jobs) and the demo secrets; `serverStop` ends it.
 * Tests reach it through small routes under /__bwkit/ (env, tokens, simulator state and faults).
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const here = dirname(fileURLToPath(import.meta.url));
const gatewayDir = resolve(here, '../../apps/gateway');

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const [port, gatewayPort, simPort] = [await freePort(), await freePort(), await freePort()];

/** KEY=VALUE lines of apps/gateway/demo.env. */
const demoEnv = Object.fromEntries(
  readFileSync(join(gatewayDir, 'demo.env'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);

function testConfig() {
  const base = JSON.parse(readFileSync(join(gatewayDir, 'bwkit.config.json'), 'utf8'));
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  // Orders are paid in the Billing Center (a link), except for the tenant `payer`, which allows paying in the widget.
  const orders = { allowPay: false, billingUrl: 'https://billing.example.com/orders' };
  // The demo's tenant policies are left out (the tests of other features must not meet them): only `policyco` has one.
  const tenants = base.tenants.map(({ policy: _policy, ...t }) => ({
    ...t,
    allowedOrigins: origins,
    rateLimit: { perMinute: 100000 },
    orders,
  }));
  const { policy: _acmePolicy, ...acme } = base.tenants.find((t) => t.id === 'acme');
  // A tenant with no theme and other limits (the widgets must follow GET /v1/config), and one with a tiny rate limit.
  tenants.push({
    ...acme,
    id: 'plain',
    name: 'Plain Co',
    allowedOrigins: origins,
    theme: {},
    credentials: { ...acme.credentials, domainId: 'c3d4e5f60718293a4b5c6d7e8f90a1b2' },
    limits: {
      sharedBandwidth: { minMbps: 10, maxMbps: 1500 },
      workspaceBandwidth: { minMbps: 5, maxMbps: 200, nameMaxLength: 20 },
    },
    rateLimit: { perMinute: 100000 },
  });
  tenants.push({
    ...acme,
    id: 'tight',
    name: 'Tight Co',
    allowedOrigins: origins,
    rateLimit: { perMinute: 3 },
    orders,
  });
  // Its own account and projects (own balance, own seeded bandwidths without orders waiting), paying allowed.
  tenants.push({
    ...acme,
    id: 'payer',
    name: 'Payer Ltd',
    allowedOrigins: origins,
    rateLimit: { perMinute: 100000 },
    orders: { allowPay: true, billingUrl: 'https://billing.example.com/orders' },
    credentials: {
      ...acme.credentials,
      domainId: 'e5f60718293a4b5c6d7e8f90a1b2c3d4',
      projects: Object.fromEntries(
        Object.keys(acme.credentials.projects).map((r, i) => [r, `5${i}c9d0e1f2a3b4c5d6e7f8091a2b3c4d`]),
      ),
    },
  });
  // Tenant policy: shared bandwidth at most 200 Mbit/s and in one region only, and every purchase of `intern-1`
  // waits for an approver (any other user with approval:decide, e.g. `boss`).
  tenants.push({
    ...acme,
    id: 'policyco',
    name: 'Policy Co',
    allowedOrigins: origins,
    rateLimit: { perMinute: 100000 },
    orders,
    policy: {
      operations: { createSharedBandwidth: { maxSizeMbps: 200, regions: ['ap-southeast-3'] } },
      approval: { subjects: ['intern-1'], expiresAfterHours: 72 },
    },
  });
  // Its own account and projects too, for the live-progress tests (their orders wait for nobody else's).
  tenants.push({
    ...acme,
    id: 'streamer',
    name: 'Streamer Ltd',
    allowedOrigins: origins,
    rateLimit: { perMinute: 100000 },
    orders,
    credentials: {
      ...acme.credentials,
      domainId: 'f60718293a4b5c6d7e8f90a1b2c3d4e5',
      projects: Object.fromEntries(
        Object.keys(acme.credentials.projects).map((r, i) => [r, `6${i}c9d0e1f2a3b4c5d6e7f8091a2b3c4d`]),
      ),
    },
  });
  // Every purchase of `intern-1` waits for an approver, and a request expires after about 2 s.
  tenants.push({
    ...acme,
    id: 'hurry',
    name: 'Hurry Co',
    allowedOrigins: origins,
    rateLimit: { perMinute: 100000 },
    orders,
    policy: { approval: { subjects: ['intern-1'], expiresAfterHours: 0.0005 } },
  });
  // A monthly spending limit of 2 CNY: one 10 Mbit/s shared bandwidth (1.35 CNY an hour in the simulator) fits, a
  // second does not.
  const { policy: _globexPolicy, ...globex } = base.tenants.find((t) => t.id === 'globex');
  tenants.push({
    ...globex,
    id: 'capped',
    name: 'Capped Co',
    allowedOrigins: origins,
    rateLimit: { perMinute: 100000 },
    orders,
    policy: { monthlySpendCap: { amount: 2, currency: 'CNY' } },
  });
  return {
    ...base,
    server: { port: gatewayPort, host: '127.0.0.1' },
    store: { kind: 'memory' },
    // timeoutMs: an upstream delay fault past it makes an unknown outcome (504) for the widgets to settle.
    upstream: {
      mode: 'simulator',
      admin: true,
      port: simPort,
      jobRunningAfterMs: 200,
      jobDoneAfterMs: 1200,
      timeoutMs: 2500,
    },
    tenants,
  };
}

const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
const simUrl = `http://127.0.0.1:${simPort}`;
let gateway;
let tmp;

function startGateway() {
  tmp = mkdtempSync(join(tmpdir(), 'bwkit-wtr-'));
  const configFile = join(tmp, 'bwkit.config.json');
  writeFileSync(configFile, JSON.stringify(testConfig(), null, 2));
  gateway = spawn(process.execPath, ['--conditions=bwkit-source', '--import', 'tsx', 'src/main.ts'], {
    cwd: gatewayDir,
    env: { ...process.env, ...demoEnv, BWKIT_CONFIG: configFile, BWKIT_DEMO: '1', PORT: String(gatewayPort) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  process.once('exit', () => gateway?.kill());
  return new Promise((ok, fail) => {
    let err = '';
    const timer = setTimeout(() => fail(new Error(`gateway did not start in 30 s:\n${err}`)), 30_000);
    gateway.stderr.on('data', (chunk) => {
      err += chunk;
      if (/listening on/.test(err)) {
        clearTimeout(timer);
        ok();
      }
    });
    gateway.once('exit', (code) => fail(new Error(`gateway exited (${code}):\n${err}`)));
  });
}

/** An HS256 widget token signed with the tenant's demo secret, already expired (iat and exp in the past). */
function expiredToken(tenant) {
  const secret = demoEnv[`${tenant.toUpperCase()}_WIDGET_TOKEN_SECRET`] ?? demoEnv.ACME_WIDGET_TOKEN_SECRET;
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const scope =
    'workspace-bandwidth:create workspace-bandwidth:change shared-bandwidth:create bandwidth-package:create';
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: tenant, sub: 'expired-user', aud: 'bwkit', iat: now - 1000, exp: now - 200, scope })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const readBody = (req) =>
  new Promise((ok) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => ok(s));
  });

/** Test-only routes: /__bwkit/env, /__bwkit/token, /__bwkit/gateway/metrics, /__bwkit/sim/* (the simulator answers no CORS, so Node calls it). */
async function testRoutes(ctx, next) {
  if (!ctx.path.startsWith('/__bwkit/')) return next();
  const route = ctx.path.slice('/__bwkit/'.length);
  ctx.type = 'application/json';
  if (route === 'env') {
    ctx.body = JSON.stringify({ api: gatewayUrl });
  } else if (route === 'token') {
    const { tenant = 'acme', subject, expired, scopes } = JSON.parse((await readBody(ctx.req)) || '{}');
    if (expired) ctx.body = JSON.stringify({ token: expiredToken(tenant) });
    else {
      const res = await fetch(`${gatewayUrl}/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, ...(subject ? { subject } : {}), ...(scopes ? { scopes } : {}) }),
      });
      ctx.status = res.status;
      ctx.body = await res.text();
    }
  } else if (route === 'gateway/metrics') {
    // The gateway's own request counters: a page never sees CORS preflights, the gateway counts them.
    const res = await fetch(`${gatewayUrl}/metrics`);
    ctx.type = 'text/plain';
    ctx.status = res.status;
    ctx.body = await res.text();
  } else if (route.startsWith('sim/')) {
    const body = ctx.method === 'POST' || ctx.method === 'PUT' ? await readBody(ctx.req) : undefined;
    const res = await fetch(`${simUrl}/_sim/${route.slice(4)}`, {
      method: ctx.method,
      ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}),
    });
    ctx.status = res.status;
    ctx.body = await res.text();
  } else return next();
}

export default {
  rootDir: here,
  port,
  hostname: '127.0.0.1',
  // test/manifest.test.ts and test/locales.test.ts read dist/ and run in Node (package.json `test`).
  files: ['src/**/*.test.ts', 'test/**/*.test.ts', '!test/manifest*.test.ts', '!test/locales.test.ts'],
  // bwkit-source: workspace packages (@bwkit/contracts) from their TypeScript sources; 'development' is wtr's default.
  nodeResolve: { exportConditions: ['bwkit-source', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 15_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  middleware: [testRoutes],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: join(here, 'tsconfig.json') }),
    {
      // `executeServerCommand('bwkit-screenshot', { name })`: a PNG of the test page, for a person to look at
      // (e.g. the right-to-left layout), written to <tmpdir>/bwkit-screenshots/<name>.png.
      name: 'bwkit-screenshot',
      async executeCommand({ command, payload, session }) {
        if (command !== 'bwkit-screenshot') return undefined;
        const page = session.browser.getPage(session.id);
        const dir = join(tmpdir(), 'bwkit-screenshots');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `${String(payload.name).replace(/[^\w-]/g, '_')}.png`);
        await page.screenshot({ path, fullPage: true });
        console.log(`screenshot: ${path}`);
        return path;
      },
    },
    {
      name: 'bwkit-gateway',
      async serverStart() {
        await startGateway();
      },
      async serverStop() {
        gateway?.kill('SIGTERM');
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      },
    },
  ],
};
