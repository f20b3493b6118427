/**
 * The parts of `pnpm bench` beyond the create path's throughput:
 *   - store round trips per POST, counted by a Proxy around the store handed to createBff (bench/bff-process.ts), on
 *     every store, for a first POST and for its replay (same Idempotency-Key);
 *   - the read paths (lists, quote, order status) with the list cache on (default TTL) and off (listCacheTtlMs 0):
 *     throughput, CPU ms per request, p50 unloaded, store calls and upstream calls per request.
 */
import { join } from 'node:path';
import { mintToken } from '../src/testing/index.js';
import { runOnce, type ScenarioResult, summarise } from './cannon.js';
import {
  BENCH_DIR,
  DEMO_ENV,
  fmt,
  GATEWAY_DIR,
  type Service,
  startService,
  TEST_ORIGIN,
  table,
  writeGatewayConfig,
} from './lib.js';

export type StoreKind = 'sqlite' | 'redis' | 'postgres';

export async function startCountedBff(opts: {
  name: string;
  simUrl: string;
  store: unknown;
  runDir: string;
  listCacheTtlMs?: number;
  acmePolicy?: unknown;
}): Promise<Service> {
  const configPath = join(opts.runDir, `${opts.name}.json`);
  writeGatewayConfig(configPath, {
    simUrl: opts.simUrl,
    store: opts.store,
    perMinute: 100_000,
    ...(opts.acmePolicy !== undefined ? { acmePolicy: opts.acmePolicy } : {}),
  });
  const env: NodeJS.ProcessEnv = { ...process.env, ...DEMO_ENV, BWKIT_CONFIG: configPath };
  delete env['REDIS_URL'];
  delete env['PORT'];
  if (opts.listCacheTtlMs !== undefined) env['BENCH_LIST_CACHE_TTL_MS'] = String(opts.listCacheTtlMs);
  return startService({
    name: opts.name,
    args: ['--conditions=bwkit-source', '--import', 'tsx', join(BENCH_DIR, 'bff-process.ts')],
    cwd: GATEWAY_DIR,
    env,
    ready: /BFF_READY (http:\/\/\S+)/,
    logFile: join(opts.runDir, `${opts.name}.log`),
  });
}

async function storeCalls(url: string, reset = false): Promise<Record<string, number>> {
  const r = await fetch(`${url}/_bench/store-calls`, { method: reset ? 'POST' : 'GET' });
  return (await r.json()) as Record<string, number>;
}

export async function simRequests(simUrl: string): Promise<number> {
  const s = (await (await fetch(`${simUrl}/_sim/state`)).json()) as { requests?: Record<string, number> };
  return Object.values(s.requests ?? {}).reduce((a, b) => a + b, 0);
}

const per = (counts: Record<string, number>, n: number) =>
  Object.fromEntries(
    Object.entries(counts)
      .sort()
      .map(([k, v]) => [k, v / n]),
  );

/** What each store method stands for in a purchase: the guarantee it pays for. */
export const GUARANTEE: Record<string, string> = {
  hit: 'rate limit (sliding window, one atomic step)',
  begin: 'exactly-once: claim the Idempotency-Key with the intent (before the cloud is called)',
  complete: 'exactly-once: the outcome, replayed for 24 h',
  append: 'audit record',
  putJob: "job ref (where the job's bandwidth is found later)",
  putOrder: 'order ref (tenant check of GET /v1/orders/{id})',
  getOrder: 'order ref lookup (tenant check)',
  getJob: 'job ref lookup',
  getRecord: "spend cap: the month's spend record (a policy's held approval is read by begin's peek)",
  inspect: 'policy: is the key already claimed (then the policy is not applied again)',
  createRecord: 'spend cap: first purchase of the month / approval request',
  updateRecord: "spend cap: reserve the quoted amount (compare-and-set on the tenant's month record)",
  listDue: 'background: due webhook deliveries / watchers (not per request)',
  markUnknown: 'exactly-once: outcome unknown, key blocked until settled',
  release: 'exactly-once: key given up (nothing created)',
};

export interface RoundTrips {
  kind: string;
  posts: number;
  first: Record<string, number>;
  replay: Record<string, number>;
  /** cloud calls per first POST and per replay */
  upstreamFirst: number;
  upstreamReplay: number;
}

