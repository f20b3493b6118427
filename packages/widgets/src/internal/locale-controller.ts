/**
 * The element's language, a reactive controller of the form: a change of any `lang` attribute on the page re-renders
 * every widget (one observer for all of them: live locale switch), and another locale's texts are fetched the first
 * time they are needed (English is shown meanwhile).
 */
import type { ReactiveController } from 'lit';
import type { BwkitForm } from './form.js';
import { loadTexts, textsOf } from './i18n.js';

const mounted = new Set<BwkitForm>();
let langObserver: MutationObserver | undefined;

export class LocaleController implements ReactiveController {
  /** The current locale's texts, while they load. */
  loading: Promise<void> | undefined;

  constructor(private readonly h: BwkitForm) {
    h.addController(this);
  }

  hostConnected(): void {
    mounted.add(this.h);
    langObserver ??= new MutationObserver(() => mounted.forEach((el) => el.requestUpdate()));
    langObserver.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    mounted.delete(this.h);
  }

  /** Before each render: fetches the texts of the locale in force when they are not there yet. */
  hostUpdate(): void {
    const locale = this.h.currentLocale;
    if (textsOf(locale)) return;
    this.loading ??= loadTexts(locale).then(() => {
      this.loading = undefined;
      if (textsOf(locale)) this.h.requestUpdate();
    });
  }
}
