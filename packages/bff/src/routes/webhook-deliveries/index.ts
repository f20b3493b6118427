/**
 * The tenant's webhook delivery log: what was sent to its endpoints, each attempt's answer, and redelivery. Reads the
 * outbox the event bus writes (record kind `webhook-delivery`); never shows the endpoints' secrets.
 */

import { isValidIdempotencyKey, type Scope } from '@bwkit/contracts';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import {
  BWKIT_EVENT_TYPES,
  type BwkitEventType,
  DELIVERY_KIND,
  type DeliveryState,
  redeliver,
  type WebhookDelivery,
} from '../../events/index.js';
import { errorResponses, okResponse, registerComponents, securityOf, type Tag } from '../../openapi/index.js';
import { malformedRequest, ProblemError } from '../../problem/index.js';
import { recordCursor, type StoredRecord } from '../../store/index.js';
import { decodeRecordCursor, encodeRecordCursor, pageParameters, readLimit } from '../paging.js';

const WEBHOOK_READ: Scope = 'webhook:read';
const WEBHOOK_REDELIVER: Scope = 'webhook:redeliver';

const TAG: Tag = 'Webhooks';

const STATES = ['pending', 'delivered', 'failed'] as const satisfies readonly DeliveryState[];
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** Records read at most to fill one page filtered by event type (the store indexes tenant and state only). */
const MAX_SCAN = 2_000;
const DELIVERY_ID = /^whd_[0-9a-f]{26}$/;

const Attempt = z
  .object({
    at: z.string().openapi({ format: 'date-time' }),
    status: z.number().int().optional().openapi({ description: "The receiver's HTTP status, when it answered." }),
    durationMs: z.number().int(),
    error: z
      .string()
      .optional()
      .openapi({ description: 'Why the attempt did not count: timeout, connection failure, non-2xx, redirect.' }),
  })
  .openapi('WebhookAttempt');

