// The event log panel: every bwkit-* event the page's widgets dispatch (they bubble and are composed, so one
// listener on the document sees them all, retargeted to the widget element). Entries that carry a price show it;
// entries that carry an order id link to that order on the Orders page.
import { orderIdOf } from './orders.js';

/** The widgets' lifecycle events, then the order follow-up events of the widgets that place orders. */
export const WIDGET_EVENTS = [
  'bwkit-ready',
  'bwkit-change',
  'bwkit-submit',
  'bwkit-success',
  'bwkit-error',
  'bwkit-job-progress',
  'bwkit-order-placed',
  'bwkit-order-paid',
  'bwkit-order-completed',
  'bwkit-order-cancelled',
  'bwkit-approval-pending',
  'bwkit-approval-decided',
];
const MAX_ENTRIES = 200;
/** Repeats of the same event from the same element within this window update one entry (typing fires many). */
const COALESCE_MS = 1500;
const SUMMARY_CHARS = 140;

/**
 * @typedef {{ t: (key: string, params?: Record<string, string | number>) => string,
 *   h: typeof import('./portal.js').h, onTenantChange: (fn: () => void) => void,
 *   tenant: () => { id: string, locale: string } }} LogDeps
 */

/**
 * @param {HTMLElement} panel
 * @param {LogDeps} deps
 */
export function attachEventLog(panel, deps) {
  const { t, h, onTenantChange } = deps;
  const titleId = 'event-log-title';
  const count = h('span', { class: 'event-log__count' });
  const clear = h(
    'button',
    { type: 'button', class: 'btn btn--ghost btn--sm', 'data-i18n': 'events.clear' },
    t('events.clear'),
  );
  const list = h('ol', { class: 'event-log__items' });
  // Polite announcements of every keystroke's event would drown a screen reader: the log is read on demand.
  // Focusable, so keyboard users can scroll it.
  const region = h(
    'div',
    { class: 'event-log__list', role: 'log', 'aria-live': 'off', 'aria-labelledby': titleId, tabindex: 0 },
    list,
  );
  const empty = h('p', { class: 'event-log__empty', 'data-i18n': 'events.empty' }, t('events.empty'));
  panel.setAttribute('aria-labelledby', titleId);
  panel.replaceChildren(
    h(
      'div',
      { class: 'panel__head' },
      h('h2', { class: 'panel__title', id: titleId, 'data-i18n': 'events.title' }, t('events.title')),
      count,
      clear,
    ),
    h('p', { class: 'panel__desc', 'data-i18n': 'events.desc' }, t('events.desc')),
    empty,
    region,
  );

  let total = 0;
  /** @type {{ type: string, el: EventTarget | null, at: number, li: HTMLElement, repeat: number } | undefined} */
  let last;

  const refresh = () => {
    count.textContent = total === 1 ? t('events.count.one') : t('events.count', { n: total });
    empty.hidden = total > 0;
    region.hidden = total === 0;
  };
  clear.addEventListener('click', () => {
    list.replaceChildren();
    total = 0;
    last = undefined;
    refresh();
  });
  onTenantChange(refresh);
  refresh();

  const onEvent = (/** @type {Event} */ e) => {
    const detail = /** @type {CustomEvent} */ (e).detail;
    const now = Date.now();
    const target = /** @type {Element | null} */ (e.target);
    const entry = renderEntry(deps, e.type, target, detail, now);
    if (last && last.type === e.type && last.el === e.target && now - last.at < COALESCE_MS) {
      last.repeat++;
      entry.dataset['repeat'] = String(last.repeat);
      entry
        .querySelector('.event__meta')
        ?.append(h('span', { class: 'event__repeat', title: `${last.repeat}×` }, `×${last.repeat}`));
      last.li.replaceWith(entry);
      last.li = entry;
      last.at = now;
    } else {
      list.prepend(entry);
      total++;
      last = { type: e.type, el: e.target, at: now, li: entry, repeat: 1 };
      while (list.childElementCount > MAX_ENTRIES) list.lastElementChild?.remove();
    }
    refresh();
  };
  for (const type of WIDGET_EVENTS) document.addEventListener(type, onEvent, true);
}

/**
 * @param {LogDeps} deps
 * @param {string} type
 * @param {Element | null} target
 * @param {unknown} detail
 * @param {number} at
 */
