// Change order: the user picks one of the organisation's yearly/monthly Workspace bandwidths, and the page embeds
// <bandwidth-change-order bandwidth-id="…"> for it. Orders placed here are remembered for the session, because an
// unpaid order blocks further changes to that bandwidth (the BFF answers 409).
import { formatDateTime, h, onTenantChange, remountWidget, startPortal, t, tenant } from '../portal.js';
import { WORKSPACE_BANDWIDTHS } from '../tenants.js';

startPortal();

const ordersKey = () => `meridian.orders.${tenant().id}`;
/** @returns {Record<string, { orderId: string, paymentRequired: boolean }>} */
function orders() {
  try {
    return JSON.parse(sessionStorage.getItem(ordersKey()) ?? '{}');
  } catch {
    return {};
  }
}

const first = /** @type {typeof WORKSPACE_BANDWIDTHS[number]} */ (WORKSPACE_BANDWIDTHS[0]);
const fromHash = WORKSPACE_BANDWIDTHS.find((b) => `#${b.id}` === location.hash);
const initialWidget = document.querySelector('bandwidth-change-order');
let selected = fromHash ?? WORKSPACE_BANDWIDTHS.find((b) => b.id === initialWidget?.getAttribute('bandwidth-id')) ?? first;

function renderOptions() {
  const box = /** @type {HTMLElement} */ (document.getElementById('bw-options'));
  const placed = orders();
  box.replaceChildren(...WORKSPACE_BANDWIDTHS.map((b) => {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'bandwidth', id: `bw-${b.id}`, value: b.id, class: 'bw-option__input' }));
    input.checked = b.id === selected.id;
    input.addEventListener('change', () => select(b.id));
    const order = placed[b.id];
    return h('div', { class: 'bw-option' },
      input,
      h('label', { for: `bw-${b.id}`, class: 'bw-option__label' },
        h('span', { class: 'bw-option__top' },
          h('span', { class: 'bw-option__name' }, b.name),
          h('span', { class: 'bw-option__size' }, t('change.col.size', { n: b.sizeMbps }))),
        h('span', { class: 'bw-option__meta' },
          h('code', {}, b.id), ' · ', t('change.billing'), ' · ', t('change.created', { date: formatDateTime(b.createdAt, { dateStyle: 'medium' }) })),
        order
          ? h('span', { class: `badge ${order.paymentRequired ? 'badge--warning' : 'badge--succeeded'}` },
            t(order.paymentRequired ? 'change.pending' : 'change.placed', { id: order.orderId }))
          : null));
  }));
}

function renderTitle() {
  const title = document.getElementById('change-form-title');
  if (title) title.textContent = t('change.formFor', { name: selected.name });
}

/** A fresh widget for the chosen bandwidth (its own form state and idempotency key). */
function select(/** @type {string} */ id) {
  const next = WORKSPACE_BANDWIDTHS.find((b) => b.id === id);
  if (!next || next.id === selected.id) return;
  selected = next;
  history.replaceState(null, '', `#${id}`);
  const widget = document.querySelector('bandwidth-change-order');
  if (widget) {
    widget.setAttribute('bandwidth-id', id);
    remountWidget(widget);
  }
  renderTitle();
}

document.addEventListener('bwkit-success', (e) => {
  const target = /** @type {Element} */ (e.target);
  if (target.localName !== 'bandwidth-change-order') return;
  const d = /** @type {any} */ (/** @type {CustomEvent} */ (e).detail) ?? {};
  const result = d.orderId ? d : (d.result ?? d.response ?? d);
  if (!result?.orderId) return;
  const id = target.getAttribute('bandwidth-id') ?? selected.id;
  const all = orders();
  all[id] = { orderId: String(result.orderId), paymentRequired: Boolean(result.paymentRequired) };
  try {
    sessionStorage.setItem(ordersKey(), JSON.stringify(all));
  } catch {
    /* not remembered */
  }
  renderOptions();
});

// The page may open with another bandwidth than the markup names (#id from the overview).
if (initialWidget && initialWidget.getAttribute('bandwidth-id') !== selected.id) {
  initialWidget.setAttribute('bandwidth-id', selected.id);
}
renderOptions();
renderTitle();
onTenantChange(() => {
  renderOptions();
  renderTitle();
});
