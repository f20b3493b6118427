// Audit log: GET /v1/audit with a token that carries only audit:read, newest first, "Load more" follows nextCursor.
import { bffGet, formatDateTime, h, onTenantChange, startPortal, t } from '../portal.js';

startPortal();

const PAGE_SIZE = 20;
const body = /** @type {HTMLElement} */ (document.getElementById('audit-body'));
const more = /** @type {HTMLButtonElement} */ (document.getElementById('audit-more'));
const refresh = /** @type {HTMLButtonElement} */ (document.getElementById('audit-refresh'));
const count = /** @type {HTMLElement} */ (document.getElementById('audit-count'));
const empty = /** @type {HTMLElement} */ (document.getElementById('audit-empty'));
const end = /** @type {HTMLElement} */ (document.getElementById('audit-end'));
const error = /** @type {HTMLElement} */ (document.getElementById('audit-error'));
const table = /** @type {HTMLElement} */ (document.getElementById('audit-table'));
const caption = /** @type {HTMLElement} */ (document.getElementById('audit-caption'));

/**
 * @typedef {{ id: string, at: string, subject: string, operation: string, idempotencyKey?: string,
 *   outcome: 'succeeded' | 'failed' | 'replayed', status: number, problemCode?: string, durationMs: number,
 *   upstreamRequestId?: string, requestSummary?: Record<string, unknown> }} AuditRecord
 */

/** @type {AuditRecord[]} */
let records = [];
/** @type {string | undefined} */
let cursor;
let generation = 0;

async function loadPage(/** @type {boolean} */ reset) {
  const gen = reset ? ++generation : generation;
  const button = reset ? refresh : more;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const label = button.textContent;
  if (!reset) button.textContent = t('audit.loading');
  try {
    const qs = new URLSearchParams({ limit: String(PAGE_SIZE), ...(!reset && cursor ? { cursor } : {}) });
    const page = await bffGet(`/v1/audit?${qs}`, ['audit:read']);
    if (gen !== generation) return;
    if (reset) {
      records = [];
      body.replaceChildren();
    }
    records.push(...page.items);
    for (const r of /** @type {AuditRecord[]} */ (page.items)) body.append(...rows(r));
    cursor = page.nextCursor;
    error.hidden = true;
  } catch (e) {
    if (gen !== generation) return;
    error.textContent = t('audit.error', { message: e instanceof Error ? e.message : String(e) });
    error.hidden = false;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (!reset) button.textContent = label;
    if (gen === generation) renderState();
  }
}

function renderState() {
  empty.hidden = records.length > 0;
  table.hidden = records.length === 0;
  more.hidden = !cursor;
  end.hidden = Boolean(cursor) || records.length === 0;
  count.textContent = records.length ? t('audit.count', { n: records.length }) : '';
  caption.textContent = t('audit.caption');
}

/** A summary row and a hidden details row. */
function rows(/** @type {AuditRecord} */ r) {
  const detailsId = `audit-details-${r.id}`;
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--ghost btn--sm btn--icon disclosure',
      'aria-expanded': 'false',
      'aria-controls': detailsId,
      'aria-label': t('audit.details.show', { id: r.id }),
    },
    h('span', { class: 'disclosure__chevron', 'aria-hidden': 'true' }),
  );
  const status = h('span', { class: `status status--${r.status >= 400 ? 'error' : 'ok'}` }, String(r.status));
  const main = h(
    'tr',
    { class: 'audit-row', 'data-id': r.id },
    h('td', { class: 'nowrap' }, h('time', { datetime: r.at }, formatDateTime(r.at))),
    h('td', {}, h('span', { class: 'op' }, t(`op.${r.operation}`)), h('span', { class: 'op__code' }, r.operation)),
    h('td', { class: 'truncate', title: r.subject }, r.subject),
    h(
      'td',
      {},
      h('span', { class: `badge badge--${r.outcome}` }, t(`outcome.${r.outcome}`)),
      r.problemCode ? h('code', { class: 'problem-code' }, r.problemCode) : null,
    ),
    h('td', { class: 'num' }, status),
    h('td', { class: 'num nowrap' }, t('audit.ms', { n: Math.round(r.durationMs) })),
    h('td', { class: 'cell-action' }, toggle),
  );
  const field = (/** @type {string} */ key, /** @type {string | undefined} */ value) =>
    value ? h('div', { class: 'facts__row' }, h('dt', {}, t(key)), h('dd', {}, h('code', {}, value))) : null;
  const details = h(
    'tr',
    { class: 'audit-details', id: detailsId, hidden: true },
    h(
      'td',
      { colspan: 7 },
      h(
        'div',
        { class: 'audit-details__grid' },
        h(
          'dl',
          { class: 'facts facts--compact' },
          field('audit.field.id', r.id),
          field('audit.field.idempotencyKey', r.idempotencyKey),
          field('audit.field.upstreamRequestId', r.upstreamRequestId),
          field('audit.field.problemCode', r.problemCode),
        ),
        h(
          'div',
          {},
          h('p', { class: 'field__label' }, t('audit.field.request')),
          h('pre', { class: 'code' }, JSON.stringify(r.requestSummary ?? {}, null, 2)),
        ),
      ),
    ),
  );
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!open));
    toggle.setAttribute('aria-label', t(open ? 'audit.details.show' : 'audit.details.hide', { id: r.id }));
    details.hidden = open;
  });
  return [main, details];
}

more.addEventListener('click', () => void loadPage(false));
refresh.addEventListener('click', () => void loadPage(true));
void loadPage(true);
onTenantChange(() => {
  cursor = undefined;
  void loadPage(true);
});
