import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../log/index.js';
import { Metrics } from '../metrics/index.js';
import type { Store } from '../store/index.js';
import { createMemoryStore } from '../store/memory.js';
import { createSqliteStore } from '../store/sqlite.js';
import type { Tenant } from '../tenants/index.js';
import { testTenant } from '../testing/in-process.js';
import {
  backoffMs,
  createEventBus,
  DELIVERY_KIND,
  RETRY_SCHEDULE_MS,
  redeliver,
  type WebhookDelivery,
} from './index.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}
type Behaviour = (r: Received, res: ServerResponse) => void;

/** A portal backend on loopback: records every request; `next` decides how each one is answered. */
async function receiver() {
  const got: Received[] = [];
  const plan: Behaviour[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const r = { headers: req.headers, body, path: req.url ?? '' };
      got.push(r);
      const b =
        plan.shift() ??
        ((_r, w) => {
          w.writeHead(204).end();
        });
      b(r, res);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    got,
    plan,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

function tenantWith(id: string, webhooks: NonNullable<Tenant['webhooks']>): Tenant {
  return testTenant({ id, webhooks });
}

function clock(start = Date.now()) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function busOn(store: Store, tenants: Tenant[], c = clock(), extra: { timeoutMs?: number; pollMs?: number } = {}) {
  const lines: string[] = [];
  const bus = createEventBus({
    store,
    tenants: new Map(tenants.map((t) => [t.id, t])),
    now: c.now,
    log: createLogger((l) => lines.push(l), c.now),
    metrics: new Metrics(),
    random: () => 0.5,
    ...extra,
  });
  return { bus, lines };
}

const deliveries = async (store: Store, tenantId: string) =>
  (await store.listRecords<WebhookDelivery>(DELIVERY_KIND, { tenantId, limit: 100 })).map((r) => r.value);

describe('signed webhooks', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  before(async () => {
    rx = await receiver();
  });
  after(() => rx.close());
  const reset = () => {
    rx.got.length = 0;
    rx.plan.length = 0;
  };

  test('an event reaches each endpoint that wants it, signed so the Standard Webhooks library verifies it', async () => {
    reset();
    const s1 = secret();
    const store = createMemoryStore();
    const t = tenantWith('acme', [
      { id: 'erp', url: `${rx.url}/erp`, events: ['order.placed', 'order.paid'], secret: s1 },
      { id: 'ops', url: `${rx.url}/ops`, events: ['job.failed'], secret: secret() },
    ]);
    const { bus } = busOn(store, [t]);
    await bus.emit('acme', 'order.placed', { orderId: 'CS1', operation: 'createBandwidthPackage' });
    assert.equal(await bus.dispatchDue(), 1);
    assert.equal(rx.got.length, 1, 'only the endpoint subscribed to order.placed is called');
    const [r] = rx.got;
    assert.equal(r?.path, '/erp');
    assert.equal(r?.headers['content-type'], 'application/json');
    assert.match(String(r?.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
    const payload = new Webhook(s1).verify(r!.body, r!.headers as Record<string, string>) as {
      type: string;
      timestamp: string;
      data: unknown;
    };
    assert.equal(payload.type, 'order.placed');
    assert.deepEqual(payload.data, { orderId: 'CS1', operation: 'createBandwidthPackage' });
    assert.ok(!Number.isNaN(Date.parse(payload.timestamp)));
    assert.throws(
      () => new Webhook(secret()).verify(r!.body, r!.headers as Record<string, string>),
      'another secret does not verify',
    );
    const [d] = await deliveries(store, 'acme');
    assert.equal(d?.state, 'delivered');
    assert.equal(d?.webhookId, r?.headers['webhook-id']);
    assert.deepEqual(
      d?.attempts.map((a) => [a.status, a.error]),
      [[204, undefined]],
    );
    assert.equal(await bus.dispatchDue(), 0, 'a delivered event is not sent again');
  });

  test('after a 500 and after a dropped connection it retries with the same webhook-id on the backoff schedule', async () => {
    reset();
    const s = secret();
    const store = createMemoryStore();
    const c = clock();
    const { bus } = busOn(
      store,
      [tenantWith('acme', [{ id: 'erp', url: `${rx.url}/h`, events: ['job.succeeded'], secret: s }])],
      c,
    );
    rx.plan.push(
      (_r, res) => {
        res.writeHead(500).end('boom');
      },
      (_r, res) => {
        res.socket?.destroy();
      },
    );
    await bus.emit('acme', 'job.succeeded', { jobId: 'j1' });
    await bus.dispatchDue();
    let [d] = await deliveries(store, 'acme');
    assert.deepEqual([d?.state, d?.attempts[0]?.status, d?.attempts[0]?.error], ['pending', 500, 'HTTP 500']);
    assert.equal(Date.parse(d!.nextAttemptAt!) - Date.parse(d!.attempts[0]!.at), RETRY_SCHEDULE_MS[0]);
    c.advance(4_000);
    assert.equal(await bus.dispatchDue(), 0, 'not before the backoff has passed');
    c.advance(1_000);
    assert.equal(await bus.dispatchDue(), 1);
    [d] = await deliveries(store, 'acme');
    assert.match(d?.attempts[1]?.error ?? '', /^connection failed/);
    assert.equal(d?.attempts[1]?.status, undefined);
    assert.equal(Date.parse(d!.nextAttemptAt!) - Date.parse(d!.attempts[1]!.at), RETRY_SCHEDULE_MS[1]);
    c.advance(RETRY_SCHEDULE_MS[1]!);
    assert.equal(await bus.dispatchDue(), 1);
    [d] = await deliveries(store, 'acme');
    assert.equal(d?.state, 'delivered');
    assert.equal(rx.got.length, 3);
    assert.equal(new Set(rx.got.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook id across retries');
    for (const r of rx.got) new Webhook(s).verify(r.body, r.headers as Record<string, string>);
  });

  test('backoff: about a day of growing, jittered waits, then the delivery is failed and left alone', async () => {
    assert.deepEqual([backoffMs(1, () => 0), backoffMs(1, () => 1), backoffMs(1, () => 0.5)], [4_000, 6_000, 5_000]);
    assert.equal(backoffMs(RETRY_SCHEDULE_MS.length + 1), undefined);
    const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    assert.ok(total > 20 * 3_600_000 && total < 25 * 3_600_000, `${total}`);
    for (let i = 1; i < RETRY_SCHEDULE_MS.length; i++) assert.ok(RETRY_SCHEDULE_MS[i]! > RETRY_SCHEDULE_MS[i - 1]!);

    reset();
    const store = createMemoryStore();
    const c = clock();
    const { bus, lines } = busOn(
      store,
      [tenantWith('acme', [{ id: 'erp', url: `${rx.url}/down`, events: ['order.paid'], secret: secret() }])],
      c,
    );
    for (let i = 0; i < 20; i++)
      rx.plan.push((_r, res) => {
        res.writeHead(503).end();
      });
    await bus.emit('acme', 'order.paid', { orderId: 'CS2' });
    const waits: number[] = [];
    for (let i = 0; i <= RETRY_SCHEDULE_MS.length; i++) {
      assert.equal(await bus.dispatchDue(), 1, `attempt ${i + 1}`);
      const [d] = await deliveries(store, 'acme');
      if (d?.nextAttemptAt) {
        waits.push(Date.parse(d.nextAttemptAt) - Date.parse(d.attempts.at(-1)!.at));
        c.advance(waits.at(-1)!);
      }
    }
    assert.deepEqual(waits, RETRY_SCHEDULE_MS);
    const [d] = await deliveries(store, 'acme');
    assert.equal(d?.state, 'failed');
    assert.equal(d?.attempts.length, RETRY_SCHEDULE_MS.length + 1);
    c.advance(48 * 3_600_000);
    assert.equal(await bus.dispatchDue(), 0);
    assert.ok(lines.some((l) => l.includes('webhook delivery failed for good')));
  });

  test('a slow receiver times out and a redirect is not followed; both are retried', async () => {
    reset();
    const store = createMemoryStore();
    const { bus } = busOn(
      store,
      [tenantWith('acme', [{ id: 'slow', url: `${rx.url}/slow`, events: ['purchase.failed'], secret: secret() }])],
      clock(),
      { timeoutMs: 300 },
    );
    rx.plan.push(() => {
      /* never answers */
    });
    await bus.emit('acme', 'purchase.failed', { operation: 'createSharedBandwidth' });
    await bus.dispatchDue();
    let [d] = await deliveries(store, 'acme');
    assert.deepEqual([d?.state, d?.attempts[0]?.error], ['pending', 'timeout after 300 ms']);

    reset();
    const store2 = createMemoryStore();
    const { bus: bus2 } = busOn(store2, [
      tenantWith('acme', [{ id: 'moved', url: `${rx.url}/moved`, events: ['order.cancelled'], secret: secret() }]),
    ]);
    rx.plan.push((_r, res) => {
      res.writeHead(302, { location: `${rx.url}/elsewhere` }).end();
    });
    await bus2.emit('acme', 'order.cancelled', { orderId: 'CS3' });
    await bus2.dispatchDue();
    [d] = await deliveries(store2, 'acme');
    assert.deepEqual(
      [d?.state, d?.attempts[0]?.status, d?.attempts[0]?.error],
      ['pending', 302, 'redirect (302) not followed'],
    );
    assert.deepEqual(
      rx.got.map((r) => r.path),
      ['/moved'],
    );
  });

  test("redelivery sends the same webhook id again, once per Idempotency-Key, and only for the tenant's own delivery", async () => {
    reset();
    const s = secret();
    const store = createMemoryStore();
    const c = clock();
    const { bus } = busOn(
      store,
      [tenantWith('acme', [{ id: 'erp', url: `${rx.url}/r`, events: ['approval.decided'], secret: s }])],
      c,
    );
    await bus.emit('acme', 'approval.decided', { approvalId: 'ap1', state: 'approved' });
    await bus.dispatchDue();
    const [d] = await deliveries(store, 'acme');
    assert.equal(d?.state, 'delivered');
    assert.equal(
      await redeliver(store, 'other', d!.id, 'k1', c.now()),
      undefined,
      'another tenant cannot redeliver it',
    );
    const first = await redeliver(store, 'acme', d!.id, 'k1', c.now());
    assert.deepEqual([first?.replayed, first?.delivery.state], [false, 'pending']);
    const again = await redeliver(store, 'acme', d!.id, 'k1', c.now());
    assert.equal(again?.replayed, true);
    assert.equal(await bus.dispatchDue(), 1);
    assert.equal(await bus.dispatchDue(), 0, 'the repeated key scheduled nothing more');
    assert.equal(rx.got.length, 2);
    assert.equal(rx.got[0]?.headers['webhook-id'], rx.got[1]?.headers['webhook-id']);
    new Webhook(s).verify(rx.got[1]!.body, rx.got[1]!.headers as Record<string, string>);
    const [after2] = await deliveries(store, 'acme');
    assert.deepEqual([after2?.state, after2?.attempts.length], ['delivered', 2]);
  });

  test('an event emitted twice with the same dedupe key is delivered once; two dispatchers never send one delivery twice', async () => {
    reset();
    const store = createMemoryStore();
    const t = tenantWith('acme', [{ id: 'erp', url: `${rx.url}/d`, events: ['order.paid'], secret: secret() }]);
    const a = busOn(store, [t]).bus;
    const b = busOn(store, [t]).bus;
    await a.emit('acme', 'order.paid', { orderId: 'CS9' }, { dedupeKey: 'order:CS9:paid' });
    await b.emit('acme', 'order.paid', { orderId: 'CS9' }, { dedupeKey: 'order:CS9:paid' });
    for (let i = 0; i < 5; i++) await a.emit('acme', 'order.paid', { orderId: `CS${10 + i}` });
    const sent = await Promise.all([a.dispatchDue(), b.dispatchDue()]);
    assert.equal(sent[0] + sent[1], 6);
    assert.equal(rx.got.length, 6);
    assert.equal(new Set(rx.got.map((r) => r.headers['webhook-id'])).size, 6);
    assert.equal((await deliveries(store, 'acme')).filter((d) => d.state === 'delivered').length, 6);
  });

  test('a tenant without webhooks queues nothing', async () => {
    const store = createMemoryStore();
    const { bus } = busOn(store, [testTenant()]);
    await bus.emit('acme', 'order.placed', { orderId: 'x' });
    assert.deepEqual(await deliveries(store, 'acme'), []);
  });

  test('a pending delivery survives a restart: a new bus on the same SQLite file delivers it', async () => {
    reset();
    const dir = mkdtempSync(join(tmpdir(), 'bwkit-webhooks-'));
    try {
      const file = join(dir, 'store.db');
      const s = secret();
      const t = tenantWith('acme', [{ id: 'erp', url: `${rx.url}/restart`, events: ['order.completed'], secret: s }]);
      const first = createSqliteStore(file);
      await busOn(first, [t]).bus.emit('acme', 'order.completed', { orderId: 'CS7' });
      await first.close();
      assert.equal(rx.got.length, 0);

      const second = createSqliteStore(file);
      const { bus } = busOn(second, [t], clock(), { pollMs: 20 });
      bus.start();
      for (let i = 0; i < 200 && rx.got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await bus.stop();
      assert.equal(rx.got.length, 1);
      const payload = new Webhook(s).verify(rx.got[0]!.body, rx.got[0]!.headers as Record<string, string>) as {
        type: string;
      };
      assert.equal(payload.type, 'order.completed');
      const [d] = await deliveries(second, 'acme');
      assert.equal(d?.state, 'delivered');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
