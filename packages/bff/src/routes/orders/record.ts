import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import { emitSafely } from '../../events/index.js';
import type { OrderRef } from '../../store/index.js';
import { writeOrRetryInBackground } from '../background-write.js';

/** Orders are followed for a month: long enough to pay one, short enough not to keep them forever. */
export const ORDER_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Remembers that this tenant placed `orderId` through the gateway (only such orders can be read, paid or cancelled
 * here). The order exists in the cloud whatever happens to this write, so a failure is never thrown (the caller must
 * still get the order id it paid for): it is logged and retried in the background. Also queues the tenant's
 * `order.placed` webhook, once per order however often this runs (a finished job is read by every poll).
 */
export async function recordOrder(
  deps: BffDeps,
  c: Context<BffEnv>,
  orderId: string,
  ref: Omit<OrderRef, 'createdAt'>,
): Promise<void> {
  const record = { ...ref, createdAt: deps.now().toISOString() };
  await writeOrRetryInBackground(
    deps,
    { msg: 'order record', requestId: c.get('requestId'), tenant: ref.tenantId, orderId },
    () => deps.store.putOrder(orderId, record, ORDER_TTL_MS),
  );
  const subject = c.get('subject');
  await emitSafely(
    deps,
    ref.tenantId,
    'order.placed',
    {
      orderId,
      operation: ref.operation,
      ...(ref.region ? { region: ref.region } : {}),
      ...(ref.resourceId ? { resourceId: ref.resourceId } : {}),
      ...(subject ? { subject } : {}),
    },
    { dedupeKey: `order:${orderId}` },
    c.get('requestId'),
  );
  // Followed with nobody watching, so order.paid / order.completed reach the portal after the page closed (a viewer
  // anywhere speeds the poll up). A failure only costs those webhooks, never the caller's order id.
  try {
    await deps.watchers.track(c.get('tenant'), 'order', orderId);
  } catch (e) {
    deps.log({ level: 'warn', msg: 'order track failed', tenant: ref.tenantId, orderId, error: String(e) });
  }
}
