/**
 * `pnpm bench:soak`: the gateway under faults for a bounded time (SOAK_SECONDS, default 60), then an audit of what
 * the cloud holds against what the clients were told.
 *
 * Processes: the cloud simulator, the store (SOAK_STORE: redis — default, with an fsynced append-only file —,
 * postgres or sqlite) and the gateway (src/main.ts, upstream timeout 1000 ms, huaweicloud mode → simulator URL), each
 * on its own. The simulator injects, with probability, on every operation: delays of 200 ms (under the gateway's
 * upstream timeout) and 1500 ms (over it — the order is placed, the answer comes too late), 500 and 503 answers, 429
 * APIGW.0308 throttling, connection resets and truncated (malformed) 2xx bodies. Every SOAK_CRASH_EVERY seconds
 * (default 10; 0 = never) a process is SIGKILLed in turn — the store (restarted on the same data 1–3 s later), then the
 * gateway (restarted on the same port and store) — with creates in flight.
 *
 * SOAK_CLIENTS (default 16) clients loop until the deadline, each iteration one of:
 *   create      a shared bandwidth or a bandwidth package (tenants acme and globex, random region), a unique name and
 *               a fresh Idempotency-Key; resent with the same key and body after a non-final answer (5xx, 409, no
 *               answer at all) like the widgets, until it settles; sometimes resent after success too (must replay the same bytes
 *               with Idempotent-Replayed: true), sometimes the key is reused with a different body (must be 422
 *               idempotency_key_reused, and that body must never be created)
 *   double      the same create sent twice at once (a double click), then as above
 *   invalid     a body that breaks a documented rule (must be 422)
 *
 * After the load, every key left without a final answer is asked again (same key, same body) until it settles: a key a
 * crashed gateway held is only known to be dead when its lease (60 s) runs out.
 *
 * Checks (PASS/FAIL, exit 1 on FAIL), explained in BENCHMARKS.md:
 *   orders      created upstream == distinct keys that got a 2xx; per unique name: every 2xx key's order exists exactly
 *               once (0 lost), no order twice (0 doubled), no order behind a definite failure, no order for a refused
 *               body; every key settled (none left unknown)
 *   statuses    only {200,201,202,400,401,403,404,409,413,415,422,429,502,503,504}, never 500; no answer at all only
 *               while a gateway is down
 *   invalid     every invalid body → 422;  replays identical;  key reuse with another body → 422
 *   memory      gateway RSS after the run within 20% of RSS after warm-up (10% of the run), both read right after a full
 *               GC in the gateway (--expose-gc; SIGUSR2 → bench/child-guard.ts) so they measure what is kept, not
 *               how far V8 let garbage pile up; the raw figures are printed too. Only without gateway crashes (a
 *               restarted gateway is another process).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLOBEX_ORIGIN, mintToken } from '../src/testing/index.js';
import {
  ARTIFACTS_DIR,
  fmt,
  freePort,
  freshDir,
  rssMiB,
  type Service,
  sleep,
  startGatewayProcess,
  startSimProcess,
  TEST_ORIGIN,
  table,
  writeGatewayConfig,
} from './lib.js';
import { type StoreProcess, startPostgres, startRedisAof } from './store-process.js';

const env = process.env;
const SECONDS = Number(env['SOAK_SECONDS'] ?? 60);
const CLIENTS = Number(env['SOAK_CLIENTS'] ?? 16);
const STORE = env['SOAK_STORE'] ?? 'redis';
const CRASH_EVERY_S = Number(env['SOAK_CRASH_EVERY'] ?? 10);
const UPSTREAM_TIMEOUT_MS = 1000;
/** How long a client keeps asking about one order during the load (the widget asks until it settles). */
const SETTLE_DURING_LOAD_MS = 20_000;
/** After the load: long enough for the lease of a crashed gateway's claim (60 s) to run out, and the lookup. */
const SETTLE_AFTER_LOAD_MS = 90_000;
const DOCUMENTED = new Set([200, 201, 202, 400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503, 504]);
/** Answers after which a client asks again with the same key (0 = no answer at all). */
const NON_FINAL = new Set([0, 409, 500, 502, 503, 504]);
/** 4xx answers that say nothing was done (the key is free again): the order is certainly not placed. */
const isNonFinal = (a: Answer) => NON_FINAL.has(a.status) && a.code !== 'idempotency_key_reused';
const FAULTS = [
  { kind: 'delay', delayMs: 200, probability: 0.06 },
  { kind: 'delay', delayMs: 1500, probability: 0.03 },
  { kind: 'status', status: 500, probability: 0.03 },
  { kind: 'status', status: 503, probability: 0.02 },
  { kind: 'rate_limit', probability: 0.03 },
  { kind: 'reset', probability: 0.02 },
  { kind: 'malformed', probability: 0.02 },
];
const RUN_TAG = `s${Date.now().toString(36)}`;

