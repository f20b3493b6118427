import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { TOKEN_AUDIENCE } from '@bwkit/contracts';
import { OpenAPIHono } from '@hono/zod-openapi';
import { sign } from 'hono/jwt';
import { authenticate } from '../../auth/index.js';
import type { BffEnv } from '../../context.js';
import { type BwkitEventType, createEventBus } from '../../events/index.js';
import { createLogger } from '../../log/index.js';
import { Metrics } from '../../metrics/index.js';
import { registerOpenApiDocument } from '../../openapi/index.js';
import { ProblemError, problemResponse } from '../../problem/index.js';
import { createMemoryStore } from '../../store/memory.js';
import type { Tenant } from '../../tenants/index.js';
import { testTenant } from '../../testing/in-process.js';
import { registerWebhookDeliveries } from './index.js';

const SECRETS = {
  acme: 'acme-token-secret-at-least-32-bytes-long!',
  globex: 'globex-token-secret-at-least-32-bytes-long',
};

/** The delivery log over the real auth middleware and problem answers, as createBff mounts them. */
describe('webhook deliveries routes', () => {
  let server: Server;
  let url = '';
  let statuses: number[] = [];
  const store = createMemoryStore();
  let app: OpenAPIHono<BffEnv>;
  let bus: ReturnType<typeof createEventBus>;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(statuses.shift() ?? 204).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const hook = (events: BwkitEventType[]) => [
      { id: 'erp', url: `${url}/hook`, events, secret: `whsec_${randomBytes(24).toString('base64')}` },
    ];
    const tenants = [
      {
        ...testTenant({ id: 'acme', token: { alg: 'HS256', secret: SECRETS.acme } }),
        webhooks: hook(['order.placed', 'order.paid', 'job.failed']),
      },
      {
        ...testTenant({ id: 'globex', token: { alg: 'HS256', secret: SECRETS.globex } }),
        webhooks: hook(['order.placed']),
      },
    ] as Tenant[];
    const byId = new Map(tenants.map((t) => [t.id, t]));
    const now = () => new Date();
    bus = createEventBus({
      store,
      tenants: byId,
      now,
      log: createLogger(() => undefined, now),
      metrics: new Metrics(),
      random: () => 0.5,
    });
    app = new OpenAPIHono<BffEnv>();
    app.use('/v1/*', authenticate({ tenants: byId }));
    registerWebhookDeliveries(app, { store, now });
    registerOpenApiDocument(app);
    app.onError((err) => {
      if (err instanceof ProblemError) return problemResponse(err, undefined);
      throw err;
    });
  });
  after(
    () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  );

  const token = async (tenant: keyof typeof SECRETS, scope: string) => {
    const t = Math.floor(Date.now() / 1000);
    return sign(
      { iss: tenant, aud: TOKEN_AUDIENCE, sub: 'ops-1', iat: t, exp: t + 300, scope },
      SECRETS[tenant],
      'HS256',
    );
  };
  const call = async (
    path: string,
    o: { tenant?: keyof typeof SECRETS; scope?: string; method?: string; key?: string } = {},
  ) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await token(o.tenant ?? 'acme', o.scope ?? 'webhook:read webhook:redeliver')}`,
    };
    if (o.key) headers['idempotency-key'] = o.key;
    const r = await app.request(path, { method: o.method ?? 'GET', headers });
    return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
  };
  type Item = {
    id: string;
    webhookId: string;
    eventType: string;
    state: string;
    attempts: { status?: number }[];
    data: Record<string, unknown>;
  };

  test("lists the tenant's deliveries newest first with their attempts, filters by state and event type, pages with a cursor", async () => {
    statuses = [500];
    await bus.emit('acme', 'order.placed', { orderId: 'A1' });
    await new Promise((r) => setTimeout(r, 2));
    await bus.emit('acme', 'order.paid', { orderId: 'A1' });
    await new Promise((r) => setTimeout(r, 2));
    await bus.emit('acme', 'job.failed', { jobId: 'J1' });
    await bus.emit('globex', 'order.placed', { orderId: 'G1' });
    await bus.dispatchDue();

    const all = await call('/v1/webhook-deliveries');
    assert.equal(all.status, 200);
    const items = all.body['items'] as Item[];
    assert.deepEqual(
      items.map((i) => i.eventType),
      ['job.failed', 'order.paid', 'order.placed'],
      "newest first, only acme's",
    );
    assert.equal(JSON.stringify(all.body).includes('whsec_'), false, 'no secret is shown');
    const failedOnce = items.find((i) => i.state === 'pending');
    assert.deepEqual(
      failedOnce?.attempts.map((a) => a.status),
      [500],
    );

    const pending = await call('/v1/webhook-deliveries?state=pending');
    assert.deepEqual(
      (pending.body['items'] as Item[]).map((i) => i.id),
      [failedOnce?.id],
    );
    const paid = await call('/v1/webhook-deliveries?eventType=order.paid');
    assert.deepEqual(
      (paid.body['items'] as Item[]).map((i) => i.data),
      [{ orderId: 'A1' }],
    );

    const p1 = await call('/v1/webhook-deliveries?limit=2');
    assert.deepEqual(
      (p1.body['items'] as Item[]).map((i) => i.eventType),
      ['job.failed', 'order.paid'],
    );
    const p2 = await call(`/v1/webhook-deliveries?limit=2&cursor=${String(p1.body['nextCursor'])}`);
    assert.deepEqual(
      (p2.body['items'] as Item[]).map((i) => i.eventType),
      ['order.placed'],
    );
    assert.equal(p2.body['nextCursor'], undefined);
    const filteredPage = await call('/v1/webhook-deliveries?limit=1&eventType=order.placed');
    assert.equal((filteredPage.body['items'] as Item[]).length, 1);

    for (const bad of ['state=lost', 'eventType=order.shipped', 'limit=0', 'limit=101', 'cursor=nope']) {
      const r = await call(`/v1/webhook-deliveries?${bad}`);
      assert.deepEqual([r.status, r.body['code']], [400, 'validation_failed'], bad);
    }
  });

  test("another tenant's delivery is 404 to read and to redeliver; scopes are required", async () => {
    const globex = ((await call('/v1/webhook-deliveries', { tenant: 'globex' })).body['items'] as Item[])[0];
    assert.ok(globex);
    const own = await call(`/v1/webhook-deliveries/${globex.id}`, { tenant: 'globex' });
    assert.deepEqual([own.status, own.body['id']], [200, globex.id]);
    const read = await call(`/v1/webhook-deliveries/${globex.id}`);
    assert.deepEqual([read.status, read.body['code']], [404, 'not_found']);
    const redo = await call(`/v1/webhook-deliveries/${globex.id}/redeliver`, { method: 'POST', key: 'x-1' });
    assert.deepEqual([redo.status, redo.body['code']], [404, 'not_found']);
    assert.equal((await call('/v1/webhook-deliveries/whd_nonsense')).status, 404);

    const noRead = await call('/v1/webhook-deliveries', { scope: 'order:read' });
    assert.deepEqual([noRead.status, noRead.body['code']], [403, 'scope_missing']);
    const noRedo = await call(`/v1/webhook-deliveries/${globex.id}/redeliver`, {
      tenant: 'globex',
      scope: 'webhook:read',
      method: 'POST',
      key: 'x-2',
    });
    assert.deepEqual([noRedo.status, noRedo.body['code']], [403, 'scope_missing']);
  });

  test('redeliver schedules one new attempt with the same webhook id per Idempotency-Key', async () => {
    const [d] = (await call('/v1/webhook-deliveries?eventType=order.placed')).body['items'] as Item[];
    assert.ok(d);
    const missing = await call(`/v1/webhook-deliveries/${d.id}/redeliver`, { method: 'POST' });
    assert.deepEqual([missing.status, missing.body['code']], [400, 'idempotency_key_missing']);
    const r1 = await call(`/v1/webhook-deliveries/${d.id}/redeliver`, { method: 'POST', key: 'redo-1' });
    assert.deepEqual(
      [r1.status, r1.body['state'], r1.body['webhookId'], r1.headers.get('idempotent-replayed')],
      [202, 'pending', d.webhookId, null],
    );
    const r2 = await call(`/v1/webhook-deliveries/${d.id}/redeliver`, { method: 'POST', key: 'redo-1' });
    assert.deepEqual([r2.status, r2.headers.get('idempotent-replayed')], [202, 'true']);
    assert.equal(await bus.dispatchDue(), 1);
    const shown = await call(`/v1/webhook-deliveries/${d.id}`);
    assert.deepEqual(
      [shown.body['state'], (shown.body['attempts'] as unknown[]).length, shown.body['webhookId']],
      ['delivered', 2, d.webhookId],
    );
  });

  test('the routes are in the OpenAPI document with their scopes', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security: unknown; operationId: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    assert.deepEqual(doc.paths['/v1/webhook-deliveries']?.['get']?.security, [{ widgetToken: ['webhook:read'] }]);
    assert.equal(doc.paths['/v1/webhook-deliveries/{id}']?.['get']?.operationId, 'showWebhookDelivery');
    assert.deepEqual(doc.paths['/v1/webhook-deliveries/{id}/redeliver']?.['post']?.security, [
      { widgetToken: ['webhook:redeliver'] },
    ]);
    assert.ok(doc.components.schemas['WebhookDelivery']);
  });
});