/** A policy that needs the price of every purchase: a monthly spend cap and an approval threshold by amount. */
export const SPEND_CAP_POLICY = {
  operations: { createSharedBandwidth: { maxSizeMbps: 800 } },
  monthlySpendCap: { amount: 100_000_000, currency: 'USD' },
  approval: { aboveAmount: 10_000_000, expiresAfterHours: 72 },
};

/** N sequential POSTs with fresh keys, then the same N again (replays): store calls per request, by method. */
export async function countRoundTrips(
  kind: string,
  store: unknown,
  simUrl: string,
  runDir: string,
  n = 50,
  acmePolicy?: unknown,
): Promise<RoundTrips> {
  const svc = await startCountedBff({
    name: `counted-${kind.replace(/\W+/g, '-')}`,
    simUrl,
    store,
    runDir,
    ...(acmePolicy !== undefined ? { acmePolicy } : {}),
  });
  try {
    const token = await mintToken({ tenant: 'acme', sub: `rt-${kind}`, ttl: 900 });
    const tag = `rt${Date.now().toString(36)}-${kind.replace(/[^A-Za-z0-9]+/g, '-')}`; // a valid bandwidth name
    const post = async (i: number) => {
      const r = await fetch(`${svc.url}/v1/shared-bandwidths`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          origin: TEST_ORIGIN,
          'idempotency-key': `${tag}-${i}`,
        },
        body: JSON.stringify({ name: `${tag}-${i}`, sizeMbps: 10 }),
      });
      await r.arrayBuffer();
      if (r.status < 200 || r.status >= 300) throw new Error(`round-trip count (${kind}): POST answered ${r.status}`);
    };
    await post(-1); // warm (first-use setup is not a per-request cost)
    await storeCalls(svc.url, true);
    const up0 = await simRequests(simUrl);
    for (let i = 0; i < n; i++) await post(i);
    const first = per(await storeCalls(svc.url, true), n);
    const up1 = await simRequests(simUrl);
    for (let i = 0; i < n; i++) await post(i);
    const replay = per(await storeCalls(svc.url, true), n);
    const up2 = await simRequests(simUrl);
    return { kind, posts: n, first, replay, upstreamFirst: (up1 - up0) / n, upstreamReplay: (up2 - up1) / n };
  } finally {
    await svc.stop(5000);
  }
}

export function roundTripsText(all: RoundTrips[]): string {
  const methods = [...new Set(all.flatMap((r) => [...Object.keys(r.first), ...Object.keys(r.replay)]))].sort();
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  return [
    'Store round trips per POST /v1/shared-bandwidths (store calls counted by a Proxy around the store; memory/SQLite calls are synchronous, Redis/Postgres ones are network round trips)',
    table([
      ['store method', ...all.flatMap((r) => [`${r.kind} first`, `${r.kind} replay`]), 'what it pays for'],
      ...methods.map((m) => [
        m,
        ...all.flatMap((r) => [fmt(r.first[m] ?? 0), fmt(r.replay[m] ?? 0)]),
        GUARANTEE[m] ?? '',
      ]),
      ['total', ...all.flatMap((r) => [fmt(total(r.first)), fmt(total(r.replay))]), ''],
      [
        'cloud calls',
        ...all.flatMap((r) => [fmt(r.upstreamFirst), fmt(r.upstreamReplay)]),
        'upstream requests per POST (simulator count)',
      ],
    ]),
  ].join('\n');
}

// ---- read paths -------------------------------------------------------------------------------------------------

export interface ReadResult {
  path: string;
  cache: 'on' | 'off';
  loaded: ScenarioResult;
  probeP50?: number;
  storeCallsPerReq: number;
  storeCalls: Record<string, number>;
  upstreamPerReq: number;
}

