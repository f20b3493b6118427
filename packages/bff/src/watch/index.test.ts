import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Job, Order } from '@bwkit/contracts';
import { createHuaweiCloudClient, type HuaweiCloudClient } from '@bwkit/huaweicloud';
import { TtlCache } from '../cache/index.js';
import { createEventBus, DELIVERY_KIND, type WebhookDelivery } from '../events/index.js';
import { createLogger } from '../log/index.js';
import { Metrics } from '../metrics/index.js';
import { ProblemError } from '../problem/index.js';
import type { Tenant } from '../tenants/index.js';
import { type InProcess, inProcessBff, REGION, testTenant } from '../testing/in-process.js';
import { channelName, createWatchers, type WatchDeps, type WatchEventType } from './index.js';

/** The deps createBff builds, with the same simulated cloud behind the client (the watcher runs outside any request). */
function depsFor(t: InProcess): WatchDeps {
  const upstreamFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    request.headers.set('host', new URL(request.url).host);
    return t.sim.app.fetch(request);
  };
  const clients = new Map<string, HuaweiCloudClient>();
  return {
    store: t.store,
    metrics: new Metrics(),
    log: createLogger(
      (l) => {
        if (process.env['WATCH_DEBUG']) console.error(l);
      },
      () => new Date(),
    ),
    now: () => new Date(),
    idempotency: { leaseMs: 60_000, ttlMs: 60_000, waitMs: 5_000, pollMs: 50 },
    cache: new TtlCache({ ttlMs: 0, now: () => Date.now() }),
    clientFor(tenant) {
      let c = clients.get(tenant.id);
      if (!c) {
        const { ak, sk, domainId, projects } = tenant.credentials;
        c = createHuaweiCloudClient({
          credentials: { ak, sk },
          domainId,
          projects,
          site: tenant.site,
          fetch: upstreamFetch,
          timeoutMs: 5_000,
        });
        clients.set(tenant.id, c);
      }
      return c;
    },
  };
}

const jobGets = async (t: InProcess) =>
  ((await (await t.sim.app.request('/_sim/state')).json()) as { requests: Record<string, number> }).requests[
    'showWorkspaceJob'
  ] ?? 0;

const notFound = (e: unknown) => e instanceof ProblemError && e.problem.code === 'not_found';

/** The tenant's portal endpoint for every event the watchers emit (deliveries succeed: see WEBHOOKS_OK). */
const WATCH_WEBHOOKS: Partial<Tenant> = {
  webhooks: [
    {
      id: 'portal',
      url: 'https://portal.acme.test/hooks',
      events: ['job.succeeded', 'job.failed', 'order.paid', 'order.cancelled', 'order.completed'],
      secret: `whsec_${randomBytes(32).toString('base64')}`,
    },
  ],
};
const WEBHOOKS_OK = { fetch: async () => new Response(null, { status: 204 }) };

/**
 * The webhook outbox these watchers emit into — the same one createBff's own bus writes (same store, same tenant
 * endpoints), since the app's watchers follow every job and order it accepts too and may be the ones to see a
 * transition. `emitted()` lists what the outbox holds for `id`: one delivery per event a portal receives.
 */
function sink(t: InProcess, id: string) {
  const bus = createEventBus({
    store: t.store,
    tenants: new Map([[t.tenant.id, t.tenant]]),
    now: () => new Date(),
    log: createLogger(
      () => {},
      () => new Date(),
    ),
    metrics: new Metrics(),
  });
  return {
    emit: bus.emit,
    async emitted(): Promise<{ tenantId: string; type: WatchEventType; data: Record<string, unknown> }[]> {
      const all = await t.store.listRecords<WebhookDelivery>(DELIVERY_KIND, { tenantId: t.tenant.id, limit: 500 });
      return all
        .map((r) => r.value)
        .filter((d) => d.data['jobId'] === id || d.data['orderId'] === id)
        .reverse()
        .map((d) => ({ tenantId: d.tenantId, type: d.eventType as WatchEventType, data: d.data }));
    },
  };
}

