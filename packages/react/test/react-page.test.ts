/**
 * @bwkit/react in a real React 19 page: the page (test/page) is built with Vite's `build()`, served from a local
 * origin next to a real gateway with the cloud simulator behind it, and driven in Debian's Chromium. A user buys a
 * VPC shared bandwidth (fill, review, Buy) and the React state shows what `onBwkitSuccess` received.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build, defaultClientConditions } from 'vite';
import { launchChromium } from '../../../apps/gateway/src/testing/chromium.js';
import { mintToken, startTestGateway, type TestGateway, testConfig } from '../../../apps/gateway/src/testing/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const PAGE_DIR = join(here, 'page');
/** TypeScript's `tsc` (the workspace's compiler, as `pnpm build` runs it). */
const PKG_OUT = join(here, '../node_modules/.cache/bwkit-react-test');
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');

let outDir: string;
let server: Server;
let origin: string;
let gateway: TestGateway;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The built page, plus POST /token: a widget token minted as a portal backend would (acme, every scope). */
function serve(dir: string): Promise<Server> {
  const srv = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/token' && req.method === 'POST') {
      void mintToken({ tenant: 'acme', sub: 'react-user' }).then((token) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      });
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => srv.listen(0, '127.0.0.1', () => ok(srv)));
}

describe('@bwkit/react in a Vite-built React 19 page', { timeout: 180_000 }, () => {
  before(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'bwkit-react-page-'));
    // This package's JavaScript as `pnpm build` emits it (tsconfig.build.json), without the type check, which the
    // typecheck script does: the page runs what ships.
    // Emitted inside this package (under node_modules/.cache), so that its imports resolve as the package's own.
    rmSync(PKG_OUT, { recursive: true, force: true });
    const emit = spawnSync(
      process.execPath,
      [TSC, '-p', join(here, '../tsconfig.build.json'), '--noCheck', '--outDir', PKG_OUT],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(emit.status, 0, `tsc: ${emit.stdout}${emit.stderr}`);
    await build({
      root: PAGE_DIR,
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      // The page imports the package by its name, as a portal would. The widgets' workspace source stands in for
      // their published `bwkit.js`, as in every workspace package.
      // bwkit-source: what the widgets' sources import from the workspace (@bwkit/contracts) from its sources too.
      resolve: {
        conditions: ['bwkit-source', ...defaultClientConditions],
        alias: {
          '@bwkit/react': join(PKG_OUT, 'index.js'),
          '@bwkit/widgets/bwkit.js': join(here, '../../widgets/src/bwkit.ts'),
        },
      },
      build: { outDir: join(outDir, 'site'), emptyOutDir: true, target: 'es2022' },
    });
    server = await serve(join(outDir, 'site'));
    const addr = server.address();
    assert(addr && typeof addr === 'object');
    origin = `http://127.0.0.1:${addr.port}`;
    gateway = await startTestGateway({
      raw: testConfig({
        mutate: (raw: { tenants: { allowedOrigins: string[] }[] }) => {
          for (const t of raw.tenants) t.allowedOrigins = [origin];
        },
      }),
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${origin}/?api=${encodeURIComponent(gateway.url)}`);
  });

  after(async () => {
    await browser?.close();
    await gateway?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    rmSync(PKG_OUT, { recursive: true, force: true });
  });

  it('keeps a fetchToken set before the widgets were defined: that element loads its config', async () => {
    assert.equal(await page.locator('body').getAttribute('data-defined-before-import'), 'false');
    await page.locator('#early[data-ready]').waitFor({ state: 'attached' });
    await page.locator('#early [part~="submit"]').waitFor({ state: 'visible' });
  });

  it('buys a shared bandwidth: onBwkitReady, onBwkitSubmit and onBwkitSuccess reach React state', async () => {
    const widget = page.locator('#widget');
    await widget.locator('[part~="submit"]').waitFor({ state: 'visible' });
    assert.equal(await widget.evaluate((el) => el.tagName.toLowerCase()), 'bandwidth-create');
    // Props set as properties (a function, an object), not stringified attributes.
    assert.equal(
      await widget.evaluate((el) => typeof (el as unknown as { fetchToken: unknown }).fetchToken),
      'function',
    );
    assert.equal(await widget.getAttribute('class'), 'purchase');
    // `appearance` (an object) reached the element: the submit button wears its primary colour.
    const submitBackground = () =>
      widget.locator('[part~="submit"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(await submitBackground(), 'rgb(10, 102, 64)');

    await widget.locator('[part~="input"][name="name"]').fill('react-shared.bw');
    await widget.locator('[part~="input"][name="sizeMbps"]').fill('350');
    await page.locator('#values', { hasText: '"sizeMbps":350' }).waitFor();
    await widget.locator('[part~="submit"]').click();
    const review = widget.locator('[part~="review"]');
    await review.waitFor();
    assert.match((await review.textContent()) ?? '', /react-shared\.bw.*350 Mbit\/s/s);
    const created = async () => (await gateway.simState()).counts['createSharedBandwidth'];
    const createdBefore = await created();
    await review.locator('[part~="submit"]').click();

    const success = JSON.parse((await page.locator('#success').textContent({ timeout: 20_000 })) ?? '{}') as {
      bandwidth?: { id?: string; name?: string; size?: number };
    };
    assert.equal(success.bandwidth?.name, 'react-shared.bw');
    assert.match(success.bandwidth?.id ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(await page.locator('#events li').allTextContents(), [
      'bwkit-ready:true',
      'bwkit-submit:string',
      'bwkit-success',
    ]);
    assert.equal(await created(), (createdBefore ?? 0) + 1, 'the simulator created exactly one shared bandwidth');
    assert.equal(await page.locator('#problem').count(), 0);
    assert.equal(await page.locator('#ref').textContent(), 'true');
    // What the user sees agrees with what React got.
    assert.match((await widget.locator('[part~="result"]').textContent()) ?? '', new RegExp(success.bandwidth!.id!));
    assert.deepEqual(pageErrors, []);
  });

  it('a handler that calls preventDefault() on bwkit-submit stops the purchase (handlers follow React state)', async () => {
    const widget = page.locator('#widget');
    await page.locator('#hold').check();
    await widget.locator('[part~="result"]').getByRole('button', { name: 'Start again' }).click();
    await widget.locator('[part~="input"][name="name"]').fill('react-held.bw');
    await widget.locator('[part~="input"][name="sizeMbps"]').fill('400');
    await widget.locator('[part~="submit"]').click();
    const before = await gateway.simState();
    await widget.locator('[part~="review"] [part~="submit"]').click();
    await page.locator('#events li', { hasText: 'bwkit-submit:held' }).waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual((await gateway.simState()).counts, before.counts, 'nothing more was called in the cloud');
    assert.deepEqual((await page.locator('#events li').allTextContents()).slice(3), ['bwkit-submit:held']);
    assert.equal(await widget.locator('[part~="result"]').count(), 0);
    assert.deepEqual(pageErrors, []);
  });
});
