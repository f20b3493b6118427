/**
 * Widget time to interactive: a minimal embed page written as the widgets' README says (one `<bandwidth-create>`, and
 * an inline script before bwkit.js that starts minting the token — `w.token = mint(); w.fetchToken = mint` — from the
 * page's own origin, as a portal's backend would) served from a loopback origin, against a real gateway process
 * (src/main.ts, SQLite store, huaweicloud mode → the simulator), in Chromium (playwright-core).
 * Cold load: a fresh browser context (empty HTTP cache). Warm load: a new tab in the same context (the bundle's entry
 * revalidates by ETag after max-age, chunks are immutable; sessionStorage is per tab, so no cached config). Same tab:
 * the page loaded again in the same tab (the config this tab got is shown at once and revalidated in the background).
 * Measured: navigation start → `bwkit-ready`, the requests that finished before it (the critical path, in start
 * order), the CORS preflights, and the cloud calls one page load makes.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { launchChromium } from '../src/testing/chromium.js';
import { mintToken } from '../src/testing/index.js';
import { simRequests } from './extras.js';
import { fmt, median, startGatewayProcess, table, writeGatewayConfig } from './lib.js';

const CHROMIUM = process.env['BENCH_CHROMIUM'] ?? '/usr/bin/chromium';

export interface LoadResult {
  kind: 'cold' | 'warm' | 'same tab';
  /** median over the repetitions */
  readyMs: number;
  all: number[];
  /** of the median repetition: requests finished before bwkit-ready, in start order */
  critical: { name: string; startMs: number; endMs: number; status?: number }[];
  /** cloud calls (simulator requests) per page load, median */
  upstreamCalls: number;
  /** cloud calls of each measured page load, in order (the list cache is per gateway instance, 15 s) */
  upstreamCallsAll: number[];
  /** CORS preflights (OPTIONS) the gateway answered per page load, median */
  preflights: number;
  /** requests per page load (all, until the network was idle) */
  requests: number;
}
export interface TtiResult {
  cold: LoadResult;
  warm: LoadResult;
  sameTab: LoadResult;
  text: string;
  /** CORS preflights Chromium sent for 3 authorised GET /v1/config fetches in one page, by fetch `cache` mode */
  preflightsByCacheMode: Record<string, number>;
}

const page = (gw: string, service: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bwkit embed</title>
</head><body><bandwidth-create service="${service}"></bandwidth-create>
<script>
  const w = document.querySelector('bandwidth-create');
  const mint = () => fetch('/token', { method: 'POST' }).then((r) => r.json()).then((b) => b.token);
  w.token = mint();
  w.fetchToken = mint;
  w.addEventListener('bwkit-ready', () => { window.__bwkitReady = performance.now(); }, { once: true });
</script>
<script type="module" src="${gw}/widgets/bwkit.js"></script>
</body></html>`;

function startPageServer(): Promise<{ server: Server; origin: string; setGateway(url: string): void }> {
  let gw = '';
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/token') {
      const token = await mintToken({ tenant: 'acme', sub: 'tti-user', ttl: 600 });
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ token }));
      return;
    }
    if (req.method === 'GET' && req.url === '/?blank') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end('<!doctype html><title>blank</title>');
      return;
    }
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(page(gw, 'workspace'));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        origin: `http://127.0.0.1:${port}`,
        setGateway: (u) => {
          gw = u;
        },
      });
    }),
  );
}

