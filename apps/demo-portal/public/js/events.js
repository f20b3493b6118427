// The event log panel: every bwkit-* event the page's widgets dispatch (they bubble and are composed, so one
// listener on the document sees them all, retargeted to the widget element).

export const WIDGET_EVENTS = ['bwkit-ready', 'bwkit-change', 'bwkit-submit', 'bwkit-success', 'bwkit-error', 'bwkit-job-progress'];
const MAX_ENTRIES = 200;
/** Repeats of the same event from the same element within this window update one entry (typing fires many). */
const COALESCE_MS = 1500;
const SUMMARY_CHARS = 140;

/**
 * @param {HTMLElement} panel
 * @param {{ t: (key: string, params?: Record<string, string | number>) => string,
 *   h: typeof import('./portal.js').h, onTenantChange: (fn: () => void) => void }} deps
 */
export function attachEventLog(panel, { t, h, onTenantChange }) {
  const titleId = 'event-log-title';
  const count = h('span', { class: 'event-log__count' });
  const clear = h('button', { type: 'button', class: 'btn btn--ghost btn--sm', 'data-i18n': 'events.clear' }, t('events.clear'));
  const list = h('ol', { class: 'event-log__items' });
  // Polite announcements of every keystroke's event would drown a screen reader: the log is read on demand.
  // Focusable, so keyboard users can scroll it.
  const region = h('div', { class: 'event-log__list', role: 'log', 'aria-live': 'off', 'aria-labelledby': titleId, tabindex: 0 }, list);
  const empty = h('p', { class: 'event-log__empty', 'data-i18n': 'events.empty' }, t('events.empty'));
  panel.setAttribute('aria-labelledby', titleId);
  panel.replaceChildren(
    h('div', { class: 'panel__head' },
      h('h2', { class: 'panel__title', id: titleId, 'data-i18n': 'events.title' }, t('events.title')),
      count,
      clear),
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
    const entry = renderEntry(h, e.type, /** @type {Element | null} */ (e.target), detail, now);
    if (last && last.type === e.type && last.el === e.target && now - last.at < COALESCE_MS) {
      last.repeat++;
      entry.dataset['repeat'] = String(last.repeat);
      entry.querySelector('.event__meta')?.append(h('span', { class: 'event__repeat', title: `${last.repeat}×` }, `×${last.repeat}`));
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
 * @param {typeof import('./portal.js').h} h
 * @param {string} type
 * @param {Element | null} target
 * @param {unknown} detail
 * @param {number} at
 */
function renderEntry(h, type, target, detail, at) {
  const time = new Date(at);
  const stamp = `${time.toLocaleTimeString('en-GB', { hour12: false })}.${String(time.getMilliseconds()).padStart(3, '0')}`;
  const json = stringify(detail);
  const oneLine = json.length > SUMMARY_CHARS ? `${json.slice(0, SUMMARY_CHARS - 1)}…` : json;
  return h('li', { class: 'event', 'data-type': type },
    h('div', { class: 'event__meta' },
      h('time', { datetime: time.toISOString(), class: 'event__time' }, stamp),
      h('span', { class: 'event__name' }, type)),
    h('code', { class: 'event__el' }, describe(target)),
    json.length > SUMMARY_CHARS
      ? h('details', { class: 'event__more' },
        h('summary', {}, h('code', { class: 'event__detail' }, oneLine)),
        h('pre', { class: 'event__json' }, JSON.stringify(safe(detail), null, 2)))
      : h('code', { class: 'event__detail' }, oneLine),
  );
}

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
  return JSON.parse(JSON.stringify(v, (_k, val) => {
    if (val instanceof Error) return { name: val.name, message: val.message };
    if (typeof val === 'object' && val !== null) {
      if (seen.has(val)) return '[circular]';
      seen.add(val);
    }
    return val;
  }) ?? 'null');
}
