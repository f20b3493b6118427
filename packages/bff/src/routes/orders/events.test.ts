import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { Store } from '../../store/index.js';
import { createMemoryStore } from '../../store/memory.js';
import { type InProcess, inProcessBff, REGION } from '../../testing/in-process.js';

interface Got {
  headers: IncomingHttpHeaders;
  event: { type: string; data: Record<string, any> };
}

/** The order routes tell the portal's backend: order.placed when an order is placed, order.cancelled / order.paid after. */
describe('order webhooks', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const got: Got[] = [];
  let server: Server;
  let url = '';
  before(async () => {
    const wh = new Webhook(secret);
    server = createServer((req, res) => {
      let body = '';
      req
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => {
          got.push({
            headers: req.headers,
            event: wh.verify(body, req.headers as Record<string, string>) as Got['event'],
          });
          res.writeHead(204).end();
        });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
  });
  after(
    () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  );

  const start = (store?: Store, logs?: string[]) =>
    inProcessBff({
      tenant: { webhooks: [{ id: 'erp', url, events: ['order.placed', 'order.paid', 'order.cancelled'], secret }] },
      bff: { webhooks: { pollMs: 20 }, ...(logs ? { log: (l: string) => logs.push(l) } : {}) },
      ...(store ? { store } : {}),
    });
  const waitFor = async <T>(f: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const v = f();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('timed out');
  };
  const placePackage = async (t: InProcess) => {
    const conns = (await (await t.call('/v1/cloud-connections')).json()) as { items: { id: string }[] };
    const r = await t.call('/v1/bandwidth-packages', {
      key: `pkg-${randomBytes(6).toString('hex')}`,
      body: {
        name: `pkg-${Date.now()}`,
        localArea: 'Asia-Pacific',
        remoteArea: 'Chinese-Mainland',
        billingMode: 2,
        sizeMbps: 10,
        prepaid: { periodType: 'month', periodCount: 1 },
        resourceType: 'cloud_connection',
        resourceId: conns.items[0]!.id,
      },
    });
    const body = (await r.json()) as { orderId: string; bandwidthPackage: { id: string } };
    assert.equal(r.status, 201, JSON.stringify(body));
    return body;
  };
  const of = (type: string, orderId: string) =>
    got.filter((g) => g.event.type === type && g.event.data['orderId'] === orderId);

  test('placing, then cancelling an order sends order.placed and order.cancelled, each once', async () => {
    const t = await start();
    try {
      const placed = await placePackage(t);
      const [p] = await waitFor(() =>
        of('order.placed', placed.orderId).length ? of('order.placed', placed.orderId) : undefined,
      );
      assert.deepEqual(p?.event.data, {
        orderId: placed.orderId,
        operation: 'createBandwidthPackage',
        region: REGION,
        resourceId: placed.bandwidthPackage.id,
        subject: 'user-1',
      });
      const key = `cancel-${randomBytes(4).toString('hex')}`;
      assert.equal((await t.call(`/v1/orders/${placed.orderId}/cancel`, { key, body: {} })).status, 200);
      assert.equal(
        (await t.call(`/v1/orders/${placed.orderId}/cancel`, { key, body: {} })).headers.get('idempotent-replayed'),
        'true',
      );
      const [c] = await waitFor(() =>
        of('order.cancelled', placed.orderId).length ? of('order.cancelled', placed.orderId) : undefined,
      );
      assert.equal(c?.event.data['order'].status, 'cancelled');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(of('order.cancelled', placed.orderId).length, 1, 'a replayed cancel announces nothing more');
      assert.equal(of('order.placed', placed.orderId).length, 1);
    } finally {
      await t.close();
    }
  });

  test('a store that cannot queue the webhook does not fail the payment: it is logged', async () => {
    const real = createMemoryStore();
    let refuse = false;
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === 'createRecord') {
          return async (kind: string, ...rest: unknown[]) => {
            if (refuse && kind === 'webhook-delivery') throw new Error('store down');
            return (target.createRecord as (...a: unknown[]) => Promise<boolean>)(kind, ...rest);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const logs: string[] = [];
    const t = await start(store, logs);
    try {
      const placed = await placePackage(t);
      refuse = true;
      const paid = await t.call(`/v1/orders/${placed.orderId}/pay`, {
        key: `pay-${randomBytes(4).toString('hex')}`,
        body: {},
      });
      assert.equal(paid.status, 200, await paid.clone().text());
      assert.ok(logs.some((l) => l.includes('webhook event not queued') && l.includes('order.paid')));
    } finally {
      await t.close();
    }
  });
});
