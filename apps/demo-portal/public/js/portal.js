// The portal shell: organisation switcher, header, navigation, footer, chrome translation, and the wiring every
// embedded bwkit widget needs (a token source). Pages import startPortal() and add their own behaviour.

import { attachEventLog, WIDGET_EVENTS } from './events.js';
import { translate } from './i18n.js';
import { operationOf, orderIdOf, rememberOrder } from './orders.js';
import { DEFAULT_TENANT, TENANTS } from './tenants.js';
import { getToken } from './token.js';

export const WIDGET_TAGS = [
  'bandwidth-create',
  'bandwidth-change-order',
  'bandwidth-package-form',
  'bandwidth-approvals',
];
const WIDGET_SELECTOR = WIDGET_TAGS.join(',');
const STORAGE_KEY = 'meridian.tenant';
/** The user signed in (a PortalUser id), remembered; another organisation signs in its user of the same role. */
const USER_KEY = 'meridian.user';
/**
 * What the embedded forms may do: each create scope with the read scopes of its pickers and the order scopes of
 * the orders it places (the BFF's scope pairing: Workspace create + subnet:read + order:read, change +
 * workspace-bandwidth:read + order:read/pay, package + cloud-connection:read + order:read/pay). `order:pay` covers
 * pay and cancel; whether Pay is offered is the tenant's `orders.allowPay`, decided by the BFF.
 * The audit and orders pages ask for their own, narrower tokens.
 */
export const WIDGET_SCOPES = [
  'workspace-bandwidth:create',
  'subnet:read',
  'workspace-bandwidth:change',
  'workspace-bandwidth:read',
  'shared-bandwidth:create',
  'bandwidth-package:create',
  'cloud-connection:read',
  'order:read',
  'order:pay',
];
/** What `<bandwidth-approvals>` needs: list and decide held purchases. */
export const APPROVER_SCOPES = /** @type {const} */ (['approval:decide']);
/**
 * What each portal role may do. A buyer uses the forms (a purchase the tenant policy holds waits for an approver);
 * an approver uses them too (their own purchase still needs another approver: the BFF refuses self-approval),
 * decides held purchases and reads the webhook delivery log.
 * @type {Record<import('./tenants.js').PortalUser['role'], readonly string[]>}
 */
export const ROLE_SCOPES = {
  buyer: WIDGET_SCOPES,
  approver: [...WIDGET_SCOPES, ...APPROVER_SCOPES, 'webhook:read', 'webhook:redeliver'],
};

/** Whether the signed-in user's role grants `scope` (pages ask before requesting a token for it). */
export const can = (/** @type {string} */ scope) => ROLE_SCOPES[current.user.role].includes(scope);

/** @typedef {import('./tenants.js').PortalTenant} PortalTenant */

/** @type {PortalTenant} */
let current = withUser(
  TENANTS[document.documentElement.dataset['tenant'] ?? ''] ?? /** @type {PortalTenant} */ (TENANTS[DEFAULT_TENANT]),
);

/**
 * The organisation with a user signed in: the one with id `userId`, else the first with `role`, else the first
 * (a buyer).
 */
function withUser(/** @type {PortalTenant} */ tn, userId = storedUser(), role = '') {
  return { ...tn, user: tn.users.find((u) => u.id === userId) ?? tn.users.find((u) => u.role === role) ?? tn.user };
}

