import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_ENV, mintToken, newKey, testConfig } from './testing/index.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = ['--conditions=bwkit-source', '--import', 'tsx'];

function writeConfig(raw: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bwkit-main-')), 'bwkit.config.json');
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

describe('the gateway process', () => {
  test('a bad config file stops it with one clear message naming the field, no stack trace, exit 2', () => {
    const file = writeConfig(
      testConfig({
        mutate: (c) => {
          c.tenants[0].site = 'mars';
        },
      }),
    );
    const r = spawnSync(process.execPath, [...tsx, 'src/main.ts'], {
      cwd: appDir,
      env: { ...process.env, ...DEMO_ENV, BWKIT_CONFIG: file },
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /tenants\[0\] \(acme\)\.site/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('a JWKS URL over plain http to another host stops it with a clean message, exit 2', () => {
    const file = writeConfig(
      testConfig({
        mutate: (c) => {
          c.tenants[1].token = { alg: 'RS256', jwksUrl: 'http://portal.globex.test/jwks.json' };
        },
      }),
    );
    const r = spawnSync(process.execPath, [...tsx, 'src/main.ts'], {
      cwd: appDir,
      env: { ...process.env, ...DEMO_ENV, BWKIT_CONFIG: file },
      encoding: 'utf8',
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /tenants\[1\] \(globex\)\.token\.jwksUrl: must be https/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const file = writeConfig(testConfig({ upstream: { mode: 'simulator', admin: true } }));
    const child = spawn(process.execPath, [...tsx, 'src/main.ts'], {
      cwd: appDir,
      env: { ...process.env, ...DEMO_ENV, BWKIT_CONFIG: file, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let err = '';
    const banner = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/listening on (\S+)[\s\S]*cloud simulator at (\S+);/.test(err)) resolve(err);
      });
      child.once('exit', () => reject(new Error(`gateway exited early: ${err}`)));
    });
    const [, url, simUrl] = /listening on (\S+)[\s\S]*cloud simulator at (\S+);/.exec(banner)!;
    await fetch(`${simUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 1000 }),
    });
    const token = await mintToken();
    const inFlight = fetch(`${url}/v1/shared-bandwidths`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify({ name: 'during-shutdown', sizeMbps: 10 }),
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const res = await inFlight;
    assert.equal(res.status, 201);
    assert.equal((await res.json()).bandwidth.name, 'during-shutdown');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(`${url}/healthz`));
  });

  test('importing src/main.ts (for its server options) starts nothing', () => {
    const r = spawnSync(
      process.execPath,
      [
        ...tsx,
        '--input-type=module',
        '-e',
        "const m = await import('./src/main.ts'); console.log(JSON.stringify(m.serverOptions()));",
      ],
      {
        cwd: appDir,
        env: { ...process.env, ...DEMO_ENV, PORT: '0' },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /listening/);
    const opts = JSON.parse(r.stdout);
    assert.ok(
      opts.requestTimeout > 0 && opts.requestTimeout <= 30_000,
      "a request must arrive within seconds, not Node's 300 s",
    );
    assert.ok(opts.headersTimeout > 0 && opts.headersTimeout <= opts.requestTimeout);
  });

  test('`pnpm token` prints a token the gateway accepts, with the scopes asked for', async () => {
    const r = spawnSync(process.execPath, [...tsx, 'src/token.ts', '--tenant', 'globex', '--scope', 'audit:read'], {
      cwd: appDir,
      env: { ...process.env, ...DEMO_ENV },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const [, payload] = r.stdout.trim().split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    assert.equal(claims.iss, 'globex');
    assert.equal(claims.aud, 'bwkit');
    assert.equal(claims.scope, 'audit:read');
    assert.ok(claims.exp - claims.iat <= 900);
    const bad = spawnSync(process.execPath, [...tsx, 'src/token.ts', '--tenant', 'nobody'], {
      cwd: appDir,
      env: { ...process.env, ...DEMO_ENV },
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--tenant must be one of: acme, globex/);
  });
});
