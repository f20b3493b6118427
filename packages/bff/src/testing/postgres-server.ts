import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

export interface TestPostgres {
  url: string;
  /** Stops the cluster (a private one is also deleted). */
  stop(): Promise<void>;
  /** Private cluster only: SIGKILL the postmaster, as a crash would (data that was committed stays on disk). */
  kill(): Promise<void>;
  /** Private cluster only: start it again on the same port and data directory. */
  start(): Promise<void>;
}

/** Where Debian/Ubuntu put the server binaries (initdb, pg_ctl are not on PATH there), newest first. */
function binDir(): string {
  const explicit = process.env['BWKIT_PG_BIN'];
  if (explicit) return explicit;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return ''; // rely on PATH
}

/**
 * A real PostgreSQL for tests: BWKIT_TEST_DATABASE_URL when set (CI starts one), otherwise a throw-away cluster
 * (initdb + pg_ctl) in a temporary directory on a free loopback port, deleted by `stop()`. PostgreSQL refuses to run
 * as root, so as root the cluster runs as the `postgres` user (runuser). Fails loudly when neither is available.
 */
export async function testPostgres(): Promise<TestPostgres> {
  const given = process.env['BWKIT_TEST_DATABASE_URL'];
  if (given) {
    await waitForPostgres(given);
    const unsupported = async () => {
      throw new Error('kill/start need a private cluster (unset BWKIT_TEST_DATABASE_URL)');
    };
    return { url: given, async stop() {}, kill: unsupported, start: unsupported };
  }
  const bin = binDir();
  const tool = (name: string) => (bin ? join(bin, name) : name);
  const asRoot = userInfo().uid === 0;
  const exec = async (name: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', tool(name), ...args]] : [tool(name), args];
    try {
      return await run(cmd, argv, { timeout: 60_000 });
    } catch (e) {
      const err = e as Error & { stderr?: string; code?: string };
      if (err.code === 'ENOENT') {
        throw new Error(
          `PostgreSQL tests need initdb/pg_ctl (apt-get install postgresql) or BWKIT_TEST_DATABASE_URL (${err.message})`,
        );
      }
      throw new Error(`${name} failed: ${err.stderr || err.message}`);
    }
  };

  const dir = mkdtempSync(join(tmpdir(), 'bwkit-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const pw = await run('id', ['-u', 'postgres']).catch(() => {
      throw new Error('running as root: PostgreSQL tests need a "postgres" system user to run the cluster as');
    });
    const gid = (await run('id', ['-g', 'postgres'])).stdout.trim();
    chownSync(dir, Number(pw.stdout.trim()), Number(gid));
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const start = async () => {
    await exec('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      'start',
    ]);
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForPostgres(url);
  return {
    url,
    async stop() {
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async start() {
      await start();
      await waitForPostgres(url);
    },
  };
}

async function waitForPostgres(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last: unknown;
  while (Date.now() < deadline) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (e) {
      last = e;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL at ${url} did not come up: ${String(last)}`);
}