function storedUser() {
  try {
    return localStorage.getItem(USER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
/** @type {Set<(tenant: PortalTenant) => void>} */
const listeners = new Set();

export const tenant = () => current;

/**
 * Portal text in the current organisation's language; `{org}` and `{name}` are always available.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  return translate(current.locale, key, { org: current.name, name: current.user.name, ...params });
}

/** Called after the organisation changed (the page's own content should re-render). */
export function onTenantChange(/** @type {(tenant: PortalTenant) => void} */ fn) {
  listeners.add(fn);
}

/** A token for the embedded widgets of the current organisation and user (`scopes`: the forms' by default). */
export async function widgetToken(/** @type {readonly string[]} */ scopes = WIDGET_SCOPES) {
  return getToken({ tenant: current.id, subject: current.user.email, scopes: [...scopes] });
}

/**
 * GET a BFF resource with a token carrying `scopes`; throws an Error whose message is the problem's detail.
 * @param {string} path
 * @param {string[]} scopes
 */
export async function bffGet(path, scopes) {
  const token = await getToken({ tenant: current.id, subject: current.user.email, scopes });
  const res = await fetch(path, {
    cache: 'no-store',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || body.title || `HTTP ${res.status}`);
  return body;
}

/**
 * Builds an element: h('a', { href: '/x', class: 'y' }, 'text', child). `null`/`false` children are skipped.
 * @param {string} tag
 * @param {Record<string, string | number | boolean | undefined | null>} [attrs]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** @param {string} iso */
export function formatDateTime(
  iso,
  /** @type {Intl.DateTimeFormatOptions} */ opts = { dateStyle: 'medium', timeStyle: 'medium' },
) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(current.locale, opts).format(d);
}

// ---- document ------------------------------------------------------------------------------------------------

function applyDocument() {
  const root = document.documentElement;
  root.lang = current.locale;
  root.dataset['tenant'] = current.id;
  root.dataset['scheme'] = current.scheme;
  const title = document.body.dataset['title'];
  if (title) document.title = `${t(title)} · Meridian ${t('brand.product')}`;
}

/** Fills every [data-i18n] element's text (and [data-i18n-aria-label] labels) in the current language. */
export function translateDom(root = document.body) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(/** @type {HTMLElement} */ (el).dataset['i18n'] ?? '');
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(/** @type {HTMLElement} */ (el).dataset['i18nAriaLabel'] ?? ''));
  }
}

// ---- shell ---------------------------------------------------------------------------------------------------

const NAV = [
  { items: [{ page: 'overview', href: './', key: 'nav.overview', icon: 'home' }] },
  {
    key: 'nav.group.bandwidth',
    items: [
      { page: 'workspace', href: 'workspace.html', key: 'nav.workspace', icon: 'desktop' },
      { page: 'change', href: 'change-order.html', key: 'nav.change', icon: 'resize' },
      { page: 'shared', href: 'shared-bandwidth.html', key: 'nav.shared', icon: 'share' },
      { page: 'package', href: 'bandwidth-package.html', key: 'nav.package', icon: 'globe' },
      { page: 'orders', href: 'orders.html', key: 'nav.orders', icon: 'receipt' },
    ],
  },
  {
    key: 'nav.group.admin',
    items: [
      { page: 'theme', href: 'theme.html', key: 'nav.theme', icon: 'palette' },
      { page: 'approvals', href: 'approvals.html', key: 'nav.approvals', icon: 'check' },
      { page: 'webhooks', href: 'webhooks.html', key: 'nav.webhooks', icon: 'hook' },
      { page: 'audit', href: 'audit.html', key: 'nav.audit', icon: 'list' },
    ],
  },
];

/** 24×24 stroke icons (paths only, drawn with currentColor). */
const ICONS = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z',
  desktop: 'M3 4h18v12H3zM8 20h8M12 16v4',
  resize: 'M4 14v6h6M20 10V4h-6M4 20l7-7M20 4l-7 7',
  share:
    'M6 12a2.5 2.5 0 1 0 0 .01M18 6a2.5 2.5 0 1 0 0 .01M18 18a2.5 2.5 0 1 0 0 .01M8.2 10.8l7.6-3.6M8.2 13.2l7.6 3.6',
  globe:
    'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z',
  palette:
    'M12 3a9 9 0 0 0 0 18c1.1 0 1.7-.8 1.7-1.7 0-.5-.2-.9-.5-1.2-.3-.3-.5-.7-.5-1.2 0-.9.8-1.7 1.7-1.7H16a5 5 0 0 0 5-5c0-4-4-7.2-9-7.2zM7.5 12.5h.01M9.5 8h.01M14.5 8h.01',
  list: 'M8 6h13M8 12h13M8 18h13M3.5 6h.01M3.5 12h.01M3.5 18h.01',
  receipt: 'M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6M9 16h3',
  check: 'M9 12l2 2 4-4M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z',
  hook: 'M4 12h4l2-5 4 10 2-5h4',
};

/** @param {keyof typeof ICONS} name */
export function icon(name, size = 20) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

