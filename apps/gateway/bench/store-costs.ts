/**
 * What each guarantee of a purchase costs in the store: the four calls a POST makes (rate-limit `hit`, idempotency
 * `begin` with the intent, `complete` with the answer, audit `append`), each timed alone against the real store the
 * gateway would use (SQLite file on this disk, redis-server, PostgreSQL), sequentially, in this process. Wall time is
 * what a request waits; CPU is this process's (the client side: driver, serialisation), not the database server's.
 */
import { join } from 'node:path';
import type { Store } from '@bwkit/bff';
import { createStore } from '../src/gateway.js';
import { fmt, median, table } from './lib.js';

export interface MethodCost {
  method: string;
  wallUsMedian: number;
  cpuUsPerCall: number;
}
export interface StoreCosts {
  kind: string;
  n: number;
  methods: MethodCost[];
}

const DAY = 86_400_000;
const RESPONSE = {
  status: 201,
  headers: { 'content-type': 'application/json', location: '/v1/shared-bandwidths/x' },
  body: JSON.stringify({
    bandwidth: {
      id: 'c2a3f9b0-0000-4000-8000-000000000000',
      name: 'bench',
      sizeMbps: 10,
      region: 'ap-southeast-3',
      status: 'NORMAL',
    },
  }),
};

async function openStore(store: { kind: string; [k: string]: unknown }): Promise<Store> {
  // the gateway's own factory, so each driver is configured exactly as in production
  return createStore({ config: { store }, baseDir: '/' } as never);
}

export async function measureStoreCosts(
  kind: string,
  storeCfg: { kind: string; [k: string]: unknown },
  n = 300,
): Promise<StoreCosts> {
  const store = await openStore(storeCfg);
  try {
    const tag = `sc${Date.now().toString(36)}`;
    const fp = 'f'.repeat(64);
    const intent = {
      operation: 'createSharedBandwidth',
      tenantId: 'acme',
      region: 'ap-southeast-3',
      body: { name: 'bench', sizeMbps: 10 },
    };
    const calls: [string, (i: number) => Promise<unknown>][] = [
      ['hit', () => store.hit(`acme:bench-${tag}`, 60_000, Date.now(), 100_000)],
      ['begin', (i) => store.begin(`acme:${tag}-${i}`, fp, 60_000, { intent, ttlMs: DAY } as never)],
      ['complete', (i) => store.complete(`acme:${tag}-${i}`, fp, RESPONSE, DAY)],
      [
        'append',
        (i) =>
          store.append({
            id: `${tag}-${i}`,
            tenantId: 'acme',
            at: new Date().toISOString(),
            subject: 'bench',
            operation: 'createSharedBandwidth',
            status: 201,
            idempotencyKey: `${tag}-${i}`,
            requestId: `${tag}-${i}`,
            region: 'ap-southeast-3',
            durationMs: 3,
          } as never),
      ],
    ];
    // warm-up: connections opened, tables created, statements compiled
    for (let i = 0; i < 20; i++) for (const [, f] of calls) await f(-1 - i);
    const methods: MethodCost[] = [];
    for (const [method, f] of calls) {
      const walls: number[] = [];
      const c0 = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await f(i);
        walls.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
      const c = process.cpuUsage(c0);
      methods.push({ method, wallUsMedian: median(walls), cpuUsPerCall: (c.user + c.system) / n });
    }
    return { kind, n, methods };
  } finally {
    await store.close();
  }
}

export function storeCostsText(all: StoreCosts[]): string {
  const methods = all[0]?.methods.map((m) => m.method) ?? [];
  const cell = (s: StoreCosts, m: string, k: 'wallUsMedian' | 'cpuUsPerCall') =>
    fmt(s.methods.find((x) => x.method === m)?.[k], 0);
  const sum = (s: StoreCosts, k: 'wallUsMedian' | 'cpuUsPerCall') =>
    fmt(
      s.methods.reduce((a, m) => a + m[k], 0),
      0,
    );
  return [
    `What each store call of a POST costs alone (sequential, ${all[0]?.n ?? 0} calls each after a warm-up; wall µs median, client CPU µs per call)`,
    table([
      ['call (guarantee)', ...all.flatMap((s) => [`${s.kind} wall µs`, `${s.kind} CPU µs`])],
      ...methods.map((m) => [m, ...all.flatMap((s) => [cell(s, m, 'wallUsMedian'), cell(s, m, 'cpuUsPerCall')])]),
      ['all four', ...all.flatMap((s) => [sum(s, 'wallUsMedian'), sum(s, 'cpuUsPerCall')])],
    ]),
  ].join('\n');
}

export const storeCostsDb = (runDir: string) => join(runDir, 'store-costs.db');
