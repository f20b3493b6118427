/**
 * The BFF alone (createBff, no gateway middleware or static files) with its store wrapped in a counting Proxy: every
 * store method call is one round trip to the store (or, for memory/SQLite, one synchronous call), so
 * `GET /_bench/store-calls` tells how many each request costs, by method. The BFF's code is untouched; only the store
 * object handed to it is wrapped.
 *
 * As a process (`node --conditions=bwkit-source --import tsx bench/bff-process.ts`): BWKIT_CONFIG (a config written by lib.ts
 * writeGatewayConfig), BENCH_LIST_CACHE_TTL_MS (BffOptions.listCacheTtlMs; 0 = the list cache off; unset = default);
 * prints `BFF_READY <url>`. `POST /_bench/store-calls/reset` zeroes the counters.
 */
import './child-guard.js';
import { createBff, type Store } from '@bwkit/bff';
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config/index.js';
import { createStore } from '../src/gateway.js';
import { createNodeSend } from '../src/upstream-send/index.js';

/** Wraps every function-valued property (methods of the adapters' classes or object literals) with a counter. */
export function countingStore(store: Store): { store: Store; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string' || prop === 'close') return v;
      return (...args: unknown[]) => {
        counts.set(prop, (counts.get(prop) ?? 0) + 1);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, counts };
}

async function main(): Promise<void> {
  const resolved = loadConfig(process.env, process.env['BWKIT_CONFIG']!);
  const { config, tenants } = resolved;
  const inner = await createStore(resolved);
  const { store, counts } = countingStore(inner);
  const ttl = process.env['BENCH_LIST_CACHE_TTL_MS'];
  const bff = createBff({
    tenants,
    store,
    upstream: {
      ...(config.upstream.mode === 'huaweicloud' ? { endpoints: config.upstream.endpoints } : {}),
      timeoutMs: config.upstream.timeoutMs,
      // as the gateway does
      send: createNodeSend(),
    },
    // as the gateway does: one JSON line per request to stdout (the bench sends it to a file)
    log: (line: string) => process.stdout.write(line + '\n'),
    idempotency: { ...config.idempotency },
    // the config caps perMinute at 100 000; read paths with a warm list cache go faster than that: a one-second window
    // keeps the limiter running (one store hit per request, as in production) without refusing the load
    rateLimitWindowMs: 1000,
    ...(ttl !== undefined && ttl !== '' ? { listCacheTtlMs: Number(ttl) } : {}),
  });
  const server = serve(
    {
      hostname: '127.0.0.1',
      port: 0,
      fetch: async (req: Request) => {
        const path = new URL(req.url).pathname;
        if (path === '/_bench/store-calls') {
          // POST: the counts so far, then zero
          const snapshot = Object.fromEntries(counts);
          if (req.method === 'POST') counts.clear();
          return Response.json(snapshot);
        }
        if (path === '/_bench/store-calls/reset') {
          counts.clear();
          return Response.json({});
        }
        return bff.fetch(req);
      },
    },
    (info) => process.stdout.write(`BFF_READY http://127.0.0.1:${info.port}\n`),
  );
  const stop = async () => {
    server.close();
    await bff.close();
    await inner.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

await main();
