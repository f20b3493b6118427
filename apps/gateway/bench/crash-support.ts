/**
 * Test support for the exactly-once fault tests (src/crash.test.ts, src/settle.test.ts) and the soak: the four
 * creates, what the cloud simulator holds of each, and a client that asks again with the same Idempotency-Key until
 * its order is settled — as the widgets do.
 */
import assert from 'node:assert/strict';
import { type RunningCloudSim, startCloudSim } from '@bwkit/cloud-sim/server';
import { DEMO_ENV, SUBNET } from '../src/testing/index.js';

/** Upstream answers are held back this long (the resource already exists by then). */
export const DELAY_MS = 1200;
/** The store or gateway dies at least this long after the requests were sent, once the cloud has them all. */
export const KILL_AT_MS = 400;
/**
 * How long a client keeps asking with the same key. A crashed gateway's claim is only known to be dead once its lease
 * runs out (the BFF's default lease is 60 s), so this covers a lease plus the lookup.
 */
export const SETTLE_BUDGET_MS = 80_000;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Answer {
  status: number;
  body: any;
  replayed: boolean;
}

export async function post(base: string, path: string, key: string, body: unknown, token: string): Promise<Answer> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* kept as text */
  }
  return { status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

/**
 * What the widget does after an answer that does not settle the order (a 409 while the first request still runs or
 * the outcome is being checked, a 5xx, no answer at all): ask again with the same key and the same body.
 */
export async function settle(
  base: () => string,
  path: string,
  key: string,
  body: unknown,
  token: string,
  budgetMs = SETTLE_BUDGET_MS,
): Promise<{ final: Answer; seen: string[] }> {
  const deadline = Date.now() + budgetMs;
  const seen: string[] = [];
  for (;;) {
    let a: Answer | undefined;
    try {
      a = await post(base(), path, key, body, token);
      seen.push(`${a.status}${a.body?.code ? ` ${a.body.code}` : ''}`);
    } catch (e) {
      seen.push(`network error (${(e as Error).message})`);
    }
    const retry = a === undefined || a.status === 409 || a.status >= 500;
    if (a && !retry) return { final: a, seen };
    if (Date.now() > deadline) {
      if (a) return { final: a, seen };
      throw new Error(`no answer within ${budgetMs} ms: ${seen.join(', ')}`);
    }
    await sleep(500);
  }
}

/** `a, a, a, b` → `a ×3 → b`: a settle loop can see the same answer many times. */
export function runs(seen: string[]): string {
  const out: string[] = [];
  let n = 0;
  seen.forEach((s, i) => {
    n++;
    if (seen[i + 1] !== s) {
      out.push(n > 1 ? `${s} ×${n}` : s);
      n = 0;
    }
  });
  return out.join(' → ');
}

// ---- the four creates, and how to tell the one resource each made ---------------------------------------------------

export interface SimView {
  counts: Record<string, number>;
  requests: Record<string, number>;
  projects: {
    workspace_bandwidths: { bandwidth_id: string; bandwidth_name: string }[];
    shared_bandwidths: { id: string; name: string }[];
  }[];
  domains: { bandwidth_packages: { id: string; name: string }[] }[];
  orders: { order_id: string; bandwidth_id?: string; order_type?: number }[];
}

export async function simView(sim: { url: string }): Promise<SimView> {
  return (await (await fetch(`${sim.url}/_sim/state`)).json()) as SimView;
}

export interface Case {
  op: 'createSharedBandwidth' | 'createWorkspaceBandwidth' | 'createBandwidthPackage' | 'changeWorkspaceBandwidth';
  path: string;
  body: Record<string, unknown>;
  /** the status of the cloud's own answer, as the first call gives it */
  created: number;
  /** the resources of this case the cloud holds */
  holdings(s: SimView): string[];
  /** the id an answer names (first call or settled retry) */
  idOf(a: Answer, s: SimView): string | undefined;
}

export function cases(tag: string, bandwidthId: string, changeToMbps = 40): Case[] {
  const shared = `crash-${tag}-sb-${Date.now().toString(36)}`;
  const pkg = `crash-${tag}-bp-${Date.now().toString(36)}`;
  const wks = `crash-${tag}-wk-${Date.now().toString(36)}`;
  return [
    {
      op: 'createSharedBandwidth',
      path: '/v1/shared-bandwidths',
      body: { name: shared, sizeMbps: 10 },
      created: 201,
      holdings: (s) =>
        s.projects
          .flatMap((p) => p.shared_bandwidths)
          .filter((b) => b.name === shared)
          .map((b) => b.id),
      idOf: (a) => a.body?.bandwidth?.id,
    },
    {
      op: 'createBandwidthPackage',
      path: '/v1/bandwidth-packages',
      created: 201,
      body: { name: pkg, localArea: 'Asia-Pacific', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: 5 },
      holdings: (s) =>
        s.domains
          .flatMap((d) => d.bandwidth_packages)
          .filter((b) => b.name === pkg)
          .map((b) => b.id),
      idOf: (a) => a.body?.bandwidthPackage?.id,
    },
    {
      op: 'createWorkspaceBandwidth',
      path: '/v1/workspace-bandwidths',
      created: 202,
      body: { subnetId: SUBNET, chargeMode: 'free', name: wks },
      holdings: (s) =>
        s.projects
          .flatMap((p) => p.workspace_bandwidths)
          .filter((b) => b.bandwidth_name === wks)
          .map((b) => b.bandwidth_id),
      // 202 names the job (whose bandwidth is the one named `wks`); a settled answer (200) names the bandwidth.
      idOf: (a, s) =>
        a.status === 202 && a.body?.jobId
          ? s.projects.flatMap((p) => p.workspace_bandwidths).find((b) => b.bandwidth_name === wks)?.bandwidth_id
          : a.body?.bandwidthId,
    },
    {
      op: 'changeWorkspaceBandwidth',
      path: `/v1/workspace-bandwidths/${bandwidthId}/change-orders`,
      created: 201,
      body: { sizeMbps: changeToMbps, autoPay: true },
      // change orders (BSS order type 3) on this bandwidth
      holdings: (s) =>
        s.orders.filter((o) => o.bandwidth_id === bandwidthId && (o.order_type ?? 3) === 3).map((o) => o.order_id),
      idOf: (a) => a.body?.orderId,
    },
  ];
}

export async function startSim(): Promise<RunningCloudSim> {
  return startCloudSim({
    credentials: [
      { ak: DEMO_ENV['ACME_HUAWEICLOUD_AK']!, sk: DEMO_ENV['ACME_HUAWEICLOUD_SK']!, site: 'international' },
      { ak: DEMO_ENV['GLOBEX_HUAWEICLOUD_AK']!, sk: DEMO_ENV['GLOBEX_HUAWEICLOUD_SK']!, site: 'chinese-mainland' },
    ],
    admin: true,
    job: { runningAfterMs: 100, doneAfterMs: 400 },
    order: { autoPaySettleMs: 200 },
  });
}

export async function delayEach(sim: { url: string }, list: Case[]): Promise<void> {
  for (const c of list) {
    const r = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: c.op, kind: 'delay', delayMs: DELAY_MS, times: 1 }),
    });
    assert.equal(r.status, 201);
  }
}

