/**
 * End to end, as a user: the demo portal on a gateway of its own (demo mode, cloud simulator, in-memory store),
 * driven in Debian's Chromium through playwright-core. Widgets are reached through their open shadow roots with
 * Playwright's CSS engine, by `::part` names (form field label input hint error submit progress result) and the
 * request field names their inputs carry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, ensureWidgetsBuilt, launchChromium, startGateway, type TestGateway } from './support.js';

const SHOTS = join(ARTIFACTS, 'e2e');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['index.html', 'workspace.html', 'change-order.html', 'shared-bandwidth.html', 'bandwidth-package.html', 'theme.html', 'audit.html'];
const WIDGETS = 'bandwidth-create, bandwidth-change-order, bandwidth-package-form';
const ACME_PRIMARY = 'rgb(29, 78, 216)'; // #1d4ed8, acme's colorPrimary in bwkit.config.json
const GLOBEX_PRIMARY = 'rgb(194, 65, 12)'; // #c2410c, globex's

let gateway: TestGateway;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
interface CspViolation {
  page: string;
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}
const cspViolations: CspViolation[] = [];

/** The field wrapper (`part="field"`) holding the input named `name` (the request field it edits). */
const field = (widget: Locator, name: string) =>
  widget.locator('[part~="field"]').filter({ has: page.locator(`[name="${name}"]`) }).first();
const input = (widget: Locator, name: string) => widget.locator(`[part~="input"][name="${name}"]`).first();
const submit = (widget: Locator) => widget.locator('[part~="submit"]');
const result = (widget: Locator) => widget.locator('[part~="result"]');
const alertOf = (widget: Locator) => widget.locator('[part~="alert"]');

async function shot(name: string): Promise<void> {
  // From the top: a full-page capture of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function open(path: string): Promise<void> {
  await page.goto(`${gateway.url}/portal/${path}`);
}

/** Waits until the widget loaded its tenant config and shows its form. */
async function ready(widget: Locator): Promise<void> {
  await submit(widget).waitFor({ state: 'visible' });
}

