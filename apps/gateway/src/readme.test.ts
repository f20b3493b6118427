import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The root README's Quick start, run as a newcomer would on a fresh machine (no uuidgen; a port of their choosing).
const rootDir = fileURLToPath(new URL('../../..', import.meta.url));
const appDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${rootDir}README.md`, 'utf8');
const quickStart = readme.slice(
  readme.indexOf('## Quick start'),
  readme.indexOf('\n## ', readme.indexOf('## Quick start') + 3),
);
const shBlocks = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

test('Quick start: the token command as written prints a token with the asked scope', () => {
  const command = 'pnpm run token --tenant acme --scope shared-bandwidth:create';
  assert.ok(quickStart.includes(`\`${command}\``), 'the README shows this command');
  const r = spawnSync('bash', ['-c', command.replace(/^pnpm run/, 'pnpm -s run')], {
    cwd: rootDir,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const claims = JSON.parse(Buffer.from(r.stdout.trim().split('.')[1]!, 'base64url').toString());
  assert.equal(claims.scope, 'shared-bandwidth:create');
});

test("Quick start: `PORT=… pnpm start` keeps the demo portal's origin allowed, and the curl block works as written", async () => {
  const curlBlock = shBlocks.find((b) => b.includes('curl -s -X POST'));
  assert.ok(curlBlock, 'the README has the curl block');
  assert.doesNotMatch(curlBlock, /uuidgen/, 'a fresh machine has no uuidgen');
  const port = await freePort();
  // `pnpm start` at the root first builds the widgets; the gateway's own start is the same process without that step.
  const child = spawn('pnpm', ['start'], {
    cwd: appDir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening:\n${stderr}`)), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/listening on/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited ${code}:\n${stderr}`));
      });
    });
    const token = spawnSync('pnpm', ['-s', 'run', 'token', '--tenant', 'acme', '--scope', 'shared-bandwidth:create'], {
      cwd: rootDir,
      encoding: 'utf8',
    }).stdout.trim();
    // The demo portal at http://localhost:<PORT>/portal/ calls the API from its own origin.
    const cfg = await fetch(`http://127.0.0.1:${port}/v1/config`, {
      headers: { Authorization: `Bearer ${token}`, Origin: `http://localhost:${port}` },
    });
    assert.equal(cfg.status, 200, await cfg.text());
    assert.equal(cfg.headers.get('access-control-allow-origin'), `http://localhost:${port}`);

    const r = spawnSync('bash', ['-eo', 'pipefail', '-c', curlBlock], {
      cwd: rootDir,
      env: { ...process.env, PORT: String(port) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.equal(body.type, undefined, `not a problem: ${r.stdout}`);
    assert.match(JSON.stringify(body), /"(id|bandwidthId|jobId)":"[^"]+"/, r.stdout);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
});
