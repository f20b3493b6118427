import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { after, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../log/index.js';
import { Metrics } from '../metrics/index.js';
import type { Store } from '../store/index.js';
import { createPostgresStore } from '../store/postgres.js';
import { createRedisStore } from '../store/redis.js';
import { testTenant } from '../testing/in-process.js';
import { type TestPostgres, testPostgres } from '../testing/postgres-server.js';
import { type TestRedis, testRedis } from '../testing/redis-server.js';
import { createEventBus, DELIVERY_KIND, type WebhookDelivery } from './index.js';

/**
 * The outbox on the stores several gateway instances share: two instances dispatching at once send each delivery
 * once, a 500 is retried with the same id, and a pending delivery outlives the instance that queued it.
 */
function sharedStoreSuite(name: string, open: () => Promise<() => Store>) {
  describe(`webhooks on ${name}`, () => {
    test('two instances send each delivery once; a retry keeps its id; a new instance delivers what an old one queued', async () => {
      const newClient = await open();
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      const got: { headers: IncomingHttpHeaders; body: string }[] = [];
      const plan: number[] = [500];
      const server = createServer((req, res) => {
        let body = '';
        req
          .setEncoding('utf8')
          .on('data', (c: string) => {
            body += c;
          })
          .on('end', () => {
            got.push({ headers: req.headers, body });
            res.writeHead(plan.shift() ?? 204).end();
          });
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/h`;
      const tenantId = `t${randomBytes(4).toString('hex')}`;
      const tenant = testTenant({ id: tenantId, webhooks: [{ id: 'erp', url, events: ['order.placed'], secret }] });
      let t = Date.now();
      const now = () => new Date(t);
      const bus = (store: Store) =>
        createEventBus({
          store,
          tenants: new Map([[tenantId, tenant]]),
          now,
          log: createLogger(() => undefined, now),
          metrics: new Metrics(),
          random: () => 0.5,
        });
      const a = newClient();
      const b = newClient();
      try {
        for (let i = 0; i < 10; i++) await bus(a).emit(tenantId, 'order.placed', { orderId: `O${i}` });
        const [busA, busB] = [bus(a), bus(b)];
        const sent = await Promise.all([busA.dispatchDue(), busB.dispatchDue()]);
        assert.equal(sent[0] + sent[1], 10, 'each due delivery taken by one instance');
        assert.equal(got.length, 10);
        assert.equal(new Set(got.map((g) => g.headers['webhook-id'])).size, 10);
        const retrying = got[0]!; // the first request to arrive was answered 500
        t += 5_000;
        await Promise.all([busA.dispatchDue(), busB.dispatchDue()]);
        assert.equal(got.length, 11, 'the one answered 500 is sent once more');
        assert.equal(got[10]?.headers['webhook-id'], retrying.headers['webhook-id']);
        for (const g of got) new Webhook(secret).verify(g.body, g.headers as Record<string, string>);

        await bus(a).emit(tenantId, 'order.placed', { orderId: 'late' });
        await a.close();
        const c = newClient();
        try {
          await bus(c).dispatchDue();
          assert.equal(got.length, 12);
          assert.equal((JSON.parse(got[11]!.body) as { data: { orderId: string } }).data.orderId, 'late');
          const log = await c.listRecords<WebhookDelivery>(DELIVERY_KIND, { tenantId, limit: 50 });
          assert.equal(log.length, 11);
          assert.ok(log.every((r) => r.value.state === 'delivered'));
          assert.equal(log.filter((r) => r.value.attempts.length === 2).length, 1);
        } finally {
          await c.close();
        }
      } finally {
        await b.close();
        server.closeAllConnections();
        await new Promise<void>((ok) => server.close(() => ok()));
      }
    });
  });
}

let redis: TestRedis | undefined;
sharedStoreSuite('redis', async () => {
  redis = await testRedis();
  const prefix = `wh-${process.pid}-${Date.now()}:`;
  const url = redis.url;
  return () => createRedisStore(url, { prefix });
});
after(async () => {
  await redis?.stop();
});

let postgres: TestPostgres | undefined;
sharedStoreSuite('postgres', async () => {
  postgres = await testPostgres();
  const schema = `wh_${process.pid}_${Date.now()}`;
  const url = postgres.url;
  return () => createPostgresStore(url, { schema });
});
after(async () => {
  await postgres?.stop();
});
