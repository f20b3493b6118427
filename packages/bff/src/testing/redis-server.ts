import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/**
 * A real Redis for tests: BWKIT_TEST_REDIS_URL when set (CI starts one), otherwise a private redis-server on a free
 * loopback port, stopped by `stop()`. Fails loudly when neither is available: Redis is a documented prerequisite.
 */
export async function testRedis(): Promise<{ url: string; stop(): Promise<void>; flush(): Promise<void> }> {
  const given = process.env['BWKIT_TEST_REDIS_URL'];
  let child: ChildProcess | undefined;
  let url = given;
  if (!url) {
    const port = await freePort();
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const spawnError = new Promise<never>((_, reject) =>
      child!.once('error', (e) =>
        reject(new Error(`Redis tests need redis-server on PATH or BWKIT_TEST_REDIS_URL (${(e as Error).message})`)),
      ),
    );
    url = `redis://127.0.0.1:${port}`;
    await Promise.race([waitForRedis(url), spawnError]);
  }
  const finalUrl = url;
  return {
    url: finalUrl,
    async flush() {
      const r = new Redis(finalUrl);
      await r.flushdb();
      await r.quit();
    },
    async stop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
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
