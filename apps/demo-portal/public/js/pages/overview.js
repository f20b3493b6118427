// Overview: organisation facts (GET /v1/config), quick actions, recent activity (GET /v1/audit), and the
// organisation's Workspace bandwidths in one of its regions at a time (GET /v1/workspace-bandwidths).
import { bffGet, formatDateTime, h, icon, onTenantChange, startPortal, t, tenant } from '../portal.js';

startPortal();

for (const a of document.querySelectorAll('#actions .action')) {
  const name = /** @type {HTMLElement} */ (a).dataset['icon'];
  if (name) a.prepend(h('span', { class: 'action__icon' }, icon(/** @type {any} */ (name), 22)));
}

/** Ignores answers that arrive after the organisation changed again. */
let generation = 0;

async function render() {
  const gen = ++generation;
  const facts = /** @type {HTMLElement} */ (document.getElementById('org-facts'));
  const activity = /** @type {HTMLElement} */ (document.getElementById('activity'));
  const inventory = /** @type {HTMLElement} */ (document.getElementById('inventory'));
  inventory.setAttribute('aria-busy', 'true');
  facts.setAttribute('aria-busy', 'true');
  activity.setAttribute('aria-busy', 'true');

  const [config, audit] = await Promise.allSettled([
    bffGet('/v1/config', ['workspace-bandwidth:create']),
    bffGet('/v1/audit?limit=5', ['audit:read']),
  ]);
  if (gen !== generation) return;

  facts.removeAttribute('aria-busy');
  if (config.status === 'fulfilled') {
    const c = config.value;
    const num = (/** @type {number} */ n) => new Intl.NumberFormat(tenant().locale).format(n);
    const regionName = (/** @type {string} */ id) =>
      c.regions.find((/** @type {{id: string}} */ r) => r.id === id)?.name ?? id;
    const row = (/** @type {string} */ key, /** @type {Node | string} */ value) =>
      h('div', { class: 'facts__row' }, h('dt', {}, t(key)), h('dd', {}, value));
    facts.replaceChildren(
      h('p', { class: 'org-facts__name' }, c.tenant.name, h('span', { class: 'org-facts__id' }, c.tenant.id)),
      h(
        'dl',
        { class: 'facts' },
        row('overview.org.site', t(`overview.site.${c.site}`)),
        row('overview.org.defaultRegion', `${regionName(c.defaultRegion)} (${c.defaultRegion})`),
        row(
          'overview.org.regions',
          h(
            'ul',
            { class: 'chips' },
            ...c.regions.map((/** @type {{id: string, name: string}} */ r) =>
              h('li', { class: 'chip', title: r.id }, r.name),
            ),
          ),
        ),
        row(
          'overview.org.limits',
          t('overview.org.limitsValue', {
            min: num(c.limits.sharedBandwidth.minMbps),
            max: num(c.limits.sharedBandwidth.maxMbps),
          }),
        ),
      ),
    );
    renderRegionMenu(c);
    void renderInventory(gen);
  } else {
    facts.replaceChildren(
      h(
        'p',
        { class: 'alert alert--error' },
        t('overview.loadError', { message: String(config.reason?.message ?? config.reason) }),
      ),
    );
    inventory.removeAttribute('aria-busy');
  }

  activity.removeAttribute('aria-busy');
  if (audit.status === 'fulfilled') {
    const items = /** @type {any[]} */ (audit.value.items);
    activity.replaceChildren(
      items.length === 0
        ? h('p', { class: 'empty' }, t('overview.activity.empty'))
        : h(
            'ol',
            { class: 'timeline' },
            ...items.map((r) =>
              h(
                'li',
                { class: 'timeline__item' },
                h('span', { class: `dot dot--${r.outcome}`, 'aria-hidden': 'true' }),
                h(
                  'div',
                  { class: 'timeline__body' },
                  h(
                    'p',
                    { class: 'timeline__title' },
                    t(`op.${r.operation}`),
                    h('span', { class: `badge badge--${r.outcome}` }, t(`outcome.${r.outcome}`)),
                  ),
                  h(
                    'p',
                    { class: 'timeline__meta' },
                    h('time', { datetime: r.at }, formatDateTime(r.at)),
                    ' · ',
                    r.subject,
                  ),
                ),
              ),
            ),
          ),
    );
  } else {
    activity.replaceChildren(
      h(
        'p',
        { class: 'alert alert--error' },
        t('overview.loadError', { message: String(audit.reason?.message ?? audit.reason) }),
      ),
    );
  }
}

