/** The `pnpm sim` entry point (src/server.ts run directly) and startCloudSim's helpers. */

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_CREDENTIAL } from './index.js';
import { parseCredentials, startCloudSim } from './server.js';
import { toResult } from './test-support.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: {
    sign(
      r: { method: string; endpoint: string; queryParams: object; headers: Record<string, string>; data?: unknown },
      c: { getAk(): string; getSk(): string },
    ): Record<string, string>;
  };
};
const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface Spawned {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

function spawnSim(argv: string[], env: Record<string, string>): Promise<Spawned> {
  const child = spawn(process.execPath, argv, {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL printed:\n${out}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out, exit });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${out}`));
    });
  });
}

async function officialVpcCreate(url: string, ak: string, sk: string) {
  const P = 'cli-project';
  const endpoint = `${url}/v2.0/${P}/bandwidths`;
  const data = { bandwidth: { name: 'from-cli-test', size: 20 } };
  const headers = AKSKSigner.sign(
    {
      method: 'POST',
      endpoint,
      queryParams: {},
      headers: { 'Content-Type': 'application/json', 'X-Project-Id': P },
      data,
    },
    { getAk: () => ak, getSk: () => sk },
  );
  return toResult(await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(data) }));
}

test('`src/server.ts` under tsx with SIM_PORT=0 prints its URL, serves signed requests and exits 0 on SIGTERM', async () => {
  const sim = await spawnSim(['--conditions=bwkit-source', '--import', 'tsx', 'src/server.ts'], {
    SIM_PORT: '0',
    SIM_CREDENTIALS: 'CLITESTAK00000000001:cli-secret-1, CLITESTAK00000000002:cli-secret-2:chinese-mainland',
    SIM_ADMIN: '1',
    SIM_BALANCE: '250.5',
  });
  try {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(sim.url, 'http://127.0.0.1:0');
    const r = await officialVpcCreate(sim.url, 'CLITESTAK00000000002', 'cli-secret-2');
    assert.equal(r.status, 200, r.text);
    const state = await toResult(await fetch(`${sim.url}/_sim/state`));
    assert.equal(state.status, 200, 'SIM_ADMIN=1 mounts the admin routes');
    assert.equal(state.json.counts.createSharedBandwidth, 1);
    assert.equal(
      (await toResult(await fetch(`${sim.url}/_sim/balance`))).json.default,
      250.5,
      'SIM_BALANCE sets the starting balance',
    );
  } finally {
    sim.child.kill('SIGTERM');
  }
  assert.equal(await sim.exit, 0, sim.output());
});

test('the default demo credentials work, admin is off, and SIGINT to the `pnpm sim` command exits 0', async () => {
  // Exactly the package.json `sim` script: the workspace packages from their sources (bwkit-source).
  const sim = await spawnSim(['--conditions=bwkit-source', '--import', 'tsx', 'src/server.ts'], {
    SIM_PORT: '0',
    SIM_CREDENTIALS: '',
    SIM_ADMIN: '',
  });
  try {
    const r = await officialVpcCreate(sim.url, DEMO_CREDENTIAL.ak, DEMO_CREDENTIAL.sk);
    assert.equal(r.status, 200, r.text);
    assert.match(sim.output(), new RegExp(DEMO_CREDENTIAL.ak));
    assert.equal((await fetch(`${sim.url}/_sim/state`)).status, 404);
  } finally {
    sim.child.kill('SIGINT');
  }
  assert.equal(await sim.exit, 0, sim.output());
});

test('bad SIM_CREDENTIALS → exit 1 with a message', async () => {
  const child = spawn(process.execPath, ['--conditions=bwkit-source', '--import', 'tsx', 'src/server.ts'], {
    cwd: packageDir,
    env: { ...process.env, SIM_PORT: '0', SIM_CREDENTIALS: 'AK:SK:mars' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(err, /SIM_CREDENTIALS/);
});

test('importing server.ts does not start a server', async () => {
  const child = spawn(
    process.execPath,
    ['--conditions=bwkit-source', '--import', 'tsx', '-e', "await import('./src/server.ts'); console.log('imported');"],
    {
      cwd: packageDir,
      env: { ...process.env, SIM_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, out);
  assert.match(out, /imported/);
  assert.doesNotMatch(out, /listening/);
});

test('parseCredentials', () => {
  assert.deepEqual(parseCredentials('A:B'), [{ ak: 'A', sk: 'B' }]);
  assert.deepEqual(parseCredentials(' A:B:international , C:D:chinese-mainland '), [
    { ak: 'A', sk: 'B', site: 'international' },
    { ak: 'C', sk: 'D', site: 'chinese-mainland' },
  ]);
  assert.throws(() => parseCredentials('A'), /AK:SK/);
  assert.throws(() => parseCredentials('A:B:C:D'), /AK:SK/);
  assert.throws(() => parseCredentials('A:B:moon'), /site/);
  assert.throws(() => parseCredentials(' , '), /no credential/);
});

test('startCloudSim: close() is idempotent and frees the port', async () => {
  const running = await startCloudSim({ credentials: [{ ...DEMO_CREDENTIAL }] });
  assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const r = await fetch(`${running.url}/nowhere`);
  assert.equal(r.status, 404);
  await Promise.all([running.close(), running.close()]);
  await assert.rejects(fetch(`${running.url}/nowhere`));
});
