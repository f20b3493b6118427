import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  flush(): Promise<void>;
  /** Private server only: SIGKILL it, as a crash would. */
  kill(): Promise<void>;
  /** Private server only: start it again on the same port and directory (with its AOF, if it had one). */
  start(): Promise<void>;
}

/**
 * A real Redis for tests: BWKIT_TEST_REDIS_URL when set (CI starts one), otherwise a private redis-server on a free
 * loopback port, stopped by `stop()`. Fails loudly when neither is available: Redis is a documented prerequisite.
 * `appendfsync` asks for a private server with an append-only file ('always': every write is on disk before Redis
 * answers; 'everysec': up to a second of writes can be lost in a crash), for crash tests.
 */
export async function testRedis(opts: { appendfsync?: 'always' | 'everysec' } = {}): Promise<TestRedis> {
  const given = opts.appendfsync ? undefined : process.env['BWKIT_TEST_REDIS_URL'];
  let child: ChildProcess | undefined;
  let url = given;
  let start = async (): Promise<void> => {
    throw new Error('kill/start need a private redis-server (unset BWKIT_TEST_REDIS_URL)');
  };
  if (!url) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'bwkit-redis-'));
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--dir',
      dir,
      ...(opts.appendfsync ? ['--appendonly', 'yes', '--appendfsync', opts.appendfsync] : ['--appendonly', 'no']),
    ];
    url = `redis://127.0.0.1:${port}`;
    const finalUrl = url;
    start = async () => {
      const spawned = spawn('redis-server', args, { stdio: 'ignore' });
      child = spawned;
      const spawnError = new Promise<never>((_, reject) =>
        spawned.once('error', (e) =>
          reject(new Error(`Redis tests need redis-server on PATH or BWKIT_TEST_REDIS_URL (${(e as Error).message})`)),
        ),
      );
      await Promise.race([waitForRedis(finalUrl), spawnError]);
    };
    await start();
  }
  const finalUrl = url;
  const stopWith = async (signal: NodeJS.Signals) => {
    const running = child;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((r) => running.once('exit', r));
      running.kill(signal);
      await exited;
    }
  };
  return {
    url: finalUrl,
    async flush() {
      const r = new Redis(finalUrl);
      await r.flushdb();
      await r.quit();
    },
    stop: () => stopWith('SIGTERM'),
    async kill() {
      if (!child) throw new Error('kill/start need a private redis-server (unset BWKIT_TEST_REDIS_URL)');
      await stopWith('SIGKILL');
    },
    start: () => start(),
  };
}

async function waitForRedis(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      await r.quit();
      return;
    } catch {
      r.disconnect();
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  throw new Error(`Redis at ${url} did not come up`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
