/**
 * BwkitForm, what the three widgets share: their attributes and properties, the platform form-control methods
 * (focus delegation, submit, reset, checkValidity, reportValidity), the events, the loading skeleton, the alert and
 * the hand-over to the parts in their own files, one job each — reactive controllers for the token (`token` /
 * `fetchToken`, refreshed once on 401, `token_missing`: token-controller.ts), the config (and setup mistakes,
 * config-loader.ts), the locale (locale-controller.ts) and the theme (theme-controller.ts); the BFF client's HTTP
 * (client.ts); and, in the on-demand purchase chunk, the field renderer (field.ts) and the reactive controllers for
 * field validation (validation.ts) and the Idempotency-Key (idempotency-key.ts), with submitting — the review, then
 * the call (submission.ts). Each element only says which fields it has, how its values become a request, and what
 * success looks like.
 */

import {
  type FieldIssue,
  formatIssueIn,
  type HintKey,
  hintIn,
  interpolate,
  OPERATION_SCOPES,
  problemMessageIn,
  type RuleContext,
  ruleContextFromConfig,
  type TenantConfigView,
  type Validation,
} from '@bwkit/contracts';
import {
  type CSSResultGroup,
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { BffClient, BwkitProblem, isProblem, newIdempotencyKey } from './client.js';
import { ConfigLoader } from './config-loader.js';
import type { BwkitEventMap } from './events.js';
import { formStyles } from './form.styles.js';
import { inheritedLang, type Locale, type Texts, textsOf, toLocale, type UiKey } from './i18n.js';
import { LocaleController } from './locale-controller.js';
import type { Purchase } from './purchase.js';
import type { QuoteOperation } from './purchase-types.js';
import { baseStyles } from './styles.js';
import type { Appearance } from './theme.js';
import { ThemeController } from './theme-controller.js';
import { TokenController } from './token-controller.js';

/** Where the script was loaded from: the default BFF origin. */
const SCRIPT_ORIGIN = /* @__PURE__ */ (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return '';
  }
})();

export type Values = Record<string, string | boolean>;
type Params = Record<string, string | number>;
export interface Option {
  value: string;
  label: string;
  note?: string;
}
/** One form field; `path` is the request path the contracts and the BFF report issues under. */
export interface FieldDef {
  path: string;
  /** Default: a one-line text input. */
  kind?: 'number' | 'textarea' | 'select' | 'radio' | 'check';
  /** The label's UI key; default: the last part of the path ('prepaid.periodType' → 'periodType'). */
  label?: UiKey;
  hint?: string;
  options?: Option[];
  optional?: boolean;
  /** Another element that describes this field (its id, in this shadow root). */
  describe?: string;
  /** Marks the field invalid but leaves the text to the element named by `describe`. */
  quiet?: boolean;
  /** A field that renders itself (a picker). */
  render?: () => TemplateResult;
  /** Number fields: the range (aria-valuemin/max) and the step ArrowUp/ArrowDown take from the current value. */
  min?: number;
  max?: number;
  step?: number | ((current: number, up: boolean) => number);
}

/** Fields side by side. */
export interface RowDef {
  row: (FieldDef | false)[];
}
export type FormItem = FieldDef | RowDef | TemplateResult | false;

export abstract class BwkitForm<Result = unknown> extends LitElement {
  static override styles: CSSResultGroup = [baseStyles, formStyles];
  /** `el.focus()` and a click on the host's padding focus the first field, as a platform form control does. */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties: PropertyDeclarations = {
    api: {},
    locale: {},
    region: {},
    token: {},
    review: {},
    fetchToken: { attribute: false },
    appearance: { attribute: false },
    // Internal reactive state: `attribute: false` (what `state: true` amounts to) spelled out, so that the
    // custom-elements manifest does not list them as attributes.
    config: { attribute: false },
    values: { attribute: false },
    issues: { attribute: false },
    busy: { attribute: false },
    problem: { attribute: false },
    result: { attribute: false },
    dark: { attribute: false },
    step: { attribute: false },
  };

  /** BFF base URL; default: the origin this script was loaded from. */
  declare api: string | null;
  /** `en` or `zh-CN`; default: the nearest ancestor's `lang`, else English. */
  declare locale: string | null;
  /** Region to preselect (one of the tenant's regions). */
  declare region: string | null;
  /**
   * A widget token: the attribute, for simple pages, or this property set to the token or to a `Promise<string>` of
   * it — an inline script placed before bwkit.js can start minting it (`el.token = fetch(…).then(…)`) so that it
   * arrives while the bundle downloads. `fetchToken` (also set) is called when it expires.
   */
  declare token: string | Promise<string> | null;
  /** `off` skips the review step (for portals with their own); by default submit first shows what will be bought. */
  declare review: string | null;
  /** Returns a fresh widget token; called on load and again when the BFF says the token expired. */
  declare fetchToken: (() => Promise<string>) | undefined;
  /** Overrides the tenant theme: `{ colorScheme?: 'light'|'dark'|'auto', variables?: { colorPrimary: '#0a6', … } }`. */
  declare appearance: Appearance | undefined;