if (!Number.isFinite(SECONDS) || SECONDS < 5 || SECONDS > 3600) throw new Error('SOAK_SECONDS must be 5–3600');
if (!Number.isInteger(CLIENTS) || CLIENTS < 1 || CLIENTS > 256) throw new Error('SOAK_CLIENTS must be 1–256');
if (!['redis', 'postgres', 'sqlite'].includes(STORE)) throw new Error('SOAK_STORE must be redis, postgres or sqlite');
if (!Number.isFinite(CRASH_EVERY_S) || CRASH_EVERY_S < 0)
  throw new Error('SOAK_CRASH_EVERY must be 0 (no crashes) or seconds');

const runDir = freshDir(join(ARTIFACTS_DIR, 'soak'));
const log = (s = '') => process.stdout.write(s + '\n');
const hardStop = setTimeout(
  () => {
    process.stderr.write('soak: overall time limit reached, giving up\n');
    process.exit(3);
  },
  (SECONDS + 300) * 1000,
);
hardStop.unref();

// ---- what the clients saw --------------------------------------------------------------------------------------

/** status 0: no answer at all (connection refused or reset: a gateway down) */
interface Answer {
  status: number;
  code?: string;
  upstreamCode?: string;
  body: string;
  replayed: boolean;
}
interface KeyRecord {
  key: string;
  tenant: string;
  kind: 'shared' | 'package';
  name: string;
  answers: Answer[];
  okBodies: Set<string>;
  final?: Answer;
  body: Record<string, unknown>;
  path: string;
}

const keys: KeyRecord[] = [];
const statusCounts: Record<number, number> = {};
const forbiddenNames = new Set<string>();
const stats = {
  requests: 0,
  retries: 0,
  doubles: 0,
  invalidSent: 0,
  invalidNot422: [] as string[],
  replaysSent: 0,
  replayMismatch: [] as string[],
  reuseSent: 0,
  reuseNot422: [] as string[],
  clientErrors: [] as string[],
  noAnswerWhileDown: 0,
  settledAfterLoad: 0,
};

/** Crash windows: while a gateway is down (plus a moment to restart), "no answer" is expected. */
const downWindows: { from: number; to?: number }[] = [];
const duringCrash = (t: number) => downWindows.some((w) => t >= w.from - 200 && t <= (w.to ?? Infinity) + 1000);
const crashes: string[] = [];

const tokens = new Map<string, { token: string; at: number }>();
async function tokenFor(tenant: string): Promise<string> {
  const t = tokens.get(tenant);
  if (t && Date.now() - t.at < 5 * 60_000) return t.token;
  const token = await mintToken({ tenant, sub: `soak-${RUN_TAG}`, ttl: 900 });
  tokens.set(tenant, { token, at: Date.now() });
  return token;
}

let seq = 0;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const REGIONS: Record<string, string[]> = {
  acme: ['ap-southeast-1', 'ap-southeast-3', 'af-south-1'],
  globex: ['cn-north-4', 'cn-east-3'],
};

function createBody(tenant: string, kind: 'shared' | 'package', name: string): Record<string, unknown> {
  if (kind === 'shared') {
    const body: Record<string, unknown> = { name, sizeMbps: pick([5, 10, 20, 100, 300, 350]) };
    if (Math.random() < 0.7) body['region'] = pick(REGIONS[tenant]!);
    return body;
  }
  return tenant === 'acme'
    ? { name, localArea: 'Chinese-Mainland', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: pick([2, 10, 50]) }
    : {
        name,
        localArea: 'Chinese-Mainland',
        remoteArea: 'Eastern-Latin-America',
        billingMode: 3,
        sizeMbps: pick([2, 10, 50]),
      };
}

