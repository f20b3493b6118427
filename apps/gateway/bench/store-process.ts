/**
 * Stores as real processes that can be SIGKILLed and started again on the same data, for the crash tests
 * (src/crash*.test.ts) and the soak: redis-server with an append-only file fsynced on every write, and PostgreSQL 15
 * in a private data directory. Each runs on a fixed loopback port for its whole life, so a gateway's connection URL
 * stays valid across a crash and a restart, exactly like a store that an orchestrator restarts.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib.js';

export interface StoreProcess {
  kind: 'redis' | 'postgres';
  url: string;
  port: number;
  /** pid of the running server, or undefined while it is down */
  pid(): number | undefined;
  /** SIGKILL: no shutdown, no flush beyond what the server already wrote */
  kill9(): Promise<void>;
  /** starts it again on the same port and data */
  restart(): Promise<void>;
  /** stops it for good and removes its data */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live)
    try {
      p.kill('SIGKILL');
    } catch {
      /* gone */
    }
});

function track(proc: ChildProcess): Promise<void> {
  live.add(proc);
  return new Promise((r) =>
    proc.once('exit', () => {
      live.delete(proc);
      r();
    }),
  );
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.setTimeout(500, () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => s.write('PING\r\n'));
    s.setTimeout(500, () => {
      s.destroy();
      resolve(false);
    });
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * redis-server with `appendonly yes` and `appendfsync always`: every acknowledged write is in the AOF before the reply,
 * so a SIGKILL loses nothing acknowledged (the configuration the gateway's guarantees need from Redis). With
 * `persist: false` nothing is written to disk: it comes back empty, as a cache-style Redis does.
 */
export async function startRedisAof(opts: { persist?: boolean } = {}): Promise<StoreProcess> {
  const persist = opts.persist ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'bwkit-redis-'));
  const port = await freePort();
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        ...(persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      ],
      { stdio: 'ignore' },
    );
    const failed = new Promise<never>((_, reject) =>
      proc!.once('error', (e) => reject(new Error(`redis-server: ${e.message}`))),
    );
    failed.catch(() => undefined);
    exited = track(proc);
    await Promise.race([until('redis-server answering PING', () => redisPing(port)), failed]);
  };
  await start();
  return {
    kind: 'redis',
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => (proc && proc.exitCode === null && proc.signalCode === null ? proc.pid : undefined),
    async kill9() {
      proc?.kill('SIGKILL');
      await exited;
    },
    restart: start,
    async stop() {
      proc?.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PG_BIN = process.env['BWKIT_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/** PostgreSQL refuses to run as root: when we are root, it runs as the `postgres` system user (setpriv execs, so the
 * pid we hold is the postmaster's own). */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]];
}

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'postgres')) && existsSync(join(PG_BIN, 'initdb'));
}

/**
 * A private PostgreSQL cluster (initdb into a temporary directory, trust authentication on loopback). `fsync=off` is
 * harmless here: the tests kill the server process, not the machine, so whatever it wrote is in the OS page cache.
 */
export async function startPostgres(): Promise<StoreProcess> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (set BWKIT_PG_BIN)`);
  const root = mkdtempSync(join(tmpdir(), 'bwkit-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'run');
  mkdirSync(data);
  mkdirSync(sockets);
  if (process.getuid?.() === 0) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gw = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    const uid = Number(pw.stdout.trim());
    const gid = Number(gw.stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid))
      throw new Error('running as root needs a `postgres` system user');
    for (const d of [root, data, sockets]) chownSync(d, uid, gid);
  }
  const [initCmd, initArgs] = asPostgres(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    // A killed postmaster's backends notice its death and exit on their own; until they have, a new postmaster
    // refuses to start (its shared memory is still attached), so starting is retried for a few seconds.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [cmd, args] = asPostgres(join(PG_BIN, 'postgres'), [
        '-D',
        data,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-k',
        sockets,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=50',
      ]);
      proc = spawn(cmd, args, { stdio: 'ignore' });
      exited = track(proc);
      const up = await Promise.race([
        until(
          'postgres accepting connections',
          async () => (await canConnect(port)) && pgReady(port, sockets),
          15_000,
        ).then(() => true),
        exited.then(() => false),
      ]);
      if (up) return;
      if (Date.now() > deadline) throw new Error('postgres did not start again after a crash');
      await sleep(250);
    }
  };
  await start();
  return {
    kind: 'postgres',
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid: () => (proc && proc.exitCode === null && proc.signalCode === null ? proc.pid : undefined),
    async kill9() {
      proc?.kill('SIGKILL');
      await exited;
    },
    restart: start,
    async stop() {
      proc?.kill('SIGKILL');
      await exited;
      // backends may linger a moment after the postmaster's death
      await sleep(200);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function pgReady(port: number, sockets: string): Promise<boolean> {
  const r = spawnSync(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '1'], {
    encoding: 'utf8',
  });
  void sockets;
  return Promise.resolve(r.status === 0);
}