const Delivery = z
  .object({
    id: z.string(),
    webhookId: z.string().openapi({
      description: 'The `webhook-id` header: the same on every retry and redelivery; receivers deduplicate by it.',
    }),
    endpointId: z.string(),
    url: z.string(),
    eventType: z.enum(BWKIT_EVENT_TYPES),
    timestamp: z
      .string()
      .openapi({ format: 'date-time', description: "When the event happened (the payload's `timestamp`)." }),
    data: z.record(z.string(), z.unknown()),
    state: z.enum(STATES).openapi({
      description: '`pending` (queued or retrying), `delivered` (a 2xx), `failed` (the retries are spent).',
    }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    attempts: z.array(Attempt),
    nextAttemptAt: z.string().optional().openapi({ format: 'date-time' }),
    deliveredAt: z.string().optional().openapi({ format: 'date-time' }),
  })
  .openapi('WebhookDelivery');

const DeliveryPage = z
  .object({
    items: z.array(Delivery),
    nextCursor: z.string().optional().openapi({ description: 'Pass as `cursor` for the next (older) page.' }),
  })
  .openapi('WebhookDeliveryPage');

type PublicDelivery = z.infer<typeof Delivery>;

/** What a caller sees of a delivery (no lease, no redelivery keys). */
export function publicDelivery(d: WebhookDelivery): PublicDelivery {
  return {
    id: d.id,
    webhookId: d.webhookId,
    endpointId: d.endpointId,
    url: d.url,
    eventType: d.eventType,
    timestamp: d.timestamp,
    data: d.data,
    state: d.state,
    createdAt: d.createdAt,
    attempts: d.attempts,
    ...(d.nextAttemptAt && d.state === 'pending' ? { nextAttemptAt: d.nextAttemptAt } : {}),
    ...(d.deliveredAt ? { deliveredAt: d.deliveredAt } : {}),
  };
}

const invalid = (path: string, message: string) =>
  malformedRequest(message, [{ path, code: 'invalid_value', message }]);

const notFound = () => new ProblemError('not_found', 'No such webhook delivery for this tenant.');

const idParam = [
  { name: 'id', in: 'path' as const, required: true, schema: { type: 'string' as const, pattern: DELIVERY_ID.source } },
];

export function registerWebhookDeliveries(app: OpenAPIHono<BffEnv>, deps: Pick<BffDeps, 'store' | 'now'>) {
  registerComponents(app);
  const list = createRoute({
    method: 'get',
    path: '/v1/webhook-deliveries',
    operationId: 'listWebhookDeliveries',
    tags: [TAG],
    summary: "The tenant's webhook deliveries, newest first, with every attempt",
    description: `Scope: \`${WEBHOOK_READ}\`. Filter by \`state\` and \`eventType\`; page with \`cursor\`.`,
    security: securityOf(WEBHOOK_READ),
    middleware: [requireScope(WEBHOOK_READ)],
    parameters: [
      { name: 'state', in: 'query', required: false, schema: { type: 'string', enum: [...STATES] } },
      { name: 'eventType', in: 'query', required: false, schema: { type: 'string', enum: [...BWKIT_EVENT_TYPES] } },
      ...pageParameters(MAX_LIMIT, DEFAULT_LIMIT),
    ],
    responses: { 200: okResponse('A page of deliveries', DeliveryPage), ...errorResponses(400) },
  });
  app.openapi(list, async (c) => {
    const tenant = c.get('tenant');
    const state = c.req.query('state');
    if (state !== undefined && !(STATES as readonly string[]).includes(state))
      invalidThrow('state', `state must be one of ${STATES.join(', ')}.`);
    const eventType = c.req.query('eventType');
    if (eventType !== undefined && !(BWKIT_EVENT_TYPES as readonly string[]).includes(eventType)) {
      invalidThrow('eventType', `eventType must be one of ${BWKIT_EVENT_TYPES.join(', ')}.`);
    }
    const limit = readLimit(c, { max: MAX_LIMIT, fallback: DEFAULT_LIMIT, code: 'invalid_value' });
    const cursor = c.req.query('cursor');
    let before = cursor ? decodeRecordCursor(cursor, DELIVERY_ID) : undefined;

    const items: StoredRecord<WebhookDelivery>[] = [];
    let scanned = 0;
    let more = false;
    let lastScanned: StoredRecord<WebhookDelivery> | undefined;
    // Without an event type one read does; with one, read on until the page is full, the log ends or the scan bound.
    for (;;) {
      const batch = eventType ? 200 : limit + 1;
      const page = await deps.store.listRecords<WebhookDelivery>(DELIVERY_KIND, {
        tenantId: tenant.id,
        ...(state ? { state } : {}),
        limit: batch,
        ...(before ? { before } : {}),
      });
      for (const r of page) {
        lastScanned = r;
        scanned++;
        if (eventType && r.value.eventType !== (eventType as BwkitEventType)) continue;
        if (items.length === limit) {
          more = true;
          break;
        }
        items.push(r);
      }
      if (more || page.length < batch) break;
      if (scanned >= MAX_SCAN && lastScanned) {
        more = true;
        break;
      }
      before = lastScanned ? recordCursor(lastScanned) : undefined;
    }
    // A page cut short by the scan bound continues after the last record read, so nothing is skipped.
    const last = items.length === limit ? items[items.length - 1] : lastScanned;
    return c.json(
      {
        items: items.map((r) => publicDelivery(r.value)),
        ...(more && last ? { nextCursor: encodeRecordCursor(last) } : {}),
      },
      200,
      { 'cache-control': 'no-store' },
    );
  });

  const show = createRoute({
    method: 'get',
    path: '/v1/webhook-deliveries/{id}',
    operationId: 'showWebhookDelivery',
    tags: [TAG],
    summary: 'One webhook delivery with every attempt',
    description: `Scope: \`${WEBHOOK_READ}\`. Another tenant's delivery is 404.`,
    security: securityOf(WEBHOOK_READ),
    middleware: [requireScope(WEBHOOK_READ)],
    parameters: idParam,
    responses: { 200: okResponse('The delivery', Delivery), ...errorResponses(404) },
  });
  app.openapi(show, async (c) => {
    const id = c.req.param('id');
    const rec = DELIVERY_ID.test(id) ? await deps.store.getRecord<WebhookDelivery>(DELIVERY_KIND, id) : undefined;
    if (!rec || rec.value.tenantId !== c.get('tenant').id) throw notFound();
    return c.json(publicDelivery(rec.value), 200, { 'cache-control': 'no-store' });
  });

  const redo = createRoute({
    method: 'post',
    path: '/v1/webhook-deliveries/{id}/redeliver',
    operationId: 'redeliverWebhook',
    tags: [TAG],
    summary: 'Send a delivery again (same webhook id, a fresh retry schedule)',
    description:
      `Scope: \`${WEBHOOK_REDELIVER}\`. Schedules a new attempt now, whatever the delivery's state; the receiver gets the same \`webhook-id\`. ` +
      'A retry with the same Idempotency-Key schedules nothing more and answers `Idempotent-Replayed: true`. No body is needed.',
    security: securityOf(WEBHOOK_REDELIVER),
    middleware: [requireScope(WEBHOOK_REDELIVER)],
    parameters: [
      ...idParam,
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description:
          'Unique per redelivery request (1–255 printable ASCII characters); a retry of the same request reuses it.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ],
    responses: {
      202: okResponse('The delivery, scheduled', Delivery, ['Idempotent-Replayed']),
      ...errorResponses(400, 404),
    },
  });
  app.openapi(redo, async (c) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined)
      throw new ProblemError(
        'idempotency_key_missing',
        'Send an Idempotency-Key header (1–255 characters) with every POST.',
      );
    if (!isValidIdempotencyKey(key))
      throw new ProblemError(
        'idempotency_key_missing',
        'The Idempotency-Key must be 1–255 printable ASCII characters.',
      );
    const id = c.req.param('id');
    const r = DELIVERY_ID.test(id) ? await redeliver(deps.store, c.get('tenant').id, id, key, deps.now()) : undefined;
    if (!r) throw notFound();
    return c.json(publicDelivery(r.delivery), 202, {
      'cache-control': 'no-store',
      ...(r.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  });
}

function invalidThrow(path: string, message: string): never {
  throw invalid(path, message);
}
