/**
 * What the three widgets share: attributes and properties, loading the tenant's config, theme and locale,
 * rendering fields with their hints and errors, validating with the contracts on blur and on submit, mapping
 * server field errors back, the Idempotency-Key life cycle, the success view and the events. Each element only
 * says which fields it has, how its values become a request, and what success looks like.
 */
import { LitElement, html, nothing, type CSSResultGroup, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import {
  formatIssueIn,
  hintIn,
  interpolate,
  problemMessageIn,
  ruleContextFromConfig,
  type FieldIssue,
  type HintKey,
  type Locale,
  type RuleContext,
  type TenantConfigView,
  type Validation,
} from '@bwkit/contracts';
import { BffClient, isProblem, newIdempotencyKey, type BwkitProblem } from './client.js';
import type { Purchase } from './purchase.js';
import type { QuoteOperation } from './purchase-types.js';
import type { BwkitEventMap } from './events.js';
import { inheritedLang, loadTexts, textsOf, toLocale, type Texts, type UiKey } from './i18n.js';
import { applyTheme, onSchemeChange, type Appearance } from './theme.js';
import { baseStyles } from './styles.js';

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
}

/** Fields side by side. */
export interface RowDef {
  row: (FieldDef | false)[];
}
export type FormItem = FieldDef | RowDef | TemplateResult | false;

// One observer for every widget: a change of any `lang` attribute re-renders them (live locale switch).
const mounted = new Set<BwkitForm>();
let langObserver: MutationObserver | undefined;

