/**
 * Shared plumbing of the benchmarks: child processes that stop by themselves, readiness, the gateway's bench config,
 * RSS, percentiles, a synchronous SDK-HMAC-SHA256 signer for the load generator, tables.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ENV, TEST_ORIGIN, testConfig } from '../src/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const BENCH_DIR = here;
export const GATEWAY_DIR = resolve(here, '..');
export const REPO_ROOT = resolve(here, '../../..');
/** Results stay out of git: `artifacts/` is ignored at the root. */
export const ARTIFACTS_DIR = resolve(process.env['BENCH_ARTIFACTS_DIR'] ?? join(REPO_ROOT, 'artifacts', 'bench'));
export { DEMO_ENV, TEST_ORIGIN };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A fresh, empty directory (for one run's logs, database, profiles). */
export function freshDir(path: string): string {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

// ---- child processes -------------------------------------------------------------------------------------------

export interface Service {
  name: string;
  pid: number;
  /** first capture group of the readiness pattern (the URL) */
  url: string;
  logFile: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed by a signal). */
  stop(graceMs?: number): Promise<number | null>;
}

const running = new Set<Service>();
let hooked = false;

function hookParentExit(): void {
  if (hooked) return;
  hooked = true;
  // Last resort: never leave a child behind. SIGTERM, not SIGKILL: a child's own shutdown must run (the Redis wrapper
  // stops its redis-server); children also watch the IPC channel, and bench/child-guard.ts hard-exits after 15 s.
  process.on('exit', () => {
    for (const s of running) {
      try {
        s.proc.kill('SIGTERM');
      } catch {
        /* gone */
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping child processes…\n`);
      void Promise.all([...running].map((s) => s.stop(3000))).finally(() => process.exit(130));
    });
  }
}

/**
 * Starts `node <args>` with stdout/stderr going straight to `logFile` (not through this process: the load generator
 * must not spend CPU relaying a gateway's access log), an IPC channel the child watches to die with us, and waits
 * until `ready` matches the log.
 */
export async function startService(opts: {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  ready: RegExp;
  logFile: string;
  timeoutMs?: number;
  /** the child stops itself after this long whatever happens (default 15 min) */
  maxLifetimeMs?: number;
}): Promise<Service> {
  hookParentExit();
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, 'w');
  const proc = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: { ...opts.env, BENCH_CHILD_MAX_MS: String(opts.maxLifetimeMs ?? 15 * 60_000) },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  proc.channel?.unref();
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((r) =>
    proc.once('exit', (code) => {
      exitCode = code;
      r(code);
    }),
  );
  const spawnError = new Promise<never>((_, reject) =>
    proc.once('error', (e) => reject(new Error(`${opts.name}: cannot start (${e.message})`))),
  );
  spawnError.catch(() => undefined);
  const service: Service = {
    name: opts.name,
    pid: proc.pid ?? -1,
    url: '',
    logFile: opts.logFile,
    proc,
    exited,
    async stop(graceMs = 12_000) {
      if (exitCode === undefined) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => {
          if (exitCode === undefined) proc.kill('SIGKILL');
        }, graceMs);
        await exited;
        clearTimeout(t);
      }
      running.delete(service);
      return exitCode ?? null;
    },
  };
  running.add(service);

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const text = existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8') : '';
    const m = opts.ready.exec(text);
    if (m) {
      service.url = m[1] ?? '';
      return service;
    }
    if (exitCode !== undefined || Date.now() > deadline) {
      await service.stop(2000);
      const why =
        exitCode !== undefined && exitCode !== null ? `exited with code ${exitCode}` : 'did not become ready in time';
      throw new Error(`${opts.name} ${why}; last log lines (${opts.logFile}):\n${tail(text, 25)}`);
    }
    await Promise.race([sleep(50), spawnError]);
  }
}

export function tail(text: string, lines: number): string {
  return text
    .split('\n')
    .slice(-lines)
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Polls `url` until it answers 200 (e.g. /readyz). */
export async function waitHttpOk(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (${last})`);
}

/** The cloud simulator as its own process (bench/sim-process.ts). */
export async function startSimProcess(opts: {
  logFile: string;
  quota: number;
  maxLifetimeMs?: number;
}): Promise<Service> {
  const credentials = [
    `${DEMO_ENV['ACME_HUAWEICLOUD_AK']}:${DEMO_ENV['ACME_HUAWEICLOUD_SK']}:international`,
    `${DEMO_ENV['GLOBEX_HUAWEICLOUD_AK']}:${DEMO_ENV['GLOBEX_HUAWEICLOUD_SK']}:chinese-mainland`,
  ].join(',');
  const svc = await startService({
    name: 'cloud simulator',
    args: ['--conditions=bwkit-source', '--import', 'tsx', join(BENCH_DIR, 'sim-process.ts')],
    cwd: GATEWAY_DIR,
    env: { ...process.env, BENCH_SIM_CREDENTIALS: credentials, BENCH_SIM_QUOTA: String(opts.quota) },
    ready: /SIM_READY (http:\/\/\S+)/,
    logFile: opts.logFile,
    ...(opts.maxLifetimeMs ? { maxLifetimeMs: opts.maxLifetimeMs } : {}),
  });
  await waitHttpOk(`${svc.url}/_sim/state`);
  return svc;
}

/**
 * Writes a gateway config that faces the simulator the way production faces the cloud: `huaweicloud` mode with
 * endpoint overrides. Rate limit raised for the bench tenants (the limiter still runs: a store hit per request).
 */
export function writeGatewayConfig(
  path: string,
  opts: {
    simUrl: string;
    store: unknown;
    timeoutMs?: number;
    perMinute?: number;
    /** The config's idempotency section (leaseMs, settleMs, sweepIntervalMs). */
    idempotency?: { leaseMs?: number; settleMs?: number; sweepIntervalMs?: number };
    /** more allowed origins for every tenant (the widget time-to-interactive page is served from a loopback origin) */
    extraOrigins?: string[];
    /** replaces the first tenant's (acme's) `policy` block */
    acmePolicy?: unknown;
  },
): void {
  const raw = testConfig({
    store: opts.store,
    upstream: {
      mode: 'huaweicloud',
      endpoints: { workspace: opts.simUrl, vpc: opts.simUrl, cc: opts.simUrl, bss: opts.simUrl },
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    },
    mutate: (r) => {
      for (const t of r.tenants as { rateLimit: { perMinute: number }; allowedOrigins?: string[] }[]) {
        t.rateLimit = { perMinute: opts.perMinute ?? 100_000 };
        if (opts.extraOrigins) t.allowedOrigins = [...(t.allowedOrigins ?? []), ...opts.extraOrigins];
      }
      if (opts.idempotency) r.idempotency = opts.idempotency;
      if (opts.acmePolicy !== undefined) (r.tenants as { policy?: unknown }[])[0]!.policy = opts.acmePolicy;
    },
  });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(raw, null, 2));
}

/** The production entry point (src/main.ts) as its own process, with the demo secrets in its environment. */
export async function startGatewayProcess(opts: {
  configPath: string;
  logFile: string;
  profileDir?: string;
  maxLifetimeMs?: number;
  extraEnv?: Record<string, string>;
  /** apps/gateway of another checkout (before/after comparisons); default this one */
  gatewayDir?: string;
  /** --expose-gc, and SIGUSR2 runs a full GC (bench/child-guard.ts) */
  gcOnSignal?: boolean;
}): Promise<Service> {
  const dir = opts.gatewayDir ?? GATEWAY_DIR;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...DEMO_ENV,
    ...opts.extraEnv,
    BWKIT_CONFIG: opts.configPath,
    ...(opts.gcOnSignal ? { BENCH_GC_ON_SIGUSR2: '1' } : {}),
  };
  delete env['REDIS_URL']; // would silently override the store of the config
  delete env['PORT'];
  delete env['BWKIT_DEMO'];
  const args = ['--conditions=bwkit-source', '--import', 'tsx', '--import', join(BENCH_DIR, 'child-guard.ts')];
  if (opts.profileDir) args.push('--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`);
  if (opts.gcOnSignal) args.push('--expose-gc');
  args.push(join(dir, 'src/main.ts'));
  const svc = await startService({
    name: opts.gatewayDir ? `gateway (${dir})` : 'gateway',
    args,
    cwd: dir,
    env,
    ready: /bwkit gateway listening on (http:\/\/\S+)/,
    logFile: opts.logFile,
    ...(opts.maxLifetimeMs ? { maxLifetimeMs: opts.maxLifetimeMs } : {}),
  });
  await waitHttpOk(`${svc.url}/readyz`);
  return svc;
}

/** Resident set size of a process in MiB, from /proc/<pid>/status (Linux). */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat (Linux). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after "(comm)": state is field 3; utime and stime are fields 14 and 15 (1-based) → indexes 11 and 12 here
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ: 100 on Linux (getconf CLK_TCK)

/**
 * CPU seconds of a process and all its descendants (a database server's worker processes: PostgreSQL forks one
 * backend per connection; redis-server runs under a node wrapper), from /proc (Linux).
 */
export function treeCpuSeconds(root: number): number | undefined {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // exited meanwhile
    }
  }
  const own = cpuSeconds(root);
  if (own === undefined) return undefined;
  let total = own;
  const todo = [...(children.get(root) ?? [])];
  while (todo.length) {
    const pid = todo.pop()!;
    total += cpuSeconds(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return total;
}

// ---- statistics --------------------------------------------------------------------------------------------------

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

export const fmt = (n: number | undefined, digits = 2) =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);

/** A plain text table: first row is the header; numbers right-aligned. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 || !/^[-+]?[\d.]+(x| ms)?$/.test(c) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

// ---- a synchronous SDK-HMAC-SHA256 signer (bench only) -----------------------------------------------------------

/**
 * node:crypto, synchronous: autocannon's setupRequest hook is synchronous, so the load generator cannot await the
 * project's Web Crypto sign(). Only for simple paths without a query string (what the bench sends); run.ts checks it
 * against the project's sign() before using it.
 */
export function signSync(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string,
  creds: { ak: string; sk: string },
  sdkDate: string,
): Record<string, string> {
  const all: Record<string, string> = { ...headers, Host: url.host, 'X-Sdk-Date': sdkDate };
  const lower = Object.keys(all)
    .map((k) => [k.toLowerCase(), all[k]!] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const signedHeaders = lower.map(([k]) => k).join(';');
  const path = url.pathname.endsWith('/') ? url.pathname : url.pathname + '/';
  const canonical = [
    method,
    path,
    '',
    lower.map(([k, v]) => `${k}:${v}\n`).join(''),
    signedHeaders,
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const stringToSign = `SDK-HMAC-SHA256\n${sdkDate}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', creds.sk).update(stringToSign).digest('hex');
  all['Authorization'] = `SDK-HMAC-SHA256 Access=${creds.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return all;
}

/** `YYYYMMDDTHHMMSSZ`, cached per second (the load generator calls it per request). */
let dateCache = { sec: -1, text: '' };
export function sdkDateNow(): string {
  const sec = Math.floor(Date.now() / 1000);
  if (sec !== dateCache.sec)
    dateCache = {
      sec,
      text: new Date(sec * 1000)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
    };
  return dateCache.text;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Redis for the Redis-store scenarios: BWKIT_TEST_REDIS_URL when set, else a private redis-server on a free loopback
 * port (bench/redis-process.ts). Fails with a clear message when neither is available.
 */
export async function startRedis(
  logFile: string,
): Promise<{ url: string; own: boolean; pid?: number; stop(): Promise<void> }> {
  const given = process.env['BWKIT_TEST_REDIS_URL'];
  if (given) return { url: given, own: false, stop: async () => undefined };
  const port = await freePort();
  try {
    const svc = await startService({
      name: 'redis-server',
      args: ['--conditions=bwkit-source', '--import', 'tsx', join(BENCH_DIR, 'redis-process.ts')],
      cwd: GATEWAY_DIR,
      env: { ...process.env, BENCH_REDIS_PORT: String(port) },
      ready: /REDIS_READY (redis:\/\/\S+)/,
      logFile,
      timeoutMs: 15_000,
    });
    return {
      url: svc.url,
      own: true,
      pid: svc.pid,
      stop: async () => {
        await svc.stop(5000);
      },
    };
  } catch (e) {
    throw new Error(
      `the Redis scenario needs redis-server on PATH (apt-get install redis-server) or BWKIT_TEST_REDIS_URL:\n${(e as Error).message}`,
    );
  }
}
