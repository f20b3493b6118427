/**
 * `pnpm bench`: the BFF against a bare signing forwarder against the simulator alone, in one run, on loopback.
 *
 *   1. signer micro-benchmark (bench/signer.ts)
 *   2. widget bundle sizes (`pnpm --filter @bwkit/widgets size`) when packages/widgets/dist exists
 *   3. every server in its own process — the cloud simulator (bench/sim-process.ts), the forwarder
 *      (bench/forwarder.ts), the gateway (src/main.ts, huaweicloud mode → simulator URL) once with the SQLite store and
 *      once with Redis — then autocannon, same connections for all, POSTs a shared bandwidth:
 *        sim         signed requests straight to the simulator (POST /v2.0/{project}/bandwidths)
 *        forwarder   sign + fetch, nothing else (the baseline the targets name)
 *        forwarder-request  the same through the gateway's own upstream exchange (undici request()): reported beside
 *                    it, so what the cheaper exchange saves is not mistaken for the BFF's own thrift
 *        bff-sqlite  token, validation, fresh Idempotency-Key per request, rate limit, audit — SQLite store
 *        bff-redis   the same with Redis
 *      The measured time of each scenario is split into BENCH_ROUNDS rounds, interleaved (order rotated every
 *      round), so background noise on a shared machine hits all scenarios alike; then a 1-connection pass per
 *      scenario gives the unloaded latency.
 *   4. a table, the ratios and targets (PASS/MISS), artifacts/bench/latest.json
 *   5. store round trips per POST, counted by a Proxy around the store (bench/bff-process.ts), first POST and replay,
 *      on SQLite, Redis and PostgreSQL; and each of those store calls timed alone (bench/store-costs.ts)
 *   6. the read paths with the list cache on and off, with store and cloud calls per request (bench/extras.ts)
 *   7. widget time to interactive in Chromium, cold and warm, with the critical path (bench/widget-tti.ts)
 *   8. bwkit.js gzip size against the 20 kB budget
 *
 * Env: BENCH_DURATION (s per scenario, all rounds, default 10), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (10),
 * BENCH_ROUNDS (3), BENCH_PROBE (s of the 1-connection pass, 4; 0 = off), BENCH_SCENARIOS (comma list; default
 * sim,forwarder,forwarder-request,bff-sqlite,bff-redis,bff-postgres), BENCH_EXTRAS=0 (skips 5–8 below), BENCH_READ_DURATION (s per read
 * path and cache setting, 3),
 * BENCH_SKIP_SIGNER=1, BENCH_PROFILE=1 (gateways run with --cpu-prof; top functions printed), BWKIT_TEST_REDIS_URL,
 * BENCH_COMPARE=<another checkout's root> (its gateway runs as extra scenarios "… [compare]", interleaved with this
 * one's: a before/after of a change in one run, under the same noise).
 * Exits non-zero only when the bench itself is broken (a process fails, > 1% non-2xx or errors); a missed target
 * prints MISS and the gap.
 *
 * Signing in scenario `sim`: autocannon's setupRequest hook is synchronous, so each request is signed in the load
 * generator with node:crypto (lib.ts signSync, checked against the project's sign() by the signer benchmark) — every
 * request freshly signed, with a distinct body and the current X-Sdk-Date.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mintToken } from '../src/testing/index.js';
import { type RawRun, runOnce, type ScenarioResult, summarise } from './cannon.js';
import {
  benchReadPaths,
  countRoundTrips,
  loadPolicyVariants,
  policyVariantsText,
  type ReadResult,
  type RoundTrips,
  readPathsText,
  roundTripsText,
  SPEND_CAP_POLICY,
} from './extras.js';
import {
  ARTIFACTS_DIR,
  BENCH_DIR,
  DEMO_ENV,
  fmt,
  freshDir,
  GATEWAY_DIR,
  REPO_ROOT,
  type Service,
  sdkDateNow,
  signSync,
  startGatewayProcess,
  startRedis,
  startService,
  startSimProcess,
  TEST_ORIGIN,
  table,
  writeGatewayConfig,
} from './lib.js';
import { type ProfileSummary, summariseProfile } from './profile-summary.js';
import { runSignerBench, type SignerBenchResult } from './signer.js';
import { measureStoreCosts, type StoreCosts, storeCostsDb, storeCostsText } from './store-costs.js';
import { postgresAvailable, type StoreProcess, startPostgres } from './store-process.js';
import { measureTti, type TtiResult } from './widget-tti.js';

const BUNDLE_BUDGET = 20_000; // bytes, as packages/widgets/scripts/size.ts counts it
function bundleSize(): { raw: number; gzip: number; gzFile?: number } | undefined {
  const file = join(REPO_ROOT, 'packages/widgets/dist/bwkit.js');
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    ...(existsSync(file + '.gz') ? { gzFile: readFileSync(file + '.gz').length } : {}),
  };
}

const env = process.env;
const num = (name: string, dflt: number, min: number, max: number): number => {
  const v = Number(env[name] ?? dflt);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return v;
};
const DURATION = num('BENCH_DURATION', 10, 1, 600);
const WARMUP = num('BENCH_WARMUP', 2, 0, 60);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10, 1, 256);
const ROUNDS = num('BENCH_ROUNDS', 3, 1, 10);
const PROBE = num('BENCH_PROBE', 4, 0, 60);
const PROFILE = env['BENCH_PROFILE'] === '1';
const ALL = [
  'sim',
  'forwarder',
  'forwarder-request',
  'bff-sqlite',
  'bff-redis',
  'bff-postgres',
  'forwarder-compare',
  'bff-sqlite-compare',
  'bff-redis-compare',
] as const;
type ScenarioName = (typeof ALL)[number];
const COMPARE = env['BENCH_COMPARE'] ? join(env['BENCH_COMPARE'], 'apps/gateway') : undefined;
if (COMPARE && !existsSync(join(COMPARE, 'src/main.ts')))
  throw new Error(`BENCH_COMPARE: no apps/gateway/src/main.ts under ${env['BENCH_COMPARE']}`);
const SELECTED = new Set(
  (env['BENCH_SCENARIOS'] ?? 'sim,forwarder,forwarder-request,bff-sqlite,bff-redis,bff-postgres')
    .split(',')
    .map((s) => s.trim()),
);
if (COMPARE)
  for (const k of ['forwarder', 'bff-sqlite', 'bff-redis']) if (SELECTED.has(k)) SELECTED.add(`${k}-compare`);
if (!COMPARE && [...SELECTED].some((s) => s.endsWith('-compare')))
  throw new Error('the -compare scenarios need BENCH_COMPARE=<another checkout>');
for (const s of SELECTED)
  if (!(ALL as readonly string[]).includes(s)) throw new Error(`BENCH_SCENARIOS: unknown "${s}" (${ALL.join(', ')})`);
const MAX_BROKEN_PCT = 1;
const TARGET_THROUGHPUT = 0.7;
const TARGET_ADDED_P50_MS = 1;
const TARGET_CPU_MS = 1.2;
const EXTRAS = env['BENCH_EXTRAS'] !== '0';
const READ_DURATION = num('BENCH_READ_DURATION', 3, 1, 60);

const ACME_PROJECT = '1f7a534e5511a5b93f78d116ab2f5dd9'; // acme's default region (ap-southeast-3) in the demo config
const ACME = { ak: DEMO_ENV['ACME_HUAWEICLOUD_AK']!, sk: DEMO_ENV['ACME_HUAWEICLOUD_SK']! };
const RUN_TAG = `r${Date.now().toString(36)}`;
const LABELS: Record<ScenarioName, string> = {
  sim: 'simulator alone (signed, direct)',
  forwarder: 'bare forwarder (sign + fetch)',
  'forwarder-request': 'bare forwarder (sign + undici request)',
  'forwarder-compare': 'bare forwarder (sign + fetch) [compare]',
  'bff-sqlite': 'BFF via gateway, SQLite store',
  'bff-redis': 'BFF via gateway, Redis store',
  'bff-postgres': 'BFF via gateway, PostgreSQL store',
  'bff-sqlite-compare': 'BFF via gateway, SQLite store [compare]',
  'bff-redis-compare': 'BFF via gateway, Redis store [compare]',
};

const runDir = freshDir(join(ARTIFACTS_DIR, 'run'));
const problems: string[] = [];
const log = (s = '') => process.stdout.write(s + '\n');

// Hard bound on the whole run, whatever happens.
setTimeout(() => {
  process.stderr.write('bench: overall time limit (15 min) reached, giving up\n');
  process.exit(3);
}, 15 * 60_000).unref();

interface Scenario {
  name: ScenarioName;
  /** the process that answers the load generator */
  pid: number;
  url: string;
  path: string;
  next: () => { headers: Record<string, string>; body: string };
  runs: RawRun[];
  probe?: RawRun;
  /** the store's server (redis-server, PostgreSQL and its backends), whose CPU is accounted too */
  storePid?: number;
}

