/**
 * End to end, as a user: the demo portal on a gateway of its own (demo mode, cloud simulator, in-memory store),
 * driven in Debian's Chromium through playwright-core. Widgets are reached through their open shadow roots with
 * Playwright's CSS engine, by `::part` names (form field label input hint error submit progress result) and the
 * request field names their inputs carry.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, ensureWidgetsBuilt, launchChromium, startGateway, type TestGateway } from './support.js';

const SHOTS = join(ARTIFACTS, 'e2e');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
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
  widget
    .locator('[part~="field"]')
    .filter({ has: page.locator(`[name="${name}"]`) })
    .first();
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

/** Opens a picker (an ARIA combobox over the gateway's list) and chooses the option named `label`. */
async function pick(widget: Locator, name: string, label: string): Promise<void> {
  const box = widget.locator(`[role="combobox"][name="${name}"]`);
  await box.fill('');
  await box.click();
  const option = widget
    .locator(`#lb-${name} [role="option"]`)
    .filter({ has: page.locator('strong', { hasText: new RegExp(`^${label}$`) }) });
  await option.first().click();
  await until(`${name} chosen`, async () => (await box.inputValue()).length, 36);
}

/** Waits for the live price (an amount with its period) and returns it as a pattern for the review. */
async function priceShown(widget: Locator): Promise<RegExp> {
  const price = widget.locator('[part~="price"]');
  await until('a price', async () => /\d.*per (month|year|hour)/.test((await price.textContent()) ?? ''), true);
  const text = ((await price.locator('strong').first().textContent()) ?? '').trim();
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Waits for a price in any language (the widget follows the page's `lang`). */
async function priceShownAny(widget: Locator): Promise<void> {
  await until(
    'a price',
    async () =>
      /\d/.test(
        (await widget
          .locator('[part~="price"] strong')
          .first()
          .textContent()
          .catch(() => '')) ?? '',
      ),
    true,
  );
}

/** The review step with everything a person checks before buying. */
async function reviewShown(widget: Locator, expected: RegExp[]): Promise<Locator> {
  const rv = widget.locator('[part~="review"]');
  await rv.waitFor();
  const text = (await rv.textContent()) ?? '';
  for (const re of expected) assert.match(text, re);
  return rv;
}

/** The status the widget's order panel shows. */
const orderStatus = async (widget: Locator) =>
  (
    (await widget
      .locator('[part~="order"] [role="status"]')
      .first()
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();

const submitBackground = (widget: Locator) => submit(widget).evaluate((el) => getComputedStyle(el).backgroundColor);

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
        report({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          source: `${e.sourceFile}:${e.lineNumber}`,
          sample: e.sample,
        });
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
    for (const sel of ['header', 'nav[aria-label]', 'main', 'footer'])
      assert.equal((await page.locator(sel).count()) >= 1, true, sel);
    // The organisation's Workspace bandwidths, listed by the gateway from the cloud (the portal knows no ids).
    assert.equal(await page.locator('#inventory-region').inputValue(), 'ap-southeast-3');
    const beijing = page.locator('#inventory .inventory__item').filter({ hasText: 'wks-office-beijing' });
    await beijing.waitFor();
    assert.match((await beijing.textContent()) ?? '', /Yearly\/monthly.*10 Mbit\/s.*Change/s);
    await shot('acme-overview');
  });

  it('buys a yearly/monthly Workspace bandwidth on a subnet picked from the list: price, review, job done, order followed', async () => {
    await open('workspace.html');
    const widget = page.locator('bandwidth-create[service="workspace"]');
    await ready(widget);
    assert.equal(await submitBackground(widget), ACME_PRIMARY);

    // The region comes first (subnets belong to one); the subnet is picked from that region's list, not typed.
    assert.equal(await input(widget, 'region').inputValue(), 'ap-southeast-3');
    assert.match(await invalidMessage(widget, 'subnetId', 'subnet-1'), /UUID/);
    await pick(widget, 'subnetId', 'subnet-office-3');
    assert.match(
      (await field(widget, 'subnetId').locator('[part~="hint"]').textContent()) ?? '',
      /subnet-office-3.*192\.168\.2\.0\/24/s,
    );
    await widget.locator('[part~="input"][name="chargeMode"][value="wks_bandwidth"]').check();
    await page.getByLabel('Size (Mbit/s)').fill('20');
    await input(widget, 'name').fill('e2e-workspace');
    assert.equal((await field(widget, 'subnetId').locator('[part~="error"]').textContent())?.trim(), '');
    const quoted = await priceShown(widget);
    await shot('acme-workspace-priced');

    await submit(widget).click();
    const rv = await reviewShown(widget, [
      /New Workspace bandwidth/,
      /subnet-office-3/,
      /20 Mbit\/s/,
      /Yearly\/monthly/,
      quoted,
    ]);
    assert.equal((await submit(widget).textContent())?.trim(), 'Buy');
    await shot('acme-workspace-review');
    await rv.locator('[part~="submit"]').click();

    const progress = widget.locator('[part~="progress"]');
    await progress.waitFor({ state: 'visible' });
    await widget.locator('[part~="progress"][aria-valuenow="100"]').waitFor({ timeout: 20_000 });
    await until('bwkit-success in the event log', () => eventCount('bwkit-success'), 1);
    const done = (await result(widget).textContent()) ?? '';
    assert.match(done, /Bandwidth created\./);
    assert.match(done, /Bandwidth ID\s*[0-9a-f-]{36}/i, "the new bandwidth, found in the cloud's list");
    // A yearly/monthly bandwidth places an order: the widget follows it.
    await until('the order panel', () => orderStatus(widget), 'Waiting for payment');
    for (const type of ['bwkit-ready', 'bwkit-change', 'bwkit-submit', 'bwkit-job-progress', 'bwkit-order-placed']) {
      assert.ok((await eventCount(type)) >= 1, `${type} logged`);
    }
    assert.match(
      (await page.locator('#event-log .event[data-type="bwkit-submit"]').first().textContent()) ?? '',
      /Price: .*per month/,
    );
    assert.match(
      (await page.locator('#event-log .event[data-type="bwkit-order-placed"]').first().textContent()) ?? '',
      /Order \S+/,
    );
    await shot('acme-workspace-created');
  });

  it('changes a bandwidth picked from the list, pays the order from the widget and sees the new size listed', async () => {
    await open('change-order.html');
    const widget = page.locator('bandwidth-change-order');
    await ready(widget);
    assert.equal(await widget.getAttribute('bandwidth-id'), null, 'the portal names no bandwidth');

    await pick(widget, 'bandwidthId', 'wks-office-shanghai');
    assert.match(
      (await field(widget, 'bandwidthId').locator('[part~="hint"]').textContent()) ?? '',
      /wks-office-shanghai.*20 Mbit\/s/s,
    );
    // The size it has today would order a change of nothing: refused before anything is sent.
    assert.match(await invalidMessage(widget, 'sizeMbps', '20'), /20/);
    assert.match(await invalidMessage(widget, 'sizeMbps', '5000'), /at most 1,?000/);
    await input(widget, 'sizeMbps').fill('40');
    const quoted = await priceShown(widget);

    await submit(widget).click();
    const rv = await reviewShown(widget, [
      /Change of a Workspace bandwidth/,
      /wks-office-shanghai, now 20 Mbit\/s/,
      /40 Mbit\/s/,
      quoted,
    ]);
    await shot('acme-change-order-review');
    await rv.locator('[part~="submit"]').click();
    await result(widget).waitFor();
    assert.match((await result(widget).textContent()) ?? '', /Change order placed\./);
    await until('order status', () => orderStatus(widget), 'Waiting for payment');
    // acme lets its users pay from the widget: Pay, and no Billing Center link.
    assert.equal(await widget.locator('[part~="billing-link"]').count(), 0);
    await shot('acme-change-order-placed');

    await widget.locator('[part~="pay"]').click();
    await until('order status after paying', () => orderStatus(widget), 'Completed', 20_000);
    assert.match((await result(widget).textContent()) ?? '', /Paid and completed\./);
    assert.equal(await widget.locator('[part~="pay"]').count(), 0);
    await until('bwkit-order-completed in the event log', () => eventCount('bwkit-order-completed'), 1);
    assert.ok((await eventCount('bwkit-order-paid')) >= 1, 'bwkit-order-paid logged');
    await shot('acme-change-order-paid');

    // The event log links the order: its status on the Orders page.
    const link = page.locator('#event-log .event[data-type="bwkit-order-completed"] a.event__order').first();
    const orderId = ((await link.textContent()) ?? '').replace(/^Order /, '');
    await link.click();
    await page.waitForURL(/orders\.html#order-/);
    const row = page.locator(`#orders-body tr[aria-current]`);
    await until(
      'the linked order, completed',
      async () => ((await row.textContent()) ?? '').includes('Completed'),
      true,
    );
    assert.match((await row.textContent()) ?? '', new RegExp(`${orderId}.*Change Workspace bandwidth`, 's'));
    await shot('acme-orders');

    // The cloud's list now has the new size (the gateway caches lists for 15 s: look again until it shows).
    await until(
      'the new size on the overview',
      async () => {
        await open('index.html');
        const item = page.locator('#inventory .inventory__item').filter({ hasText: 'wks-office-shanghai' });
        await item.first().waitFor();
        return (await item.first().locator('.inventory__size').textContent())?.trim();
      },
      '40 Mbit/s',
      30_000,
    );
    await shot('acme-overview-after-change');
    // Only in the region it lives in: the bandwidth of the same name in AP-Hong Kong keeps its size.
    await page.locator('#inventory-region').selectOption('ap-southeast-1');
    await until(
      'AP-Hong Kong listed',
      async () =>
        (await page.locator('#inventory').getAttribute('aria-busy')) === null &&
        (
          (await page
            .locator('#inventory .inventory__item')
            .filter({ hasText: 'wks-office-shanghai' })
            .locator('.inventory__size')
            .textContent()
            .catch(() => '')) ?? ''
        ).trim(),
      '20 Mbit/s',
    );
  });

  it('an unpaid change order blocks the next change to that bandwidth (409), reached from the overview', async () => {
    await open('index.html');
    const item = page.locator('#inventory .inventory__item').filter({ hasText: 'wks-lab-shenzhen' }).first();
    await item.getByRole('link', { name: /Change/ }).click();
    await page.waitForURL(/change-order\.html\?bandwidth=/);
    const widget = page.locator('bandwidth-change-order');
    await ready(widget);
    assert.equal(await widget.getAttribute('bandwidth-id'), '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a');
    assert.match((await widget.locator('.subject').textContent()) ?? '', /wks-lab-shenzhen, now 50 Mbit\/s/);
    await page.locator('#change-another').waitFor();

    await input(widget, 'sizeMbps').fill('60');
    await priceShown(widget);
    await submit(widget).click();
    await (await reviewShown(widget, [/60 Mbit\/s/])).locator('[part~="submit"]').click();
    await until('order status', () => orderStatus(widget), 'Waiting for payment');

    // Same bandwidth again while its order is unpaid: the cloud refuses, and the message says what to do.
    const errorsBefore = await eventCount('bwkit-error');
    await result(widget).getByRole('button', { name: 'Start again' }).click();
    await input(widget, 'sizeMbps').fill('70');
    await submit(widget).click();
    await (await reviewShown(widget, [/70 Mbit\/s/])).locator('[part~="submit"]').click();
    await until('bwkit-error in the event log', () => eventCount('bwkit-error'), errorsBefore + 1);
    assert.match((await alertOf(widget).textContent()) ?? '', /waiting for payment|pay or cancel/i);
    assert.equal(await result(widget).count(), 0);

    // The overview marks it, linked to the order, and offers no change for it meanwhile.
    await until(
      'the pending order on the overview',
      async () => {
        await open('index.html');
        const item = page.locator('#inventory .inventory__item').filter({ hasText: 'wks-lab-shenzhen' }).first();
        await item.waitFor();
        return (
          (await item.locator('.inventory__order').count()) === 1 &&
          (await item.getByRole('link', { name: /^Change/ }).count()) === 0
        );
      },
      true,
      30_000,
    );
  });

  it('creates a VPC shared bandwidth, priced and reviewed', async () => {
    await open('shared-bandwidth.html');
    const widget = page.locator('bandwidth-create[service="vpc"]');
    await ready(widget);
    assert.match(await invalidMessage(widget, 'sizeMbps', '320'), /steps of 50.*300 or 350/);
    await input(widget, 'name').fill('e2e-shared.bw');
    await input(widget, 'sizeMbps').fill('350');
    const quoted = await priceShown(widget);
    await submit(widget).click();
    await (await reviewShown(widget, [/New shared bandwidth/, /e2e-shared\.bw/, /350 Mbit\/s/, /Pay-per-use/, quoted]))
      .locator('[part~="submit"]')
      .click();
    await result(widget).waitFor();
    assert.match((await result(widget).textContent()) ?? '', /Shared bandwidth created\..*e2e-shared\.bw/s);
    await shot('acme-shared-bandwidth-created');
  });

  it('buys a yearly/monthly Cloud Connect package bound to a listed cloud connection, then cancels its order', async () => {
    await open('bandwidth-package.html');
    const widget = page.locator('bandwidth-package-form');
    await ready(widget);
    assert.match(await invalidMessage(widget, 'description', 'links <b>HK</b>'), /angle brackets/);
    await input(widget, 'description').fill('Hong Kong to Beijing');
    await input(widget, 'name').fill('e2e-package');
    await input(widget, 'localArea').selectOption('Chinese-Mainland');
    await input(widget, 'remoteArea').selectOption('Asia-Pacific');
    await widget.locator('[part~="input"][name="billingMode"][value="2"]').check(); // yearly/monthly (international)
    await input(widget, 'sizeMbps').fill('10');
    // The binding is chosen by name from the tenant's cloud connections (only ACTIVE ones can take a package).
    const binding = input(widget, 'resourceId');
    await until(
      'cloud connections listed',
      async () => (await binding.locator('option').allTextContents()).some((o) => o.startsWith('cc-headquarters')),
      true,
    );
    assert.equal(
      (await binding.locator('option').allTextContents()).some((o) => o.startsWith('cc-latam-legacy')),
      false,
      'a frozen connection is not offered',
    );
    await binding.selectOption({ label: 'cc-headquarters (ACTIVE)' });
    const quoted = await priceShown(widget);
    await shot('acme-bandwidth-package-priced');
    await submit(widget).click();
    await (await reviewShown(widget, [/New bandwidth package/, /cc-headquarters/, /Yearly\/monthly/, quoted]))
      .locator('[part~="submit"]')
      .click();
    await result(widget).waitFor();
    assert.match((await result(widget).textContent()) ?? '', /Bandwidth package created\..*bandwidth\.cmtoap/s);
    await until('order status', () => orderStatus(widget), 'Waiting for payment');

    await widget.locator('[part~="cancel"]').click();
    await until('order status after cancelling', () => orderStatus(widget), 'Cancelled', 20_000);
    await until('bwkit-order-cancelled in the event log', () => eventCount('bwkit-order-cancelled'), 1);
    await shot('acme-bandwidth-package-cancelled');

    // Every order this user placed, with its status as the gateway reports it now.
    await open('orders.html');
    const rows = page.locator('#orders-body tr');
    await until('orders listed', () => rows.count(), 4);
    const statuses = async () => (await rows.locator('.badge').allTextContents()).sort().join(', ');
    await until('statuses', statuses, 'Awaiting payment, Awaiting payment, Cancelled, Completed');
    await shot('acme-orders-all');
  });

  it('lists the audit records newest first and pages with "Load more"', async () => {
    // Other users' activity, straight through the API, so there is more than one page.
    const { token } = (await (
      await fetch(`${gateway.url}/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', subject: 'bob.ops@acme.example' }),
      })
    ).json()) as { token: string };
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${gateway.url}/v1/shared-bandwidths`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ name: `batch-${i}`, sizeMbps: 10 }),
      });
      assert.equal(res.status, 201, await res.text());
    }

    await open('audit.html');
    const rows = page.locator('#audit-body tr.audit-row');
    await until('first page of audit rows', () => rows.count(), 20);
    assert.equal(await rows.first().locator('td').nth(2).textContent(), 'bob.ops@acme.example');
    const times = await rows
      .locator('time')
      .evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );

    await page.locator('#audit-more').click();
    await until('second page appended', async () => (await rows.count()) > 20, true);
    // Buying now audits more than the purchases (pay, cancel): follow "Load more" to the oldest record.
    while (await page.locator('#audit-more').isVisible()) {
      const before = await rows.count();
      await page.locator('#audit-more').click();
      await until(
        'next page appended',
        async () => (await rows.count()) > before || !(await page.locator('#audit-more').isVisible()),
        true,
      );
    }
    await page.locator('#audit-end').waitFor();
    assert.equal(await page.locator('#audit-more').isHidden(), true);
    const ops = await page.locator('#audit-body .op__code').allTextContents();
    for (const op of [
      'createWorkspaceBandwidth',
      'changeWorkspaceBandwidth',
      'createSharedBandwidth',
      'createBandwidthPackage',
    ]) {
      assert.ok(ops.includes(op), `${op} audited`);
    }
    assert.ok(
      (await page.locator('#audit-body .badge--failed').count()) >= 1,
      'the refused change order is there as failed',
    );

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

    // globex does not let its users pay from the widget: the order links to its Billing Center instead of Pay.
    await open('change-order.html');
    const change = page.locator('bandwidth-change-order');
    await ready(change);
    await pick(change, 'bandwidthId', 'wks-office-beijing');
    await input(change, 'sizeMbps').fill('30');
    await priceShownAny(change);
    await submit(change).click();
    await change.locator('[part~="review"] [part~="submit"]').click();
    await result(change).waitFor();
    const billing = change.locator('[part~="billing-link"]');
    await billing.waitFor();
    assert.match((await billing.getAttribute('href')) ?? '', /^https:\/\//);
    assert.equal(await change.locator('[part~="pay"]').count(), 0);
    await shot('globex-change-order-placed');
    for (const [file, name] of [
      ['shared-bandwidth.html', 'globex-shared-bandwidth'],
      ['bandwidth-package.html', 'globex-bandwidth-package'],
      ['orders.html', 'globex-orders'],
      ['audit.html', 'globex-audit'],
    ] as const) {
      await open(file);
      const w = page.locator('bandwidth-create, bandwidth-change-order, bandwidth-package-form');
      if ((await w.count()) > 0) await ready(w.first());
      else
        await page
          .locator('#audit-empty:not([hidden]), #audit-body tr, #orders-empty:not([hidden]), #orders-body tr')
          .first()
          .waitFor();
      // globex's unpaid order: the Orders page links its Billing Center too.
      if (file === 'orders.html')
        await page.locator('#orders-body tr .orders__pay[href^="https://"]').first().waitFor();
      await shot(name);
    }
  });

  it('restyles every widget live on the Appearance page, and resets to the tenant theme', async () => {
    await open('theme.html');
    const widgets = page.locator('bandwidth-create, bandwidth-change-order, bandwidth-package-form');
    assert.equal(await widgets.count(), 4);
    for (let i = 0; i < 4; i++) await ready(widgets.nth(i));
    await until(
      'the editor filled from the tenant theme',
      () => page.locator('#colorPrimary-hex').inputValue(),
      '#c2410c',
    );
    const backgrounds = async () =>
      (await Promise.all([0, 1, 2, 3].map((i) => submitBackground(widgets.nth(i))))).join(' | ');
    await until('globex primary on every widget', backgrounds, Array(4).fill(GLOBEX_PRIMARY).join(' | '));

    await page.locator('#colorPrimary-hex').fill('#0f766e');
    await until('the new primary on every widget', backgrounds, Array(4).fill('rgb(15, 118, 110)').join(' | '));
    await page.locator('label[for="scheme-light"]').click();
    await page.locator('#radius').fill('0');
    const first = widgets.first();
    // The light palette's text colour (#0f172a) on the labels.
    await until(
      'light text colour',
      () =>
        first
          .locator('[part~="label"]')
          .first()
          .evaluate((el) => getComputedStyle(el).color),
      'rgb(15, 23, 42)',
    );
    await until(
      'square corners',
      () => submit(first).evaluate((el) => getComputedStyle(el).borderTopLeftRadius),
      '0px',
    );
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
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  ctx: unknown,
                  opts: unknown,
                ) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
              };
            }
          ).axe;
          const res = await axe.run(
            {
              exclude: [
                ['bandwidth-create'],
                ['bandwidth-change-order'],
                ['bandwidth-package-form'],
                ['bandwidth-approvals'],
              ],
            },
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
    assert.deepEqual(
      cspViolations.filter((v) => !v.source.includes('/widgets/')),
      [],
    );
  });

  it('the widget bundle ran without CSP violations', (t) => {
    const widgets = cspViolations.filter((v) => v.source.includes('/widgets/'));
    // Not the portal's to fix: reported as a known TODO of packages/widgets while it lasts (see README).
    if (widgets.length)
      t.todo(
        `packages/widgets: ${widgets.length} CSP violation(s), first ${widgets[0]!.directive} from ${widgets[0]!.source}`,
      );
    assert.deepEqual(widgets, []);
  });
});
