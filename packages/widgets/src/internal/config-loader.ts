/**
 * Getting the element going, a reactive controller of the form: loading the tenant's config — GET /v1/config (with
 * the on-demand purchase chunk and the page language's texts, so the form appears whole) once there is a way to get
 * a token, again when `api` or the token changes; shown at once from the tab's sessionStorage when this user's config
 * is there, and revalidated — and explaining setup mistakes to the developer: a failed load
 * (with a hint at `api` and `allowedOrigins`; `bwkit-error`, then `bwkit-loaderror`) and an attribute the element
 * cannot work with (`attribute_invalid`, and no form). Each goes to the console and out as `bwkit-error`. (No way to
 * get a token at all is the token controller's to say.)
 */
import type { TenantConfigView } from '@bwkit/contracts';
import type { ReactiveController } from 'lit';
import { BwkitProblem } from './client.js';
import type { BwkitForm } from './form.js';
import { loadTexts } from './i18n.js';

type PurchaseModule = typeof import('./purchase.js');

export class ConfigLoader implements ReactiveController {
  #loadedFor: string | undefined;
  #inputs: unknown[] = [];

  constructor(
    private readonly h: BwkitForm,
    /** The config and the purchase chunk are there (the texts too): show the form. */
    private readonly loaded: (config: TenantConfigView, m: PurchaseModule) => void,
    /** A failure, shown in the alert and sent as `bwkit-error`. */
    private readonly fail: (p: BwkitProblem) => void,
    /** The element's own check of its attributes: a developer-facing sentence, or undefined when they are fine. */
    private readonly check: () => string | undefined,
  ) {
    h.addController(this);
  }

  #report(p: BwkitProblem): void {
    console.error(p.message);
    this.fail(p);
  }

  /** Before each render: loads when `api`, `token` or `fetchToken` changed; reports (once) or clears an attribute mistake. */
  hostUpdate(): void {
    const { h } = this;
    const inputs = [h.apiBase, h.token, h.fetchToken];
    if (inputs.some((v, i) => v !== this.#inputs[i])) {
      this.#inputs = inputs;
      void this.load();
    }
    const message = this.check();
    const shown = h.problem?.code === 'attribute_invalid' ? h.problem : undefined;
    if (message === shown?.message) return;
    if (!message) h.problem = undefined;
    else this.#report(new BwkitProblem({ status: 0, code: 'attribute_invalid' }, `<${h.localName}>: ${message}`));
  }

  /**
   * Loads the config (Try again calls this too); nothing to do without a token source or when `api` is loaded. A
   * config this tab already got for the same user (sessionStorage, see `cacheKey`) is shown at once and revalidated:
   * a changed one is shown instead, a 401/403 drops it and shows the error as a failed load would.
   */
  async load(): Promise<void> {
    const { h } = this;
    const api = h.apiBase;
    if (this.#loadedFor === api || (!h.token && !h.fetchToken)) return;
    this.#loadedFor = api;
    h.problem = undefined;
    // The purchase chunk and the texts download while the token is got.
    const m = import('./purchase.js');
    // The form appears, and bwkit-ready fires, in the page's language.
    const texts = loadTexts(h.currentLocale);
    const show = async (config: TenantConfigView) => {
      const mod = await m;
      await texts;
      this.loaded(config, mod);
    };
    let shown: string | null | undefined;
    try {
      shown = session(cacheKey(api, await h.tokens.get(false)));
      const fresh = h.client.call<TenantConfigView>('/v1/config');
      if (shown) await show(JSON.parse(shown) as TenantConfigView);
      const config = await fresh;
      const json = JSON.stringify(config);
      // Under the key of the token the answer was for (a 401 may have brought a new one).
      session(cacheKey(api, h.tokens.tok), json);
      if (json !== shown) await show(config);
    } catch (e) {
      let p = BwkitProblem.from(e);
      // A shown config stays when only its revalidation failed (offline, rate limit, …), not when access did.
      if (shown && p.status !== 401 && p.status !== 403) return;
      session(cacheKey(api, h.tokens.tok), null);
      h.config = undefined;
      this.#loadedFor = undefined;
      // The browser hides why a cross-origin call failed: a blocked origin looks like the network being down. A
      // no-cors request (whose answer the page may not read) still tells whether the gateway itself answers.
      if (p.code === 'network_error' && (await fetch(`${api}/v1/config`, { mode: 'no-cors' }).then(Boolean, () => 0)))
        p = new BwkitProblem({ ...p, code: 'origin_forbidden' });
      if (p.code === 'network_error' || p.code === 'origin_forbidden') {
        p = new BwkitProblem(
          p,
          `<${h.localName}>: no config from ${api}: check its \`api\` attribute and the tenant's \`allowedOrigins\` (${location.origin}?)`,
        );
        console.error(p.message);
      }
      this.fail(p);
      h.emit('bwkit-loaderror', p);
    }
  }
}

/**
 * The sessionStorage key of a tenant config: the API and a hash of the token's issuer (the tenant), subject and
 * scopes — the config view depends on nothing else — never the token itself; none for a token that is not a JWT.
 */
export function cacheKey(api: string, token: string | undefined): string | undefined {
  try {
    const c = JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    let x = 2166136261;
    // FNV-1a, 32 bits: tells apart the few users one tab sees (a collision shows a config until it is revalidated).
    for (const ch of JSON.stringify([c['iss'], c['sub'], c['scope']])) x = Math.imul(x ^ ch.charCodeAt(0), 16777619);
    return `bwkit:config:${api}:${(x >>> 0).toString(36)}`;
  } catch {
    return undefined;
  }
}

/**
 * Reads (`value` undefined), writes or removes (`null`) a sessionStorage entry, where the page may use it (not in a
 * sandboxed frame, nor with storage blocked).
 */
function session(key: string | undefined, value?: string | null): string | null | undefined {
  try {
    if (!key) return;
    if (value === undefined) return sessionStorage.getItem(key);
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // No storage here: every load asks the BFF.
  }
}