export async function benchReadPaths(opts: {
  simUrl: string;
  simPid: number;
  runDir: string;
  durationS: number;
  probeS: number;
  connections: number;
  log: (s: string) => void;
}): Promise<ReadResult[]> {
  const out: ReadResult[] = [];
  const token = await mintToken({ tenant: 'acme', sub: 'bench-reads', ttl: 900 });
  const headers = { authorization: `Bearer ${token}`, origin: TEST_ORIGIN };
  for (const cache of ['on', 'off'] as const) {
    const svc = await startCountedBff({
      name: `reads-cache-${cache}`,
      simUrl: opts.simUrl,
      runDir: opts.runDir,
      store: { kind: 'sqlite', path: join(opts.runDir, `reads-${cache}.db`) },
      ...(cache === 'off' ? { listCacheTtlMs: 0 } : {}),
    });
    try {
      // an order placed through this BFF (so its order ref exists): a monthly Cloud Connect bandwidth package
      const pkg = await fetch(`${svc.url}/v1/bandwidth-packages`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `reads-${cache}-${Date.now()}` },
        body: JSON.stringify({
          name: `reads-${cache}`,
          localArea: 'Asia-Pacific',
          remoteArea: 'Chinese-Mainland',
          billingMode: 2,
          sizeMbps: 10,
          prepaid: { periodType: 'month', periodCount: 1 },
        }),
      });
      const pkgBody = (await pkg.json()) as { orderId?: string };
      const paths: { name: string; path: string; method: 'GET' | 'POST'; body?: string }[] = [
        { name: 'GET /v1/subnets', path: '/v1/subnets?region=ap-southeast-3', method: 'GET' },
        { name: 'GET /v1/workspace-bandwidths', path: '/v1/workspace-bandwidths?region=ap-southeast-3', method: 'GET' },
        { name: 'GET /v1/cloud-connections', path: '/v1/cloud-connections', method: 'GET' },
        {
          name: 'POST /v1/quotes',
          path: '/v1/quotes',
          method: 'POST',
          body: JSON.stringify({ operation: 'createSharedBandwidth', values: { name: 'q', sizeMbps: 10 } }),
        },
        ...(pkgBody.orderId
          ? [
              {
                name: 'GET /v1/orders/{id}',
                path: `/v1/orders/${encodeURIComponent(pkgBody.orderId)}`,
                method: 'GET' as const,
              },
            ]
          : []),
      ];
      if (!pkgBody.orderId)
        opts.log(
          `  (no order for GET /v1/orders/{id}: POST /v1/bandwidth-packages answered ${pkg.status} ${JSON.stringify(pkgBody).slice(0, 200)})`,
        );
      for (const p of paths) {
        const reqHeaders = p.method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers;
        const next = () => ({ headers: reqHeaders, body: p.body ?? '' });
        const first = await fetch(svc.url + p.path, {
          method: p.method,
          headers: reqHeaders,
          ...(p.body ? { body: p.body } : {}),
        });
        const firstText = await first.text();
        if (first.status !== 200)
          throw new Error(`${p.name} (cache ${cache}) answered ${first.status}: ${firstText.slice(0, 300)}`);
        process.stdout.write(
          `\n▶ ${p.name}, list cache ${cache}: ${opts.connections} connections, 1 s warm-up + ${opts.durationS} s … `,
        );
        const run = await runOnce({
          url: svc.url,
          path: p.path,
          method: p.method,
          connections: opts.connections,
          durationS: opts.durationS,
          warmupS: 1,
          next,
          watch: { server: svc.pid, simulator: opts.simPid },
        });
        const loaded = summarise(p.name, p.name, opts.connections, [run]);
        process.stdout.write(`${Math.round(loaded.rps)} req/s`);
        let probeP50: number | undefined;
        if (opts.probeS > 0) {
          const pr = await runOnce({
            url: svc.url,
            path: p.path,
            method: p.method,
            connections: 1,
            durationS: opts.probeS,
            warmupS: 0.5,
            next,
          });
          probeP50 = summarise(p.name, p.name, 1, [pr]).p50;
        }
        // store and upstream calls per request: a sequential pass after the load (steady state: a cached list stays cached)
        const N = 20;
        await storeCalls(svc.url, true);
        const up0 = await simRequests(opts.simUrl);
        for (let i = 0; i < N; i++) {
          const r = await fetch(svc.url + p.path, {
            method: p.method,
            headers: reqHeaders,
            ...(p.body ? { body: p.body } : {}),
          });
          await r.arrayBuffer();
        }
        const upstreamPerReq = ((await simRequests(opts.simUrl)) - up0) / N;
        const calls = per(await storeCalls(svc.url, true), N);
        out.push({
          path: p.name,
          cache,
          loaded,
          ...(probeP50 !== undefined ? { probeP50 } : {}),
          storeCallsPerReq: Object.values(calls).reduce((a, b) => a + b, 0),
          storeCalls: calls,
          upstreamPerReq,
        });
      }
    } finally {
      await svc.stop(5000);
    }
  }
  return out;
}

