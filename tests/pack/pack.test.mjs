// What a portal team does with the packages, outside this workspace and without tsx: build, pack, `npm install` the
// tarballs into a scratch project, then import them from plain Node ESM, mount the BFF in their own Hono app, run the
// gateway from its installed bin, type-check against the .d.ts under strict options and build a Vite page.

import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PACKAGES, packAll } from './pack.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const demoEnv = Object.fromEntries(
  readFileSync(join(root, 'apps/gateway/demo.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split(/=(.*)/s).slice(0, 2)),
);
const timings = {};
let scratch;

function timed(name, fn) {
  const t = Date.now();
  const r = fn();
  timings[name] = Date.now() - t;
  return r;
}
const run = (cmd, args, cwd, extra = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000, ...extra });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
const node = (args, extra = {}) => run(process.execPath, args, scratch, extra);

before(() => {
  // BWKIT_PACK_SKIP_BUILD=1 reuses the dist/ folders already built (when iterating on this test).
  if (process.env.BWKIT_PACK_SKIP_BUILD !== '1') timed('build', () => run('pnpm', ['build'], root));
  // Outside the workspace: nothing may resolve from its node_modules. The Dockerfile runs the same two steps.
  scratch = mkdtempSync(join(tmpdir(), 'bwkit-portal-'));
  timed('pack', () => packAll(scratch));
  // --ignore-scripts: better-sqlite3 would compile from source where no prebuilt binary downloads (minutes); the
  // scratch gateway uses the memory store, and the SQLite driver must then never be loaded.
  timed('npm install', () =>
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
      scratch,
    ),
  );
});

after(() => {
  console.log(`timings (ms): ${JSON.stringify(timings)}`);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the tarballs hold built JavaScript and declarations, no TypeScript sources, and no workspace: ranges', () => {
  for (const name of Object.keys(PACKAGES)) {
    const files = execFileSync('tar', ['tzf', join(scratch, `bwkit-${name}-0.1.0.tgz`)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    assert.ok(
      files.some((f) => /^package\/dist\/.*\.js$/.test(f)),
      `${name}: dist/*.js`,
    );
    assert.ok(
      files.some((f) => /^package\/dist\/.*\.d\.ts$/.test(f)),
      `${name}: dist/*.d.ts`,
    );
    assert.deepEqual(
      files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f)),
      [],
      `${name}: no .ts sources`,
    );
    const pkg = JSON.parse(readFileSync(join(scratch, 'node_modules/@bwkit', name, 'package.json'), 'utf8'));
    assert.equal(pkg.license, 'MIT', `${name}: license`);
    const { exports, main, types, bin, dependencies, peerDependencies } = pkg;
    assert.doesNotMatch(
      JSON.stringify({ exports, main, types, bin, dependencies, peerDependencies }),
      /workspace:|\.\/src\/|(?<!\.d)\.ts"/,
      `${name}: packed manifest`,
    );
    // The repository's manifests add a bwkit-source condition (TypeScript sources, for development); the packed one
    // must not: the sources are not in the tarball. Every path it names is.
    const entries = { exports, main, types, bin, module: pkg.module, customElements: pkg.customElements };
    assert.doesNotMatch(JSON.stringify(entries), /bwkit-source/, `${name}: no development condition`);
    const paths = [];
    const collect = (v) => {
      if (typeof v === 'string') paths.push(v);
      else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x);
    };
    collect(entries);
    for (const path of paths) {
      const inTar = `package/${path.replace(/^\.\//, '')}`;
      assert.ok(files.includes(inTar), `${name}: ${path} is in the tarball`);
    }
  }
});

test('plain Node ESM imports every package; the BFF entry loads no store driver', () => {
  const out = node([
    '--input-type=module',
    '-e',
    `
    import { createRequire } from 'node:module';
    const contracts = await import('@bwkit/contracts');
    const hc = await import('@bwkit/huaweicloud');
    const bff = await import('@bwkit/bff');
    const memory = await import('@bwkit/bff/store/memory');
    const sim = await import('@bwkit/cloud-sim');
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/(better-sqlite3|ioredis|pg)\\//.test(f));
    console.log(JSON.stringify({ scopes: contracts.SCOPES.length, hc: typeof hc.createHuaweiCloudClient, bff: typeof bff.createBff,
      memory: typeof memory.createMemoryStore, sim: Object.keys(sim).length, loaded }));
  `,
  ]);
  const r = JSON.parse(out);
  assert.ok(r.scopes > 0);
  assert.equal(r.hc, 'function');
  assert.equal(r.bff, 'function');
  assert.equal(r.memory, 'function');
  assert.ok(r.sim > 0);
  assert.deepEqual(r.loaded, [], 'better-sqlite3, ioredis and pg are loaded only by their store entry points');
});

test("createBff mounted under a prefix in the portal's own Hono app: the OpenAPI document names the prefix in servers", () => {
  writeFileSync(
    join(scratch, 'mount.mjs'),
    `
    import { Hono } from 'hono';
    import { createBff } from '@bwkit/bff';
    import { createMemoryStore } from '@bwkit/bff/store/memory';
    const bff = createBff({ tenants: [], store: createMemoryStore(), upstream: {}, idempotency: { sweepIntervalMs: 0 } });
    const app = new Hono();
    app.get('/', (c) => c.text('portal home'));
    app.route('/bwkit', bff);
    const health = await app.request('http://portal.example.com/bwkit/healthz');
    const doc = await app.request('http://portal.example.com/bwkit/openapi.json');
    const body = await doc.json();
    console.log(JSON.stringify({ health: health.status, doc: doc.status, servers: body.servers ?? null, paths: Object.keys(body.paths ?? {}).length }));
    await bff.close?.();
  `,
  );
  const r = JSON.parse(node(['mount.mjs']).trim().split('\n').pop());
  assert.equal(r.health, 200);
  assert.equal(r.doc, 200);
  assert.ok(r.paths > 5);
  assert.ok(Array.isArray(r.servers), 'the OpenAPI document has servers');
  assert.equal(r.servers[0].url, 'http://portal.example.com/bwkit');
});

