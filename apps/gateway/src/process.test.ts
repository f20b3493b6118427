import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_ENV, testConfig } from './testing/index.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = fileURLToPath(new URL('../../..', import.meta.url));

function writeConfig(raw: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bwkit-proc-')), 'bwkit.config.json');
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

/** Resolves with the child's stderr once `pattern` shows up in it. */
function waitForStderr(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; stderr so far:\n${text}`)),
      timeoutMs,
    );
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ${pattern}:\n${text}`));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the gateway process, started the documented ways', () => {
  test('`pnpm start`: SIGTERM sent to pnpm reaches the node process, which finishes and exits; nothing is left', async () => {
    const file = writeConfig(testConfig());
    const child = spawn('pnpm', ['start'], {
      cwd: appDir,
      env: { ...process.env, BWKIT_CONFIG: file, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    try {
      await waitForStderr(child, /bwkit gateway listening on (http:\/\/\S+)/);
      // The node process is pnpm's child (the shell execs it): find it by its parent.
      const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { encoding: 'utf8' }).stdout.trim();
      const gatewayPid = Number(ps.split(/\s+/)[0]);
      assert.match(ps, /node .*src\/main\.ts/, `pnpm's child is node itself, not a shell or a tsx wrapper: ${ps}`);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /SIGTERM: finishing in-flight requests/);
      for (let i = 0; i < 50 && alive(gatewayPid); i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(alive(gatewayPid), false, 'the gateway process is gone');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('a port in use: one clear line naming the address and what to do, exit 1, no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const file = writeConfig(testConfig());
      const r = spawnSync(process.execPath, ['--conditions=bwkit-source', '--import', 'tsx', 'src/main.ts'], {
        cwd: appDir,
        env: { ...process.env, ...DEMO_ENV, BWKIT_CONFIG: file, PORT: String(port) },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(
        r.stderr.trim(),
        `bwkit: cannot listen on 127.0.0.1:${port}: it is already in use (another gateway running? set PORT to another port)`,
      );
    } finally {
      blocker.close();
    }
  });

  test('HOST chooses the interface it listens on', async () => {
    const file = writeConfig(testConfig());
    const child = spawn(process.execPath, ['--conditions=bwkit-source', '--import', 'tsx', 'src/main.ts'], {
      cwd: appDir,
      env: { ...process.env, ...DEMO_ENV, BWKIT_CONFIG: file, PORT: '0', HOST: '127.0.0.2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const text = await waitForStderr(child, /listening on (http:\/\/\S+)/);
      const url = /listening on (http:\/\/\S+)/.exec(text)![1]!;
      assert.match(url, /^http:\/\/127\.0\.0\.2:\d+$/);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });

  // The packages this gateway imports, built once for the two tests below (what `pnpm build` does for them): in the
  // repository their exports resolve to dist/ unless a process asks for the bwkit-source condition.
  let built: ReturnType<typeof spawnSync> | undefined;
  const buildGateway = () => {
    built ??= spawnSync(
      'pnpm',
      [
        '--filter',
        '@bwkit/contracts',
        '--filter',
        '@bwkit/huaweicloud',
        '--filter',
        '@bwkit/cloud-sim',
        '--filter',
        '@bwkit/bff',
        '--filter',
        '@bwkit/gateway',
        'build',
      ],
      { cwd: rootDir, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(built.status, 0, `${built.stdout}${built.stderr}`);
  };

  /** Starts `command` with the demo secrets and a test config on a free port; resolves with its URL and its stop. */
  async function startBuilt(command: string, args: string[]) {
    const file = writeConfig(testConfig());
    // No NODE_OPTIONS from the test runner: the process gets exactly the flags written here.
    const { NODE_OPTIONS: _, ...env } = process.env;
    const child = spawn(command, args, {
      cwd: rootDir,
      env: { ...env, ...DEMO_ENV, BWKIT_CONFIG: file, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    };
    try {
      const text = await waitForStderr(child, /listening on (http:\/\/\S+)/);
      return { child, url: /listening on (http:\/\/\S+)/.exec(text)![1]!, stop };
    } catch (e) {
      await stop();
      throw e;
    }
  }

  test('built JavaScript runs on plain node: `pnpm build`, then `node apps/gateway/dist/main.js` from the repo root, no flags', async () => {
    buildGateway();
    const gw = await startBuilt('node', ['apps/gateway/dist/main.js']);
    try {
      assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
      const ps = spawnSync('ps', ['-o', 'args=', '-p', String(gw.child.pid)], { encoding: 'utf8' }).stdout.trim();
      assert.equal(ps, 'node apps/gateway/dist/main.js');
    } finally {
      await gw.stop();
    }
  });

  test('`pnpm --filter @bwkit/gateway start:dist` is that same plain node process (no tsx, no conditions)', async () => {
    buildGateway();
    const gw = await startBuilt('pnpm', ['--filter', '@bwkit/gateway', 'start:dist']);
    try {
      assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
      const ps = spawnSync('ps', ['-o', 'args=', '--ppid', String(gw.child.pid)], { encoding: 'utf8' }).stdout.trim();
      assert.match(ps, /^node dist\/main\.js$/m);
      assert.doesNotMatch(ps, /tsx|--conditions/);
    } finally {
      await gw.stop();
    }
  });

  test("the README's token command prints a token, flags and all", () => {
    const r = spawnSync('pnpm', ['-s', 'run', 'token', '--tenant', 'acme', '--scope', 'shared-bandwidth:create'], {
      cwd: rootDir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const [, payload] = r.stdout.trim().split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    assert.equal(claims.iss, 'acme');
    assert.equal(claims.scope, 'shared-bandwidth:create');
  });
});