export function readPathsText(rows: ReadResult[], connections: number): string {
  return [
    `Read paths (the BFF alone, SQLite store, ${connections} connections; list cache on = default 15 s TTL, off = listCacheTtlMs 0)`,
    table([
      [
        'path',
        'list cache',
        'req/s',
        'p50 ms',
        'p99 ms',
        'p50 ms @1 conn.',
        'CPU ms/req',
        'store calls/req',
        'upstream calls/req',
        'non-2xx',
      ],
      ...rows.map((r) => [
        r.path,
        r.cache,
        Math.round(r.loaded.rps),
        fmt(r.loaded.p50),
        fmt(r.loaded.p99),
        fmt(r.probeP50),
        fmt(r.loaded.cpuMsPerReq['server'], 3),
        `${fmt(r.storeCallsPerReq)} (${Object.entries(r.storeCalls)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(', ')})`,
        fmt(r.upstreamPerReq, 3),
        `${fmt(r.loaded.non2xxPct, 1)}%`,
      ]),
    ]),
  ].join('\n');
}

/**
 * The create path under load with and without a spend-capped policy (the BFF alone, SQLite): the spend record is one
 * row per tenant and month changed by compare-and-set, so concurrent purchases of one tenant contend on it.
 */
export async function loadPolicyVariants(opts: {
  simUrl: string;
  simPid: number;
  runDir: string;
  durationS: number;
  connections: number;
}): Promise<{ variant: string; r: ScenarioResult }[]> {
  const out: { variant: string; r: ScenarioResult }[] = [];
  for (const [variant, policy] of [
    ['demo policy (limits, approval by size)', undefined],
    ['spend cap + approval by amount', SPEND_CAP_POLICY],
  ] as const) {
    const name = `load-${policy ? 'cap' : 'demo'}`;
    const svc = await startCountedBff({
      name,
      simUrl: opts.simUrl,
      runDir: opts.runDir,
      store: { kind: 'sqlite', path: join(opts.runDir, `${name}.db`) },
      ...(policy ? { acmePolicy: policy } : {}),
    });
    try {
      await fetch(`${opts.simUrl}/_sim/reset`, { method: 'POST' });
      const token = await mintToken({ tenant: 'acme', sub: `load-${name}`, ttl: 900 });
      const tag = `${name}${Date.now().toString(36)}`;
      let n = 0;
      const next = () => {
        const i = n++;
        return {
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            origin: TEST_ORIGIN,
            'idempotency-key': `${tag}-${i}`,
          },
          body: JSON.stringify({ name: `${tag}-${i}`, sizeMbps: 10 }),
        };
      };
      process.stdout.write(
        `\n▶ POST /v1/shared-bandwidths, BFF alone (SQLite), ${variant}: ${opts.connections} connections, 1 s warm-up + ${opts.durationS} s … `,
      );
      const run = await runOnce({
        url: svc.url,
        path: '/v1/shared-bandwidths',
        connections: opts.connections,
        durationS: opts.durationS,
        warmupS: 1,
        next,
        watch: { server: svc.pid, simulator: opts.simPid },
      });
      const r = summarise(name, variant, opts.connections, [run]);
      process.stdout.write(`${Math.round(r.rps)} req/s`);
      out.push({ variant, r });
    } finally {
      await svc.stop(5000);
    }
  }
  return out;
}

export function policyVariantsText(rows: { variant: string; r: ScenarioResult }[], connections: number): string {
  return [
    `Create path by tenant policy (the BFF alone, SQLite store, ${connections} connections)`,
    table([
      ['policy', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'cloud CPU ms/req', 'statuses'],
      ...rows.map(({ variant, r }) => [
        variant,
        Math.round(r.rps),
        fmt(r.p50),
        fmt(r.p99),
        fmt(r.cpuMsPerReq['server'], 3),
        fmt(r.cpuMsPerReq['simulator'], 3),
        JSON.stringify(r.statuses),
      ]),
    ]),
  ].join('\n');
}
