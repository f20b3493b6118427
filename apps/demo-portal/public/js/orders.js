// The orders this portal's users placed through the widgets. The BFF answers GET /v1/orders/{id} for an order
// placed through it but has no list of them, so the portal keeps the ids it saw (as a real portal would keep them in
// its own database) and asks the BFF for each one's status on the Orders page.

const MAX_ORDERS = 50;

/**
 * @typedef {{ orderId: string, operation: string, at: string, resource?: string }} PlacedOrder
 */

/** The operation a widget element performs, from its tag and `service`. */
export function operationOf(/** @type {Element | null} */ el) {
  if (!el) return '';
  if (el.localName === 'bandwidth-change-order') return 'changeWorkspaceBandwidth';
  if (el.localName === 'bandwidth-package-form') return 'createBandwidthPackage';
  if (el.localName === 'bandwidth-create')
    return el.getAttribute('service') === 'vpc' ? 'createSharedBandwidth' : 'createWorkspaceBandwidth';
  return '';
}

/**
 * The order id an event's detail carries: `orderId` of a placed change order, of a prepaid package, of a
 * yearly/monthly Workspace bandwidth, or of a `bwkit-order-*` event (`{orderId}` or `{order: {orderId}}`).
 * @param {unknown} detail
 * @returns {string | undefined}
 */
export function orderIdOf(detail) {
  if (!detail || typeof detail !== 'object') return undefined;
  const d = /** @type {Record<string, any>} */ (detail);
  const id = d['orderId'] ?? d['order']?.orderId ?? d['result']?.orderId ?? d['bandwidth']?.orderId;
  return typeof id === 'string' && id ? id : undefined;
}

const key = (/** @type {string} */ tenantId) => `meridian.orders.${tenantId}`;

/** Orders remembered for an organisation, newest first. */
export function placedOrders(/** @type {string} */ tenantId) {
  try {
    const list = JSON.parse(localStorage.getItem(key(tenantId)) ?? '[]');
    return /** @type {PlacedOrder[]} */ (Array.isArray(list) ? list : []);
  } catch {
    return [];
  }
}

/** Remembers an order once (the first sighting names its operation). */
export function rememberOrder(/** @type {string} */ tenantId, /** @type {PlacedOrder} */ order) {
  const list = placedOrders(tenantId);
  if (list.some((o) => o.orderId === order.orderId)) return;
  list.unshift(order);
  try {
    localStorage.setItem(key(tenantId), JSON.stringify(list.slice(0, MAX_ORDERS)));
  } catch {
    /* storage blocked: the Orders page will not list it */
  }
}
