import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import type { OrderRef } from '../../store/index.js';
import { writeOrRetryInBackground } from '../background-write.js';

/** Orders are followed for a month: long enough to pay one, short enough not to keep them forever. */
export const ORDER_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Remembers that this tenant placed `orderId` through the gateway (only such orders can be read, paid or cancelled
 * here). The order exists in the cloud whatever happens to this write, so a failure is never thrown (the caller must
 * still get the order id it paid for): it is logged and retried in the background.
 */
export async function recordOrder(deps: BffDeps, c: Context<BffEnv>, orderId: string, ref: Omit<OrderRef, 'createdAt'>): Promise<void> {
  const record = { ...ref, createdAt: deps.now().toISOString() };
  await writeOrRetryInBackground(deps, { msg: 'order record', requestId: c.get('requestId'), tenant: ref.tenantId, orderId },
    () => deps.store.putOrder(orderId, record, ORDER_TTL_MS));
}
