/**
 * The element's theme, a reactive controller of the form: the tenant's theme from the config, overridden by the
 * `appearance` property, applied as CSS custom properties; again when the page's color scheme changes.
 */
import type { ReactiveController } from 'lit';
import type { BwkitForm } from './form.js';
import { applyTheme, onSchemeChange } from './theme.js';

export class ThemeController implements ReactiveController {
  #off: (() => void) | undefined;
  #for: unknown[] = [];

  constructor(private readonly h: BwkitForm) {
    h.addController(this);
  }

  hostConnected(): void {
    this.#off = onSchemeChange(() => this.#apply());
  }

  hostDisconnected(): void {
    this.#off?.();
  }

  /** Before each render: applies the theme when the config or `appearance` changed. */
  hostUpdate(): void {
    const { h } = this;
    const inputs = [h.config, h.appearance];
    if (inputs.every((v, i) => v === this.#for[i])) return;
    this.#for = inputs;
    this.#apply();
  }

  #apply(): void {
    const { h } = this;
    h.dark = applyTheme(h, h.config?.theme, h.appearance);
  }
}