test('the declarations type-check in a strict consumer project (skipLibCheck off, index-signature and optional-property rules on)', () => {
  writeFileSync(
    join(scratch, 'consumer.ts'),
    `
    import { Hono } from 'hono';
    import { createBff, type Tenant } from '@bwkit/bff';
    import { createMemoryStore } from '@bwkit/bff/store/memory';
    import { SCOPES, type Scope } from '@bwkit/contracts';
    import type * as widgets from '@bwkit/widgets';
    export type Widgets = typeof widgets;
    const tenants: Tenant[] = [];
    const scope: Scope = SCOPES[0];
    const app = new Hono().route('/bwkit', createBff({ tenants, store: createMemoryStore(), upstream: {} }));
    export { app, scope };
  `,
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        noPropertyAccessFromIndexSignature: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        types: [],
      },
      files: ['consumer.ts'],
    }),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
});

test('the gateway runs from the installed package (its bin), serves the widgets precompressed, and stops on SIGTERM', async () => {
  const config = JSON.parse(readFileSync(join(root, 'apps/gateway/bwkit.config.json'), 'utf8'));
  config.server = { port: 0, host: '127.0.0.1' };
  config.store = { kind: 'memory' };
  writeFileSync(join(scratch, 'bwkit.config.json'), JSON.stringify(config));
  const env = { ...process.env, ...demoEnv, BWKIT_CONFIG: join(scratch, 'bwkit.config.json') };
  // The bin is the file the Dockerfile's CMD runs.
  assert.equal(
    realpathSync(join(scratch, 'node_modules/.bin/bwkit-gateway')),
    realpathSync(join(scratch, 'node_modules/@bwkit/gateway/dist/main.js')),
  );
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))[1]);
  const child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0], cmd.slice(1), {
    cwd: scratch,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${stderr}`)), 30_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited ${code}:\n${stderr}`));
      });
    });
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const js = await fetch(`${url}/widgets/bwkit.js`, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(js.status, 200, 'the widget bundle is served from the installed @bwkit/widgets');
    assert.equal(js.headers.get('content-encoding'), 'br');
    await js.arrayBuffer();
    // The token CLI ships too: a token it mints opens the API.
    const token = node(
      [
        join(scratch, 'node_modules/@bwkit/gateway/dist/token.js'),
        '--tenant',
        'acme',
        '--scope',
        'shared-bandwidth:create',
      ],
      { env },
    ).trim();
    const cfg = await fetch(`${url}/v1/config`, {
      headers: { Authorization: `Bearer ${token}`, Origin: 'http://localhost:8787' },
    });
    assert.equal(cfg.status, 200, await cfg.text());
    const exited = new Promise((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

test('a Vite page built with the installed widgets contains the elements', () => {
  mkdirSync(join(scratch, 'page'));
  writeFileSync(
    join(scratch, 'page/index.html'),
    `<!doctype html><html><body>
    <bandwidth-create api="/bwkit"></bandwidth-create>
    <script type="module" src="./main.js"></script></body></html>`,
  );
  writeFileSync(
    join(scratch, 'page/main.js'),
    `import '@bwkit/widgets/bwkit.js';\nconsole.log(customElements.get('bandwidth-create'));\n`,
  );
  // The workspace's Vite (a portal has its own): what matters is that it resolves @bwkit/widgets from the scratch project.
  const vite = join(
    createRequire(join(root, 'packages/widgets/package.json')).resolve('vite/package.json'),
    '../bin/vite.js',
  );
  timed('vite build', () => node([vite, 'build', 'page', '--outDir', 'dist', '--emptyOutDir', '--logLevel', 'error']));
  const assets = readdirSync(join(scratch, 'page/dist/assets')).filter((f) => f.endsWith('.js'));
  const code = assets.map((f) => readFileSync(join(scratch, 'page/dist/assets', f), 'utf8')).join('\n');
  for (const tag of ['bandwidth-create', 'bandwidth-change-order', 'bandwidth-package-form'])
    assert.match(code, new RegExp(tag));
});

test('the Dockerfile runs these same steps, as a non-root user with an exec-form CMD; compose adds PostgreSQL', () => {
  const docker = readFileSync(join(root, 'Dockerfile'), 'utf8');
  assert.ok((docker.match(/^FROM /gm) ?? []).length >= 2, 'multi-stage');
  for (const step of [
    'pnpm install --frozen-lockfile',
    'pnpm build',
    'node tests/pack/pack.mjs /app',
    'npm install --omit=dev',
  ]) {
    assert.ok(docker.includes(step), `Dockerfile runs ${step}`);
  }
  assert.match(docker, /^USER node$/m);
  assert.match(docker, /^CMD \["node", "node_modules\/@bwkit\/gateway\/dist\/main\.js"\]$/m);
  const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');
  assert.match(compose, /^  gateway:$/m);
  assert.match(compose, /^  postgres:$/m);
  assert.match(compose, /DATABASE_URL: postgres:\/\/\S+@postgres:5432\//);
});