export abstract class BwkitForm<Result = unknown> extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

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
  /** A widget token, for simple pages; `fetchToken` is preferred (it is called again when a token expires). */
  declare token: string | null;
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
  protected declare dark: boolean;
  /** @internal The form, the review of what will be bought, or checking an unknown outcome. */
  declare step: 'form' | 'review' | 'checking';

  /** @internal */
  readonly client = new BffClient(this);
  /**
   * The purchase parts (pickers, price, review, order follow-up), a chunk imported with the config so that the
   * script loaded up front stays small (the form is shown once both are there).
   * @internal
   */
  declare x: Purchase;
  #touched = new Set<string>();
  /** Field issues the BFF reported, kept until their field changes. */
  #server: Record<string, FieldIssue> = {};
  #key: string | undefined;
  #keyFor: string | undefined;
  #loadedFor: string | undefined;
  #unsubscribe: (() => void) | undefined;
  /** The current locale's texts, while they load. */
  #loading: Promise<void> | undefined;
  /** True while an update commits its template to the DOM. */
  #rendering = false;

  constructor() {
    super();
    this.values = {};
    this.issues = {};
    this.busy = false;
    this.dark = false;
    this.step = 'form';
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
    mounted.add(this);
    langObserver ??= new MutationObserver(() => mounted.forEach((el) => el.requestUpdate()));
    langObserver.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['lang'] });
    this.#unsubscribe = onSchemeChange(() => this.#theme());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    mounted.delete(this);
    this.#unsubscribe?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another locale's texts are fetched the first time one is needed; English is shown meanwhile.
    const locale = this.currentLocale;
    if (!textsOf(locale)) {
      this.#loading ??= loadTexts(locale).then(() => {
        this.#loading = undefined;
        if (textsOf(locale)) this.requestUpdate();
      });
    }
    if (changed.has('api') || changed.has('token') || changed.has('fetchToken')) void this.#load();
    if (changed.has('appearance') || changed.has('config')) this.#theme();
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
    while (this.#loading) {
      await this.#loading;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  #theme() {
    this.dark = applyTheme(this, this.config?.theme, this.appearance);
  }

  /** Loads GET /v1/config once there is a way to get a token (again when `api` changes). */
  async #load(): Promise<void> {
    const api = this.apiBase;
    if (this.#loadedFor === api || (!this.token && !this.fetchToken)) return;
    this.#loadedFor = api;
    this.problem = undefined;
    try {
      const [config, m] = await Promise.all([
        this.client.call<TenantConfigView>('/v1/config'),
        import('./purchase.js'),
      ]);
      // The form appears, and bwkit-ready fires, in the page's language.
      await loadTexts(this.currentLocale);
      this.x ??= new m.Purchase(this, { html, nothing, interpolate, isProblem, newIdempotencyKey });
      this.config = config;
      this.values = this.initialValues(config);
      this.emit('bwkit-ready', { config });
    } catch (e) {
      this.#loadedFor = undefined;
      this.#fail(e);
    }
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

  /** Every field's path, in order. */
  #paths(): string[] {
    return this.fields().flatMap((f) => (!f ? [] : 'path' in f ? [f.path] : 'row' in f ? f.row.flatMap((r) => (r ? [r.path] : [])) : []));
  }

  /** Re-checks the whole request and keeps the issues of the fields the user has been through. */
  #check(): Validation<unknown> {
    const v = this.validate(this.request(), this.ctx);
    const issues: Record<string, FieldIssue> = { ...this.#server };
    if (!v.ok) for (const issue of v.issues) if (this.#touched.has(issue.path)) issues[issue.path] = issue;
    this.issues = issues;
    return v;
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
    const changed = this.values[path] !== value;
    if (changed) {
      this.values = { ...this.values, [path]: value };
      // A server's verdict on a field no longer holds once the field changed.
      delete this.#server[path];
    }
    if (touched) this.#touched.add(path);
    const v = this.#check();
    if (changed) {
      this.emit('bwkit-change', { valid: v.ok, values: this.request() });
      this.x?.changed(v.ok);
    }
  }


  /** @internal From the review back to the form. */
  back(): void {
    this.step = 'form';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~=submit]')?.focus());
  }

  /** @internal Whether the values make a valid request (nothing marked). */
  valid(): boolean {
    return this.validate(this.request(), this.ctx).ok;
  }

  /** Focuses the first field in error (a radio group: its checked or first radio); false when there is none. */
  async #focusInvalid(): Promise<boolean> {
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]');
    const target = el?.matches('fieldset') ? (el.querySelector<HTMLElement>('input:checked') ?? el.querySelector('input')) : el;
    target?.focus();
    return !!target;
  }

  #fail(e: unknown) {
    const p: BwkitProblem = isProblem(e) ? e : { status: 0, code: 'network_error' };
    this.problem = p;
    this.emit('bwkit-error', p);
  }

  async #submit(e: Event) {
    e.preventDefault();
    if (this.busy || !this.config) return;
    for (const path of this.#paths()) this.#touched.add(path);
    if (!this.#check().ok) {
      this.problem = { status: 422, code: 'validation_failed' };
      void this.#focusInvalid();
      return;
    }
    const values = this.request();
    const path = this.endpoint();
    // First what will be bought, with the price; its button submits again.
    if (this.review !== 'off' && this.step !== 'review') {
      this.step = 'review';
      this.problem = undefined;
      this.x.changed(true, 0);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~=review]')?.focus();
      return;
    }
    // Same values again after a failure → same key (the BFF runs it at most once); new values → new key.
    const fingerprint = JSON.stringify([path, values]);
    if (!this.#key || this.#keyFor !== fingerprint) {
      this.#key = newIdempotencyKey();
      this.#keyFor = fingerprint;
    }
    const idempotencyKey = this.#key;
    const quote = this.x.quote;
    if (!this.emit('bwkit-submit', { values, idempotencyKey, ...(quote ? { quote } : {}) }, true)) return;
    this.busy = true;
    this.problem = undefined;
    let res: unknown;
    try {
      // Asks again, with the same key, while the outcome is unknown.
      res = await this.x.send(path, values, idempotencyKey);
      this.#key = undefined;
    } catch (err) {
      this.step = 'form';
      if (isProblem(err) && err.code === 'idempotency_key_reused') this.#key = undefined;
      this.busy = false;
      this.#fail(err);
      const known = this.#paths();
      for (const f of (isProblem(err) && err.fields) || []) if (known.includes(f.path)) this.#server[f.path] = f;
      this.#check();
      // The disabled button lost focus: give it to the first field in error, else back to the button.
      if (!(await this.#focusInvalid()) && !this.shadowRoot?.activeElement) {
        this.renderRoot.querySelector<HTMLElement>('[part~=submit]')?.focus();
      }
      return;
    }
    this.step = 'form';
    this.busy = false;
    await this.accepted(res);
  }

  /** A 2xx answer: show it and say so (Workspace overrides this to follow its job first). */
  protected async accepted(res: unknown): Promise<void> {
    this.result = res as Result;
    // Focus first, then tell the page: a handler that moves focus itself keeps it.
    await this.focusResult();
    this.emit('bwkit-success', res as never);
  }

  /** @internal */
  async focusResult(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~=result]')?.focus();
  }

  /** Back to an empty form (after a success, or when the operation changes); `focus` moves to its first field. */
  protected restart(focus = true): void {
    this.result = undefined;
    this.problem = undefined;
    this.step = 'form';
    this.x?.forget();
    this.issues = {};
    this.#server = {};
    this.#touched.clear();
    this.values = this.initialValues(this.config!);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input, select, textarea')?.focus());
  }

  /** The "Start again" button of a success view. */
  /** @internal */
  startAgain(): TemplateResult {
    return html`<button type="button" @click=${() => this.restart()}>${this.t('startAgain')}</button>`;
  }

  /** The usual success view: what happened, the ids worth keeping (rows left out when false), a note, start again. */
  protected done(title: UiKey, rows: (false | '' | undefined | [UiKey, unknown])[], note: unknown = nothing): TemplateResult {
    return html`<div part="result" class="panel" tabindex="-1">
      <p class="done" role="status">${this.t(title)}</p>
      <dl>${rows.map((r) => (r ? html`<dt>${this.t(r[0])}</dt><dd>${r[1]}</dd>` : nothing))}</dl>
      ${note}${this.startAgain()}
    </div>`;
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
    return html`${text}${p.retryAfter ? ` ${this.t('retryAfter', { s: p.retryAfter })}` : ''}${up
      ? html`<small>${up}${p.upstream?.code ? ` (${p.upstream.code})` : ''}</small>`
      : nothing}${p.requestId ? html`<small>${this.t('requestId')}: ${p.requestId}</small>` : nothing}`;
  }

  /** @internal */
  renderField(f: FieldDef): TemplateResult {
    if (f.render) return f.render();
    const { path, kind, options = [] } = f;
    const id = `f-${path}`;
    const issue = this.issues[path];
    const invalid = issue ? 'true' : 'false';
    const describedBy = `h-${path} e-${path}${f.describe ? ` ${f.describe}` : ''}`;
    const value = this.values[path];
    // The space before "(optional)" is an expression: the template minifier trims whitespace at a template's edges.
    const label = html`${this.t(f.label ?? (path.split('.').pop() as UiKey))}${f.optional
      ? html`${' '}<span class="opt">(${this.t('optional')})</span>`
      : nothing}`;
    const after = html`<div part="hint" id="h-${path}">${f.hint ?? nothing}</div>
      <div part="error" id="e-${path}">${issue && !f.quiet ? this.issueText(issue) : nothing}</div>`;
    if (kind === 'radio') {
      return html`<fieldset part="field" class="field" role="radiogroup" aria-invalid=${invalid} aria-describedby=${describedBy}>
        <legend part="label">${label}</legend>
        <div class="choices">
          ${options.map(
            (o) => html`<label class="choice"
              ><input type="radio" part="input" name=${path} .value=${o.value} .checked=${o.value === value}
                @change=${this.onField} /><span><strong>${o.label}</strong>${o.note
                ? html`<small>${o.note}</small>`
                : nothing}</span></label
            >`,
          )}
        </div>
        ${after}
      </fieldset>`;
    }
    if (kind === 'check') {
      return html`<div part="field" class="field">
        <label part="label" class="check"
          ><input type="checkbox" part="input" id=${id} name=${path} .checked=${value === true}
            aria-describedby=${describedBy} @change=${this.onField} />${label}</label
        >${after}
      </div>`;
    }
    const control =
      kind === 'select'
        ? html`<select part="input" class="control" id=${id} name=${path} aria-invalid=${invalid}
            aria-describedby=${describedBy} @change=${this.onField}>
            ${options.map((o) => html`<option .value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
          </select>`
        : kind === 'textarea'
          ? html`<textarea part="input" class="control" id=${id} name=${path} .value=${String(value ?? '')}
              aria-invalid=${invalid} aria-describedby=${describedBy} @input=${this.onField}
              @blur=${this.onField}></textarea>`
          : html`<input part="input" class="control" id=${id} name=${path} type="text"
              inputmode=${kind === 'number' ? 'numeric' : 'text'} autocomplete="off" .value=${String(value ?? '')}
              aria-invalid=${invalid} aria-describedby=${describedBy} @input=${this.onField}
              @blur=${this.onField} />`;
    return html`<div part="field" class="field"><label part="label" for=${id}>${label}</label>${control}${after}</div>`;
  }

  protected override render(): TemplateResult {
    const { config, problem, result } = this;
    let body: TemplateResult;
    if (!config) {
      body = problem
        ? html`<button type="button" @click=${() => void this.#load()}>${this.t('tryAgain')}</button>`
        : html`<div role="status">${this.t('loading')}</div>`;
    } else if (result !== undefined) {
      body = this.renderResult(result);
    } else if (this.step !== 'form') {
      body = html`<form part="form" novalidate @submit=${this.#submit}>${this.x.review(this.step === 'checking')}</form>`;
    } else {
      body = html`<form part="form" novalidate @submit=${this.#submit}>
        ${this.fields().map((f) =>
          !f
            ? nothing
            : 'path' in f
              ? this.renderField(f)
              : 'row' in f
                ? html`<div class="row">${f.row.map((r) => (r ? this.renderField(r) : nothing))}</div>`
                : f,
        )}
        ${this.x.price()}
        <button part="submit" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('working') : this.t(this.submitLabel())}
        </button>
      </form>`;
    }
    return html`<div class="root ${this.dark ? 'dark' : ''}" lang=${this.texts.locale}>
      ${body}
      <div part="alert" class="alert ${problem ? 'on' : ''}" role="alert">${problem ? this.#problemText(problem) : nothing}</div>
    </div>`;
  }
}