/** Waits until the cloud has received every create of `list` (its answers are being held back): the moment to crash. */
export async function untilInFlight(
  sim: { url: string },
  list: Case[],
  before: SimView,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await simView(sim);
    if (list.every((c) => (s.requests[c.op] ?? 0) > (before.requests[c.op] ?? 0))) return;
    if (Date.now() > deadline) throw new Error(`the creates did not reach the cloud within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** After the retries: exactly one resource per create, and the settled answer names it. */
export async function assertExactlyOnce(
  sim: { url: string },
  list: Case[],
  before: SimView,
  finals: Answer[],
  firsts: (Answer | undefined)[],
  seen: string[][],
) {
  await sleep(600); // let Workspace jobs finish so the bandwidths are listed
  const now = await simView(sim);
  list.forEach((c, i) => {
    const what = `${c.op} (answers: ${runs(seen[i]!)})`;
    assert.equal((now.counts[c.op] ?? 0) - (before.counts[c.op] ?? 0), 1, `${what}: the cloud acted exactly once`);
    const held = c.holdings(now).filter((id) => !c.holdings(before).includes(id));
    assert.equal(held.length, 1, `${what}: exactly one resource`);
    const final = finals[i]!;
    assert.ok(
      final.status >= 200 && final.status < 300,
      `${what}: settled with a success, got ${final.status} ${JSON.stringify(final.body)}`,
    );
    assert.equal(c.idOf(final, now), held[0], `${what}: the settled answer names the resource`);
    const first = firsts[i];
    if (first && first.status >= 200 && first.status < 300)
      assert.equal(c.idOf(first, now), held[0], `${what}: the first answer too`);
  });
}
