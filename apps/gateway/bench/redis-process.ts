/**
 * A private redis-server for the benchmarks, wrapped in a Node process that watches the benchmark (child-guard) so
 * Redis stops with it even if the benchmark is killed. BENCH_REDIS_PORT picks the loopback port. Prints
 * `REDIS_READY redis://127.0.0.1:<port>` once Redis answers PING.
 */
import './child-guard.js';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';

const port = Number(process.env['BENCH_REDIS_PORT']);
if (!Number.isInteger(port) || port <= 0) throw new Error('set BENCH_REDIS_PORT');
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
redis.once('error', (e) => {
  process.stderr.write(
    `REDIS_FAILED redis-server could not be started: ${e.message} (install it: apt-get install redis-server, or set BWKIT_TEST_REDIS_URL)\n`,
  );
  process.exit(2);
});
redis.once('exit', (code, signal) => {
  process.stderr.write(`redis-server exited (${code ?? signal})\n`);
  process.exit(code === 0 || signal === 'SIGTERM' ? 0 : 2);
});
const stop = () => {
  setTimeout(() => {
    redis.kill('SIGKILL');
    process.exit(1);
  }, 5000).unref();
  redis.kill('SIGTERM');
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// the benchmark went away: Redis goes first, before anything else can fail
process.on('disconnect', () => redis.kill('SIGTERM'));
process.on('exit', () => {
  try {
    redis.kill('SIGKILL');
  } catch {
    /* gone */
  }
});

function ping(): Promise<boolean> {
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
const deadline = Date.now() + 10_000;
while (!(await ping())) {
  if (Date.now() > deadline) {
    process.stderr.write('REDIS_FAILED redis-server did not answer PING within 10 s\n');
    stop();
    await new Promise(() => undefined); // stop() exits
  }
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`REDIS_READY redis://127.0.0.1:${port}\n`);