/** Waits until `read()` returns `expected` (polling), failing with the last value seen. */
async function until<T>(what: string, read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: expected ${String(expected)}, last saw ${String(last)}`);
}

const submitBackground = (widget: Locator) =>
  submit(widget).evaluate((el) => getComputedStyle(el).backgroundColor);

const eventCount = (type: string) => page.locator(`#event-log .event[data-type="${type}"]`).count();

/** Types an invalid value, leaves the field, and returns the message shown under it. */
async function invalidMessage(widget: Locator, name: string, value: string): Promise<string> {
  await input(widget, name).fill(value);
  await input(widget, name).blur();
  const error = field(widget, name).locator('[part~="error"]');
  await until(`an error under ${name}`, async () => ((await error.textContent()) ?? '').trim() !== '', true);
  return ((await error.textContent()) ?? '').trim();
}

describe('demo portal, end to end', { timeout: 240_000 }, () => {
  before(async () => {
    ensureWidgetsBuilt();
    mkdirSync(SHOTS, { recursive: true });
    gateway = await startGateway({ jobRunningAfterMs: 300, jobDoneAfterMs: 1500 });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(15_000);
    // The portal runs under a strict CSP (no inline script or style): record every violation and who caused it.
    await context.exposeBinding('__reportCspViolation', ({ page: p }, v: Omit<CspViolation, 'page'>) => {
      cspViolations.push({ page: p.url(), ...v });
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { __reportCspViolation: (v: unknown) => void }).__reportCspViolation;
        report({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample });
      });
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('opens on the overview of the remembered organisation (acme by default)', async () => {
    await page.goto(`${gateway.url}/`);
    assert.match(page.url(), /\/portal\/$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#org-switcher').inputValue(), 'acme');
    assert.equal(await page.locator('h1').textContent(), 'Welcome back, Alice');
    await page.locator('#org-facts .facts').waitFor();
    assert.match((await page.locator('#org-facts').textContent()) ?? '', /Acme Networks.*International/s);
    // Landmarks a screen-reader user navigates by.
    for (const sel of ['header', 'nav[aria-label]', 'main', 'footer']) assert.equal(await page.locator(sel).count() >= 1, true, sel);
    await shot('acme-overview');
  });

  it('creates a Workspace bandwidth and follows its job until done', async () => {
    await open('workspace.html');
    const widget = page.locator('bandwidth-create[service="workspace"]');
    await ready(widget);
    assert.equal(await submitBackground(widget), ACME_PRIMARY);

    assert.match(await invalidMessage(widget, 'subnetId', 'subnet-1'), /UUID/);
    await input(widget, 'subnetId').fill(randomUUID());
    await widget.locator('[part~="input"][name="chargeMode"][value="wks_bandwidth"]').check();
    await page.getByLabel('Size (Mbit/s)').fill('20');
    await input(widget, 'name').fill('e2e-workspace');
    assert.equal((await field(widget, 'subnetId').locator('[part~="error"]').textContent())?.trim(), '');
    await submit(widget).click();

    const progress = widget.locator('[part~="progress"]');
    await progress.waitFor({ state: 'visible' });
    await widget.locator('[part~="progress"][aria-valuenow="100"]').waitFor({ timeout: 20_000 });
    await until('bwkit-success in the event log', () => eventCount('bwkit-success'), 1);
    assert.match((await result(widget).textContent()) ?? '', /Bandwidth created\./);
    for (const type of ['bwkit-ready', 'bwkit-change', 'bwkit-submit', 'bwkit-job-progress']) {
      assert.ok((await eventCount(type)) >= 1, `${type} logged`);
    }
    assert.match((await page.locator('#event-log .event').first().textContent()) ?? '', /bwkit-success.*<bandwidth-create service="workspace">/s);
    await shot('acme-workspace-created');
  });

  it('places a change order on the chosen bandwidth; an unpaid order blocks the next change (409)', async () => {
    await open('change-order.html');
    await page.locator('label[for="bw-5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b"]').click();
    const widget = page.locator('bandwidth-change-order');
    await until('bandwidth-id of the embedded widget', () => widget.getAttribute('bandwidth-id'), '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b');
    await ready(widget);

    assert.match(await invalidMessage(widget, 'sizeMbps', '5000'), /at most 1,?000/);
    await input(widget, 'sizeMbps').fill('40');
    await submit(widget).click();
    await result(widget).waitFor();
    assert.match((await result(widget).textContent()) ?? '', /Change order placed\..*Billing Center/s);
    await page.locator('#bw-options .badge--warning').filter({ hasText: 'awaiting payment' }).waitFor();
    await shot('acme-change-order-placed');

    // Same bandwidth again, while its order is unpaid: the cloud refuses with a conflict.
    await result(widget).getByRole('button').click();
    await input(widget, 'sizeMbps').fill('60');
    await submit(widget).click();
    await until('bwkit-error in the event log', () => eventCount('bwkit-error'), 1);
    assert.match((await alertOf(widget).textContent()) ?? '', /conflict/i);
    assert.equal(await result(widget).count(), 0);
  });

  it('creates a VPC shared bandwidth', async () => {
    await open('shared-bandwidth.html');
    const widget = page.locator('bandwidth-create[service="vpc"]');
    await ready(widget);
    assert.match(await invalidMessage(widget, 'sizeMbps', '320'), /steps of 50.*300 or 350/);
    await input(widget, 'name').fill('e2e-shared.bw');
    await input(widget, 'sizeMbps').fill('350');
    await submit(widget).click();
    await result(widget).waitFor();
    assert.match((await result(widget).textContent()) ?? '', /Shared bandwidth created\..*e2e-shared\.bw/s);
    await shot('acme-shared-bandwidth-created');
  });

  it('creates a Cloud Connect bandwidth package', async () => {
    await open('bandwidth-package.html');
    const widget = page.locator('bandwidth-package-form');
    await ready(widget);
    assert.match(await invalidMessage(widget, 'description', 'links <b>HK</b>'), /angle brackets/);
    await input(widget, 'description').fill('Hong Kong to Beijing');
    await input(widget, 'name').fill('e2e-package');
    await input(widget, 'localArea').selectOption('Chinese-Mainland');
    await input(widget, 'remoteArea').selectOption('Asia-Pacific');
    await widget.locator('[part~="input"][name="billingMode"][value="4"]').check(); // pay-per-use (international)
    await input(widget, 'sizeMbps').fill('10');
    await submit(widget).click();
    await result(widget).waitFor();
    assert.match((await result(widget).textContent()) ?? '', /Bandwidth package created\..*bandwidth\.cmtoap/s);
    await shot('acme-bandwidth-package-created');
  });

  it('lists the audit records newest first and pages with "Load more"', async () => {
    // Other users' activity, straight through the API, so there is more than one page.
    const { token } = (await (await fetch(`${gateway.url}/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', subject: 'bob.ops@acme.example' }),
    })).json()) as { token: string };
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${gateway.url}/v1/shared-bandwidths`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ name: `batch-${i}`, sizeMbps: 10 }),
      });
      assert.equal(res.status, 201, await res.text());
    }

    await open('audit.html');
    const rows = page.locator('#audit-body tr.audit-row');
    await until('first page of audit rows', () => rows.count(), 20);
    assert.equal(await rows.first().locator('td').nth(2).textContent(), 'bob.ops@acme.example');
    const times = await rows.locator('time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');

    await page.locator('#audit-more').click();
    await until('second page appended', async () => (await rows.count()) > 20, true);
    await page.locator('#audit-end').waitFor();
    assert.equal(await page.locator('#audit-more').isHidden(), true);
    const ops = await page.locator('#audit-body .op__code').allTextContents();
    for (const op of ['createWorkspaceBandwidth', 'changeWorkspaceBandwidth', 'createSharedBandwidth', 'createBandwidthPackage']) {
      assert.ok(ops.includes(op), `${op} audited`);
    }
    assert.ok(await page.locator('#audit-body .badge--failed').count() >= 1, 'the refused change order is there as failed');

    const toggle = rows.first().locator('button[aria-controls]');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.locator('#audit-body tr.audit-details:not([hidden])').first().waitFor();
    await shot('acme-audit');
  });

  it('switches organisation: Chinese chrome, a new token, widgets re-themed from the BFF', async () => {
    await open('workspace.html');
    const widget = page.locator('bandwidth-create[service="workspace"]');
    await ready(widget);
    assert.equal(await submitBackground(widget), ACME_PRIMARY);
    const readyBefore = await eventCount('bwkit-ready');

    await page.locator('#org-switcher').selectOption('globex');
    await until('<html lang>', () => page.locator('html').getAttribute('lang'), 'zh-CN');
    await until('a new bwkit-ready after the switch', () => eventCount('bwkit-ready'), readyBefore + 1);
    await ready(widget);
    await until('submit background after the switch', () => submitBackground(widget), GLOBEX_PRIMARY);
    assert.equal((await submit(widget).textContent())?.trim(), '创建带宽');
    assert.equal(await page.locator('#sidenav [aria-current="page"]').textContent(), '云桌面带宽');
    assert.equal(await page.evaluate(() => localStorage.getItem('meridian.tenant')), 'globex');
    await shot('globex-workspace');

    // Remembered: a new visit opens on globex.
    await open('index.html');
    assert.equal(await page.locator('#org-switcher').inputValue(), 'globex');
    await page.locator('#org-facts .facts').waitFor();
    assert.match((await page.locator('#org-facts').textContent()) ?? '', /Globex 云服务.*中国站/s);
    await shot('globex-overview');
    for (const [file, name] of [['change-order.html', 'globex-change-order'], ['shared-bandwidth.html', 'globex-shared-bandwidth'],
      ['bandwidth-package.html', 'globex-bandwidth-package'], ['audit.html', 'globex-audit']] as const) {
      await open(file);
      const w = page.locator('bandwidth-create, bandwidth-change-order, bandwidth-package-form');
      if ((await w.count()) > 0) await ready(w.first());
      else await page.locator('#audit-empty:not([hidden]), #audit-body tr').first().waitFor();
      await shot(name);
    }
  });

  it('restyles every widget live on the Appearance page, and resets to the tenant theme', async () => {
    await open('theme.html');
    const widgets = page.locator('bandwidth-create, bandwidth-change-order, bandwidth-package-form');
    assert.equal(await widgets.count(), 4);
    for (let i = 0; i < 4; i++) await ready(widgets.nth(i));
    await until('the editor filled from the tenant theme', () => page.locator('#colorPrimary-hex').inputValue(), '#c2410c');
    const backgrounds = async () => (await Promise.all([0, 1, 2, 3].map((i) => submitBackground(widgets.nth(i))))).join(' | ');
    await until('globex primary on every widget', backgrounds, Array(4).fill(GLOBEX_PRIMARY).join(' | '));

    await page.locator('#colorPrimary-hex').fill('#0f766e');
    await until('the new primary on every widget', backgrounds, Array(4).fill('rgb(15, 118, 110)').join(' | '));
    await page.locator('label[for="scheme-light"]').click();
    await page.locator('#radius').fill('0');
    const first = widgets.first();
    // The light palette's text colour (#0f172a) on the labels.
    await until('light text colour', () => first.locator('[part~="label"]').first().evaluate((el) => getComputedStyle(el).color), 'rgb(15, 23, 42)');
    await until('square corners', () => submit(first).evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '0px');
    assert.equal(await page.locator('#theme-status').getAttribute('data-state'), 'custom');
    await shot('globex-theme-edited');

    await page.locator('#theme-reset').click();
    await until('tenant primary back on every widget', backgrounds, Array(4).fill(GLOBEX_PRIMARY).join(' | '));
    assert.equal(await page.locator('#theme-status').getAttribute('data-state'), 'tenant');

    // And back to acme, so the light theme is what the next visitor sees.
    await page.locator('#org-switcher').selectOption('acme');
    await until('acme primary on every widget', backgrounds, Array(4).fill(ACME_PRIMARY).join(' | '));
    await shot('acme-theme');
  });

  it('every page of both organisations passes axe (WCAG 2.1 AA), the portal around the widgets', async () => {
    const found: string[] = [];
    for (const tenant of ['acme', 'globex']) {
      for (const file of PAGES) {
        await open(`${file}?tenant=${tenant}`);
        const widgets = page.locator(WIDGETS);
        for (let i = 0; i < (await widgets.count()); i++) await ready(widgets.nth(i));
        await page.waitForLoadState('networkidle');
        // Evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply.
        await page.evaluate(AXE_SOURCE);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
          const res = await axe.run(
            { exclude: [['bandwidth-create'], ['bandwidth-change-order'], ['bandwidth-package-form']] },
            { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
          );
          return res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
        });
        for (const v of violations) found.push(`${tenant} ${file} ${v}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it("ran without page errors, and the portal's own code without CSP violations", () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations.filter((v) => !v.source.includes('/widgets/')), []);
  });

  it('the widget bundle ran without CSP violations', (t) => {
    const widgets = cspViolations.filter((v) => v.source.includes('/widgets/'));
    // Not the portal's to fix: reported as a known TODO of packages/widgets while it lasts (see README).
    if (widgets.length) t.todo(`packages/widgets: ${widgets.length} CSP violation(s), first ${widgets[0]!.directive} from ${widgets[0]!.source}`);
    assert.deepEqual(widgets, []);
  });
});
