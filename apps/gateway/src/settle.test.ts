/**
 * Unknown outcomes settled against the cloud. Between the gateway and the cloud simulator sits a small HTTP proxy
 * that lets a create reach the cloud (which acts on it) and then spoils the answer: it never comes (timeout), the
 * connection is reset, the 2xx body is unreadable, or a 5xx comes instead. The cloud's state is the truth: a retry with
 * the same Idempotency-Key must answer with the resource the cloud made, and never make a second one.
 */

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { RunningCloudSim } from '@bwkit/cloud-sim/server';
import {
  type Answer,
  assertExactlyOnce,
  type Case,
  cases,
  post,
  settle,
  simView,
  sleep,
  startSim,
} from '../bench/crash-support.js';
import {
  mintToken,
  newKey,
  startTestGateway,
  type TestGateway,
  testConfig,
  YEARLY_BANDWIDTHS,
} from './testing/index.js';

type Spoil = 'timeout' | 'reset' | 'garbage' | '5xx' | 'refuse-5xx';

/** Upstream path of each create, to aim a spoiled answer at one operation. */
const UPSTREAM: Record<Case['op'], RegExp> = {
  createSharedBandwidth: /^\/v2\.0\/[^/]+\/bandwidths$/,
  createWorkspaceBandwidth: /^\/v2\/[^/]+\/bandwidths$/,
  changeWorkspaceBandwidth: /^\/v2\/[^/]+\/bandwidths\/[^/]+\/periodic\/change\/order$/,
  createBandwidthPackage: /^\/v3\/[^/]+\/ccaas\/bandwidth-packages$/,
};

interface Proxy {
  url: string;
  spoilNext(op: Case['op'], how: Spoil): void;
  close(): Promise<void>;
}

