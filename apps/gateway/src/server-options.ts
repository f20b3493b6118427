import type { ServerOptions } from 'node:http';

/**
 * Connection limits for the gateway's Node server (pass as `serverOptions` to @hono/node-server's `serve()`).
 * Node's defaults let a client trickle a request for 300 s (requestTimeout) and only look every 30 s; the API's
 * bodies are at most a few KiB, so any honest client sends headers and body in well under these.
 */
export const SERVER_TIMEOUTS = {
  /** Whole request head (request line and headers) received within this. */
  headersTimeoutMs: 10_000,
  /** Whole request, head and body, received within this (a trickled upload is cut off with 408). */
  requestTimeoutMs: 15_000,
  /** An idle keep-alive connection is closed after this (behind a load balancer keep it above the balancer's idle timeout). */
  keepAliveTimeoutMs: 5_000,
  /** How often Node checks the two limits above: the limit is enforced within this much of its value. */
  checkIntervalMs: 1_000,
} as const;

export function serverOptions(): ServerOptions {
  return {
    headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    connectionsCheckingInterval: SERVER_TIMEOUTS.checkIntervalMs,
  };
}