function renderEntry({ h, t, tenant }, type, target, detail, at) {
  const time = new Date(at);
  const stamp = `${time.toLocaleTimeString('en-GB', { hour12: false })}.${String(time.getMilliseconds()).padStart(3, '0')}`;
  const json = stringify(detail);
  const oneLine = json.length > SUMMARY_CHARS ? `${json.slice(0, SUMMARY_CHARS - 1)}…` : json;
  return h(
    'li',
    { class: 'event', 'data-type': type },
    h(
      'div',
      { class: 'event__meta' },
      h('time', { datetime: time.toISOString(), class: 'event__time' }, stamp),
      h('span', { class: 'event__name' }, type),
    ),
    h('code', { class: 'event__el' }, describe(target)),
    priceLine(h, t, tenant().locale, detail),
    orderLine(h, t, detail),
    json.length > SUMMARY_CHARS
      ? h(
          'details',
          { class: 'event__more' },
          h('summary', {}, h('code', { class: 'event__detail' }, oneLine)),
          h('pre', { class: 'event__json' }, JSON.stringify(safe(detail), null, 2)),
        )
      : h('code', { class: 'event__detail' }, oneLine),
  );
}

/**
 * "Price: US$12.60 per month" for an event carrying a quote (`bwkit-submit` `{quote}`), or why there is none.
 * @param {typeof import('./portal.js').h} h
 * @param {LogDeps['t']} t
 * @param {string} locale
 * @param {unknown} detail
 */
function priceLine(h, t, locale, detail) {
  const d = /** @type {Record<string, any> | null} */ (detail && typeof detail === 'object' ? detail : null);
  const quote = d?.['quote'];
  if (!quote || typeof quote !== 'object') return null;
  if (quote.available !== true) {
    return h(
      'p',
      { class: 'event__fact' },
      t('events.price.none', { reason: String(quote.message ?? quote.reason ?? '') }),
    );
  }
  let amount = String(quote.amount);
  try {
    amount = new Intl.NumberFormat(locale, { style: 'currency', currency: String(quote.currency) }).format(
      Number(quote.amount),
    );
  } catch {
    /* unknown currency code: the bare number */
  }
  const per = ['month', 'year', 'hour'].includes(quote.per) ? t(`events.per.${quote.per}`) : '';
  return h('p', { class: 'event__fact' }, t('events.price', { amount, per }));
}

/**
 * A link to the order on the Orders page, with its status when the event reports one.
 * @param {typeof import('./portal.js').h} h
 * @param {LogDeps['t']} t
 * @param {unknown} detail
 */
function orderLine(h, t, detail) {
  const id = orderIdOf(detail);
  if (!id) return null;
  const d = /** @type {Record<string, any>} */ (detail);
  const status = d['status'] ?? d['order']?.status;
  return h(
    'p',
    { class: 'event__fact' },
    h('a', { class: 'event__order', href: `orders.html#order-${encodeURIComponent(id)}` }, t('events.order', { id })),
    typeof status === 'string' && ORDER_STATUSES.includes(status) ? ` · ${t(`order.status.${status}`)}` : null,
  );
}

const ORDER_STATUSES = ['pending_payment', 'processing', 'completed', 'cancelled', 'pending_approval', 'other'];

/** `<bandwidth-create service="vpc">`: the tag and the attribute that tells two widgets apart. */
function describe(/** @type {Element | null} */ el) {
  if (!el) return '(unknown)';
  const attrs = ['service', 'bandwidth-id']
    .filter((a) => el.hasAttribute(a))
    .map((a) => {
      const v = el.getAttribute(a) ?? '';
      return ` ${a}="${a === 'bandwidth-id' ? `${v.slice(0, 8)}…` : v}"`;
    })
    .join('');
  return `<${el.localName}${attrs}>`;
}

function stringify(/** @type {unknown} */ v) {
  if (v === undefined || v === null) return '—';
  try {
    return JSON.stringify(safe(v));
  } catch {
    return String(v);
  }
}

/** JSON-able copy: Errors become {name, message}; cycles are cut. */
function safe(/** @type {unknown} */ v) {
  const seen = new WeakSet();
  return JSON.parse(
    JSON.stringify(v, (_k, val) => {
      if (val instanceof Error) return { name: val.name, message: val.message };
      if (typeof val === 'object' && val !== null) {
        if (seen.has(val)) return '[circular]';
        seen.add(val);
      }
      return val;
    }) ?? 'null',
  );
}
