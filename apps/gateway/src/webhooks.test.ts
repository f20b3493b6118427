/**
 * Signed webhooks over real HTTP: the gateway (simulator upstream) places and pays an order, and a portal backend on
 * loopback receives order.placed and order.paid, verifying each with the Standard Webhooks library; the delivery log
 * is the tenant's own, redelivery sends the same webhook id again, and every answer matches the OpenAPI document.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { mintToken, newKey, startTestGateway, type TestGateway, testConfig, waitFor } from './testing/index.js';

/** The Standard Webhooks library the BFF signs with (its dependency), loaded from there as a receiver would use it. */
const { Webhook } = createRequire(import.meta.resolve('@bwkit/bff'))('standardwebhooks') as {
  Webhook: new (secret: string) => { verify(body: string, headers: Record<string, string>): unknown };
};

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: { type: string; timestamp: string; data: Record<string, any> };
}

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const region = 'ap-southeast-3';
let gw: TestGateway;
let server: Server;
let acme: string;
let globex: string;
const received: Received[] = [];
const refused: string[] = [];
/** Statuses to answer the next deliveries with (then 204). */
const plan: number[] = [];

const json = async (res: Response) => ({ status: res.status, headers: res.headers, body: (await res.json()) as any });

before(async () => {
  const wh = new Webhook(SECRET);
  server = createServer((req, res) => {
    let body = '';
    req
      .setEncoding('utf8')
      .on('data', (c: string) => {
        body += c;
      })
      .on('end', () => {
        let event: Received['event'];
        try {
          event = wh.verify(body, req.headers as Record<string, string>) as Received['event'];
        } catch (e) {
          refused.push(String(e));
          res.writeHead(400).end();
          return;
        }
        received.push({ headers: req.headers, body, event });
        res.writeHead(plan.shift() ?? 204).end();
      });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/bwkit`;
  gw = await startTestGateway({
    raw: testConfig({
      mutate: (raw) => {
        raw.tenants[0].webhooks = [
          {
            id: 'erp',
            url,
            events: ['order.placed', 'order.paid', 'order.cancelled'],
            secretEnv: 'TEST_WEBHOOK_SECRET',
          },
        ];
      },
    }),
    env: { TEST_WEBHOOK_SECRET: SECRET },
  });
  acme = await mintToken();
  globex = await mintToken({ tenant: 'globex' });
});
after(async () => {
  await gw.close();
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

const ofOrder = (type: string, orderId: string) =>
  received.filter((r) => r.event.type === type && r.event.data['orderId'] === orderId);

describe('signed webhooks over HTTP', () => {
  let orderId = '';

  test('placing and paying an order sends order.placed and order.paid, signed, retried after a 500 with the same webhook id', async () => {
    const bw = (
      await json(await gw.call(`/v1/workspace-bandwidths?region=${region}&chargeMode=wks_bandwidth`, { token: acme }))
    ).body.items.find((b: any) => !b.pendingOrder);
    assert.ok(bw, 'the simulator has a yearly/monthly Workspace bandwidth to change');
    plan.push(500);
    const placed = await json(
      await gw.call(`/v1/workspace-bandwidths/${bw.id}/change-orders`, {
        token: acme,
        key: newKey('wh'),
        body: { sizeMbps: bw.sizeMbps + 5, autoPay: false, region },
      }),
    );
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    orderId = placed.body.orderId;

    const [first] = await waitFor(async () =>
      ofOrder('order.placed', orderId).length >= 1 ? ofOrder('order.placed', orderId) : undefined,
    );
    assert.deepEqual(first?.event.data, {
      orderId,
      operation: 'changeWorkspaceBandwidth',
      region,
      resourceId: bw.id,
      subject: 'user-1',
    });
    assert.match(String(first?.headers['webhook-id']), /^msg_/);
    // The first attempt was answered 500: the retry (about 5 s later) carries the same id, signed afresh.
    const retried = await waitFor(
      async () => (ofOrder('order.placed', orderId).length >= 2 ? ofOrder('order.placed', orderId) : undefined),
      15_000,
    );
    assert.equal(retried[1]?.headers['webhook-id'], first?.headers['webhook-id']);

    const paid = await json(
      await gw.call(`/v1/orders/${orderId}/pay`, { token: acme, key: newKey('wh-pay'), body: {} }),
    );
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    const [p] = await waitFor(async () =>
      ofOrder('order.paid', orderId).length ? ofOrder('order.paid', orderId) : undefined,
    );
    assert.equal(p?.event.data['order'].status, 'completed');
    assert.deepEqual(refused, [], 'every request verified');
  });

  test("the delivery log is the tenant's: attempts with their statuses; another tenant's delivery is 404", async () => {
    const log = await json(await gw.call(`/v1/webhook-deliveries?eventType=order.placed`, { token: acme }));
    assert.equal(log.status, 200);
    const mine = log.body.items.filter((d: any) => d.data.orderId === orderId);
    assert.equal(mine.length, 1, 'one delivery per event and endpoint, however often it was tried');
    const d = await waitFor(async () => {
      const r = await json(await gw.call(`/v1/webhook-deliveries/${mine[0].id}`, { token: acme }));
      return r.body.state === 'delivered' ? r.body : undefined;
    });
    assert.deepEqual(
      d.attempts.map((a: any) => a.status),
      [500, 204],
    );
    assert.equal(d.endpointId, 'erp');
    assert.equal(JSON.stringify(log.body).includes('whsec_'), false);

    const other = await json(await gw.call(`/v1/webhook-deliveries/${d.id}`, { token: globex }));
    assert.deepEqual([other.status, other.body.code], [404, 'not_found']);
    assert.deepEqual((await json(await gw.call('/v1/webhook-deliveries', { token: globex }))).body.items, []);
    const noScope = await json(
      await gw.call('/v1/webhook-deliveries', { token: await mintToken({ scopes: ['order:read'] }) }),
    );
    assert.deepEqual([noScope.status, noScope.body.code], [403, 'scope_missing']);
  });

  test('redelivery sends the same webhook id again, once per Idempotency-Key', async () => {
    const paid = (
      await json(await gw.call(`/v1/webhook-deliveries?eventType=order.paid`, { token: acme }))
    ).body.items.filter((x: any) => x.data.orderId === orderId);
    assert.equal(paid.length, 1, 'the pay route and the progress watcher announce the payment once between them');
    const [d] = paid;
    const before = ofOrder('order.paid', orderId).length;
    const key = newKey('redo');
    const r1 = await json(
      await gw.call(`/v1/webhook-deliveries/${d.id}/redeliver`, { method: 'POST', token: acme, key }),
    );
    assert.deepEqual([r1.status, r1.body.state, r1.body.webhookId], [202, 'pending', d.webhookId]);
    const r2 = await json(
      await gw.call(`/v1/webhook-deliveries/${d.id}/redeliver`, { method: 'POST', token: acme, key }),
    );
    assert.deepEqual([r2.status, r2.headers.get('idempotent-replayed')], [202, 'true']);
    const again = await waitFor(async () =>
      ofOrder('order.paid', orderId).length > before ? ofOrder('order.paid', orderId) : undefined,
    );
    assert.equal(again.at(-1)?.headers['webhook-id'], d.webhookId);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(ofOrder('order.paid', orderId).length, before + 1, 'the replayed key scheduled nothing more');
  });
});
