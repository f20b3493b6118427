/**
 * The gateway's upstream HTTP exchange: undici's `request()` over one keep-alive pool, instead of the global fetch.
 * Same wire (undici is what Node's fetch runs on), same signed bytes; what it leaves out is fetch's Web layer — a
 * Request and a Response object, header validation and a Web stream around each body — which costs several times the
 * CPU of the exchange itself (measured in BENCHMARKS.md). Node-only, so it lives here and not in the BFF's core.
 */
import type { HttpAnswer, HttpExchange, HttpSend } from '@bwkit/huaweicloud';
import { Agent, type Dispatcher, request } from 'undici';

export interface NodeSend extends HttpSend {
  /** Closes the pool's idle connections (in-flight exchanges finish first). */
  close(): Promise<void>;
}

export function createNodeSend(options: { dispatcher?: Dispatcher } = {}): NodeSend {
  // Redirects are not followed (request() never does): a 3xx is the operation's error, as with fetch's 'manual'.
  const agent = options.dispatcher ?? new Agent({ keepAliveTimeout: 4_000 });
  const send = (async (x: HttpExchange): Promise<HttpAnswer> => {
    const res = await request(x.url, {
      method: x.method as Dispatcher.HttpMethod,
      headers: x.headers,
      ...(x.body !== undefined ? { body: x.body } : {}),
      signal: x.signal,
      dispatcher: agent,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const declared = Number(res.headers['content-length']);
    // A declared length within the bound is read in one go; anything else chunk by chunk up to the bound.
    if (Number.isInteger(declared) && declared <= x.maxBodyBytes) {
      return { status: res.statusCode, headers, text: await res.body.text(), truncated: false };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let truncated = false;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (total + chunk.byteLength > x.maxBodyBytes) {
        chunks.push(chunk.subarray(0, x.maxBodyBytes - total));
        truncated = true;
        break; // leaving the loop destroys the body: the rest is not read
      }
      chunks.push(chunk);
      total += chunk.byteLength;
    }
    return { status: res.statusCode, headers, text: Buffer.concat(chunks).toString('utf8'), truncated };
  }) as NodeSend;
  send.close = async () => {
    if (options.dispatcher) return;
    // Called once nothing is left to answer: whatever still hangs on the pool after a second is cut off.
    const timer = setTimeout(() => void agent.destroy().catch(() => {}), 1_000);
    await agent.close().catch(() => {});
    clearTimeout(timer);
  };
  return send;
}