function renderHeader() {
  const header = document.getElementById('topbar');
  if (!header) return;
  const select = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'org-switcher', class: 'org-switcher__select', name: 'organisation' },
      ...Object.values(TENANTS).map((tn) => h('option', { value: tn.id }, tn.name)),
    )
  );
  select.value = current.id;
  select.addEventListener('change', () => switchTenant(select.value));
  header.replaceChildren(
    h(
      'a',
      { class: 'brand', href: './' },
      h('img', { src: 'assets/logo.svg', alt: '', width: 30, height: 30, class: 'brand__logo' }),
      h('span', { class: 'brand__name' }, 'Meridian'),
      h('span', { class: 'brand__product', 'data-i18n': 'brand.product' }),
    ),
    h(
      'div',
      { class: 'org-switcher' },
      h('label', { for: 'org-switcher', class: 'org-switcher__label', 'data-i18n': 'header.org' }),
      select,
    ),
    h(
      'div',
      { class: 'org-switcher' },
      h('label', { for: 'user-switcher', class: 'org-switcher__label', 'data-i18n': 'header.user' }),
      userSelect(),
    ),
    h(
      'div',
      { class: 'topbar__end' },
      h('a', { class: 'topbar__link', href: '/docs', 'data-i18n': 'header.docs' }),
      h(
        'div',
        { class: 'user', id: 'user-chip' },
        h('span', { class: 'user__avatar', 'aria-hidden': 'true', id: 'user-avatar' }),
        h(
          'span',
          { class: 'user__text' },
          h('span', { class: 'user__name', id: 'user-name' }),
          h('span', { class: 'user__role', id: 'user-role' }),
        ),
      ),
    ),
    h('p', { class: 'visually-hidden', role: 'status', id: 'org-status' }),
  );
}

/** The user menu: who is signed in to the organisation (a buyer or an approver). */
function userSelect() {
  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'user-switcher', class: 'org-switcher__select', name: 'user' })
  );
  select.addEventListener('change', () => switchUser(select.value));
  return select;
}

function fillUserSelect() {
  const select = /** @type {HTMLSelectElement | null} */ (document.getElementById('user-switcher'));
  if (!select) return;
  select.replaceChildren(
    ...current.users.map((u) => h('option', { value: u.id }, `${u.name} · ${t(`role.${u.role}`)}`)),
  );
  select.value = current.user.id;
}

function updateHeader() {
  const set = (/** @type {string} */ id, /** @type {string} */ text) => {
    const el = document.getElementById(id);
    if (el) el.textContent = text;
  };
  set('user-avatar', current.user.initials);
  set('user-name', current.user.name);
  set('user-role', current.user.title);
  fillUserSelect();
  document.getElementById('user-chip')?.setAttribute('title', `${current.user.name} <${current.user.email}>`);
  const select = /** @type {HTMLSelectElement | null} */ (document.getElementById('org-switcher'));
  if (select) select.value = current.id;
}

function renderNav() {
  const nav = document.getElementById('sidenav');
  if (!nav) return;
  const page = document.body.dataset['page'];
  nav.setAttribute('data-i18n-aria-label', 'nav.label');
  nav.replaceChildren(
    ...NAV.map((group) =>
      h(
        'div',
        { class: 'sidenav__group' },
        group.key ? h('p', { class: 'sidenav__heading', 'data-i18n': group.key, id: `nav-${group.key}` }) : null,
        h(
          'ul',
          { class: 'sidenav__list', ...(group.key ? { 'aria-labelledby': `nav-${group.key}` } : {}) },
          ...group.items.map((it) => {
            const a = h(
              'a',
              { class: 'sidenav__link', href: it.href, ...(it.page === page ? { 'aria-current': 'page' } : {}) },
              icon(/** @type {keyof typeof ICONS} */ (it.icon)),
              h('span', { 'data-i18n': it.key }),
            );
            return h('li', {}, a);
          }),
        ),
      ),
    ),
  );
}

/** On a phone the navigation is one scrolling row: bring the current page's link into view. */
function revealActiveNav() {
  const nav = document.getElementById('sidenav');
  const active = /** @type {HTMLElement | null} */ (nav?.querySelector('[aria-current="page"]') ?? null);
  if (nav && active && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = Math.max(
      0,
      active.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft - 24,
    );
  }
}

function renderFooter() {
  const footer = document.getElementById('footer');
  if (!footer) return;
  footer.replaceChildren(
    h('p', { 'data-i18n': 'footer.copy' }),
    h(
      'ul',
      { class: 'footer__links' },
      h('li', {}, h('a', { href: '/readyz', 'data-i18n': 'footer.status' })),
      h('li', {}, h('a', { href: '/docs', 'data-i18n': 'footer.docs' })),
    ),
  );
}

// ---- widgets -------------------------------------------------------------------------------------------------

