import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import type { OrderRef } from '../../store/index.js';

/** Orders are followed for a month: long enough to pay one, short enough not to keep them forever. */
export const ORDER_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Remembers that this tenant placed `orderId` through the gateway (only such orders can be read, paid or cancelled
 * here). The order exists in the cloud whatever happens to this write, so a failure is logged, never thrown: the
 * caller must still get the order id it paid for.
 */
export async function recordOrder(deps: BffDeps, c: Context<BffEnv>, orderId: string, ref: Omit<OrderRef, 'createdAt'>): Promise<void> {
  try {
    await deps.store.putOrder(orderId, { ...ref, createdAt: deps.now().toISOString() }, ORDER_TTL_MS);
  } catch (e) {
    deps.log({ level: 'error', msg: 'order record failed', requestId: c.get('requestId'), tenant: ref.tenantId, orderId, error: String(e) });
  }
}