  /** The tenant's config (GET /v1/config), once loaded. */
  declare config: TenantConfigView | undefined;
  /** @internal */
  declare values: Values;
  /** @internal */
  declare issues: Record<string, FieldIssue>;
  /** @internal */
  declare busy: boolean;
  /** @internal */
  declare problem: BwkitProblem | undefined;
  /** @internal */
  declare result: Result | undefined;
  /** @internal The dark scheme is in force. */
  declare dark: boolean;
  /** @internal The form, the review of what will be bought, checking an unknown outcome, or waiting for an approver. */
  declare step: 'form' | 'review' | 'checking' | 'approval';

  /** @internal The `token` attribute or `fetchToken`, asked again once on 401; `token_missing` said when neither is set. */
  readonly tokens = new TokenController(
    this,
    (p) => {
      console.error(p.message);
      this.#fail(p);
    },
    () => !!this.config,
  );
  /** @internal */
  readonly client = new BffClient(this, this.tokens);
  /** The page's `lang` followed, other locales' texts fetched. */
  #locale = new LocaleController(this);
  /** The tenant theme and `appearance` applied. */
  #themer = new ThemeController(this);
  /** GET /v1/config when `api` or the token changes; setup mistakes explained. */
  #config = new ConfigLoader(
    this,
    (config, m) => this.#loaded(config, m),
    (p) => this.#fail(p),
    () => this.setupError(),
  );
  /**
   * The purchase parts (pickers, price, review, order follow-up), a chunk imported with the config so that the
   * script loaded up front stays small (the form is shown once both are there).
   * @internal
   */
  declare x: Purchase;
  /** True while an update commits its template to the DOM. */
  #rendering = false;

  constructor() {
    super();
    this.values = {};
    this.issues = {};
    this.busy = false;
    this.dark = false;
    this.step = 'form';
    // Focus entering or leaving the element (moves between its own fields do not reach the host: the retargeted
    // relatedTarget is the host itself, and the DOM stops such events there).
    const field = (e: Event) => (e.composedPath()[0] as HTMLInputElement).name || null;
    this.addEventListener('focusin', (e) => this.emit('bwkit-focus', { field: field(e) }));
    this.addEventListener('focusout', (e) => this.emit('bwkit-blur', { field: field(e) }));
  }

  /**
   * A developer-facing sentence when an attribute is missing or has a value the element does not know; the element
   * then shows no form and sends `bwkit-error` with code `attribute_invalid`.
   */
  protected setupError(): string | undefined {
    return undefined;
  }

  /** How many fields the loading skeleton shows: about the form's height, so the box does not jump on load. */
  protected skeletonFields(): number {
    return 3;
  }

  /** The request body the current values make (empty optional fields left out). */
  protected abstract request(): Record<string, unknown>;
  /** The contracts' validator of this operation. */
  protected abstract validate(input: unknown, ctx: RuleContext): Validation<unknown>;
  /** The fields (rows of fields, or custom templates) in order. */
  protected abstract fields(): FormItem[];
  /** POST path. */
  protected abstract endpoint(): string;
  /** Values to start from. */
  protected abstract initialValues(config: TenantConfigView): Values;
  protected abstract submitLabel(): UiKey;
  /** The success view (`part="result"`; `this.done(…)` makes the usual one). */
  protected abstract renderResult(result: Result): TemplateResult;
  /** @internal The operation this form buys (quotes, review). */
  abstract operation(): QuoteOperation;

  /** @internal The values a quote prices: the request body (the change order adds its bandwidth). */
  quoteValues(): Record<string, unknown> {
    return this.request();
  }

  get apiBase(): string {
    return this.api || SCRIPT_ORIGIN;
  }

  /** The locale in force (shown once its texts are loaded). */
  get currentLocale(): Locale {
    return toLocale(this.locale) ?? toLocale(inheritedLang(this)) ?? 'en';
  }

  /** The texts shown: the current locale's, English while they load. */
  /** @internal */
  get texts(): Texts {
    return textsOf(this.currentLocale) ?? textsOf('en')!;
  }

  /** @internal A UI string, `{param}`s filled in (numbers as the locale writes them). */
  t(key: UiKey, params?: Params): string {
    const x = this.texts;
    return interpolate(x.ui[key], params, x.n);
  }

  /** A field hint from the contracts. */
  protected hint(key: HintKey, params?: Params): string {
    const x = this.texts;
    return hintIn(x.c, key, params, x.n);
  }

  /** Choices labelled by UI key: `${prefix}${value}` (and `${prefix}${value}.note` with `notes`). */
  protected choices(values: readonly (string | number)[], prefix: string, notes = false): Option[] {
    return values.map((v) => ({
      value: String(v),
      label: this.t(`${prefix}${v}` as UiKey),
      ...(notes ? { note: this.t(`${prefix}${v}.note` as UiKey) } : {}),
    }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.x?.resume();
  }

  protected override update(changed: PropertyValues<this>): void {
    this.#rendering = true;
    try {
      super.update(changed);
    } finally {
      this.#rendering = false;
    }
  }

  /** Also waits for the texts of a locale being loaded, and for the update they bring. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#locale.loading) {
      await this.#locale.loading;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** The config and the purchase chunk arrived: the form is shown. */
  #loaded(config: TenantConfigView, m: typeof import('./purchase.js')): void {
    this.x ??= new m.Purchase(this, {
      ui: textsOf('en')!.ui,
      html,
      nothing,
      interpolate,
      isProblem,
      newIdempotencyKey,
      Problem: BwkitProblem,
      // What the validation and submission controllers need of this element (its own and its subclass's parts).
      form: {
        request: () => this.request(),
        validate: () => this.validate(this.request(), this.ctx),
        fields: () => this.fields(),
        submitLabel: () => this.submitLabel(),
        endpoint: () => this.endpoint(),
        accepted: (res) => this.accepted(res),
        fail: (e) => this.#fail(e),
      },
    });
    // A config shown from the session cache and found changed on revalidation is shown anew (no second bwkit-ready).
    const first = !this.config;
    this.config = config;
    this.values = this.initialValues(config);
    if (this.problem?.code === 'token_missing') this.problem = undefined;
    if (first) this.emit('bwkit-ready', { config });
    this.#checkScope();
  }

  /** A token without the scope of this element's operation: said at once, not after the user filled the form. */
  #checkScope() {
    const p = this.x.scopeProblem(OPERATION_SCOPES[this.operation()]);
    if (p) this.#fail(p);
  }

  /** @internal Dispatches one of the events documented (`@event`) on each element; it bubbles and crosses shadow roots. */
  emit<K extends keyof BwkitEventMap>(type: K, detail: BwkitEventMap[K]['detail'], cancelable = false): boolean {
    const event = new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
    return this.dispatchEvent(event);
  }

  protected get ctx(): RuleContext {
    return ruleContextFromConfig(this.config!);
  }

  /** A text field's value, undefined when empty. */
  protected str(path: string): string | undefined {
    return String(this.values[path] ?? '').trim() || undefined;
  }

  /** A number field's value: undefined when empty, a number when it reads as one, else the text (→ "Enter a number."). */
  protected num(path: string): number | string | undefined {
    const v = this.str(path);
    return v && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }

  /** @internal The input, change and blur handler of every field. */
  onField = (e: Event) => {
    // A render that removes the focused field (the form giving way to the result) makes the browser fire its blur:
    // that is not the user leaving the field, and state set now would schedule another update from inside this
    // one (Lit's change-in-update warning).
    if (this.#rendering) return;
    const el = e.target as HTMLInputElement;
    this.setValue(el.name, el.type === 'checkbox' ? el.checked : el.value, e.type !== 'input');
  };

  /** @internal A field's new value, as the user gave it (`touched`: the field was left, so its issue shows). */
  setValue(path: string, value: string | boolean, touched: boolean): void {
    this.x.v.set(path, value, touched);
  }

  /** Submits the form as its button does: checks the values, then shows the review (or sends, with `review="off"`). */
  submit(): void {
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  /** Back to the initial values, nothing marked (a result or review shown is left for the empty form). */
  reset(): void {
    if (this.config) this.restart(false);
  }

  /** Whether the current values make a valid request; marks nothing (false until the config is loaded). */
  checkValidity(): boolean {
    return !!this.config && this.valid();
  }

  /** As `checkValidity()`, and shows every field's issue and focuses the first field in error. */
  reportValidity(): boolean {
    return !!this.config && this.x.v.report();
  }

  /** @internal Whether the values make a valid request (nothing marked). */
  valid(): boolean {
    return this.validate(this.request(), this.ctx).ok;
  }

  #fail(e: unknown) {
    const p = BwkitProblem.from(e);
    this.problem = p;
    this.emit('bwkit-error', p);
  }

  /** A 2xx answer: show it and say so (Workspace overrides this to follow its job first). */
  protected async accepted(res: unknown): Promise<void> {
    this.result = res as Result;
    // Focus first, then tell the page: a handler that moves focus itself keeps it.
    await this.focusResult();
    this.emit('bwkit-success', res as BwkitEventMap['bwkit-success']['detail']);
  }

  /** @internal */
  async focusResult(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~=result]')?.focus();
  }

  /** @internal Back to an empty form (after a success, or when the operation changes); `focus` moves to its first field. */
  restart(focus = true): void {
    this.result = undefined;
    this.problem = undefined;
    this.step = 'form';
    this.x?.forget();
    this.x?.v.clear();
    this.x?.s.keys.reset();
    this.values = this.initialValues(this.config!);
    if (focus)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('input, select, textarea')?.focus(),
      );
  }

  /** @internal The "Start again" button of a success view. */
  startAgain(): TemplateResult {
    return this.x.startAgain();
  }

  /** The usual success view: what happened, the ids worth keeping (rows left out when false), a note, start again. */
  protected done(
    title: UiKey,
    rows: (false | '' | undefined | [UiKey, unknown])[],
    note: unknown = nothing,
  ): TemplateResult {
    return this.x.done(title, rows, note);
  }

  /** @internal An issue's text in the current locale (numbers formatted, area ids named). */
  issueText(issue: FieldIssue): string {
    const params = { ...issue.params };
    for (const k of ['local', 'remote']) if (params[k]) params[k] = this.t(`area.${params[k]}` as UiKey);
    return formatIssueIn(this.texts.c, { ...issue, params }, this.texts.n);
  }

  #problemText(p: BwkitProblem): TemplateResult {
    const own = p.code === 'network_error' || p.code === 'timeout' || p.code === 'job_failed';
    const text = own ? this.t(p.code as UiKey) : problemMessageIn(this.texts.c, p.code);
    const up = p.upstream?.message ?? (p.code === 'job_failed' ? p.detail : undefined);
    return html`${text}${p.retryAfter ? ` ${this.t('retryAfter', { s: p.retryAfter })}` : ''}${
      up ? html`<small>${up}${p.upstream?.code ? ` (${p.upstream.code})` : ''}</small>` : nothing
    }${p.requestId ? html`<small>${this.t('requestId')}: ${p.requestId}</small>` : nothing}`;
  }

  #alertFor: BwkitProblem | undefined;
  #alertFlip = false;
  /**
   * The alert's content: a new node per failure (two templates, taken in turn: Lit replaces the DOM when the template
   * changes), so that a screen reader announces a repeated failure again although its text is the same.
   */
  #alert(p: BwkitProblem | undefined): unknown {
    if (!p) return nothing;
    if (p !== this.#alertFor) {
      this.#alertFor = p;
      this.#alertFlip = !this.#alertFlip;
    }
    const text = this.#problemText(p);
    return this.#alertFlip ? html`<span>${text}</span>` : html`<span>${text}</span>`;
  }

  /** Bars where the fields will be, at about their size (the form replaces them when the config arrives). */
  #skeleton(): TemplateResult {
    const bones = Array.from(
      { length: this.skeletonFields() },
      () => html`<div class="field">
        <span class="bone"></span><span class="bone control"></span><span class="bone"></span>
      </div>`,
    );
    return html`<div part="skeleton" class="skeleton" aria-busy="true">
      <div role="status">${this.t('loading')}</div>
      ${bones}<span class="bone button"></span>
    </div>`;
  }

  protected override render(): TemplateResult {
    const { config, problem, result } = this;
    let body: TemplateResult;
    if (problem?.code === 'attribute_invalid' || (!config && problem?.code === 'token_missing')) {
      // A setup mistake: nothing the user can do here (the developer reads the console / bwkit-error).
      body = html``;
    } else if (!config) {
      body = problem
        ? html`<button type="button" @click=${() => void this.#config.load()}>${this.t('tryAgain')}</button>`
        : this.#skeleton();
    } else if (result !== undefined) {
      body = this.renderResult(result);
    } else {
      body = this.x.form();
    }
    return html`<div class="root ${this.dark ? 'dark' : ''}" lang=${this.texts.locale}>
      ${body}
      <div part="alert" class="alert ${problem ? 'on' : ''}" role="alert">${this.#alert(problem)}</div>
    </div>`;
  }
}
