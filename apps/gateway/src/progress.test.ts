import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testRedis } from '@bwkit/bff/testing';
import { testPostgres } from '@bwkit/bff/testing/postgres';
import { startCloudSim } from '@bwkit/cloud-sim/server';
import {
  DEMO_ENV,
  mintToken,
  newKey,
  SUBNET,
  startTestGateway,
  type TestGateway,
  testConfig,
} from './testing/index.js';

/** Live progress over real HTTP: Server-Sent Events from two gateway instances sharing one store, one cloud poll. */

interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
  retry?: string;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim() && !b.startsWith(':'))
    .map((block) => {
      const f: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const i = line.indexOf(': ');
        if (i > 0) f[line.slice(0, i)] = line.slice(i + 2);
      }
      return f as SseEvent;
    });
}

/** Opens a stream and reads it to its end (or until the connection is cut): the job states it carried. */
async function watch(
  gw: TestGateway,
  path: string,
  token: string,
): Promise<{ status: number; type: string; jobs: any[]; cut: boolean }> {
  const res = await fetch(gw.url + path, { headers: { authorization: `Bearer ${token}` } });
  let text = '';
  let cut = false;
  try {
    text = await res.text();
  } catch {
    cut = true; // the instance went away mid-stream
  }
  const events = res.status === 200 ? parseSse(text) : [];
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    jobs: events.filter((e) => e.event === 'job').map((e) => JSON.parse(e.data!)),
    cut,
  };
}

function progressSuite(name: string, setup: () => Promise<{ store: unknown; stop(): Promise<void> }>) {
  describe(`live progress on two gateway instances sharing ${name}`, () => {
    let shared: Awaited<ReturnType<typeof setup>>;
    let sim: Awaited<ReturnType<typeof startCloudSim>>;
    let a: TestGateway;
    let b: TestGateway;
    before(async () => {
      shared = await setup();
      // Jobs run for several seconds, so there is a "running" to see, many polls to count, and time to stop an instance.
      sim = await startCloudSim({
        credentials: [
          { ak: DEMO_ENV['ACME_HUAWEICLOUD_AK']!, sk: DEMO_ENV['ACME_HUAWEICLOUD_SK']!, site: 'international' },
          { ak: DEMO_ENV['GLOBEX_HUAWEICLOUD_AK']!, sk: DEMO_ENV['GLOBEX_HUAWEICLOUD_SK']!, site: 'chinese-mainland' },
        ],
        admin: true,
        job: { runningAfterMs: 300, doneAfterMs: 5_000 },
      });
      const raw = testConfig({
        store: shared.store,
        upstream: { mode: 'huaweicloud', endpoints: { workspace: sim.url, vpc: sim.url, cc: sim.url, bss: sim.url } },
        mutate: (c) => {
          c.tenants[0].rateLimit = { perMinute: 1000 };
        },
      });
      a = await startTestGateway({ raw, simUrl: sim.url });
      b = await startTestGateway({ raw, simUrl: sim.url });
    });
    after(async () => {
      await a?.close(100).catch(() => {}); // already closed by the takeover test
      await b?.close(100);
      await sim?.close();
      await shared?.stop();
    });

    const jobGets = async () => (await a.simState()).requests['showWorkspaceJob'] ?? 0;
    const newJob = async (gw: TestGateway, token: string): Promise<string> => {
      const r = await gw.call('/v1/workspace-bandwidths', {
        token,
        key: newKey('progress'),
        body: { subnetId: SUBNET, chargeMode: 'free' },
      });
      assert.equal(r.status, 202);
      return ((await r.json()) as { jobId: string }).jobId;
    };

    test('50 viewers split across both instances: each sees running → succeeded with the bandwidth; the cloud is asked about once a second', async () => {
      const token = await mintToken({ sub: `viewer-${process.pid}` });
      const jobId = await newJob(a, token);
      const before = await jobGets();
      const started = Date.now();
      const seen = await Promise.all(
        Array.from({ length: 50 }, (_, i) => watch(i % 2 ? a : b, `/v1/jobs/${jobId}/events`, token)),
      );
      const seconds = (Date.now() - started) / 1000;
      const gets = (await jobGets()) - before;
      for (const v of seen) {
        assert.equal(v.status, 200);
        assert.match(v.type, /^text\/event-stream/);
        const statuses = v.jobs.map((j) => j.status);
        assert.ok(statuses.includes('running'), `saw ${statuses.join(',')}`);
        assert.equal(statuses.at(-1), 'succeeded');
        assert.equal(v.jobs.at(-1).bandwidth?.subnetId, SUBNET, 'the bandwidth the job made');
      }
      // One poller for the id (1 s interval), not one per viewer (50 a second) nor one per instance.
      assert.ok(gets <= Math.ceil(seconds) + 2, `${gets} upstream job GETs in ${seconds.toFixed(1)} s for 50 viewers`);
      // The final state is the GET's.
      const got = await (await b.call(`/v1/jobs/${jobId}`, { token })).json();
      assert.deepEqual(seen[0]!.jobs.at(-1), got);
    });

    test("a viewer of another tenant's job gets 404 (problem JSON, no stream), on either instance", async () => {
      const token = await mintToken({ sub: `owner-${process.pid}` });
      const jobId = await newJob(b, token);
      const globex = await mintToken({ tenant: 'globex' });
      for (const gw of [a, b]) {
        const r = await gw.call(`/v1/jobs/${jobId}/events`, { token: globex });
        assert.equal(r.status, 404);
        assert.equal((await r.json()).code, 'not_found');
      }
      const noScope = await a.call(`/v1/jobs/${jobId}/events`, { token: await mintToken({ scopes: ['order:read'] }) });
      assert.equal(noScope.status, 403);
      // The owner's stream, checked against the OpenAPI document (status, content type, headers) like every answer.
      const own = await a.call(`/v1/jobs/${jobId}/events`, { token });
      assert.equal(own.status, 200);
      assert.equal(parseSse(await own.text()).at(-1)?.event, 'job');
    });

    test('the polling instance goes away mid-job: the other takes over and its viewers see the job succeed', async () => {
      const token = await mintToken({ sub: `takeover-${process.pid}` });
      const jobId = await newJob(a, token);
      // a's viewers come first, so a takes the lease and polls; b's viewers then follow through the store.
      const onA = Array.from({ length: 5 }, () => watch(a, `/v1/jobs/${jobId}/events`, token));
      await new Promise((r) => setTimeout(r, 1_200));
      const onB = Array.from({ length: 5 }, () => watch(b, `/v1/jobs/${jobId}/events`, token));
      await new Promise((r) => setTimeout(r, 1_200));
      const before = await jobGets();
      await a.close(50);
      const viaB = await Promise.all(onB);
      for (const v of viaB) {
        assert.equal(v.jobs.at(-1)?.status, 'succeeded', `b's viewer saw ${v.jobs.map((j) => j.status).join(',')}`);
        assert.ok(v.jobs.some((j) => j.status === 'running'));
      }
      assert.ok((await jobGets()) > before, 'b polled the cloud after a went away');
      for (const v of await Promise.all(onA)) assert.notEqual(v.jobs.at(-1)?.status, 'succeeded');
    });
  });
}

progressSuite('Redis', async () => {
  const redis = await testRedis();
  await redis.flush();
  return { store: { kind: 'redis', url: redis.url }, stop: () => redis.stop() };
});

progressSuite('PostgreSQL', async () => {
  const pg = await testPostgres();
  return { store: { kind: 'postgres', url: pg.url }, stop: () => pg.stop() };
});