/** Forwards everything to `target` unchanged (Host included: it is signed); spoils the next answer when asked. */
async function startProxy(target: string): Promise<Proxy> {
  const t = new URL(target);
  const pending: { op: Case['op']; how: Spoil }[] = [];
  const held = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const i = req.method === 'POST' ? pending.findIndex((p) => UPSTREAM[p.op].test(path)) : -1;
    const how = i >= 0 ? pending.splice(i, 1)[0]!.how : undefined;
    if (how === 'refuse-5xx') {
      // the cloud never sees it: a 503 from a front door that did not forward
      req.resume();
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end('{"error_code":"APIGW.0201","error_msg":"Backend unavailable"}');
      return;
    }
    const up = request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const body = Buffer.concat(chunks);
          switch (how) {
            case undefined:
              res.writeHead(upRes.statusCode ?? 502, upRes.headers).end(body);
              return;
            case 'timeout':
              // the cloud acted; its answer never arrives (dropped after the test's budget)
              held.add(res);
              setTimeout(() => {
                held.delete(res);
                res.destroy();
              }, 20_000).unref();
              return;
            case 'reset':
              req.socket.destroy();
              return;
            case 'garbage':
              res
                .writeHead(upRes.statusCode ?? 200, { 'content-type': 'application/json' })
                .end(body.subarray(0, Math.floor(body.length / 3)));
              return;
            case '5xx':
              res
                .writeHead(500, { 'content-type': 'application/json' })
                .end('{"error_code":"APIGW.0101","error_msg":"Internal error"}');
              return;
          }
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spoilNext: (op, how) => {
      pending.push({ op, how });
    },
    close: () =>
      new Promise<void>((r) => {
        for (const res of held) res.destroy();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const SETTLE_MS = 20_000;

describe('an unknown outcome is settled to the resource the cloud made', () => {
  let sim: RunningCloudSim;
  let proxy: Proxy;
  let gw: TestGateway;
  let token: string;
  before(async () => {
    sim = await startSim();
    proxy = await startProxy(sim.url);
    const endpoints = { workspace: proxy.url, vpc: proxy.url, cc: proxy.url, bss: proxy.url };
    gw = await startTestGateway({
      simUrl: sim.url,
      raw: testConfig({
        upstream: { mode: 'huaweicloud', endpoints },
        // the settle loops ask often; the limiter is not under test here
        mutate: (r) => {
          for (const t of r.tenants) t.rateLimit = { perMinute: 100_000 };
        },
      }),
      gateway: { upstreamTimeoutMs: 800 },
    });
    token = await mintToken({ ttl: 900 });
  });
  after(async () => {
    await gw?.close(2000);
    await proxy?.close();
    await sim?.close();
  });

  const spoils: [Spoil, string][] = [
    ['timeout', 'no answer within the upstream timeout'],
    ['reset', 'the connection reset after the request was sent'],
    ['garbage', 'an unreadable 2xx body'],
    ['5xx', 'a 5xx although the cloud acted'],
  ];
  let n = 0;
  for (const [how, label] of spoils) {
    test(`${label}: a retry with the same key answers with the real resource; one resource per create`, {
      timeout: 4 * SETTLE_MS + 10_000,
    }, async () => {
      // four creates at once, each with its answer spoiled the same way; a yearly bandwidth of its own per change
      const list = cases(`st${n}`, YEARLY_BANDWIDTHS[n % YEARLY_BANDWIDTHS.length]!, 40 + n++);
      const keys = list.map(() => newKey('settle'));
      const before = await simView(sim);
      for (const c of list) proxy.spoilNext(c.op, how);
      const firsts = await Promise.all(list.map((c, i) => post(gw.url, c.path, keys[i]!, c.body, token)));
      for (const [i, a] of firsts.entries()) {
        // The first caller may already get the settled answer; if not, an answer that asks to retry — not a refusal.
        assert.ok(
          (a.status >= 200 && a.status < 300) || a.status === 409 || a.status >= 502,
          `${list[i]!.op}: first answer ${a.status} ${JSON.stringify(a.body)}`,
        );
      }
      if (how === 'timeout') await sleep(300);
      const settled = await Promise.all(
        list.map((c, i) => settle(() => gw.url, c.path, keys[i]!, c.body, token, SETTLE_MS)),
      );
      await assertExactlyOnce(
        sim,
        list,
        before,
        settled.map((s) => s.final),
        firsts,
        settled.map((s) => s.seen),
      );
      // the settled answer is kept: asking again replays it
      for (const [i, c] of list.entries()) {
        const again = await post(gw.url, c.path, keys[i]!, c.body, token);
        assert.equal(again.status, settled[i]!.final.status, c.op);
        assert.deepEqual(again.body, settled[i]!.final.body, c.op);
      }
    });
  }

  test('a 5xx before the cloud saw the request: the retry places the order, once', {
    timeout: SETTLE_MS + 10_000,
  }, async () => {
    const [shared] = cases('refused', YEARLY_BANDWIDTHS[0]!);
    const key = newKey('settle');
    const before = await simView(sim);
    proxy.spoilNext(shared!.op, 'refuse-5xx');
    const first = await post(gw.url, shared!.path, key, shared!.body, token);
    assert.equal(first.status, 502);
    const { final, seen } = await settle(() => gw.url, shared!.path, key, shared!.body, token, SETTLE_MS);
    await assertExactlyOnce(sim, [shared!], before, [final], [first], [seen]);
  });

  test('when the cloud cannot tell which resource is ours: 409 outcome_unknown saying what to check, never a second order', {
    timeout: SETTLE_MS + 10_000,
  }, async () => {
    const name = `twin-${Date.now().toString(36)}`;
    const body = { name, sizeMbps: 10 };
    // someone else made a shared bandwidth of the same name a moment ago
    const other = await post(gw.url, '/v1/shared-bandwidths', newKey('twin'), body, token);
    assert.equal(other.status, 201);
    const key = newKey('twin');
    proxy.spoilNext('createSharedBandwidth', '5xx');
    const first = await post(gw.url, '/v1/shared-bandwidths', key, body, token);
    assert.notEqual(first.status, 201);
    let last: Answer | undefined;
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      last = await post(gw.url, '/v1/shared-bandwidths', key, body, token);
      if (last.body?.code === 'outcome_unknown') break;
      await sleep(300);
    }
    assert.equal(last?.status, 409, JSON.stringify(last?.body));
    assert.equal(last?.body.code, 'outcome_unknown');
    assert.match(JSON.stringify(last?.body), new RegExp(name), 'says which name to look for');
    // asking again changes nothing in the cloud: still the two bandwidths
    await post(gw.url, '/v1/shared-bandwidths', key, body, token);
    const now = await simView(sim);
    assert.equal(now.projects.flatMap((p) => p.shared_bandwidths).filter((b) => b.name === name).length, 2);
  });
});
