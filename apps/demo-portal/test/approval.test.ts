/**
 * End to end, as two people in two browsers: Ivy, an intern whose purchases acme's policy holds for an approver,
 * buys a shared bandwidth and sees "Waiting for approval"; Dana, an approver, approves it on the Approvals page
 * (<bandwidth-approvals>); Ivy's page then shows the bandwidth created; the Webhook deliveries page lists the
 * approval events, which a receiver run by this test got signed (Standard Webhooks: HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the base64 key after `whsec_`).
 */

import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { ARTIFACTS, demoEnv, ensureWidgetsBuilt, launchChromium, startGateway, type TestGateway } from './support.js';

const SHOTS = join(ARTIFACTS, 'e2e');

interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** The portal backend's webhook endpoint: verifies each signature and keeps what it accepted. */
function startReceiver(
  secret: string,
): Promise<{ server: Server; url: string; received: Received[]; rejected: number }> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const state = { received: [] as Received[], rejected: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      const ts = String(req.headers['webhook-timestamp'] ?? '');
      const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
      const signed = String(req.headers['webhook-signature'] ?? '')
        .split(' ')
        .some((s) => {
          const [v, sig] = s.split(',');
          const got = Buffer.from(sig ?? '', 'base64');
          return v === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
        });
      if (!signed || !fresh) {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      const event = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      state.received.push({ id, type: event.type, data: event.data });
      res.writeHead(204).end();
    });
  });
  return new Promise((res) =>
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/bwkit`;
      res({
        server,
        url,
        get received() {
          return state.received;
        },
        get rejected() {
          return state.rejected;
        },
      });
    }),
  );
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`${what}: last saw ${JSON.stringify(last)}`);
}

describe('demo portal: a purchase through approval to completion', { timeout: 180_000 }, () => {
  let gateway: TestGateway;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let buyer: Page;
  let approver: Page;
  const pageErrors: string[] = [];
  const shot = async (p: Page, name: string) => {
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  const open = async (p: Page, path: string) => p.goto(`${gateway.url}/portal/${path}`);
  const signIn = async (p: Page, userId: string) => {
    await p.locator('#user-switcher').selectOption(userId);
  };
  const input = (w: Locator, name: string) => w.locator(`[part~="input"][name="${name}"]`).first();

  before(async () => {
    ensureWidgetsBuilt();
    mkdirSync(SHOTS, { recursive: true });
    receiver = await startReceiver(demoEnv()['ACME_WEBHOOK_SECRET']!);
    gateway = await startGateway({ webhookUrl: receiver.url });
    browser = await launchChromium();
    // Two people, two browsers: each keeps its own signed-in user.
    for (const who of ['buyer', 'approver'] as const) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      ctx.setDefaultTimeout(15_000);
      const p = await ctx.newPage();
      p.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
      if (who === 'buyer') buyer = p;
      else approver = p;
    }
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    receiver?.server.close();
  });

  it("acme's policy limit is shown under the package form's size before anything is sent", async () => {
    await open(buyer, 'bandwidth-package.html');
    const widget = buyer.locator('bandwidth-package-form');
    await widget.locator('[part~="submit"]').waitFor();
    const size = widget
      .locator('[part~="field"]')
      .filter({ has: buyer.locator('[name="sizeMbps"]') })
      .first();
    await until(
      'the policy hint',
      async () => (await size.textContent()) ?? '',
      (t) => /at most 200 Mbit\/s/.test(t),
    );
  });

  it("Ivy's shared bandwidth waits for approval", async () => {
    await open(buyer, 'shared-bandwidth.html');
    await signIn(buyer, 'ivy');
    assert.equal(await buyer.locator('#user-name').textContent(), 'Ivy Chen');
    const widget = buyer.locator('bandwidth-create[service="vpc"]');
    await widget.locator('[part~="submit"]').waitFor();
    await input(widget, 'name').fill('e2e-approved.bw');
    await input(widget, 'sizeMbps').fill('250');
    await until(
      'a price',
      async () => (await widget.locator('[part~="price"]').textContent()) ?? '',
      (t) => /\d.*per (month|year|hour)/.test(t),
    );
    await widget.locator('[part~="submit"]').click();
    await widget.locator('[part~="review"] [part~="submit"]').click();
    await widget.getByText('Waiting for approval').first().waitFor();
    await shot(buyer, 'approval-1-buyer-waiting');
  });

  it('a buyer is not shown the approvals; Dana approves the request on the Approvals page', async () => {
    await open(approver, 'approvals.html');
    assert.equal(await approver.locator('#needs-approver').isVisible(), true);
    assert.match((await approver.locator('#needs-approver').textContent()) ?? '', /Dana Okafor/);
    await signIn(approver, 'dana');
    assert.equal(await approver.locator('#needs-approver').isVisible(), false);
    await until(
      'the policy beside the list',
      async () => (await approver.locator('#policy-list').textContent()) ?? '',
      (t) => /users your organisation names.*Create bandwidth package: at most 200 Mbit\/s.*72 hours/s.test(t),
    );
    const list = approver.locator('bandwidth-approvals');
    await list.getByText('e2e-approved.bw').first().waitFor();
    // Who asked, and what (the element renders in its shadow root: read by text, not the host's textContent).
    await list.getByText('intern@acme.example').first().waitFor();
    await list
      .getByText(/250 Mbit\/s/)
      .first()
      .waitFor();
    await shot(approver, 'approval-2-approver-list');
    await list
      .getByRole('button', { name: /^Approve/ })
      .first()
      .click();
    await until(
      'the request leaves the pending list',
      async () => list.getByText('e2e-approved.bw').count(),
      (n) => n === 0,
      20_000,
    );
  });

  it("Ivy's page shows the bandwidth created", async () => {
    const widget = buyer.locator('bandwidth-create[service="vpc"]');
    const result = widget.locator('[part~="result"]');
    await result.waitFor({ timeout: 30_000 });
    assert.match((await result.textContent()) ?? '', /Shared bandwidth created\..*e2e-approved\.bw/s);
    await shot(buyer, 'approval-3-buyer-created');
  });

  it('the webhook deliveries page lists the approval events, signed and delivered to the portal backend', async () => {
    await until(
      'the receiver got approval.requested and approval.decided',
      async () => receiver.received.map((r) => r.type),
      (types) => types.includes('approval.requested') && types.includes('approval.decided'),
      30_000,
    );
    assert.equal(receiver.rejected, 0);
    await open(approver, 'webhooks.html');
    const rows = approver.locator('#webhooks-body tr');
    for (const type of ['approval.requested', 'approval.decided']) {
      const row = rows
        .filter({ has: approver.locator(`code`, { hasText: new RegExp(`^${type.replace('.', '\\.')}$`) }) })
        .first();
      await row.waitFor();
      assert.equal(await row.getAttribute('data-state'), 'delivered');
      const text = (await row.textContent()) ?? '';
      assert.match(text, /Delivered/);
      assert.match(text, /HTTP 204/);
      const id = receiver.received.find((r) => r.type === type)!.id;
      assert.ok(text.includes(id), `the row shows the webhook-id the receiver got (${id})`);
    }
    await shot(approver, 'approval-4-webhook-deliveries');
    assert.deepEqual(pageErrors, []);
  });
});