async function sanity(name: string, url: string, init: RequestInit): Promise<void> {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await r.text();
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${name}: a single request answered ${r.status}: ${text.slice(0, 400)}`);
}

async function resetSim(simUrl: string) {
  const r = await fetch(`${simUrl}/_sim/reset`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`simulator reset answered ${r.status}`);
}

function widgetSizes(): string {
  const dist = join(REPO_ROOT, 'packages/widgets/dist');
  if (!existsSync(dist))
    return 'Widget bundle: not built (packages/widgets/dist is missing: `pnpm --filter @bwkit/widgets build`, then `pnpm size`).';
  const r = spawnSync('pnpm', ['--silent', '--filter', '@bwkit/widgets', 'size'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  return `Widget bundle sizes (pnpm --filter @bwkit/widgets size, exit ${r.status ?? r.signal}):\n${out}`;
}

function machine() {
  const c = cpus();
  return {
    cpus: c.length,
    model: c[0]?.model ?? 'unknown',
    node: process.version,
    loadavg: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function bffNext(token: string, prefix: string) {
  let n = 0;
  return () => {
    const i = n++;
    return {
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        origin: TEST_ORIGIN,
        'idempotency-key': `${RUN_TAG}-${prefix}-${i}`,
      },
      body: JSON.stringify({ name: `bench-${prefix}-${i}`, sizeMbps: 10 }),
    };
  };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const m = machine();
  log(
    `bwkit bench — ${startedAt.toISOString()} — ${m.cpus} × ${m.model}, Node ${m.node}, load average ${m.loadavg.join(' ')}`,
  );
  log(`artifacts: ${runDir}`);

  let signer: SignerBenchResult | undefined;
  if (env['BENCH_SKIP_SIGNER'] !== '1') {
    log('\n▶ signer micro-benchmark …');
    signer = await runSignerBench();
    log(signer.text);
  }
  const sizes = widgetSizes();
  log(`\n${sizes}`);

  const scenarios: Scenario[] = [];
  const services: Service[] = [];
  /** profiled processes: the gateways and the forwarder */
  const gateways: { kind: string; svc: Service; spawnedAt: number; profileDir: string }[] = [];
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let postgres: StoreProcess | undefined;
  let roundTrips: RoundTrips[] = [];
  let reads: ReadResult[] = [];
  const storeCosts: StoreCosts[] = [];
  let policyLoads: Awaited<ReturnType<typeof loadPolicyVariants>> = [];
  let tti: TtiResult | undefined;
  let loadStartedAt = 0;
  let simPid = -1;
  const profiles: ProfileSummary[] = [];
  try {
    // Fail early and clearly when Redis is missing, before minutes of other scenarios.
    if (SELECTED.has('bff-redis') || EXTRAS) redis = await startRedis(join(runDir, 'redis.log'));
    if (SELECTED.has('bff-postgres') || EXTRAS) {
      if (!postgresAvailable())
        throw new Error(
          'the PostgreSQL scenario needs PostgreSQL 15 (/usr/lib/postgresql/15/bin, or BWKIT_PG_BIN); BENCH_SCENARIOS without bff-postgres and BENCH_EXTRAS=0 skip it. It runs with fsync=off and synchronous_commit=off (bench/store-process.ts)',
        );
      postgres = await startPostgres();
    }
    const sim = await startSimProcess({ logFile: join(runDir, 'sim.log'), quota: 10_000_000 });
    services.push(sim);
    simPid = sim.pid;
    log(`\ncloud simulator: pid ${sim.pid} at ${sim.url} (shared-bandwidth quota raised to 10 000 000 per project)`);

    if (SELECTED.has('sim')) {
      const path = `/v2.0/${ACME_PROJECT}/bandwidths`;
      const target = new URL(sim.url + path);
      let n = 0;
      const next = () => {
        const body = JSON.stringify({ bandwidth: { name: `bench-sim-${n++}`, size: 10 } });
        const headers = signSync(
          'POST',
          target,
          {
            'Content-Type': 'application/json;charset=UTF-8',
            'X-Project-Id': ACME_PROJECT,
            'User-Agent': 'bwkit/0.1',
          },
          body,
          ACME,
          sdkDateNow(),
        );
        return { headers, body };
      };
      const firstReq = next();
      const { Host: _host, ...firstHeaders } = firstReq.headers;
      await sanity('simulator', sim.url + path, { method: 'POST', headers: firstHeaders, body: firstReq.body });
      scenarios.push({ name: 'sim', pid: sim.pid, url: sim.url, path, next, runs: [] });
    }

    for (const name of ['forwarder', 'forwarder-request', 'forwarder-compare'] as const) {
      if (!SELECTED.has(name)) continue;
      // the compared checkout's own forwarder: it signs with that checkout's signer
      const file =
        name !== 'forwarder-compare' ? join(BENCH_DIR, 'forwarder.ts') : join(COMPARE!, 'bench/forwarder.ts');
      if (!existsSync(file)) throw new Error(`${file} is missing`);
      const profileDir = join(runDir, 'profiles', name);
      const fwd = await startService({
        name,
        args: [
          '--conditions=bwkit-source',
          '--import',
          'tsx',
          ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
          file,
        ],
        cwd: name !== 'forwarder-compare' ? GATEWAY_DIR : COMPARE!,
        env: {
          ...env,
          FWD_SIM_URL: sim.url,
          FWD_AK: ACME.ak,
          FWD_SK: ACME.sk,
          FWD_PROJECT_ID: ACME_PROJECT,
          FWD_SEND: name === 'forwarder-request' ? 'request' : 'fetch',
        },
        ready: /FORWARDER_READY (http:\/\/\S+)/,
        logFile: join(runDir, `${name}.log`),
      });
      services.push(fwd);
      gateways.push({ kind: name, svc: fwd, spawnedAt: Date.now(), profileDir });
      log(`${name}: pid ${fwd.pid} at ${fwd.url}${PROFILE ? ' (--cpu-prof)' : ''}`);
      let n = 0;
      const next = () => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `bench-${name}-${n++}`, sizeMbps: 10 }),
      });
      await sanity(name, fwd.url + '/v1/shared-bandwidths', { method: 'POST', ...next() });
      scenarios.push({ name, pid: fwd.pid, url: fwd.url, path: '/v1/shared-bandwidths', next, runs: [] });
    }

    for (const variant of ['sqlite', 'redis', 'postgres', 'sqlite-compare', 'redis-compare'] as const) {
      const name = `bff-${variant}` as const;
      if (!SELECTED.has(name)) continue;
      const kind = variant.startsWith('sqlite') ? 'sqlite' : variant.startsWith('redis') ? 'redis' : 'postgres';
      const compare = variant.endsWith('-compare');
      const configPath = join(runDir, `gateway-${variant}.json`);
      const store =
        kind === 'sqlite'
          ? { kind: 'sqlite', path: join(runDir, `bench-${variant}.db`) }
          : kind === 'redis'
            ? { kind: 'redis', url: redis!.url }
            : { kind: 'postgres', url: postgres!.url };
      writeGatewayConfig(configPath, { simUrl: sim.url, store });
      const profileDir = join(runDir, 'profiles', variant);
      const spawnedAt = Date.now();
      const gw = await startGatewayProcess({
        configPath,
        logFile: join(runDir, `gateway-${variant}.log`),
        ...(PROFILE ? { profileDir } : {}),
        ...(compare ? { gatewayDir: COMPARE! } : {}),
      });
      services.push(gw);
      gateways.push({ kind: variant, svc: gw, spawnedAt, profileDir });
      log(
        `gateway (${kind} store${compare ? `, from ${COMPARE}` : ''}): pid ${gw.pid} at ${gw.url}, upstream huaweicloud mode → ${sim.url}${PROFILE ? ' (--cpu-prof)' : ''}`,
      );
      const token = await mintToken({ tenant: 'acme', sub: `bench-${RUN_TAG}-${variant}`, ttl: 900 });
      const next = bffNext(token, variant);
      await sanity(`gateway (${variant})`, gw.url + '/v1/shared-bandwidths', { method: 'POST', ...next() });
      const storePid = kind === 'redis' ? redis!.pid : kind === 'postgres' ? postgres!.pid() : undefined;
      scenarios.push({
        name,
        pid: gw.pid,
        url: gw.url,
        path: '/v1/shared-bandwidths',
        next,
        runs: [],
        ...(storePid !== undefined ? { storePid } : {}),
      });
    }

    // ---- measured rounds, interleaved ---------------------------------------------------------------------------
    loadStartedAt = Date.now();
    const perRound = DURATION / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      const warm = round === 0 ? WARMUP : Math.min(WARMUP, 1);
      for (let k = 0; k < scenarios.length; k++) {
        const s = scenarios[(k + round) % scenarios.length]!;
        await resetSim(sim.url);
        process.stdout.write(
          `\n▶ round ${round + 1}/${ROUNDS} ${LABELS[s.name]}: ${CONNECTIONS} connections, ${warm} s warm-up + ${fmt(perRound, 1)} s … `,
        );
        const r = await runOnce({
          url: s.url,
          path: s.path,
          connections: CONNECTIONS,
          durationS: perRound,
          warmupS: warm,
          next: s.next,
          watch:
            s.name === 'sim'
              ? { server: s.pid }
              : { server: s.pid, simulator: simPid, ...(s.storePid !== undefined ? { store: s.storePid } : {}) },
        });
        s.runs.push(r);
        process.stdout.write(`${Math.round(r.latencies.length / r.durationS)} req/s`);
      }
    }
    if (PROBE > 0) {
      for (const s of scenarios) {
        await resetSim(sim.url);
        process.stdout.write(`\n▶ unloaded latency, ${LABELS[s.name]}: 1 connection, 1 s warm-up + ${PROBE} s … `);
        s.probe = await runOnce({
          url: s.url,
          path: s.path,
          connections: 1,
          durationS: PROBE,
          warmupS: 1,
          next: s.next,
        });
        process.stdout.write(`p50 ${fmt(summarise(s.name, '', 1, [s.probe]).p50)} ms`);
      }
    }
    log('');
    if (EXTRAS) {
      log('\n▶ store round trips per POST (the BFF alone, store wrapped in a counting Proxy) …');
      for (const kind of ['sqlite', 'redis', 'postgres'] as const) {
        await resetSim(sim.url);
        const store =
          kind === 'sqlite'
            ? { kind: 'sqlite', path: join(runDir, 'counted.db') }
            : kind === 'redis'
              ? { kind: 'redis', url: redis!.url }
              : { kind: 'postgres', url: postgres!.url };
        roundTrips.push(await countRoundTrips(kind, store, sim.url, runDir));
      }
      // the same on SQLite with a policy that prices every purchase (spend cap + approval by amount)
      await resetSim(sim.url);
      roundTrips.push(
        await countRoundTrips(
          'sqlite+spend cap',
          { kind: 'sqlite', path: join(runDir, 'counted-cap.db') },
          sim.url,
          runDir,
          50,
          SPEND_CAP_POLICY,
        ),
      );
      policyLoads = await loadPolicyVariants({
        simUrl: sim.url,
        simPid: sim.pid,
        runDir,
        durationS: READ_DURATION,
        connections: CONNECTIONS,
      });
      log('▶ each store call alone (what each guarantee costs) …');
      for (const kind of ['sqlite', 'redis', 'postgres'] as const) {
        const store =
          kind === 'sqlite'
            ? { kind: 'sqlite', path: storeCostsDb(runDir) }
            : kind === 'redis'
              ? { kind: 'redis', url: redis!.url }
              : { kind: 'postgres', url: postgres!.url };
        storeCosts.push(await measureStoreCosts(kind, store));
      }
      await resetSim(sim.url);
      reads = await benchReadPaths({
        simUrl: sim.url,
        simPid: sim.pid,
        runDir,
        durationS: READ_DURATION,
        probeS: Math.min(PROBE, 2),
        connections: CONNECTIONS,
        log,
      });
      log('');
      await resetSim(sim.url);
      tti = await measureTti({ simUrl: sim.url, runDir, log });
    }
  } catch (e) {
    problems.push((e as Error).message);
  } finally {
    for (const svc of services.reverse()) {
      const code = await svc.stop(12_000);
      if (code !== 0 && code !== null) problems.push(`${svc.name} exited with ${code} (log ${svc.logFile})`);
    }
    await redis?.stop();
    await postgres?.stop();
  }
  if (PROFILE) {
    for (const g of gateways) {
      // thread 0 is the main thread (the other file is tsx's module-loader worker)
      const file = existsSync(g.profileDir)
        ? readdirSync(g.profileDir).find((f) => /\.0\.\d+\.cpuprofile$/.test(f))
        : undefined;
      if (file) profiles.push(summariseProfile(join(g.profileDir, file), 15, Math.max(0, loadStartedAt - g.spawnedAt)));
      else problems.push(`no CPU profile was written for ${g.kind} (${g.profileDir})`);
    }
  }

  // ---- report -------------------------------------------------------------------------------------------------------
  const results = new Map<ScenarioName, ScenarioResult>();
  const probes = new Map<ScenarioName, ScenarioResult>();
  for (const s of scenarios) {
    if (s.runs.length) results.set(s.name, summarise(s.name, LABELS[s.name], CONNECTIONS, s.runs));
    if (s.probe) probes.set(s.name, summarise(s.name, LABELS[s.name], 1, [s.probe]));
  }
  for (const r of [...results.values(), ...probes.values()]) {
    if (r.non2xxPct > MAX_BROKEN_PCT) {
      problems.push(
        `${r.label} (${r.connections} conn.): ${fmt(r.non2xxPct)}% of answers were not 2xx (statuses ${JSON.stringify(r.statuses)}, ` +
          `socket errors ${r.errors}${r.errorSample ? `: ${r.errorSample}` : ''}) — a benchmark of failures measures nothing`,
      );
    }
  }
  const rows = ALL.map((n) => results.get(n)).filter((r): r is ScenarioResult => r !== undefined);
  const fwd = results.get('forwarder');
  const simR = results.get('sim');
  log('\n' + '='.repeat(110));
  log(
    `Results — ${startedAt.toISOString().slice(0, 10)}, ${m.cpus} CPUs (${m.model}), Node ${m.node}; loopback; ${CONNECTIONS} connections; ` +
      `${fmt(DURATION, 0)} s measured per scenario in ${ROUNDS} interleaved round${ROUNDS > 1 ? 's' : ''} after ${WARMUP} s warm-up; latency of 2xx answers`,
  );
  log(
    table([
      [
        'scenario',
        'req/s',
        'per round',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'non-2xx',
        'vs forwarder',
        'vs simulator',
        'p50 ms @1 conn.',
        'CPU ms/req',
      ],
      ...rows.map((r) => [
        r.label,
        Math.round(r.rps),
        r.roundRps.map((x) => Math.round(x)).join('/'),
        fmt(r.p50),
        fmt(r.p90),
        fmt(r.p99),
        `${fmt(r.non2xxPct, 1)}%`,
        ((b) => (b ? `${fmt(r.rps / b.rps)}x` : ''))(
          r.name.endsWith('-compare') ? results.get('forwarder-compare') : fwd,
        ),
        simR ? `${fmt(r.rps / simR.rps)}x` : '',
        fmt(probes.get(r.name as ScenarioName)?.p50),
        fmt(r.cpuMsPerReq['server'], 3),
      ]),
    ]),
  );
  log('CPU ms/req: CPU time (user + system, all threads) of the process that answered, per answered request, measured');
  log(
    'phase only — less sensitive to other load on the machine than req/s. Simulator CPU ms/req in each scenario: ' +
      rows
        .map((r) => `${r.name} ${fmt(r.name === 'sim' ? r.cpuMsPerReq['server'] : r.cpuMsPerReq['simulator'], 3)}`)
        .join(', ') +
      '.',
  );
  const withStore = rows.filter((r) => r.cpuMsPerReq['store'] !== undefined);
  if (withStore.length)
    log(
      'Store server CPU ms/req (redis-server; PostgreSQL with its backends — on the same cores as everything else, so ' +
        `it takes from the throughput too): ${withStore.map((r) => `${r.name} ${fmt(r.cpuMsPerReq['store'], 3)}`).join(', ')}.`,
    );
  log(`status codes: ${rows.map((r) => `${r.name} ${JSON.stringify(r.statuses)}`).join('; ')}`);

  const targets: { what: string; value: number; unit: 'x' | 'ms' | 'kB'; goal: string; pass: boolean; gap: string }[] =
    [];
  for (const kind of ['sqlite', 'redis', 'postgres', 'sqlite-compare', 'redis-compare'] as const) {
    const b = results.get(`bff-${kind}`);
    // a compared checkout's BFF is held against that checkout's forwarder (same signer)
    const fwd = kind.endsWith('-compare') ? results.get('forwarder-compare') : results.get('forwarder');
    const fwdProbe = kind.endsWith('-compare') ? probes.get('forwarder-compare') : probes.get('forwarder');
    if (!b || !fwd) continue;
    const ratio = b.rps / fwd.rps;
    targets.push({
      what: `BFF (${kind}) / forwarder throughput`,
      value: ratio,
      unit: 'x',
      goal: `≥ ${TARGET_THROUGHPUT}x`,
      pass: ratio >= TARGET_THROUGHPUT,
      gap: `needs +${Math.round(TARGET_THROUGHPUT * fwd.rps - b.rps)} req/s (${fmt(TARGET_THROUGHPUT / ratio)}x today's)`,
    });
    const fc = fwd.cpuMsPerReq['server'];
    const bc = b.cpuMsPerReq['server'];
    if (fc && bc) {
      targets.push({
        what: `BFF (${kind}) / forwarder, CPU-bound capacity (CPU per request)`,
        value: fc / bc,
        unit: 'x',
        goal: `≥ ${TARGET_THROUGHPUT}x`,
        pass: fc / bc >= TARGET_THROUGHPUT,
        gap: `BFF needs ≤ ${fmt(fc / TARGET_THROUGHPUT, 2)} CPU ms/req, uses ${fmt(bc, 2)}`,
      });
    }
    if (bc) {
      targets.push({
        what: `BFF (${kind}) CPU ms per request`,
        value: bc,
        unit: 'ms',
        goal: `≤ ${TARGET_CPU_MS} ms`,
        pass: bc <= TARGET_CPU_MS,
        gap: `${fmt(bc - TARGET_CPU_MS)} ms over`,
      });
    }
    // Reported, not judged: at saturation the p50 is mostly queueing (≈ connections ÷ throughput), so it restates the
    // throughput ratio; the BFF's own added latency is the unloaded figure below.
    targets.push({
      what: `BFF (${kind}) added p50, ${CONNECTIONS} connections (queueing)`,
      value: b.p50 - fwd.p50,
      unit: 'ms',
      goal: 'report',
      pass: true,
      gap: '',
    });
    const bp = probes.get(`bff-${kind}`);
    if (bp && fwdProbe) {
      const addedU = bp.p50 - fwdProbe.p50;
      targets.push({
        what: `BFF (${kind}) added p50, 1 connection (unloaded)`,
        value: addedU,
        unit: 'ms',
        goal: `≤ ${TARGET_ADDED_P50_MS} ms`,
        pass: addedU <= TARGET_ADDED_P50_MS,
        gap: `${fmt(addedU - TARGET_ADDED_P50_MS)} ms over`,
      });
    }
    // The targets hold the BFF against the issue's baseline (a forwarder on fetch); the gateway sends with undici's
    // request(), so the same forwarder on that exchange is reported too: what the transport saves is not the BFF's.
    const same = kind.endsWith('-compare') ? undefined : results.get('forwarder-request');
    if (same) {
      targets.push({
        what: `BFF (${kind}) / forwarder on the same exchange, throughput`,
        value: b.rps / same.rps,
        unit: 'x',
        goal: 'report',
        pass: true,
        gap: '',
      });
      const sc = same.cpuMsPerReq['server'];
      if (sc && bc) {
        targets.push({
          what: `BFF (${kind}) / forwarder on the same exchange, CPU per request`,
          value: sc / bc,
          unit: 'x',
          goal: 'report',
          pass: true,
          gap: '',
        });
      }
    }
  }
  for (const kind of ['sqlite', 'redis', 'postgres', 'sqlite-compare', 'redis-compare'] as const) {
    const b = results.get(`bff-${kind}`);
    if (b && simR) log(`BFF (${kind}) / simulator throughput: ${fmt(b.rps / simR.rps)}x`);
  }
  const bundle = bundleSize();
  if (bundle) {
    targets.push({
      what: 'bwkit.js gzip (all elements, Lit included)',
      value: bundle.gzip / 1000,
      unit: 'kB',
      goal: `≤ ${BUNDLE_BUDGET / 1000} kB`,
      pass: bundle.gzip <= BUNDLE_BUDGET,
      gap: `${fmt((bundle.gzip - BUNDLE_BUDGET) / 1000)} kB over`,
    });
  }
  if (tti) {
    for (const load of [tti.cold, tti.warm, tti.sameTab]) {
      targets.push({
        what: `widget navigation → bwkit-ready, ${load.kind} load`,
        value: load.readyMs,
        unit: 'ms',
        goal: 'report',
        pass: true,
        gap: '',
      });
    }
  }
  if (targets.length) {
    log('\nTargets (a MISS does not fail the run)');
    log(
      table([
        ['target', 'measured', 'goal', 'verdict'],
        ...targets.map((t) => [
          t.what,
          t.unit === 'x' ? `${fmt(t.value)}x` : `${fmt(t.value)} ${t.unit}`,
          t.goal,
          t.goal === 'report' ? '—' : t.pass ? 'PASS' : `MISS — ${t.gap}`,
        ]),
      ]),
    );
  }
  if (roundTrips.length) log('\n' + roundTripsText(roundTrips));
  if (policyLoads.length) log('\n' + policyVariantsText(policyLoads, CONNECTIONS));
  if (storeCosts.length) log('\n' + storeCostsText(storeCosts));
  if (reads.length)
    log(
      '\n' +
        readPathsText(reads, CONNECTIONS) +
        '\nQuotes are cached by their own TTL (routes/quotes QUOTE_CACHE_TTL_MS), which listCacheTtlMs does not turn off.',
    );
  if (tti) log('\n' + tti.text);
  if (bundle)
    log(
      `\nbwkit.js: ${bundle.raw} B raw, ${bundle.gzip} B gzip -9 (dist/bwkit.js.gz as built: ${bundle.gzFile ?? 'n/a'} B), budget ${BUNDLE_BUDGET} B: ${bundle.gzip <= BUNDLE_BUDGET ? 'PASS' : 'MISS'}`,
    );
  if (signer) {
    log(
      `Signer bwkit/SDK (goal ≥ 1.0x): sequential ${fmt(signer.ratioSequential)}x ${signer.ratioSequential >= 1 ? 'PASS' : 'MISS'}, ` +
        `concurrent ${fmt(signer.ratioBestConcurrent)}x ${signer.ratioBestConcurrent >= 1 ? 'PASS' : 'MISS'}`,
    );
  }
  for (const p of profiles) log('\n' + p.text);
  if (!PROFILE && targets.some((t) => !t.pass))
    log(
      '\nA target was missed: `BENCH_PROFILE=1 pnpm bench` profiles the gateways (--cpu-prof) and prints their top functions.',
    );

  const report = {
    date: startedAt.toISOString(),
    machine: m,
    settings: {
      durationS: DURATION,
      warmupS: WARMUP,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      probeS: PROBE,
      profile: PROFILE,
      compare: COMPARE,
    },
    scenarios: rows,
    unloaded: [...probes.values()],
    ratios: {
      ...(fwd && results.get('bff-sqlite') ? { bffSqliteOverForwarder: results.get('bff-sqlite')!.rps / fwd.rps } : {}),
      ...(fwd && results.get('bff-redis') ? { bffRedisOverForwarder: results.get('bff-redis')!.rps / fwd.rps } : {}),
      ...(simR && results.get('bff-sqlite')
        ? { bffSqliteOverSimulator: results.get('bff-sqlite')!.rps / simR.rps }
        : {}),
      ...(simR && results.get('bff-redis') ? { bffRedisOverSimulator: results.get('bff-redis')!.rps / simR.rps } : {}),
      ...(simR && fwd ? { forwarderOverSimulator: fwd.rps / simR.rps } : {}),
    },
    targets,
    signer: signer ? { ...signer, text: undefined } : undefined,
    widgetSizes: sizes,
    bundle,
    roundTrips,
    storeCosts,
    policyLoads,
    reads: reads.map((r) => ({ ...r, loaded: { ...r.loaded } })),
    tti: tti ? { ...tti, text: undefined } : undefined,
    profiles: profiles.map((p) => ({ ...p, text: undefined })),
    problems,
  };
  const out = join(ARTIFACTS_DIR, 'latest.json');
  writeFileSync(out, JSON.stringify(report, null, 2));
  log(`\nreport: ${out}`);
  if (problems.length) {
    log('\nBENCH BROKEN:');
    for (const p of problems) log(`  - ${p}`);
    return 1;
  }
  return 0;
}

const code = await main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  return 1;
});
process.exit(code);
