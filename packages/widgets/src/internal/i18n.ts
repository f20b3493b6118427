/**
 * The widgets' texts: their own UI strings and the contracts' issue, hint and problem catalogues, per locale.
 * English is built in; zh-CN, es, pt-BR and ar (one module each, e.g. zh-CN.ts) are imported the first time a widget
 * needs them, so a page in English downloads none of them. Also locale resolution, writing direction and number
 * formatting.
 */
import { CATALOGUE_EN, type Catalogue } from '@bwkit/contracts';

/** The locales the widgets speak. The contracts' own `Locale` (server messages) is a subset. */
export type Locale = 'en' | 'zh-CN' | 'es' | 'pt-BR' | 'ar';

/** `rtl` for a right-to-left locale (Arabic, the only one), else `ltr`: what a widget's `dir` is. */
export const dirOf = (locale: Locale): 'ltr' | 'rtl' => (locale === 'ar' ? 'rtl' : 'ltr');

/**
 * The English strings the element needs before the purchase chunk is there (loading, a failed load, the alert); the
 * rest, shown only by the form itself, are in ui-en.ts (part of that chunk), added to this table when it loads.
 */
const en = {
  loading: 'Loading…',
  tryAgain: 'Try again',
  working: 'Working…',
  retryAfter: 'Try again in {s} s.',
  network_error: 'The bandwidth service could not be reached. Check your connection and try again.',
  timeout: 'The bandwidth service took too long to answer. Submit again: the order will not be placed twice.',
  job_failed: 'The bandwidth could not be created.',
  requestId: 'Request ID',
};

export type UiKey = keyof typeof en | keyof typeof import('./ui-en.js').UI_EN;
export type UiTable = Readonly<Record<UiKey, string>>;

/** What a widget shows in one locale. */
export interface Texts {
  locale: Locale;
  /** Writing direction of the locale (`rtl` for Arabic). */
  dir: 'ltr' | 'rtl';
  /** The contracts' catalogue (issues, hints, problems). */
  c: Catalogue;
  /** The widgets' own strings. */
  ui: UiTable;
  /** Numbers as the locale writes them (1000 → "1,000"). */
  n: (v: number) => string;
  /** The purchase parts' strings (English ones live in their own chunk). */
  p?: Readonly<Record<string, string>>;
}

const texts = (locale: Locale, c: Catalogue, ui: UiTable, p?: Texts['p']): Texts => {
  const f = new Intl.NumberFormat(locale);
  return { locale, dir: dirOf(locale), c, ui, n: (v) => f.format(v), p };
};

/** What each locale module exports. */
export interface LocaleModule {
  catalogue: Catalogue;
  ui: UiTable;
  purchase: Readonly<Record<string, string>>;
}

// One literal import() per locale: the bundler makes each a chunk of its own, fetched only when used.
const importers: Readonly<Record<Exclude<Locale, 'en'>, () => Promise<LocaleModule>>> = {
  'zh-CN': () => import('./zh-CN.js'),
  es: () => import('./es.js'),
  'pt-BR': () => import('./pt-BR.js'),
  ar: () => import('./ar.js'),
};

// The form's strings join `en` when the purchase chunk loads (ui-en.ts): nothing shows them before.
const loaded: Partial<Record<Locale, Texts>> = { en: texts('en', CATALOGUE_EN, en as UiTable) };
const loading: Partial<Record<Locale, Promise<void>>> = {};

/** The texts of a locale once they are loaded, else undefined. */
export const textsOf = (locale: Locale): Texts | undefined => loaded[locale];

/**
 * Loads a locale's texts: English is always there; any other locale is imported once, by the first widget that
 * needs it. A failed load leaves the widgets in English: it resolves all the same.
 */
export function loadTexts(locale: Locale): Promise<void> {
  if (locale === 'en' || loaded[locale]) return Promise.resolve();
  return (loading[locale] ??= importers[locale]().then(
    (m) => void (loaded[locale] = texts(locale, m.catalogue, m.ui, m.purchase)),
    () => undefined,
  ));
}

/**
 * The widget locale for a BCP 47 tag, else undefined: `zh`, `zh-Hans-CN`, `zh-SG` → zh-CN; any `es-*` → es; any
 * `pt-*` → pt-BR (the only Portuguese catalogue); any `ar-*` → ar; `en-*` → en.
 */
export function toLocale(tag: string | null | undefined): Locale | undefined {
  const s = tag?.toLowerCase() ?? '';
  if (/^zh(-hans|-cn|-sg|$)/.test(s)) return 'zh-CN';
  const lang = /^(en|es|pt|ar)(-|$)/.exec(s)?.[1] as 'en' | 'es' | 'pt' | 'ar' | undefined;
  return lang === 'pt' ? 'pt-BR' : lang;
}

/** The `lang` of the nearest ancestor (crossing shadow roots), or undefined. */
export function inheritedLang(el: Element): string | undefined {
  for (let n: Element | undefined = el; n; ) {
    const hit = n.closest('[lang]');
    if (hit) return hit.getAttribute('lang')!;
    const root = n.getRootNode();
    n = root instanceof ShadowRoot ? root.host : undefined;
  }
  return undefined;
}
