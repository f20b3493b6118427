// Overview: organisation facts (GET /v1/config), quick actions, recent activity (GET /v1/audit), inventory.
import { bffGet, formatDateTime, h, icon, onTenantChange, startPortal, t, tenant } from '../portal.js';
import { WORKSPACE_BANDWIDTHS } from '../tenants.js';

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
  renderInventory();
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
    const regionName = (/** @type {string} */ id) => c.regions.find((/** @type {{id: string}} */ r) => r.id === id)?.name ?? id;
    const row = (/** @type {string} */ key, /** @type {Node | string} */ value) => h('div', { class: 'facts__row' }, h('dt', {}, t(key)), h('dd', {}, value));
    facts.replaceChildren(
      h('p', { class: 'org-facts__name' }, c.tenant.name, h('span', { class: 'org-facts__id' }, c.tenant.id)),
      h('dl', { class: 'facts' },
        row('overview.org.site', t(`overview.site.${c.site}`)),
        row('overview.org.defaultRegion', `${regionName(c.defaultRegion)} (${c.defaultRegion})`),
        row('overview.org.regions', h('ul', { class: 'chips' }, ...c.regions.map((/** @type {{id: string, name: string}} */ r) => h('li', { class: 'chip', title: r.id }, r.name)))),
        row('overview.org.limits', t('overview.org.limitsValue', { min: num(c.limits.sharedBandwidth.minMbps), max: num(c.limits.sharedBandwidth.maxMbps) })),
      ),
    );
  } else {
    facts.replaceChildren(h('p', { class: 'alert alert--error' }, t('overview.loadError', { message: String(config.reason?.message ?? config.reason) })));
  }

  activity.removeAttribute('aria-busy');
  if (audit.status === 'fulfilled') {
    const items = /** @type {any[]} */ (audit.value.items);
    activity.replaceChildren(items.length === 0
      ? h('p', { class: 'empty' }, t('overview.activity.empty'))
      : h('ol', { class: 'timeline' }, ...items.map((r) =>
        h('li', { class: 'timeline__item' },
          h('span', { class: `dot dot--${r.outcome}`, 'aria-hidden': 'true' }),
          h('div', { class: 'timeline__body' },
            h('p', { class: 'timeline__title' }, t(`op.${r.operation}`),
              h('span', { class: `badge badge--${r.outcome}` }, t(`outcome.${r.outcome}`))),
            h('p', { class: 'timeline__meta' },
              h('time', { datetime: r.at }, formatDateTime(r.at)), ' · ', r.subject))))));
  } else {
    activity.replaceChildren(h('p', { class: 'alert alert--error' }, t('overview.loadError', { message: String(audit.reason?.message ?? audit.reason) })));
  }
}

function renderInventory() {
  const list = /** @type {HTMLElement} */ (document.getElementById('inventory'));
  list.replaceChildren(...WORKSPACE_BANDWIDTHS.map((b) =>
    h('li', { class: 'inventory__item' },
      h('div', { class: 'inventory__main' },
        h('p', { class: 'inventory__name' }, b.name),
        h('p', { class: 'inventory__meta' }, h('code', {}, b.id.slice(0, 8)), ' · ', t('change.billing'))),
      h('span', { class: 'inventory__size' }, t('change.col.size', { n: b.sizeMbps })),
      h('a', { class: 'btn btn--ghost btn--sm', href: `change-order.html#${b.id}`, 'aria-label': `${t('overview.inventory.change')} ${b.name}` }, t('overview.inventory.change')))));
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
