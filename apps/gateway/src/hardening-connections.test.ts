import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { createBff } from '@bwkit/bff';
import { createMemoryStore } from '@bwkit/bff/store/memory';
import { serve } from '@hono/node-server';
import { parseConfig } from './config/index.js';
import { SERVER_TIMEOUTS, serverOptions } from './main.js';
import {
  DEMO_ENV,
  mintToken,
  newKey,
  startTestGateway,
  type TestGateway,
  testConfig,
  waitFor,
} from './testing/index.js';

/** A raw TCP client: what a slow, broken or hostile client does that fetch() never would. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => {
    received += d.toString();
  });
  socket.on('error', () => {});
  const started = Date.now();
  const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - started)));
  return { socket, closed, received: () => received };
}

/** Writes `text` one byte every `everyMs` (slowloris), until the server closes the connection. */
function trickle(socket: Socket, text: string, everyMs: number) {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('a client that hangs up mid-upload', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw?.close());

  test('an upload the client abandons mid-body is neither logged as an error nor counted as a 500', async () => {
    const token = await mintToken();
    const body = JSON.stringify({ name: 'abandoned-upload', sizeMbps: 10 });
    const c = rawClient(gw.port);
    c.socket.write(
      `POST /v1/shared-bandwidths HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Idempotency-Key: ${newKey()}\r\nContent-Length: ${body.length + 500}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    c.socket.destroy();
    // The request line is logged once the handler gives up; wait for it.
    const line = await waitFor(async () => gw.logs.find((l) => l.includes('"/v1/shared-bandwidths"')), 5_000);
    const entry = JSON.parse(line) as { level: string; status: number };
    assert.notEqual(entry.level, 'error', line);
    assert.ok(entry.status < 500, line);
    assert.deepEqual(
      gw.logs.filter((l) => /"level":"error"/.test(l)),
      [],
    );
    assert.deepEqual(await metric500s(gw.url), []);
    const sim = await gw.simState();
    assert.equal(sim.requests['createSharedBandwidth'] ?? 0, 0, 'nothing reached the cloud');
  });
});

interface Target {
  port: number;
  metric500s(): Promise<string[]>;
  close(): Promise<void>;
}

/** The request, header and keep-alive limits, checked with raw sockets against a running server. */
function timeoutTests(name: string, start: () => Promise<Target>) {
  describe(name, () => {
    let target: Target;
    before(async () => {
      target = await start();
    });
    after(() => target?.close());

    test('a trickled body or trickled headers do not hold a connection (cut off at the request timeouts)', {
      timeout: 60_000,
    }, async () => {
      const token = await mintToken();
      const body = JSON.stringify({ name: 'slowloris', sizeMbps: 10 });
      const slowBody = rawClient(target.port);
      slowBody.socket.write(
        `POST /v1/shared-bandwidths HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
          `Idempotency-Key: ${newKey()}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      trickle(slowBody.socket, body, 500);
      const slowHead = rawClient(target.port);
      trickle(
        slowHead.socket,
        `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`,
        200,
      );
      // On the old server these connections stayed open ~300 s: give up well before that.
      const within = (p: Promise<number>, ms: number) =>
        Promise.race([
          p,
          new Promise<number>((_, rej) => setTimeout(() => rej(new Error(`still open after ${ms} ms`)), ms).unref()),
        ]);
      const slack = SERVER_TIMEOUTS.checkIntervalMs + 2_000;
      const [bodyMs, headMs] = await Promise.all([
        within(slowBody.closed, SERVER_TIMEOUTS.requestTimeoutMs + slack),
        within(slowHead.closed, SERVER_TIMEOUTS.headersTimeoutMs + slack),
      ]);
      assert.ok(bodyMs >= SERVER_TIMEOUTS.requestTimeoutMs - 1_000, `body cut at ${bodyMs} ms`);
      assert.ok(headMs >= SERVER_TIMEOUTS.headersTimeoutMs - 1_000, `head cut at ${headMs} ms`);
      assert.match(slowHead.received(), /^HTTP\/1\.1 408/);
      // The cut-off upload is the client's doing, not a server error.
      assert.deepEqual(await target.metric500s(), []);
    });

    test('an idle keep-alive connection is closed after the keep-alive timeout', { timeout: 30_000 }, async () => {
      const c = rawClient(target.port);
      c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const ms = await c.closed;
      assert.match(c.received(), /^HTTP\/1\.1 200/);
      assert.ok(ms < SERVER_TIMEOUTS.keepAliveTimeoutMs + 2_000, `closed after ${ms} ms`);
    });
  });
}

const metric500s = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((l) => /status="5\d\d"/.test(l) && !l.startsWith('#') && !/\s0$/.test(l));
};

timeoutTests('the gateway: request, header and keep-alive timeouts', async () => {
  const gw = await startTestGateway();
  return { port: gw.port, metric500s: () => metric500s(gw.url), close: () => gw.close() };
});

timeoutTests('serverOptions() on a Node server in front of the BFF', async () => {
  const { tenants } = parseConfig(testConfig(), DEMO_ENV, 'test-config.json', tmpdir());
  const bff = createBff({ tenants, store: createMemoryStore(), upstream: {}, log: () => {} });
  const server = await new Promise<Server>((r) => {
    const s = serve({ fetch: bff.fetch, port: 0, hostname: '127.0.0.1', serverOptions: serverOptions() }, () =>
      r(s as Server),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    metric500s: () => metric500s(`http://127.0.0.1:${port}`),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
});