function invalidBody(): { tenant: string; path: string; body: Record<string, unknown> } {
  const tenant = pick(['acme', 'globex']);
  const name = `soak-bad-${RUN_TAG}-${seq++}`;
  return pick([
    { tenant, path: '/v1/shared-bandwidths', body: { name, sizeMbps: 3 } }, // below the minimum
    { tenant, path: '/v1/shared-bandwidths', body: { name: 'bad name!', sizeMbps: 10 } }, // characters
    { tenant, path: '/v1/shared-bandwidths', body: { name, sizeMbps: 333 } }, // step of 50 above 300
    { tenant, path: '/v1/shared-bandwidths', body: { sizeMbps: 10 } }, // name missing
    { tenant, path: '/v1/shared-bandwidths', body: { name, sizeMbps: 10, region: 'eu-west-0' } }, // region not allowed
    // billing mode of the other site
    {
      tenant: 'acme',
      path: '/v1/bandwidth-packages',
      body: { name, localArea: 'Chinese-Mainland', remoteArea: 'Asia-Pacific', billingMode: 5, sizeMbps: 10 },
    },
    {
      tenant,
      path: '/v1/bandwidth-packages',
      body: { name, localArea: 'Mars', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: 10 },
    },
  ]);
}

async function call(gw: string, tenant: string, path: string, key: string, body: unknown): Promise<Answer> {
  stats.requests++;
  const sent = Date.now();
  let res: Response;
  try {
    res = await send(gw, tenant, path, key, body);
  } catch (e) {
    // No answer at all: expected while a gateway is down; a finding otherwise. Either way the client asks again.
    if (duringCrash(sent) || duringCrash(Date.now())) stats.noAnswerWhileDown++;
    else if (stats.clientErrors.length < 20) stats.clientErrors.push(`${path}: ${(e as Error).message}`);
    else stats.clientErrors.length++;
    return { status: 0, body: '', replayed: false, code: 'no_answer' };
  }
  return read(res);
}

