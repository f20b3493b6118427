/**
 * Getting the element going, a reactive controller of the form: loading the tenant's config — GET /v1/config (with
 * the on-demand purchase chunk and the page language's texts, so the form appears whole) once there is a way to get
 * a token, again when `api` or the token changes — and explaining setup mistakes to the developer: a failed load
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

  /** Loads the config (Try again calls this too); nothing to do without a token source or when `api` is loaded. */
  async load(): Promise<void> {
    const { h } = this;
    const api = h.apiBase;
    if (this.#loadedFor === api || (!h.token && !h.fetchToken)) return;
    this.#loadedFor = api;
    h.problem = undefined;
    try {
      const [config, m] = await Promise.all([h.client.call<TenantConfigView>('/v1/config'), import('./purchase.js')]);
      // The form appears, and bwkit-ready fires, in the page's language.
      await loadTexts(h.currentLocale);
      this.loaded(config, m);
    } catch (e) {
      this.#loadedFor = undefined;
      let p = BwkitProblem.from(e);
      // The browser hides why a cross-origin call failed: a blocked origin looks like the network being down.
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
