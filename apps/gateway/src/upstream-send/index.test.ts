import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHuaweiCloudClient, fetchSend, type HttpExchange, isUpstreamError } from '@bwkit/huaweicloud';
import { createNodeSend } from './index.js';

const BIG = 'x'.repeat(5000);

function listen(server: Server): Promise<string> {
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

describe('the gateway’s upstream exchange (undici request) answers as fetch does', () => {
  let base = '';
  let seen: { method?: string; body: string; headers: Record<string, unknown> } = { body: '', headers: {} };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen = { ...(req.method ? { method: req.method } : {}), body, headers: req.headers };
      if (req.url === '/json') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
        res.end('{"ok":true}');
      } else if (req.url === '/big-declared') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(BIG.length) });
        res.end(BIG);
      } else if (req.url === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(BIG.slice(0, 2500));
        setTimeout(() => res.end(BIG.slice(2500)), 5);
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/json' });
        res.end();
      } else if (req.url === '/reset-mid-body') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 5);
      } else if (req.url === '/stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  const send = createNodeSend();
  const web = fetchSend();
  const exchange = (path: string, extra: Partial<HttpExchange> = {}): HttpExchange => ({
    method: 'GET',
    url: base + path,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
    signal: AbortSignal.timeout(5_000),
    maxBodyBytes: 1000,
    ...extra,
  });

  before(async () => {
    base = await listen(server);
  });
  after(async () => {
    await send.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, headers and body as given and returns status, headers and text', async () => {
    const r = await send(exchange('/json', { method: 'POST', body: '{"bandwidth":{"size":10}}' }));
    assert.equal(r.status, 201);
    assert.equal(r.text, '{"ok":true}');
    assert.equal(r.truncated, false);
    assert.equal((r.headers as Record<string, string>)['x-request-id'], 'req-1');
    assert.equal(seen.method, 'POST');
    assert.equal(seen.body, '{"bandwidth":{"size":10}}');
    assert.equal(seen.headers['content-type'], 'application/json;charset=UTF-8');
  });

  it('reads at most maxBodyBytes, declared length or chunked, like the fetch exchange', async () => {
    for (const path of ['/big-declared', '/big-chunked']) {
      const [a, b] = [await send(exchange(path)), await web(exchange(path))];
      assert.equal(a.truncated, true, path);
      assert.equal(a.text.length, 1000, path);
      assert.deepEqual([b.truncated, b.text.length], [true, 1000], `${path} (fetch)`);
    }
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const r = await send(exchange('/redirect'));
    assert.equal(r.status, 302);
  });

  it('rejects when the connection is reset mid-body or the signal fires while the body is awaited', async () => {
    await assert.rejects(send(exchange('/reset-mid-body')));
    const t0 = performance.now();
    await assert.rejects(send(exchange('/stall', { signal: AbortSignal.timeout(100) })));
    assert.ok(performance.now() - t0 < 2_000, 'the time budget ends the exchange');
  });

  it('through the cloud client: a refused connection is a network failure that names ECONNREFUSED (nothing was sent)', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((r) => closed.close(r));
    const client = createHuaweiCloudClient({
      credentials: { ak: 'AKTEST', sk: 'SKTEST' },
      domainId: 'd1',
      projects: { 'ap-southeast-3': 'p1' },
      endpoints: { vpc: url },
      send,
    });
    const e = await client.listSharedBandwidths({ region: 'ap-southeast-3' }).catch((err: unknown) => err);
    assert.ok(isUpstreamError(e) && e.code === 'NETWORK', String(e));
    let cur: unknown = e;
    const codes: unknown[] = [];
    while (cur && typeof cur === 'object') {
      codes.push((cur as { code?: unknown }).code);
      cur = (cur as { cause?: unknown }).cause;
    }
    assert.ok(codes.includes('ECONNREFUSED'), `codes in the cause chain: ${codes.join(', ')}`);
  });
});