async function send(gw: string, tenant: string, path: string, key: string, body: unknown): Promise<Response> {
  return fetch(gw + path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await tokenFor(tenant)}`,
      'content-type': 'application/json',
      'idempotency-key': key,
      origin: tenant === 'globex' ? GLOBEX_ORIGIN : TEST_ORIGIN,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
  let code: string | undefined;
  let upstreamCode: string | undefined;
  if (res.status >= 400) {
    try {
      const p = JSON.parse(text) as { code?: string; upstream?: { code?: string } };
      code = p.code;
      upstreamCode = p.upstream?.code;
    } catch {
      /* not a problem document */
    }
  }
  return {
    status: res.status,
    body: text,
    replayed: res.headers.get('idempotent-replayed') === 'true',
    ...(code ? { code } : {}),
    ...(upstreamCode ? { upstreamCode } : {}),
  };
}

/** Strips what legitimately differs between an answer and its replay (nothing, for a 2xx). */
const ok = (a: Answer) => a.status >= 200 && a.status < 300;

async function createFlow(gw: string, double: boolean): Promise<void> {
  const tenant = Math.random() < 0.7 ? 'acme' : 'globex';
  const kind = Math.random() < 0.5 ? 'shared' : 'package';
  const n = seq++;
  const name = `soak-${RUN_TAG}-${n}`;
  const path = kind === 'shared' ? '/v1/shared-bandwidths' : '/v1/bandwidth-packages';
  const rec: KeyRecord = {
    key: `${RUN_TAG}-k${n}`,
    tenant,
    kind,
    name,
    answers: [],
    okBodies: new Set(),
    body: createBody(tenant, kind, name),
    path,
  };
  keys.push(rec);
  await createAttempts(gw, rec, rec.path, rec.body, double, (a) => record(rec, a));
}

function record(rec: KeyRecord, a: Answer): void {
  rec.answers.push(a);
  if (ok(a)) rec.okBodies.add(a.body);
  rec.final = a;
}

/** Asks again with the same key and body until the answer is final (or `budgetMs` is over). */
async function settleKey(gw: string, rec: KeyRecord, last: Answer, budgetMs: number): Promise<Answer> {
  const deadline = Date.now() + budgetMs;
  while (!ok(last) && isNonFinal(last) && Date.now() < deadline) {
    await sleep(200 + Math.random() * 300);
    stats.retries++;
    last = await call(gw, rec.tenant, rec.path, rec.key, rec.body);
    record(rec, last);
  }
  return last;
}

async function createAttempts(
  gw: string,
  rec: KeyRecord,
  path: string,
  body: Record<string, unknown>,
  double: boolean,
  record: (a: Answer) => void,
): Promise<void> {
  const { tenant } = rec;

  let answers: Answer[];
  if (double) {
    stats.doubles++;
    answers = await Promise.all([call(gw, tenant, path, rec.key, body), call(gw, tenant, path, rec.key, body)]);
  } else {
    answers = [await call(gw, tenant, path, rec.key, body)];
  }
  answers.forEach(record);
  let last = answers.find(ok) ?? answers[answers.length - 1]!;
  last = await settleKey(gw, rec, last, SETTLE_DURING_LOAD_MS);
  if (!ok(last)) return;

  const roll = Math.random();
  if (roll < 0.25) {
    // resent after success (a client that lost the answer): the same bytes, marked as a replay
    stats.replaysSent++;
    let again = await call(gw, tenant, path, rec.key, body);
    record(again);
    // a store or gateway down answers nothing final (counted in the statuses): the client asks again, as after any
    // non-final answer, and the replay it finally gets must be the first answer
    if (isNonFinal(again)) again = await settleKey(gw, rec, again, SETTLE_DURING_LOAD_MS);
    if (again.status !== last.status || again.body !== last.body || !again.replayed) {
      stats.replayMismatch.push(`${rec.key}: first ${last.status}, replay ${again.status} replayed=${again.replayed}`);
    }
  } else if (roll < 0.32) {
    // the same key for a different order: refused, and never created
    stats.reuseSent++;
    const otherName = `${rec.name}-other`;
    forbiddenNames.add(otherName);
    const other = await call(gw, tenant, path, rec.key, { ...body, name: otherName });
    if (other.status !== 422 || other.code !== 'idempotency_key_reused')
      stats.reuseNot422.push(`${rec.key}: ${other.status} ${other.code ?? ''}`);
  }
}

async function invalidFlow(gw: string): Promise<void> {
  const inv = invalidBody();
  stats.invalidSent++;
  if (typeof inv.body['name'] === 'string') forbiddenNames.add(inv.body['name']);
  const a = await call(gw, inv.tenant, inv.path, `${RUN_TAG}-inv${seq++}`, inv.body);
  if (a.status !== 422)
    stats.invalidNot422.push(`${inv.path} ${JSON.stringify(inv.body)} → ${a.status} ${a.code ?? ''}`);
}

async function client(gw: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const r = Math.random();
    try {
      if (r < 0.75) await createFlow(gw, false);
      else if (r < 0.85) await createFlow(gw, true);
      else await invalidFlow(gw);
    } catch (e) {
      // a bug of the soak itself, not of the gateway (which answers or not inside call())
      if (stats.clientErrors.length < 20) stats.clientErrors.push(`soak client: ${(e as Error).message}`);
      else stats.clientErrors.length++;
      await sleep(100);
    }
  }
}

// ---- the run -----------------------------------------------------------------------------------------------------

interface SimStateView {
  counts: Record<string, number>;
  projects: { shared_bandwidths: { name: string }[] }[];
  domains: { bandwidth_packages: { name: string }[] }[];
  faults: { kind: string; delayMs?: number; status?: number; fired: number }[];
}

async function main(): Promise<number> {
  log(
    `bwkit soak — ${new Date().toISOString()} — ${SECONDS} s, ${CLIENTS} clients, upstream timeout ${UPSTREAM_TIMEOUT_MS} ms; artifacts ${runDir}`,
  );
  let sim: Service | undefined;
  let gw: Service | undefined;
  let store: StoreProcess | undefined;
  const checks: { what: string; pass: boolean; detail: string }[] = [];
  const lifetimeMs = (SECONDS + 290) * 1000;
  try {
    sim = await startSimProcess({ logFile: join(runDir, 'sim.log'), quota: 10_000_000, maxLifetimeMs: lifetimeMs });
    if (STORE === 'redis') store = await startRedisAof();
    if (STORE === 'postgres') store = await startPostgres();
    const storeConfig = store ? { kind: STORE, url: store.url } : { kind: 'sqlite', path: join(runDir, 'soak.db') };
    const configPath = join(runDir, 'gateway.json');
    writeGatewayConfig(configPath, { simUrl: sim.url, store: storeConfig, timeoutMs: UPSTREAM_TIMEOUT_MS });
    // A fixed port: a restarted gateway is found where the clients left it.
    const raw = JSON.parse(readFileSync(configPath, 'utf8'));
    raw.server = { ...raw.server, port: await freePort() };
    writeFileSync(configPath, JSON.stringify(raw, null, 2));
    let incarnation = 1;
    const startGw = () =>
      startGatewayProcess({
        configPath,
        logFile: join(runDir, `gateway-${incarnation}.log`),
        maxLifetimeMs: lifetimeMs,
        extraEnv: { BENCH_MEM_LOG_MS: '2000' },
        gcOnSignal: true,
      });
    gw = await startGw();
    log(
      `simulator pid ${sim.pid} ${sim.url}; gateway pid ${gw.pid} ${gw.url} (store ${STORE}${store ? ` pid ${store.pid()}` : ''}); ` +
        `crashes ${CRASH_EVERY_S > 0 ? `every ${CRASH_EVERY_S} s` : 'off'}`,
    );
    for (const f of FAULTS) {
      const r = await fetch(`${sim.url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: '*', times: -1, ...f }),
      });
      if (r.status !== 201) throw new Error(`fault ${JSON.stringify(f)} refused: ${r.status} ${await r.text()}`);
    }
    log(
      `faults: ${FAULTS.map((f) => `${f.kind}${f.status ? ` ${f.status}` : ''}${f.delayMs ? ` ${f.delayMs} ms` : ''} p=${f.probability}`).join(', ')}`,
    );

    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const rss: { t: number; mib: number }[] = [];
    const gwPid = gw.pid; // the first incarnation: memory is only judged when it lives through the run
    const sampler = setInterval(() => {
      const v = rssMiB(gwPid);
      if (v !== undefined) rss.push({ t: (Date.now() - started) / 1000, mib: v });
    }, 1000);
    // RSS after warm-up (10% of the run): as read, and right after a full GC in the gateway (SIGUSR2, child-guard)
    let warmRss: number | undefined;
    let warmGcRss: number | undefined;
    const warmSample = (async () => {
      await sleep(SECONDS * 100);
      warmRss = rssMiB(gwPid);
      warmGcRss = await rssAfterGc(gwPid);
    })();
    const progress = setInterval(() => {
      log(
        `  t=${Math.round((Date.now() - started) / 1000)} s: ${stats.requests} requests, ${keys.length} orders tried, RSS ${fmt(rssMiB(gw!.pid), 1)} MiB`,
      );
    }, 10_000);
    const gwUrl = gw.url;
    // SIGKILL in turn the store (when it is a process of its own) and the gateway, with creates in flight.
    const crasher = (async () => {
      if (CRASH_EVERY_S <= 0) return;
      for (let i = 0; ; i++) {
        await sleep(CRASH_EVERY_S * 1000 * (0.75 + Math.random() * 0.5));
        if (Date.now() > deadline - 3000) return;
        const t = ((Date.now() - started) / 1000).toFixed(1);
        if (store && i % 2 === 0) {
          await store.kill9();
          const downMs = 1000 + Math.round(Math.random() * 2000);
          await sleep(downMs);
          await store.restart();
          crashes.push(`t=${t} s store (${STORE}) SIGKILLed, back after ${downMs} ms`);
        } else {
          const w: { from: number; to?: number } = { from: Date.now() };
          downWindows.push(w);
          gw!.proc.kill('SIGKILL');
          await gw!.exited;
          incarnation++;
          gw = await startGw();
          w.to = Date.now();
          crashes.push(`t=${t} s gateway SIGKILLed, back after ${w.to - w.from} ms (pid ${gw.pid})`);
        }
        log(`  ${crashes[crashes.length - 1]}`);
      }
    })();
    await Promise.all(Array.from({ length: CLIENTS }, () => client(gwUrl, deadline)));
    await crasher;
    await warmSample;
    clearInterval(progress);
    clearInterval(sampler);
    const elapsed = (Date.now() - started) / 1000;
    const loadEndRss = rssMiB(gwPid);

    // 3 s idle: answers delayed past the gateway's timeout land in the simulator (the order is placed before the delay),
    // and the gateway's last requests finish; then RSS "after the run", the faults stopped, and what the cloud holds.
    const idle: number[] = [];
    for (let i = 0; i < 6; i++) {
      await sleep(500);
      const v = rssMiB(gwPid);
      if (v !== undefined) idle.push(v);
    }
    const endRss = idle[idle.length - 1];
    const endGcRss = await rssAfterGc(gwPid);
    // Keys still without a final answer (their gateway crashed, or the cloud could not be asked): asked again until
    // they settle, with the simulator's faults still on.
    const open = keys.filter((k) => k.okBodies.size === 0 && k.final !== undefined && isNonFinal(k.final));
    if (open.length) log(`settling ${open.length} keys left open after the load (same key, same body)…`);
    const settleStarted = Date.now();
    await Promise.all(
      open.map(async (k) => {
        const a = await settleKey(gwUrl, k, k.final!, SETTLE_AFTER_LOAD_MS);
        if (ok(a) || !isNonFinal(a)) stats.settledAfterLoad++;
      }),
    );
    if (open.length)
      log(`  ${stats.settledAfterLoad} of ${open.length} settled in ${fmt((Date.now() - settleStarted) / 1000, 1)} s`);
    await sleep(500);
    const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as SimStateView;
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });

    // ---- accounting ----------------------------------------------------------------------------------------------
    const created = (state.counts['createSharedBandwidth'] ?? 0) + (state.counts['createBandwidthPackage'] ?? 0);
    const names = new Map<string, number>();
    for (const p of state.projects)
      for (const b of p.shared_bandwidths) names.set(b.name, (names.get(b.name) ?? 0) + 1);
    for (const d of state.domains)
      for (const b of d.bandwidth_packages) names.set(b.name, (names.get(b.name) ?? 0) + 1);
    const listed = [...names.values()].reduce((a, b) => a + b, 0);

    const got2xx = keys.filter((k) => k.okBodies.size > 0);
    const unsettled = keys.filter((k) => k.okBodies.size === 0 && (!k.final || isNonFinal(k.final)));
    const definite = keys.filter((k) => k.okBodies.size === 0 && k.final && !isNonFinal(k.final));
    const byName = new Map(keys.map((k) => [k.name, k]));
    const doubled = [...names.entries()].filter(([, c]) => c > 1).map(([n, c]) => `${n} ×${c}`);
    const lost = got2xx.filter((k) => !names.has(k.name)).map((k) => `${k.key} (${k.name})`);
    const behindFailure = definite
      .filter((k) => names.has(k.name))
      .map((k) => `${k.key}: final ${k.final!.status} ${k.final!.code ?? ''}`);
    const behindUnsettled = unsettled.filter((k) => names.has(k.name));
    const forbiddenCreated = [...forbiddenNames].filter((n) => names.has(n));
    const unknown = [...names.keys()].filter((n) => !byName.has(n) && !forbiddenNames.has(n));
    const twoIds = keys
      .filter((k) => k.okBodies.size > 1)
      .map((k) => `${k.key}: ${k.okBodies.size} different 2xx bodies`);
    const undocumented = Object.keys(statusCounts)
      .map(Number)
      .filter((s) => s !== 0 && !DOCUMENTED.has(s));

    checks.push({
      what: 'orders: created upstream == distinct keys that got a 2xx',
      pass: created === got2xx.length && created === listed,
      detail:
        `created ${created} (listed ${listed}) vs ${got2xx.length} keys with a 2xx; ` +
        `${behindUnsettled.length} orders behind keys left unsettled`,
    });
    checks.push({
      what: 'orders: no order placed twice (0 doubled)',
      pass: doubled.length === 0 && twoIds.length === 0,
      detail: [...doubled, ...twoIds].slice(0, 5).join('; ') || '0 doubled',
    });
    checks.push({
      what: 'orders: every 2xx answer has its order upstream (0 lost)',
      pass: lost.length === 0,
      detail: lost.slice(0, 5).join('; ') || '0 lost',
    });
    checks.push({
      what: 'orders: no order behind a definite failure answer',
      pass: behindFailure.length === 0,
      detail: behindFailure.slice(0, 5).join('; ') || 'none',
    });
    checks.push({
      what: 'orders: refused bodies never created, nothing unknown',
      pass: forbiddenCreated.length === 0 && unknown.length === 0,
      detail: [...forbiddenCreated, ...unknown].slice(0, 5).join('; ') || 'none',
    });
    checks.push({
      what: 'orders: every key settled (a 2xx or a definite answer)',
      pass: unsettled.length === 0,
      detail: unsettled.length
        ? unsettled
            .slice(0, 3)
            .map((k) => `${k.key}: ${k.final ? `${k.final.status} ${k.final.code ?? ''}` : 'no answer'}`)
            .join('; ')
        : `all ${keys.length} settled (${stats.settledAfterLoad} after the load)`,
    });
    checks.push({
      what: 'statuses: only documented ones, never 500',
      pass: undocumented.length === 0 && !statusCounts[500],
      detail: undocumented.length ? `undocumented: ${undocumented.join(', ')}` : `500s: ${statusCounts[500] ?? 0}`,
    });
    checks.push({
      what: 'invalid bodies → 422',
      pass: stats.invalidNot422.length === 0,
      detail: `${stats.invalidSent} sent; ${stats.invalidNot422.slice(0, 3).join('; ') || 'all 422'}`,
    });
    checks.push({
      what: 'replays after success identical (Idempotent-Replayed: true)',
      pass: stats.replayMismatch.length === 0,
      detail: `${stats.replaysSent} sent; ${stats.replayMismatch.slice(0, 3).join('; ') || 'all identical'}`,
    });
    checks.push({
      what: 'key reused with another body → 422 idempotency_key_reused',
      pass: stats.reuseNot422.length === 0,
      detail: `${stats.reuseSent} sent; ${stats.reuseNot422.slice(0, 3).join('; ') || 'all refused'}`,
    });
    checks.push({
      what: 'every request answered while the gateway was up',
      pass: stats.clientErrors.length === 0,
      detail: `${stats.clientErrors.slice(0, 3).join('; ') || 'none unanswered'}; ${stats.noAnswerWhileDown} unanswered while a gateway was down`,
    });
    const growth = warmGcRss && endGcRss ? (endGcRss - warmGcRss) / warmGcRss : Number.NaN;
    const rawGrowth = warmRss && endRss ? (endRss - warmRss) / warmRss : Number.NaN;
    const pct = (g: number) => `${g >= 0 ? '+' : ''}${fmt(g * 100, 1)}%`;
    const gwRestarted = downWindows.length > 0;
    checks.push({
      what: gwRestarted
        ? 'memory: not judged (the gateway was restarted)'
        : 'memory: gateway RSS after the run within 20% of after warm-up (both after a full GC)',
      pass: gwRestarted || (Number.isFinite(growth) && Math.abs(growth) <= 0.2),
      detail:
        `after a GC: ${fmt(warmGcRss, 1)} MiB at ${fmt(SECONDS * 0.1, 0)} s → ${fmt(endGcRss, 1)} MiB after the run (${pct(growth)}); ` +
        `as read without a GC: ${fmt(warmRss, 1)} → ${fmt(endRss, 1)} MiB (${pct(rawGrowth)}); under load ` +
        `${fmt(Math.min(...rss.map((r) => r.mib)), 1)}–${fmt(Math.max(...rss.map((r) => r.mib)), 1)} MiB (end of load ${fmt(loadEndRss, 1)})`,
    });

    // ---- report --------------------------------------------------------------------------------------------------
    log('');
    log(
      `gateway RSS under load (MiB, every 10 s): ${rss
        .filter((_, i) => i % 10 === 9)
        .map((r) => fmt(r.mib, 0))
        .join(' ')}`,
    );
    const heap = heapTrend(gw.logFile);
    if (heap) log(`gateway V8 heapUsed, lowest per third of the run (≈ live data after GC): ${heap} MiB`);
    log(
      `${stats.requests} requests in ${fmt(elapsed, 1)} s (${fmt(stats.requests / elapsed, 0)}/s) by ${CLIENTS} clients; ` +
        `${keys.length} orders tried (${stats.doubles} sent twice at once), ${stats.retries} retries, ${stats.invalidSent} invalid bodies`,
    );
    log(
      `statuses: ${Object.entries(statusCounts)
        .map(([s, c]) => `${s}×${c}`)
        .join('  ')}`,
    );
    log(
      `faults fired: ${state.faults.map((f) => `${f.kind}${f.status ? ` ${f.status}` : ''}${f.delayMs ? ` ${f.delayMs}ms` : ''}×${f.fired}`).join('  ') || 'none'}`,
    );
    const finals = new Map<string, number>();
    for (const k of keys)
      if (k.okBodies.size === 0 && k.final)
        finals.set(
          `${k.final.status} ${k.final.code ?? ''}${k.final.upstreamCode ? ` (${k.final.upstreamCode})` : ''}`,
          (finals.get(
            `${k.final.status} ${k.final.code ?? ''}${k.final.upstreamCode ? ` (${k.final.upstreamCode})` : ''}`,
          ) ?? 0) + 1,
        );
    log('');
    log(
      table([
        ['orders (Idempotency-Keys)', 'count'],
        ['tried', keys.length],
        ['got a 2xx (at first, after retries, or settled after a crash)', got2xx.length],
        ['definite failure (nothing ordered)', definite.length],
        ['left unsettled', unsettled.length],
        ['created upstream (simulator counts)', created],
      ]),
    );
    if (crashes.length) log(`crashes (${crashes.length}): ${crashes.join('; ')}`);
    log(
      `created ${created} = distinct succeeded keys ${got2xx.length}; doubled ${doubled.length + twoIds.length}; lost ${lost.length}`,
    );
    if (finals.size)
      log(
        `final answers without a 2xx: ${[...finals.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, c]) => `${k} ×${c}`)
          .join('; ')}`,
      );
    log('');
    log(table([['check', 'verdict', 'detail'], ...checks.map((c) => [c.what, c.pass ? 'PASS' : 'FAIL', c.detail])]));
  } catch (e) {
    checks.push({ what: 'soak ran', pass: false, detail: (e as Error).message });
    log(`soak broken: ${(e as Error).stack ?? String(e)}`);
  } finally {
    const code = await gw?.stop();
    if (gw && code !== 0)
      checks.push({ what: 'gateway shut down cleanly', pass: false, detail: `exit ${code}; log ${gw.logFile}` });
    await sim?.stop(5000);
    await store?.stop();
  }
  const failed = checks.filter((c) => !c.pass);
  log('');
  log(failed.length ? `SOAK FAILED: ${failed.length} check(s) failed` : `SOAK PASSED (${checks.length} checks)`);
  return failed.length ? 1 : 0;
}

/** Asks the gateway for a full GC (SIGUSR2 → bench/child-guard.ts, which needs --expose-gc), then reads its RSS. */
async function rssAfterGc(pid: number): Promise<number | undefined> {
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined;
  }
  await sleep(700);
  return rssMiB(pid);
}

/** From the gateway's `[bench mem]` lines (child-guard): the lowest heapUsed in each third of the run. */
function heapTrend(logFile: string): string | undefined {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  const xs = [...text.matchAll(/\[bench mem\] t=\d+s rss=[\d.]+ heapUsed=([\d.]+)/g)].map((m) => Number(m[1]));
  if (xs.length < 6) return undefined;
  const third = Math.floor(xs.length / 3);
  return [xs.slice(0, third), xs.slice(third, 2 * third), xs.slice(2 * third)]
    .map((p) => fmt(Math.min(...p), 1))
    .join(' → ');
}

const code = await main().catch((e: unknown) => {
  process.stderr.write(`soak failed: ${(e as Error).stack ?? String(e)}\n`);
  return 1;
});
process.exit(code);