export async function measureTti(opts: {
  simUrl: string;
  runDir: string;
  log: (s: string) => void;
  repeat?: number;
}): Promise<TtiResult> {
  const repeat = opts.repeat ?? 3;
  const pageSrv = await startPageServer();
  const configPath = join(opts.runDir, 'gateway-tti.json');
  writeGatewayConfig(configPath, {
    simUrl: opts.simUrl,
    store: { kind: 'sqlite', path: join(opts.runDir, 'tti.db') },
    extraOrigins: [pageSrv.origin],
  });
  const gw = await startGatewayProcess({ configPath, logFile: join(opts.runDir, 'gateway-tti.log') });
  pageSrv.setGateway(gw.url);
  const browser = await launchChromium(CHROMIUM);
  try {
    const one = async (ctx: import('playwright-core').BrowserContext, tab?: import('playwright-core').Page) => {
      const p = tab ?? (await ctx.newPage());
      const statuses = new Map<string, number>();
      let requests = 0;
      p.on('request', () => {
        requests++;
      });
      p.on('response', (r) => statuses.set(r.url(), r.status()));
      const up0 = await simRequests(opts.simUrl);
      const opt0 = countOptions(gw.logFile);
      await p.goto(pageSrv.origin + '/', { waitUntil: 'load' });
      await p.waitForFunction(
        () => (window as unknown as { __bwkitReady?: number }).__bwkitReady !== undefined,
        undefined,
        { timeout: 20_000 },
      );
      // what the form loads right after it is shown (lists, price) also counts as this page load's cloud calls
      await p.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
      const upstreamCalls = (await simRequests(opts.simUrl)) - up0;
      const preflights = countOptions(gw.logFile) - opt0;
      const data = await p.evaluate(() => {
        const ready = (window as unknown as { __bwkitReady: number }).__bwkitReady;
        const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return { ready, res: res.map((e) => ({ name: e.name, startMs: e.startTime, endMs: e.responseEnd })) };
      });
      const nav = {
        name: pageSrv.origin + '/',
        startMs: 0,
        endMs: await p.evaluate(
          () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd,
        ),
      };
      const critical = [nav, ...data.res.filter((r) => r.endMs <= data.ready && !r.name.endsWith('/favicon.ico'))]
        .sort((a, b) => a.startMs - b.startMs)
        .map((r) => ({
          ...r,
          name: shortName(r.name, gw.url, pageSrv.origin),
          ...(statuses.has(r.name) ? { status: statuses.get(r.name)! } : {}),
        }));
      if (!tab) await p.close();
      return { readyMs: data.ready, critical, upstreamCalls, requests, preflights };
    };
    const runKind = async (kind: LoadResult['kind']): Promise<LoadResult> => {
      const runs = [];
      for (let i = 0; i < repeat; i++) {
        const ctx = await browser.newContext();
        if (kind === 'same tab') {
          const tab = await ctx.newPage();
          await one(ctx, tab); // fills the HTTP cache and this tab's config cache
          runs.push(await one(ctx, tab));
        } else {
          if (kind === 'warm') await one(ctx); // fills the HTTP cache
          runs.push(await one(ctx));
        }
        await ctx.close();
      }
      const readys = runs.map((r) => r.readyMs);
      const med = median(readys);
      const mid = runs.find((r) => r.readyMs === med) ?? runs[0]!;
      return {
        kind,
        readyMs: med,
        all: readys,
        critical: mid.critical,
        upstreamCalls: median(runs.map((r) => r.upstreamCalls)),
        upstreamCallsAll: runs.map((r) => r.upstreamCalls),
        preflights: median(runs.map((r) => r.preflights)),
        requests: median(runs.map((r) => r.requests)),
      };
    };
    process.stdout.write('\n▶ widget time to interactive (Chromium) …');
    const cold = await runKind('cold');
    const warm = await runKind('warm');
    const sameTab = await runKind('same tab');
    // Does the widget's fetch mode let Chromium reuse a preflight (Access-Control-Max-Age)? 3 calls per mode, one page.
    const preflightsByCacheMode: Record<string, number> = {};
    {
      const ctx = await browser.newContext();
      const token = await mintToken({ tenant: 'acme', sub: 'tti-preflight', ttl: 600 });
      for (const mode of ['no-store', 'default']) {
        const p = await ctx.newPage();
        await p.goto(pageSrv.origin + '/?blank', { waitUntil: 'load' });
        await p.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
        const o0 = countOptions(gw.logFile);
        await p.evaluate(
          async ({ url, token, mode }) => {
            for (let i = 0; i < 3; i++)
              await (
                await fetch(url, {
                  headers: { authorization: `Bearer ${token}` },
                  cache: mode as RequestCache,
                  credentials: 'omit',
                })
              ).arrayBuffer();
          },
          { url: gw.url + '/v1/config', token, mode },
        );
        preflightsByCacheMode[mode] = countOptions(gw.logFile) - o0;
        await p.close();
      }
      await ctx.close();
    }
    const text = [
      `Widget time to interactive: <bandwidth-create service="workspace"> on a page at ${pageSrv.origin}, gateway at ${gw.url}; Chromium headless, loopback, median of ${repeat}`,
      ...[cold, warm, sameTab].map((l) =>
        [
          `${l.kind} load: navigation → bwkit-ready ${fmt(l.readyMs, 1)} ms (runs ${l.all.map((x) => fmt(x, 1)).join(' / ')}); ` +
            `${l.requests} requests per page load (+ ${l.preflights} CORS preflights the gateway answered); cloud calls per page load ${l.upstreamCallsAll.join(' / ')}`,
          table([
            ['critical path (finished before bwkit-ready)', 'start ms', 'end ms', 'status'],
            ...l.critical.map((c) => [c.name, fmt(c.startMs, 1), fmt(c.endMs, 1), String(c.status ?? '')]),
          ]),
        ].join('\n'),
      ),
      `CORS preflights for 3 authorised GET /v1/config in one page (Access-Control-Max-Age: 600): ` +
        Object.entries(preflightsByCacheMode)
          .map(([m, n]) => `cache '${m}' ${n}`)
          .join(', ') +
        " (Chromium skips its preflight cache for 'no-store' and 'no-cache'; the widgets' client fetches with the default mode)",
    ].join('\n');
    return { cold, warm, sameTab, text, preflightsByCacheMode };
  } finally {
    await browser.close();
    await gw.stop(5000);
    pageSrv.server.close();
  }
}

function shortName(url: string, gw: string, pageOrigin: string): string {
  if (url.startsWith(gw)) return 'gateway ' + url.slice(gw.length);
  if (url.startsWith(pageOrigin)) return 'page ' + url.slice(pageOrigin.length);
  return url;
}

/** OPTIONS requests in the gateway's access log so far (Chromium does not report preflights as page requests). */
function countOptions(logFile: string): number {
  try {
    return readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"method":"OPTIONS"')).length;
  } catch {
    return 0;
  }
}
