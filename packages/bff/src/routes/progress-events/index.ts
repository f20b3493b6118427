/**
 * GET /v1/jobs/{jobId}/events and GET /v1/orders/{orderId}/events: the same JSON as the GETs, pushed as Server-Sent
 * Events while it changes, from the shared watcher (one upstream poll per id however many streams are open).
 */

import type { Scope } from '@bwkit/contracts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import { errorResponses, registerComponents, scopeText, securityOf } from '../../openapi/index.js';
import { lookupOrder, type Watchers } from '../../watch/index.js';
import { lookupJob } from '../jobs/index.js';

/** How long a browser waits before reconnecting a dropped stream (the SSE `retry` field). */
export const SSE_RETRY_MS = 2000;
/** Comment lines keep idle proxies from closing a stream while nothing changes. */
export const HEARTBEAT_MS = 15_000;

export interface ProgressEventsOptions {
  heartbeatMs?: number;
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const V1_HEADERS = Object.fromEntries(
  ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].map((n) => [n, headerRef(n)]),
);

function streamDoc(kind: 'job' | 'order', schema: string) {
  return {
    description:
      `An event stream (text/event-stream): \`event: ${kind}\` with \`data:\` the ${schema} JSON (as the GET answers it) and ` +
      '`id:` its version, sent at once with the current state and again on every change; `:` comment lines every 15 s keep it open; ' +
      'the stream ends after a final state. Reconnect with a new request (EventSource cannot send the Authorization header: use fetch).',
    headers: V1_HEADERS,
    content: {
      'text/event-stream': {
        schema: { type: 'string' as const, description: `Server-Sent Events; each data line is a ${schema}` },
      },
    },
  };
}

async function pump<T>(
  deps: BffDeps,
  c: Context<BffEnv>,
  stream: SSEStreamingApi,
  event: 'job' | 'order',
  heartbeatMs: number,
  follow: (signal: AbortSignal) => AsyncIterable<T & { version: number }>,
  data: (u: T) => unknown,
) {
  const ac = new AbortController();
  stream.onAbort(() => ac.abort());
  const beat = setInterval(() => {
    stream.write(': heartbeat\n\n').catch(() => ac.abort());
  }, heartbeatMs);
  try {
    let first = true;
    for await (const u of follow(ac.signal)) {
      await stream.writeSSE({
        event,
        id: String(u.version),
        data: JSON.stringify(data(u)),
        ...(first ? { retry: SSE_RETRY_MS } : {}),
      });
      first = false;
    }
  } catch (e) {
    // Headers are sent: the stream just ends, and the client reconnects (or falls back to polling the GET).
    if (!ac.signal.aborted)
      deps.log({
        level: 'warn',
        msg: 'progress stream failed',
        requestId: c.get('requestId'),
        tenant: c.get('tenant').id,
        error: String(e),
      });
  } finally {
    clearInterval(beat);
    ac.abort();
  }
}

/** Hono's streamSSE sends `Cache-Control: no-cache` (storable, over a route's own header): a stream is never stored. */
const noStore = (res: Response): Response => {
  res.headers.set('cache-control', 'no-store');
  return res;
};

export function registerProgressEvents(
  app: OpenAPIHono<BffEnv>,
  deps: BffDeps & { watchers: Watchers },
  opts: ProgressEventsOptions = {},
) {
  registerComponents(app);
  const heartbeatMs = () => opts.heartbeatMs ?? deps.watchers.heartbeatMs ?? HEARTBEAT_MS;
  const doc = (
    path: string,
    operationId: string,
    tag: string,
    scope: Scope,
    summary: string,
    param: string,
    kind: 'job' | 'order',
    schema: string,
  ) =>
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      operationId,
      tags: [tag],
      summary,
      description: `${scopeText([scope])} The same tenant isolation as the GET: another tenant's id is 404 (answered as JSON, before any event).`,
      security: securityOf(scope),
      parameters: [{ name: param, in: 'path', required: true, schema: { type: 'string', maxLength: 128 } }],
      responses: { 200: streamDoc(kind, schema), ...errorResponses(404) },
    });

  doc(
    '/v1/jobs/{jobId}/events',
    'watchWorkspaceJob',
    'Workspace',
    'workspace-bandwidth:create',
    'Follow a Workspace job as Server-Sent Events until it succeeds or fails',
    'jobId',
    'job',
    'Job',
  );
  app.get('/v1/jobs/:jobId/events', requireScope('workspace-bandwidth:create'), async (c) => {
    const tenant = c.get('tenant');
    const jobId = c.req.param('jobId');
    await lookupJob(deps, tenant.id, jobId); // 404 as a problem, before the stream starts
    return noStore(
      streamSSE(c, (stream) =>
        pump(
          deps,
          c,
          stream,
          'job',
          heartbeatMs(),
          (signal) => deps.watchers.job(tenant, jobId, { signal }),
          (u) => u.job,
        ),
      ),
    );
  });

  doc(
    '/v1/orders/{orderId}/events',
    'watchOrder',
    'Orders',
    'order:read',
    'Follow an order placed through this gateway as Server-Sent Events until it is completed or cancelled',
    'orderId',
    'order',
    'Order',
  );
  app.get('/v1/orders/:orderId/events', requireScope('order:read'), async (c) => {
    const tenant = c.get('tenant');
    const orderId = c.req.param('orderId');
    await lookupOrder(deps, tenant.id, orderId);
    const scopes = c.get('scopes');
    return noStore(
      streamSSE(c, (stream) =>
        pump(
          deps,
          c,
          stream,
          'order',
          heartbeatMs(),
          (signal) => deps.watchers.order(tenant, orderId, { signal, scopes }),
          (u) => u.order,
        ),
      ),
    );
  });
}
