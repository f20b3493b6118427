// Orders: the orders this organisation placed through the widgets (remembered by the portal, see ../orders.js), each
// with its live status from GET /v1/orders/{orderId} (a token with only order:read). Unfinished orders are looked at
// again every few seconds while the page is open; #order-<id> (the event log's link) highlights one.

import { placedOrders } from '../orders.js';
import { bffGet, formatDateTime, h, onTenantChange, startPortal, t, tenant } from '../portal.js';

startPortal();

const REFRESH_MS = 4000;
const body = /** @type {HTMLElement} */ (document.getElementById('orders-body'));
const table = /** @type {HTMLElement} */ (document.getElementById('orders-table'));
const empty = /** @type {HTMLElement} */ (document.getElementById('orders-empty'));
const count = /** @type {HTMLElement} */ (document.getElementById('orders-count'));
const error = /** @type {HTMLElement} */ (document.getElementById('orders-error'));
const refresh = /** @type {HTMLButtonElement} */ (document.getElementById('orders-refresh'));

/**
 * @typedef {{ orderId: string, status: string, statusCode?: number, amount?: number, currency?: string,
 *   createdAt?: string, operation?: string, resourceId?: string, canPay?: boolean, canCancel?: boolean,
 *   billingUrl?: string }} Order
 */

const BADGE = /** @type {Record<string, string>} */ ({
  pending_payment: 'badge--warning',
  pending_approval: 'badge--warning',
  processing: 'badge--replayed',
  completed: 'badge--succeeded',
  cancelled: '',
  other: '',
});
const FINAL = ['completed', 'cancelled'];

let generation = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

async function load() {
  const gen = ++generation;
  clearTimeout(timer);
  const placed = placedOrders(tenant().id);
  refresh.disabled = true;
  refresh.setAttribute('aria-busy', 'true');
  const answers = await Promise.allSettled(
    placed.map((o) => bffGet(`/v1/orders/${encodeURIComponent(o.orderId)}`, ['order:read'])),
  );
  refresh.disabled = false;
  refresh.removeAttribute('aria-busy');
  if (gen !== generation) return;

  const failed = answers.filter((a) => a.status === 'rejected');
  error.hidden = failed.length === 0 || failed.length < answers.length;
  if (!error.hidden)
    error.textContent = t('orders.error', {
      message: String(/** @type {PromiseRejectedResult} */ (failed[0]).reason?.message ?? ''),
    });

  body.replaceChildren(
    ...placed.map((o, i) => {
      const a = answers[i];
      /** @type {Order | undefined} */
      const order = a?.status === 'fulfilled' ? a.value : undefined;
      const status = order?.status ?? 'unknown';
      const amount = order?.amount !== undefined && order.currency ? money(order.amount, order.currency) : '—';
      const payLink =
        status === 'pending_payment' && order?.billingUrl && !order.canPay
          ? h(
              'a',
              { href: order.billingUrl, class: 'orders__pay', target: '_blank', rel: 'noopener' },
              t('orders.payInBilling'),
            )
          : null;
      return h(
        'tr',
        { id: `order-${o.orderId}`, class: 'orders-row', 'data-status': status },
        h('td', {}, h('code', { class: 'orders__id' }, o.orderId)),
        h('td', {}, t(`op.${order?.operation ?? o.operation}`)),
        h(
          'td',
          { class: 'nowrap' },
          h('time', { datetime: order?.createdAt ?? o.at }, formatDateTime(order?.createdAt ?? o.at)),
        ),
        h('td', { class: 'num nowrap' }, amount),
        h(
          'td',
          {},
          h(
            'span',
            { class: `badge ${BADGE[status] ?? ''}` },
            t(order ? `order.status.${status}` : 'orders.unavailable'),
          ),
          payLink,
        ),
      );
    }),
  );
  table.hidden = placed.length === 0;
  empty.hidden = placed.length > 0;
  count.textContent = placed.length ? t('orders.count', { n: placed.length }) : '';
  highlight();

  const open = answers.some((a) => a.status === 'fulfilled' && !FINAL.includes(a.value.status));
  if (open) timer = setTimeout(() => void load(), REFRESH_MS);
}

function money(/** @type {number} */ amount, /** @type {string} */ currency) {
  try {
    return new Intl.NumberFormat(tenant().locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** The order the event log linked to (#order-<id>) is marked and scrolled into view. */
function highlight() {
  for (const row of body.querySelectorAll('.orders-row[aria-current]')) row.removeAttribute('aria-current');
  const id = decodeURIComponent(location.hash.slice(1));
  const row = id ? document.getElementById(id) : null;
  if (row) {
    row.setAttribute('aria-current', 'true');
    row.scrollIntoView({ block: 'nearest' });
  }
}

refresh.addEventListener('click', () => void load());
window.addEventListener('hashchange', highlight);
void load();
onTenantChange(() => void load());