/** Gives one embedded widget its token source, as a customer's page would. */
function wireWidget(/** @type {Element} */ el) {
  const w = /** @type {HTMLElement & { fetchToken?: () => Promise<string> }} */ (el);
  const give = () => {
    w.fetchToken = () => widgetToken(el.localName === 'bandwidth-approvals' ? APPROVER_SCOPES : WIDGET_SCOPES);
  };
  // Set now (an upgraded element takes it at once; Lit keeps a property set before the upgrade) and again once
  // the element is defined, which runs before the widget's first update.
  give();
  if (!customElements.get(el.localName)) void customElements.whenDefined(el.localName).then(give);
}

/** Replaces a widget by a fresh copy (same attributes), so it loads the new organisation's config and language. */
export function remountWidget(/** @type {Element} */ el) {
  const fresh = document.createElement(el.localName);
  // Not `style`: the widget keeps its theme there (CSSOM), and a copied style attribute is inline style to the CSP.
  for (const a of el.attributes) if (a.name !== 'style') fresh.setAttribute(a.name, a.value);
  wireWidget(fresh);
  el.replaceWith(fresh);
  return fresh;
}

/** Shows a plain message in place of a widget whose script never loaded. */
function watchWidgetScript() {
  const widgets = document.querySelectorAll(WIDGET_SELECTOR);
  if (widgets.length === 0) return;
  const tag = widgets[0]?.localName ?? WIDGET_TAGS[0];
  const timer = setTimeout(() => {
    if (customElements.get(String(tag))) return;
    document.documentElement.dataset['widgets'] = 'unavailable';
    for (const w of document.querySelectorAll(WIDGET_SELECTOR)) {
      if (w.nextElementSibling?.classList.contains('widget-fallback')) continue;
      w.after(
        h(
          'p',
          { class: 'widget-fallback', role: 'status', 'data-i18n': 'widget.unavailable' },
          t('widget.unavailable'),
        ),
      );
    }
  }, 8000);
  void customElements.whenDefined(String(tag)).then(() => {
    clearTimeout(timer);
    delete document.documentElement.dataset['widgets'];
    for (const f of document.querySelectorAll('.widget-fallback')) f.remove();
  });
}

// ---- organisation switch -------------------------------------------------------------------------------------

/** Switches organisation in place: new language and theme for the chrome, new token and config for the widgets. */
export function switchTenant(/** @type {string} */ id) {
  const next = TENANTS[id];
  if (!next || next.id === current.id) return;
  current = withUser(next, current.user.id, current.user.role);
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    /* storage blocked: the switch lasts for this page only */
  }
  refreshAll();
  const status = document.getElementById('org-status');
  if (status) status.textContent = next.name;
}

/** Signs another user of the organisation in: new tokens (another subject and scopes) for every widget and page. */
export function switchUser(/** @type {string} */ id) {
  const user = current.users.find((u) => u.id === id);
  if (!user || user === current.user) return;
  current = { ...current, user };
  try {
    localStorage.setItem(USER_KEY, id);
  } catch {
    /* storage blocked: the switch lasts for this page only */
  }
  refreshAll();
  const status = document.getElementById('org-status');
  if (status) status.textContent = user.name;
}

function refreshAll() {
  applyDocument();
  updateHeader();
  translateDom();
  for (const el of document.querySelectorAll(WIDGET_SELECTOR)) remountWidget(el);
  for (const fn of listeners) fn(current);
}

let started = false;

/** Renders the shell and wires the widgets of the page; pages call it first. */
export function startPortal() {
  if (started) return;
  started = true;
  applyDocument();
  renderHeader();
  renderNav();
  renderFooter();
  updateHeader();
  translateDom();
  revealActiveNav();
  for (const el of document.querySelectorAll(WIDGET_SELECTOR)) wireWidget(el);
  watchWidgetScript();
  // Every order a widget on this page places or reports is remembered for the Orders page.
  for (const type of WIDGET_EVENTS) {
    document.addEventListener(
      type,
      (e) => {
        const detail = /** @type {CustomEvent} */ (e).detail;
        const orderId = orderIdOf(detail);
        if (!orderId) return;
        // bwkit-order-placed names the operation; other events are told apart by the element.
        const operation =
          typeof detail.operation === 'string'
            ? detail.operation
            : operationOf(/** @type {Element | null} */ (e.target));
        rememberOrder(current.id, { orderId, operation, at: new Date().toISOString() });
      },
      true,
    );
  }
  const log = document.getElementById('event-log');
  if (log) attachEventLog(log, { t, h, onTenantChange, tenant });
  // Another tab switched organisation: follow it.
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY && e.newValue) switchTenant(e.newValue);
    if (e.key === USER_KEY && e.newValue) switchUser(e.newValue);
  });
}