/**
 * @typedef {{ id: string, name: string, sizeMbps: number, chargeMode: string, status: string, pendingOrder: boolean,
 *   orderId?: string, createdAt: string }} WorkspaceBandwidth
 */

/** The region whose bandwidths the inventory shows (the organisation's default region until the user picks one). */
let inventoryRegion = '';

/** The region menu of the inventory card: the organisation's regions, like the cloud console's region switch. */
function renderRegionMenu(/** @type {{ regions: { id: string, name: string }[], defaultRegion: string }} */ config) {
  const select = /** @type {HTMLSelectElement} */ (document.getElementById('inventory-region'));
  if (!config.regions.some((r) => r.id === inventoryRegion)) inventoryRegion = config.defaultRegion;
  select.replaceChildren(...config.regions.map((r) => h('option', { value: r.id }, r.name)));
  select.value = inventoryRegion;
}

/** The organisation's Workspace bandwidths in the chosen region (GET /v1/workspace-bandwidths, first page). */
async function renderInventory(/** @type {number} */ gen) {
  const list = /** @type {HTMLElement} */ (document.getElementById('inventory'));
  const region = inventoryRegion;
  list.setAttribute('aria-busy', 'true');
  /** @type {WorkspaceBandwidth[]} */
  let items;
  try {
    const page = await bffGet(`/v1/workspace-bandwidths?${new URLSearchParams({ region, limit: '20' })}`, [
      'workspace-bandwidth:read',
    ]);
    items = page.items ?? [];
  } catch (e) {
    if (gen !== generation || region !== inventoryRegion) return;
    list.removeAttribute('aria-busy');
    list.replaceChildren(
      h(
        'li',
        { class: 'alert alert--error' },
        t('overview.loadError', { message: e instanceof Error ? e.message : String(e) }),
      ),
    );
    return;
  }
  // An answer for another organisation or region than the one now chosen is dropped.
  if (gen !== generation || region !== inventoryRegion) return;
  list.removeAttribute('aria-busy');
  if (items.length === 0) {
    list.replaceChildren(h('li', { class: 'empty' }, t('overview.inventory.empty')));
    return;
  }
  list.replaceChildren(
    ...items.map((bw) => {
      const href = `change-order.html?${new URLSearchParams({ bandwidth: bw.id, region })}`;
      return h(
        'li',
        { class: 'inventory__item', 'data-id': bw.id },
        h(
          'div',
          { class: 'inventory__main' },
          h('p', { class: 'inventory__name' }, bw.name),
          h(
            'p',
            { class: 'inventory__meta' },
            known('chargeMode', bw.chargeMode),
            bw.status !== 'ACTIVE' ? ` · ${known('bwStatus', bw.status)}` : null,
          ),
          bw.pendingOrder
            ? h(
                'a',
                {
                  class: 'badge badge--warning inventory__order',
                  href: bw.orderId ? `orders.html#order-${encodeURIComponent(bw.orderId)}` : 'orders.html',
                },
                t('overview.inventory.pending'),
              )
            : null,
        ),
        h('span', { class: 'inventory__size' }, t('change.col.size', { n: bw.sizeMbps })),
        // Change orders exist for yearly/monthly bandwidths only, and not while one is waiting for payment.
        bw.chargeMode === 'wks_bandwidth' && !bw.pendingOrder
          ? h(
              'a',
              { class: 'btn btn--ghost btn--sm', href, 'aria-label': `${t('overview.inventory.change')} ${bw.name}` },
              t('overview.inventory.change'),
            )
          : null,
      );
    }),
  );
}

document.getElementById('inventory-region')?.addEventListener('change', (e) => {
  inventoryRegion = /** @type {HTMLSelectElement} */ (e.target).value;
  void renderInventory(generation);
});

/** The translated name of an upstream value, or the value itself when the portal has no text for it. */
function known(/** @type {string} */ group, /** @type {string} */ value) {
  const text = t(`${group}.${value}`);
  return text === `${group}.${value}` ? value : text;
}

function greet() {
  const h1 = document.getElementById('page-title');
  if (h1) h1.textContent = t('overview.h1', { name: tenant().user.name.split(' ')[0] ?? tenant().user.name });
}

greet();
void render();
onTenantChange(() => {
  greet();
  void render();
});