describe('watchers: one upstream poll per job, shared by every viewer and instance', () => {
  let t: InProcess;
  let n = 0;
  const key = () => `watch-test-${process.pid}-${n++}`;
  before(async () => {
    t = await inProcessBff({
      sim: { job: { runningAfterMs: 100, doneAfterMs: 1500 } },
      tenant: WATCH_WEBHOOKS,
      bff: { webhooks: WEBHOOKS_OK },
    });
  });
  after(() => t.close());

  async function newJob(): Promise<string> {
    const subnets = (await (await t.call(`/v1/subnets?region=${REGION}`)).json()) as { items: { id: string }[] };
    const r = await t.call('/v1/workspace-bandwidths', {
      body: { subnetId: subnets.items[0]!.id, chargeMode: 'free', region: REGION },
      key: key(),
    });
    assert.equal(r.status, 202, await r.clone().text());
    return ((await r.json()) as { jobId: string }).jobId;
  }

  test('20 viewers on two instances: each sees running → succeeded with the bandwidth; the cloud is asked about once a tick; one event', async () => {
    const jobId = await newJob();
    const events = sink(t, jobId);
    const deps = { ...depsFor(t), events };
    const a = createWatchers(deps, { instanceId: 'a', jobIntervalMs: 100, sweepIntervalMs: 0 });
    const b = createWatchers(deps, { instanceId: 'b', jobIntervalMs: 100, sweepIntervalMs: 0 });
    try {
      const before = await jobGets(t);
      const started = Date.now();
      const seen = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const out: Job[] = [];
          for await (const u of (i % 2 ? a : b).job(t.tenant, jobId)) out.push(u.job);
          return out;
        }),
      );
      const elapsedTicks = (Date.now() - started) / 100;
      const gets = (await jobGets(t)) - before;
      for (const statuses of seen) {
        assert.equal(statuses.at(-1)?.status, 'succeeded');
        assert.ok(statuses.at(-1)?.bandwidth?.id, 'the bandwidth it made');
        assert.ok(
          statuses.some((j) => j.status === 'running' || j.status === 'pending'),
          `saw ${statuses.map((j) => j.status).join(',')}`,
        );
      }
      assert.ok(
        gets <= elapsedTicks + 3,
        `${gets} upstream job GETs in ${elapsedTicks.toFixed(1)} ticks (20 viewers would be ${Math.round(20 * elapsedTicks)})`,
      );
      assert.deepEqual(
        (await events.emitted()).map((e) => [e.tenantId, e.type]),
        [['acme', 'job.succeeded']],
      );
      assert.equal(((await events.emitted())[0]!.data['job'] as Job).status, 'succeeded');

      // A later viewer gets the final state from the record at once, without asking the cloud.
      const late: Job[] = [];
      for await (const u of a.job(t.tenant, jobId)) late.push(u.job);
      assert.deepEqual(
        late.map((j) => j.status),
        ['succeeded'],
      );
      assert.equal(await jobGets(t), before + gets);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test('another tenant cannot follow the job (not_found), nor an id nobody created', async () => {
    const jobId = await newJob();
    const w = createWatchers(depsFor(t), { sweepIntervalMs: 0 });
    try {
      const other: Tenant = testTenant({ id: 'globex' });
      await assert.rejects(async () => {
        for await (const _ of w.job(other, jobId)) {
          /* none */
        }
      }, notFound);
      await assert.rejects(async () => {
        for await (const _ of w.job(t.tenant, 'nope')) {
          /* none */
        }
      }, notFound);
    } finally {
      await w.stop();
    }
  });

  test('when the polling instance stops mid-job, the other takes over and its viewers still see the end', async () => {
    const jobId = await newJob();
    const events = sink(t, jobId);
    const deps = { ...depsFor(t), events };
    const a = createWatchers(deps, { instanceId: 'poller', jobIntervalMs: 100, sweepIntervalMs: 0 });
    const b = createWatchers(deps, { instanceId: 'standby', jobIntervalMs: 100, sweepIntervalMs: 0 });
    try {
      // a polls first (its viewer arrives first and takes the lease).
      const aSeen = (async () => {
        const out: string[] = [];
        for await (const u of a.job(t.tenant, jobId)) out.push(u.job.status);
        return out;
      })();
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await t.store.acquireLease(`watch:job:${jobId}`, 'someone-else', 1000), false, 'the lease is held');
      const bSeen = (async () => {
        const out: string[] = [];
        for await (const u of b.job(t.tenant, jobId)) out.push(u.job.status);
        return out;
      })();
      await new Promise((r) => setTimeout(r, 200));
      await a.stop();
      assert.deepEqual((await bSeen).at(-1), 'succeeded');
      assert.ok(!(await aSeen).includes('succeeded'), 'the stopped instance ended its streams');
      assert.deepEqual(
        (await events.emitted()).map((e) => e.type),
        ['job.succeeded'],
      );
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test('track() follows a job nobody watches, so its webhook event still fires', async () => {
    const jobId = await newJob();
    const events = sink(t, jobId);
    const w = createWatchers(
      { ...depsFor(t), events },
      { jobIntervalMs: 100, unwatchedIntervalMs: () => 100, sweepIntervalMs: 0 },
    );
    try {
      await w.track(t.tenant, 'job', jobId);
      const deadline = Date.now() + 5000;
      while (!(await events.emitted()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(
        (await events.emitted()).map((e) => e.type),
        ['job.succeeded'],
      );
    } finally {
      await w.stop();
    }
  });

  test('a yearly/monthly (wks_bandwidth) job followed to success records the order it placed, so it can be paid here', async () => {
    const subnets = (await (await t.call(`/v1/subnets?region=${REGION}`)).json()) as { items: { id: string }[] };
    const r = await t.call('/v1/workspace-bandwidths', {
      body: {
        subnetId: subnets.items[1]!.id,
        chargeMode: 'wks_bandwidth',
        sizeMbps: 20,
        name: `wm-${n}`,
        region: REGION,
      },
      key: key(),
    });
    assert.equal(r.status, 202, await r.clone().text());
    const { jobId } = (await r.json()) as { jobId: string };
    const events = sink(t, jobId);
    const w = createWatchers(
      { ...depsFor(t), events },
      { jobIntervalMs: 100, unwatchedIntervalMs: () => 100, sweepIntervalMs: 0 },
    );
    try {
      let last: Job | undefined;
      for await (const u of w.job(t.tenant, jobId)) {
        last = u.job;
        if (u.final) break;
      }
      assert.equal(last?.status, 'succeeded');
      assert.ok(last?.orderId, 'the finished job names the order the bandwidth was bought with');
      const ref = await t.store.getOrder(last.orderId);
      assert.equal(ref?.tenantId, t.tenant.id, "the order is recorded as this tenant's");
    } finally {
      await w.stop();
    }
  });

  test('an order followed to the end: pending payment → completed; order.paid and order.completed emitted once each', async () => {
    const list = (await (
      await t.call(`/v1/workspace-bandwidths?region=${REGION}&chargeMode=wks_bandwidth`)
    ).json()) as { items: { id: string; sizeMbps: number; pendingOrder: boolean }[] };
    const bw = list.items.find((b) => !b.pendingOrder);
    assert.ok(bw, 'a yearly/monthly bandwidth to change');
    const placed = await t.call(`/v1/workspace-bandwidths/${bw.id}/change-orders`, {
      key: key(),
      body: { sizeMbps: bw.sizeMbps + 2, autoPay: false, region: REGION },
    });
    assert.equal(placed.status, 201, await placed.clone().text());
    const { orderId } = (await placed.json()) as { orderId: string };
    const events = sink(t, orderId);
    const deps = { ...depsFor(t), events };
    const a = createWatchers(deps, { orderIntervalMs: 100, sweepIntervalMs: 0 });
    const b = createWatchers(deps, { orderIntervalMs: 100, sweepIntervalMs: 0 });
    try {
      const follow = (w: typeof a) =>
        (async () => {
          const out: Order[] = [];
          for await (const u of w.order(t.tenant, orderId, { scopes: ['order:read', 'order:pay'] })) out.push(u.order);
          return out;
        })();
      const seen = [follow(a), follow(b)];
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await t.call(`/v1/orders/${orderId}/pay`, { key: key(), body: {} })).status, 200);
      for (const orders of await Promise.all(seen)) {
        assert.deepEqual([orders[0]!.status, orders[0]!.canPay], ['pending_payment', true]);
        assert.equal(orders.at(-1)!.status, 'completed');
      }
      assert.deepEqual((await events.emitted()).map((e) => e.type).sort(), ['order.completed', 'order.paid']);
      assert.equal(
        ((await events.emitted()).find((e) => e.type === 'order.completed')!.data['order'] as Order).status,
        'completed',
      );
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  test("a tracked job whose instance stops is resumed by another instance's sweep, and its event still fires once", async () => {
    const jobId = await newJob();
    // The app tracks every job it accepts and polls it at once: let that first write land before this track(), or it
    // would push the record's due time past the sweep's reach for a while.
    await new Promise((r) => setTimeout(r, 300));
    const events = sink(t, jobId);
    const deps = { ...depsFor(t), events, tenantById: (id: string) => (id === t.tenant.id ? t.tenant : undefined) };
    const first = createWatchers(deps, { jobIntervalMs: 100, unwatchedIntervalMs: () => 100, sweepIntervalMs: 0 });
    await first.track(t.tenant, 'job', jobId);
    await first.stop();
    const second = createWatchers(deps, { jobIntervalMs: 100, unwatchedIntervalMs: () => 100, sweepIntervalMs: 100 });
    try {
      const deadline = Date.now() + 5000;
      while (!(await events.emitted()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(
        (await events.emitted()).map((e) => e.type),
        ['job.succeeded'],
      );
    } finally {
      await second.stop();
    }
  });

  test("a viewer on an instance that does not poll sets the poller's pace (its ping), whichever instance polls", async () => {
    const jobId = await newJob();
    const deps = depsFor(t);
    // The poller's own pace is slow; the viewer elsewhere wants a change every 100 ms.
    const slow = createWatchers(deps, { instanceId: 'slow', jobIntervalMs: 2000, sweepIntervalMs: 0 });
    const fast = createWatchers(deps, { instanceId: 'fast', jobIntervalMs: 100, sweepIntervalMs: 0 });
    const stop = new AbortController();
    try {
      const follow = (w: typeof slow) =>
        (async () => {
          for await (const _ of w.job(t.tenant, jobId, { signal: stop.signal })) {
            /* until stopped */
          }
        })();
      const slowSeen = follow(slow);
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await t.store.acquireLease(`watch:job:${jobId}`, 'someone-else', 1000), false, 'the slow one polls');
      const fastSeen = follow(fast);
      await new Promise((r) => setTimeout(r, 200));
      const before = await jobGets(t);
      await new Promise((r) => setTimeout(r, 800));
      const gets = (await jobGets(t)) - before;
      assert.ok(gets >= 4, `polled ${gets} times in 800 ms (the slow pace alone would be 0 or 1)`);
      stop.abort();
      await Promise.all([slowSeen, fastSeen]);
    } finally {
      stop.abort();
      await slow.stop();
      await fast.stop();
    }
  });

  test('changes are announced on the job channel for other instances', async () => {
    const jobId = await newJob();
    const w = createWatchers(depsFor(t), { jobIntervalMs: 100, sweepIntervalMs: 0 });
    const heard: { v: number }[] = [];
    const unsubscribe = await t.store.pubsub.subscribe(channelName('job', jobId), (m) =>
      heard.push(JSON.parse(m) as { v: number }),
    );
    try {
      for await (const _ of w.job(t.tenant, jobId)) {
        /* to the end */
      }
      assert.ok(heard.length >= 2, `heard ${heard.length}`);
      assert.deepEqual(
        heard.map((h) => h.v),
        [...heard.map((h) => h.v)].sort((x, y) => x - y),
      );
    } finally {
      await unsubscribe();
      await w.stop();
    }
  });
});

describe('progress events over SSE (as createBff registers them)', () => {
  let t: InProcess;
  let n = 0;
  const key = () => `sse-test-${process.pid}-${n++}`;
  before(async () => {
    t = await inProcessBff({
      sim: { job: { runningAfterMs: 100, doneAfterMs: 800 } },
      bff: { watch: { jobIntervalMs: 100, orderIntervalMs: 100, sweepIntervalMs: 0, heartbeatMs: 100 } },
    });
  });
  after(() => t.close());

  const parse = (text: string) =>
    text
      .split('\n\n')
      .filter((b) => b.trim() && !b.startsWith(':'))
      .map((block) => {
        const f: Record<string, string> = {};
        for (const line of block.split('\n')) {
          const i = line.indexOf(': ');
          if (i > 0) f[line.slice(0, i)] = line.slice(i + 2);
        }
        return f;
      });

  test('a job stream sends the job JSON as `job` events with versions, heartbeats, and ends at success', async () => {
    const subnets = (await (await t.call(`/v1/subnets?region=${REGION}`)).json()) as { items: { id: string }[] };
    const accepted = (await (
      await t.call('/v1/workspace-bandwidths', {
        body: { subnetId: subnets.items[0]!.id, chargeMode: 'free', region: REGION },
        key: key(),
      })
    ).json()) as { jobId: string };
    const r = await t.call(`/v1/jobs/${accepted.jobId}/events`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await r.text();
    assert.match(text, /^: heartbeat$/m, 'heartbeat comments while the job runs');
    const events = parse(text);
    assert.ok(events.every((e) => e['event'] === 'job'));
    assert.equal(events[0]!['retry'], '2000');
    const jobs = events.map((e) => JSON.parse(e['data']!) as Job);
    assert.equal(jobs.at(-1)!.status, 'succeeded');
    assert.ok(jobs.at(-1)!.bandwidth);
    const versions = events.map((e) => Number(e['id']));
    assert.deepEqual(
      versions,
      [...versions].sort((x, y) => x - y),
    );
    // The same JSON as the GET.
    assert.deepEqual(jobs.at(-1), await (await t.call(`/v1/jobs/${accepted.jobId}`)).json());
  });

  test('a viewer that hangs up stops the polling: the lease is given up and the cloud is not asked again', async () => {
    const subnets = (await (await t.call(`/v1/subnets?region=${REGION}`)).json()) as { items: { id: string }[] };
    const accepted = (await (
      await t.call('/v1/workspace-bandwidths', {
        body: { subnetId: subnets.items[0]!.id, chargeMode: 'free', region: REGION },
        key: key(),
      })
    ).json()) as { jobId: string };
    const r = await t.call(`/v1/jobs/${accepted.jobId}/events`);
    const reader = r.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^event: job$/m);
    await reader.cancel();
    await new Promise((res) => setTimeout(res, 150));
    const after = await jobGets(t);
    await new Promise((res) => setTimeout(res, 400));
    assert.equal(await jobGets(t), after, 'no more upstream job GETs once nobody watches');
    assert.equal(
      await t.store.acquireLease(`watch:job:${accepted.jobId}`, 'another-instance', 1000),
      true,
      'the lease was given up',
    );
  });

  test('scopes and tenants as the GET: 403 without the scope, 404 for an unknown or foreign id, as problem JSON', async () => {
    const noScope = await t.call('/v1/jobs/x/events', { token: await t.token({ scopes: ['order:read'] }) });
    assert.equal(noScope.status, 403);
    const unknown = await t.call('/v1/jobs/ff00/events');
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /problem\+json/);
    assert.equal(((await unknown.json()) as { code: string }).code, 'not_found');
    assert.equal((await t.call('/v1/orders/CS2000000000001/events')).status, 404);
    assert.equal((await t.call('/v1/jobs/x/events', { token: null })).status, 401);
  });

  test("an order stream: pending payment, then completed once paid; canPay follows the viewer's scopes", async () => {
    const list = (await (
      await t.call(`/v1/workspace-bandwidths?region=${REGION}&chargeMode=wks_bandwidth`)
    ).json()) as { items: { id: string; sizeMbps: number }[] };
    const bw = list.items[0];
    assert.ok(bw, 'a yearly/monthly bandwidth to change');
    const placed = await t.call(`/v1/workspace-bandwidths/${bw.id}/change-orders`, {
      key: key(),
      body: { sizeMbps: bw.sizeMbps + 3, autoPay: false, region: REGION },
    });
    assert.equal(placed.status, 201, await placed.clone().text());
    const { orderId } = (await placed.json()) as { orderId: string };
    const readOnly = await t.token({ scopes: ['order:read'] });
    const streams = [
      t.call(`/v1/orders/${orderId}/events`),
      t.call(`/v1/orders/${orderId}/events`, { token: readOnly }),
    ];
    await new Promise((r) => setTimeout(r, 300));
    const paid = await t.call(`/v1/orders/${orderId}/pay`, { key: key(), body: {} });
    assert.equal(paid.status, 200, await paid.clone().text());
    const [payer, reader] = await Promise.all(
      streams.map(async (p) => parse(await (await p).text()).map((e) => JSON.parse(e['data']!) as Order)),
    );
    assert.deepEqual([payer![0]!.status, payer![0]!.canPay], ['pending_payment', true]);
    assert.deepEqual(
      [reader![0]!.status, reader![0]!.canPay, reader![0]!.canCancel],
      ['pending_payment', false, false],
    );
    assert.equal(payer!.at(-1)!.status, 'completed');
    assert.equal(reader!.at(-1)!.status, 'completed');
  });
});
