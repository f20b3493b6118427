/**
 * One autocannon scenario: fixed connections, a warm-up, a fixed duration; status breakdown and exact latency
 * percentiles (autocannon's own histogram has 1 ms resolution and records only 2xx, too coarse for a ≤ 1 ms target:
 * the response times are collected here from its 'response' events, in float ms).
 */
import { createRequire } from 'node:module';
import { percentile, treeCpuSeconds } from './lib.js';

interface RequestSpec {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'start', fn: () => void): void;
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', fn: (err: Error) => void): void;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  warmup?: { connections: number; duration: number };
  requests: (RequestSpec & { setupRequest?: (req: RequestSpec) => RequestSpec })[];
}) => AutocannonInstance;

// apps/gateway depends on autocannon (pnpm's strict layout: resolve it from here).
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface RawRun {
  /** response times of 2xx answers, ms */
  latencies: number[];
  statuses: Record<string, number>;
  durationS: number;
  errors: number;
  timeouts: number;
  errorSample?: string;
  /** CPU seconds each watched process used during the measured phase (warm-up excluded), by role */
  cpuS: Record<string, number>;
}

export interface ScenarioResult {
  name: string;
  label: string;
  connections: number;
  /** measured seconds, all rounds together */
  durationS: number;
  rounds: number;
  total: number;
  ok2xx: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** non-2xx answers and socket errors, % of all attempts */
  non2xxPct: number;
  /** req/s of each round, to show the spread */
  roundRps: number[];
  /** CPU ms per answered request of each watched process (e.g. server, simulator) — robust to other load */
  cpuMsPerReq: Record<string, number>;
  errorSample?: string;
}

export async function runOnce(opts: {
  url: string;
  path: string;
  connections: number;
  durationS: number;
  warmupS: number;
  /** builds each request (headers, body) — called synchronously by autocannon for every request */
  next: () => { headers: Record<string, string>; body: string };
  /** default POST (the create path); GET for the read paths (then `body` is not sent) */
  method?: 'GET' | 'POST';
  /** processes whose CPU time to account, by role */
  watch?: Record<string, number>;
}): Promise<RawRun> {
  const watch = Object.entries(opts.watch ?? {});
  let cpu0: (number | undefined)[] = [];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errorSample: string | undefined;
  const inst = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 10,
    ...(opts.warmupS > 0 ? { warmup: { connections: opts.connections, duration: opts.warmupS } } : {}),
    requests: [
      {
        method: opts.method ?? 'POST',
        path: opts.path,
        setupRequest: (req) => {
          const n = opts.next();
          return opts.method === 'GET'
            ? { ...req, method: 'GET', path: opts.path, headers: n.headers }
            : { ...req, method: 'POST', path: opts.path, ...n };
        },
      },
    ],
  });
  inst.on('start', () => {
    cpu0 = watch.map(([, pid]) => treeCpuSeconds(pid));
  });
  inst.on('response', (_c, status, _bytes, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  inst.on('reqError', (e) => {
    errorSample ??= e.message;
  });
  const r = await inst;
  const cpuS: Record<string, number> = {};
  watch.forEach(([role, pid], i) => {
    const a = cpu0[i];
    const b = treeCpuSeconds(pid);
    if (a !== undefined && b !== undefined) cpuS[role] = b - a;
  });
  return {
    latencies,
    statuses,
    durationS: r.duration,
    errors: r.errors,
    timeouts: r.timeouts,
    cpuS,
    ...(errorSample ? { errorSample } : {}),
  };
}

/** Merges the rounds of one scenario: counts add up, percentiles over all 2xx response times. */
export function summarise(name: string, label: string, connections: number, runs: RawRun[]): ScenarioResult {
  const all = runs.flatMap((r) => r.latencies);
  const sorted = Float64Array.from(all).sort();
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const durationS = runs.reduce((a, r) => a + r.durationS, 0);
  const errors = runs.reduce((a, r) => a + r.errors, 0);
  const errorSample = runs.find((r) => r.errorSample)?.errorSample;
  const cpuMsPerReq: Record<string, number> = {};
  for (const role of new Set(runs.flatMap((r) => Object.keys(r.cpuS)))) {
    cpuMsPerReq[role] = (1000 * runs.reduce((a, r) => a + (r.cpuS[role] ?? 0), 0)) / Math.max(1, total);
  }
  return {
    name,
    label,
    connections,
    durationS,
    rounds: runs.length,
    total,
    ok2xx: all.length,
    rps: all.length / durationS,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: all.length ? all.reduce((a, b) => a + b, 0) / all.length : Number.NaN,
    statuses,
    errors,
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    non2xxPct: total + errors ? (100 * (total - all.length + errors)) / (total + errors) : 100,
    roundRps: runs.map((r) => r.latencies.length / r.durationS),
    cpuMsPerReq,
    ...(errorSample ? { errorSample } : {}),
  };
}
