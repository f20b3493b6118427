/**
 * Screenshots of every portal page for both organisations (desktop, plus a phone-sized overview), for looking at
 * the portal as a user would: `pnpm --filter @bwkit/demo-portal screenshots` → apps/demo-portal/artifacts/screens/.
 * Starts its own gateway unless BASE_URL points at a running one.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, launchChromium, startGateway, type TestGateway } from '../test/support.js';

const PAGES = [
  'index.html',
  'workspace.html',
  'change-order.html',
  'shared-bandwidth.html',
  'bandwidth-package.html',
  'orders.html',
  'theme.html',
  'approvals.html',
  'webhooks.html',
  'audit.html',
];
const only = process.argv.slice(2);

const gateway: TestGateway | undefined = process.env['BASE_URL'] ? undefined : await startGateway();
const base = process.env['BASE_URL'] ?? gateway!.url;
const out = join(ARTIFACTS, 'screens');
mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  for (const tenant of ['acme', 'globex']) {
    for (const [label, viewport] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') console.error(`[${tenant} console] ${m.text()}`);
      });
      page.on('pageerror', (e) => console.error(`[${tenant} pageerror] ${e.message}`));
      for (const p of PAGES) {
        if (only.length && !only.some((o) => p.startsWith(o))) continue;
        if (label === 'phone' && !['index.html', 'workspace.html', 'audit.html'].includes(p)) continue;
        await page.goto(`${base}/portal/${p}?tenant=${tenant}`, { waitUntil: 'networkidle' });
        await page.waitForTimeout(600);
        const file = join(out, `${tenant}-${label}-${p.replace('.html', '')}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await gateway?.stop();
}
