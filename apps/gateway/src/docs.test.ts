import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './testing/chromium.js';
import { startTestGateway, type TestGateway } from './testing/index.js';

describe('/docs in a browser', () => {
  let gw: TestGateway;
  let browser: Browser;
  before(async () => {
    gw = await startTestGateway();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });

  test('Swagger UI renders and lists the operations, with no CSP violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const res = await page.goto(`${gw.url}/docs`);
    assert.equal(res?.status(), 200);
    // The page keeps a policy of its own: scripts only from this origin (the bundled Swagger UI) and the inline bootstrap.
    const csp = res?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src [^;]*'self'/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, 'no inline script beyond the hashed bootstrap');
    await page.waitForSelector('.opblock-summary-path', { timeout: 15_000 }).catch(() => {
      throw new Error(`Swagger UI listed no operation; browser errors: ${problems.join(' | ') || 'none'}`);
    });
    const paths = await page.$$eval('.opblock-summary-path', (els) =>
      els.map((e) => e.textContent?.replace(/\u200b/g, '').trim()),
    );
    for (const p of ['/v1/shared-bandwidths', '/v1/workspace-bandwidths', '/v1/bandwidth-packages']) {
      assert.ok(paths.includes(p), `${p} listed (got ${paths.join(', ')})`);
    }
    assert.deepEqual(
      problems.filter((p) => /Content Security Policy/i.test(p)),
      [],
    );
    await page.close();
  });

  test('API responses keep the strict policy', async () => {
    const res = await gw.call('/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });
});
