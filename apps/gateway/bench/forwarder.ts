/**
 * What a team would write instead of bwkit: a bare node:http forwarder. It takes the same public JSON
 * (POST /v1/shared-bandwidths {name, sizeMbps}), builds the upstream body, signs it with the project's signer
 * (@bwkit/huaweicloud `sign`, Web Crypto) and forwards it with fetch — no token check, no validation, no
 * idempotency, no rate limit, no audit, no logging. The benchmark's baseline (the one issue 14's targets name).
 * With `send: 'request'` it forwards through the gateway's own exchange (undici's request(), src/upstream-send)
 * instead: the same-transport baseline, reported beside it so that what the transport saves is not counted as the
 * BFF's own thrift.
 *
 * As a process (`node --conditions=bwkit-source --import tsx bench/forwarder.ts`): FWD_SIM_URL, FWD_AK, FWD_SK, FWD_PROJECT_ID, FWD_PORT
 * (default 0), FWD_SEND (fetch | request; default fetch); prints `FORWARDER_READY <url>`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@bwkit/huaweicloud';
import { createNodeSend } from '../src/upstream-send/index.js';
import { isMain } from './is-main.js';

export interface ForwarderOptions {
  simUrl: string;
  ak: string;
  sk: string;
  projectId: string;
  send?: 'fetch' | 'request';
}

export function createForwarder(opts: ForwarderOptions): Server {
  const nodeSend = opts.send === 'request' ? createNodeSend() : undefined;
  const upstreamUrl = `${opts.simUrl}/v2.0/${opts.projectId}/bandwidths`;
  const creds = { ak: opts.ak, sk: opts.sk };
  return createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/shared-bandwidths') {
      res.writeHead(404).end();
      return;
    }
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name?: unknown; sizeMbps?: unknown };
      const body = JSON.stringify({ bandwidth: { name: input.name, size: input.sizeMbps } });
      const signed = await sign(
        {
          method: 'POST',
          url: upstreamUrl,
          headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Project-Id': opts.projectId },
          body,
        },
        creds,
      );
      const { Host: _host, ...headers } = signed.headers;
      if (nodeSend) {
        const up = await nodeSend({
          method: 'POST',
          url: upstreamUrl,
          headers,
          body,
          signal: AbortSignal.timeout(10_000),
          maxBodyBytes: 1024 * 1024,
        });
        const type = (up.headers as Record<string, string>)['content-type'];
        res.writeHead(up.status, { 'content-type': type ?? 'application/json' });
        res.end(up.text);
        return;
      }
      const up = await fetch(upstreamUrl, { method: 'POST', headers, body });
      const text = await up.text();
      res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    } catch (e) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String((e as Error).message));
    }
  });
}

if (isMain(import.meta.url)) {
  await import('./child-guard.js');
  const env = process.env;
  const need = (k: string) =>
    env[k] ||
    (() => {
      throw new Error(`forwarder: set ${k}`);
    })();
  const server = createForwarder({
    simUrl: need('FWD_SIM_URL'),
    ak: need('FWD_AK'),
    sk: need('FWD_SK'),
    projectId: need('FWD_PROJECT_ID'),
    send: env['FWD_SEND'] === 'request' ? 'request' : 'fetch',
  });
  server.listen(Number(env['FWD_PORT'] ?? 0), '127.0.0.1', () => {
    process.stdout.write(`FORWARDER_READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  const stop = () => {
    setTimeout(() => process.exit(1), 5000).unref();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
