// Webhook deliveries: the tenant's delivery log (GET /v1/webhook-deliveries, a token with only webhook:read), asked
// again every few seconds, so events show up here as the gateway queues and sends them. The demo has no backend of
// its own to receive them: the log is the gateway's record of each delivery (state, attempts, the receiver's answer).
import { bffGet, can, formatDateTime, h, onTenantChange, startPortal, t, tenant } from '../portal.js';

startPortal();

const POLL_MS = 2_000;
const body = /** @type {HTMLElement} */ (document.getElementById('webhooks-body'));
const table = /** @type {HTMLElement} */ (document.getElementById('webhooks-table'));
const count = /** @type {HTMLElement} */ (document.getElementById('webhooks-count'));
const updated = /** @type {HTMLElement} */ (document.getElementById('webhooks-updated'));
const empty = /** @type {HTMLElement} */ (document.getElementById('webhooks-empty'));
const error = /** @type {HTMLElement} */ (document.getElementById('webhooks-error'));

/**
 * @typedef {{ id: string, webhookId: string, endpointId: string, url: string, eventType: string, timestamp: string,
 *   state: 'pending' | 'delivered' | 'failed', createdAt: string, nextAttemptAt?: string,
 *   attempts: { at: string, status?: number, durationMs: number, error?: string }[] }} Delivery
 */

/** Ids shown before, so a delivery that just arrived is marked as new. */
const seen = new Set();
let generation = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

async function load() {
  clearTimeout(timer);
  const gen = ++generation;
  if (!can('webhook:read')) {
    const who = tenant().users.find((u) => u.role === 'approver');
    error.textContent = t('needs.approver', { approver: who?.name ?? '' });
    error.hidden = false;
    table.hidden = true;
    empty.hidden = true;
    count.textContent = '';
    return;
  }
  try {
    const page = await bffGet('/v1/webhook-deliveries?limit=50', ['webhook:read']);
    if (gen !== generation) return;
    render(/** @type {Delivery[]} */ (page.items));
    error.hidden = true;
  } catch (e) {
    if (gen !== generation) return;
    error.textContent = t('webhooks.error', { message: e instanceof Error ? e.message : String(e) });
    error.hidden = false;
  }
  updated.textContent = t('webhooks.updated', {
    time: formatDateTime(new Date().toISOString(), { timeStyle: 'medium' }),
  });
  if (!document.hidden) timer = setTimeout(load, POLL_MS);
}

function render(/** @type {Delivery[]} */ items) {
  const first = seen.size === 0;
  body.replaceChildren(
    ...items.map((d) => {
      const last = d.attempts[d.attempts.length - 1];
      const answer = !last ? '—' : last.error ? last.error : `HTTP ${last.status}`;
      const fresh = !first && !seen.has(d.id);
      return h(
        'tr',
        {
          'data-delivery': d.id,
          'data-event': d.eventType,
          'data-state': d.state,
          ...(fresh ? { class: 'row--new' } : {}),
        },
        h('td', {}, h('time', { datetime: d.createdAt }, formatDateTime(d.createdAt))),
        h('td', {}, h('code', {}, d.eventType)),
        h(
          'td',
          {},
          h(
            'span',
            {
              class: `badge badge--${d.state === 'delivered' ? 'succeeded' : d.state === 'failed' ? 'failed' : 'warning'}`,
            },
            t(`webhooks.state.${d.state}`),
          ),
          d.state === 'pending' && d.nextAttemptAt
            ? h(
                'span',
                { class: 'muted' },
                ` ${t('webhooks.next', { time: formatDateTime(d.nextAttemptAt, { timeStyle: 'medium' }) })}`,
              )
            : null,
        ),
        h('td', { class: 'num' }, d.attempts.length),
        h('td', {}, answer),
        h('td', {}, h('code', {}, d.webhookId)),
        h('td', {}, h('code', { title: d.url }, d.endpointId)),
      );
    }),
  );
  for (const d of items) seen.add(d.id);
  table.hidden = items.length === 0;
  empty.hidden = items.length > 0;
  count.textContent = t('webhooks.count', { n: items.length });
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void load();
});
onTenantChange(() => {
  seen.clear();
  body.replaceChildren();
  void load();
});
void load();
