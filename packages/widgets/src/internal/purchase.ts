/**
 * The purchase parts every widget shares, in a chunk imported together with the tenant config so that the script a
 * page loads up front stays within its size budget: pickers backed by the gateway's lists (a combobox that still
 * takes a pasted id), the live price (POST /v1/quotes), the review of what will be bought, the "checking" view of an
 * unknown outcome, and the order follow-up (GET /v1/orders/{id}, pay, cancel). English texts live here; the
 * Simplified Chinese ones are in zh-CN.ts (`purchase`), loaded only by pages that show Chinese.
 */

import type { FieldIssue, Job } from '@bwkit/contracts';
import { type Approval, checkPolicy, type OperationPolicy } from '@bwkit/contracts';
import type { TemplateResult } from 'lit';
import type { BwkitProblem } from './client.js';
import type { WorkspaceBandwidthCreated } from './events.js';
import { renderField, useLit } from './field.js';
import type { BwkitForm, FieldDef, Values } from './form.js';
import { FORM_EXTRA_CSS } from './form-extras.css.js';
import type { UiKey } from './i18n.js';
import { followStream, Live } from './progress.js';
import type { CloudConnection, Order, Quote, QuoteOperation, Subnet, WorkspaceBandwidth } from './purchase-types.js';
import { Submission } from './submission.js';
import { UI_EN } from './ui-en.js';
import { FieldValidation, type FormHooks } from './validation.js';

export const EN = {
  price: 'Price',
  'price.loading': 'Working out the price…',
  'price.fill': 'Shown once the values are complete.',
  'price.none': 'unavailable — {why}',
  'price.free': 'Free of charge',
  'per.month': '{amount} per month',
  'per.year': '{amount} per year',
  'per.hour': '{amount} per hour',
  'price.list': 'list price {amount}',
  'reason.not_configured': 'no price is configured for this product.',
  'reason.free': 'this choice is free of charge.',
  'reason.upstream_refused': 'the billing service refused to price it.',
  'reason.upstream_unavailable': 'the billing service could not be reached.',
  'reason.scope': 'your access does not include prices.',
  'reason.error': 'the price could not be fetched.',
  reviewTitle: 'Check what you are buying',
  operation: 'Purchase',
  'op.createSharedBandwidth': 'New shared bandwidth',
  'op.createWorkspaceBandwidth': 'New Workspace bandwidth',
  'op.changeWorkspaceBandwidth': 'Change of a Workspace bandwidth',
  'op.createBandwidthPackage': 'New bandwidth package',
  billing: 'Billing',
  'billing.yearly-monthly': 'Yearly/monthly (paid in advance)',
  'billing.pay-per-use': 'Pay-per-use',
  period: 'Period',
  'period.month': '{n} × month',
  'period.year': '{n} × year',
  buy: 'Buy',
  placeOrder: 'Place order',
  back: 'Back',
  checking: 'Checking whether your order went through…',
  checkingNote:
    'The answer was lost on the way. Asking the service again with the same request: it is never placed twice.',
  subnet: 'Subnet',
  'subnet.hint': 'Search by name, CIDR or VPC, or paste a subnet ID.',
  subnets: 'Subnets',
  noMatch: 'Nothing in the list matches; a pasted ID is used as it is.',
  listLoading: 'Loading the list…',
  denied: 'The list is not available with your access: type or paste the ID.',
  listFailed: 'The list could not be loaded: type or paste the ID.',
  pickBandwidth: 'Bandwidth',
  'pickBandwidth.hint': 'Your yearly/monthly Workspace bandwidths: search by name, or paste an ID.',
  bandwidths: 'Bandwidths',
  current: '{name}, now {n} Mbit/s',
  pendingOrder: 'order waiting',
  connection: 'Cloud connection',
  'connection.none': 'Do not bind now',
  'connection.hint':
    'Binding attaches the package to a cloud connection, so that connection’s inter-region bandwidths can draw on it. Leave it unbound to bind it later.',
  'connection.typed':
    'Paste a cloud connection ID to bind the package to it, or leave it empty. Binding lets that connection’s inter-region bandwidths draw on the package.',
  orderStatus: 'Order status',
  'os.pending_payment': 'Waiting for payment',
  'os.processing': 'Processing',
  'os.completed': 'Completed',
  'os.cancelled': 'Cancelled',
  'os.pending_approval': 'Waiting for approval',
  'os.other': 'In progress',
  amount: 'Amount',
  pay: 'Pay now',
  cancel: 'Cancel order',
  payElsewhere: 'Pay this order in the Billing Center',
  'note.changeWorkspaceBandwidth': 'The change applies once the order is paid.',
  'note.createBandwidthPackage': 'The package is billed yearly/monthly: pay its order to start it.',
  'note.createWorkspaceBandwidth': 'This bandwidth is billed yearly/monthly: pay its order to start it.',
  'order.completed': 'Paid and completed.',
  'order.cancelled': 'The order was cancelled.',
  // Tenant policy: the limits shown under the fields, the refusals before submit, the monthly spending limit.
  'pol.max': 'Your organisation allows at most {max} Mbit/s.',
  'pol.allowed': 'Your organisation allows only: {allowed}.',
  'pol.maxCount': 'Your organisation allows at most {max} periods.',
  'pol.cap': 'Your organisation’s monthly spending limit is {cap}.',
  'pol.always': 'Your purchases are placed only once an approver in your organisation approves them.',
  'pol.aboveAmount': 'Purchases costing more than {amount} wait for an approver in your organisation.',
  'pol.aboveSize': 'Purchases larger than {max} Mbit/s wait for an approver in your organisation.',
  'cap.title': 'This purchase would go over your organisation’s monthly spending limit.',
  'cap.cap': 'Monthly limit',
  'cap.spent': 'Spent this month',
  'cap.price': 'This purchase',
  // Approval: the requester's view of a purchase held for an approver.
  'ap.waiting': 'Waiting for approval',
  'ap.note':
    'Your organisation requires an approver to confirm this purchase. It is placed as soon as they approve; this page follows the request.',
  'ap.approving': 'Approved: placing the purchase…',
  'ap.rejected': 'An approver rejected this purchase. Nothing was bought.',
  'ap.expired': 'Nobody decided in time, so the request expired. Nothing was bought; submit again to ask anew.',
  'ap.failed': 'The purchase was approved but could not be placed.',
  'ap.requestedBy': 'Requested by',
  'ap.requestedAt': 'Requested',
  'ap.expiresAt': 'Expires',
  'ap.decidedBy': 'Decided by',
  'ap.reason': 'Reason',
  'ap.why': 'Why it waits',
  'why.subject': 'your purchases always need approval',
  'why.size': 'the size is above your organisation’s limit',
  'why.amount': 'the price is above your organisation’s limit',
};
export type PKey = keyof typeof EN;

/**
 * What this chunk uses of Lit, the contracts and the client, handed over by the form that imports it: importing them
 * here would make the bundler move them into a chunk of their own, which the page would then load up front as well.
 */
export interface Kit {
  /** The English UI table, completed here with the form's strings (ui-en.ts). */
  ui: Readonly<Record<string, string>>;
  html: typeof import('lit').html;
  nothing: typeof import('lit').nothing;
  interpolate: typeof import('@bwkit/contracts').interpolate;
  isProblem: typeof import('./client.js').isProblem;
  newIdempotencyKey: typeof import('./client.js').newIdempotencyKey;
  Problem: typeof import('./client.js').BwkitProblem;
  form: FormHooks;
}
let html: Kit['html'];
let nothing: Kit['nothing'];
let interpolate: Kit['interpolate'];
let isProblem: Kit['isProblem'];
let newIdempotencyKey: Kit['newIdempotencyKey'];
let Problem: Kit['Problem'];

const FINAL = ['completed', 'cancelled'];
/** Lists are short; a few pages cover any tenant's picker. */
const MAX_PAGES = 5;

interface ListState<T = Record<string, unknown>> {
  state: 'loading' | 'ok' | 'denied' | 'failed';
  items: T[];
}
interface Track {
  op: QuoteOperation;
  /** The bandwidth a change order changes, and to what size: shown as its current size once the order completed. */
  changes?: { id: string; sizeMbps: number };
  order?: Order;
  busy?: boolean;
  stopped?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** Keys of a pay or cancel whose outcome is not known yet: asked again with the same one. */
  keys: Record<string, string>;
  /** The order's live stream (GET /v1/orders/{id}/events). */
  live: Live;
}
/** One option of a picker. */
export interface Item {
  id: string;
  label: string;
  detail: string;
  disabled?: boolean;
}

const EXTRA_CSS = `
  .price {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em 0.6em;
    align-items: baseline;
  }
  .price small,
  .combo small,
  .order small {
    color: var(--_muted);
  }
  .combo {
    position: relative;
  }
  [part~='listbox'] {
    list-style: none;
    margin: 0;
    padding: 0.25em 0;
    max-height: 14em;
    overflow: auto;
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    background: var(--_bg);
  }
  [part~='listbox'] li {
    padding: 0.35em 0.7em;
    cursor: pointer;
    display: grid;
  }
  [part~='listbox'] [aria-selected='true'] {
    background: color-mix(in srgb, var(--_p) 14%, var(--_bg));
  }
  [part~='listbox'] [aria-disabled='true'] {
    cursor: default;
    color: var(--_muted);
  }
  [part~='review'],
  [part~='order'] {
    display: grid;
    gap: calc(var(--_s) / 1.5);
  }
  [part~='review']:focus {
    outline: none;
  }
  .actions {
    display: flex;
    gap: 0.6em;
    flex-wrap: wrap;
  }
  a {
    color: var(--_p);
  }
`;

let sheet: CSSStyleSheet | undefined;

export class Purchase {
  /** The latest price of the current values (undefined while none is known). */
  quote: Quote | undefined;
  #quoteState: 'idle' | 'loading' | 'done' | 'failed' = 'idle';
  #quoteProblem: BwkitProblem | undefined;
  #quoteFor: string | undefined;
  #quoteTimer: ReturnType<typeof setTimeout> | undefined;
  #quoteAbort: AbortController | undefined;
  #lists = new Map<string, ListState>();
  #open: string | undefined;
  #active = -1;
  #orders = new Map<string, Track>();
  /** Field validation (touched fields, the BFF's field issues, focus on the first error). */
  readonly v: FieldValidation;
  /** Submitting: the review, the Idempotency-Key, the call. */
  readonly s: Submission;
  /** The element's own parts (its fields, request, validator, endpoint). */
  #form: FormHooks;

  constructor(
    private readonly h: BwkitForm,
    kit: Kit,
  ) {
    ({ html, nothing, interpolate, isProblem, newIdempotencyKey, Problem } = kit);
    Object.assign(kit.ui, UI_EN);
    useLit(kit);
    this.#form = kit.form;
    this.v = new FieldValidation(h, kit.form);
    this.s = new Submission(h, kit.form, this.v, kit);
    // A constructed style sheet, adopted (a CSP without 'unsafe-inline' allows only that).
    const root = h.renderRoot as ShadowRoot;
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync((EXTRA_CSS + FORM_EXTRA_CSS).replace(/\s+/g, ' '));
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** A string of these parts in the widget's locale, `{param}`s filled in. */
  t(key: PKey, params?: Record<string, string | number>): string {
    const x = this.h.texts;
    return interpolate(x.p?.[key] ?? EN[key], params, x.n);
  }

  #scopes(): string[] {
    return this.h.config?.scopes ?? [];
  }

  /** From the review back to the form, focus on its submit button. */
  #back(): void {
    this.h.step = 'form';
    void this.h.updateComplete.then(() => this.h.renderRoot.querySelector<HTMLElement>('[part~=submit]')?.focus());
  }

  /** The "Start again" button of a success view. */
  startAgain(): TemplateResult {
    return html`<button type="button" @click=${() => this.h.restart()}>${this.h.t('startAgain')}</button>`;
  }

  /** The usual success view: what happened, the ids worth keeping (rows left out when false), a note, start again. */
  done(title: UiKey, rows: (false | '' | undefined | [UiKey, unknown])[], note: unknown): TemplateResult {
    const t = (k: UiKey) => this.h.t(k);
    return html`<div part="result" class="panel" tabindex="-1">
      <p class="done" role="status">${t(title)}</p>
      <dl>${rows.map((r) => (r ? html`<dt>${t(r[0])}</dt><dd>${r[1]}</dd>` : nothing))}</dl>
      ${note}${this.startAgain()}
    </div>`;
  }

  #submit = (e: Event) => {
    e.preventDefault();
    void this.s.submit();
  };

  /** The form: its fields, the price and the submit button; or the review of what will be bought, or checking. */
  form(): TemplateResult {
    const h = this.h;
    if (h.step === 'approval' && this.approval) return this.approvalPanel();
    if (h.step !== 'form')
      return html`<form part="form" novalidate @submit=${this.#submit}>${this.review(h.step === 'checking')}</form>`;
    return html`<form part="form" novalidate @submit=${this.#submit}>
      ${this.#form
        .fields()
        .map((f) =>
          !f
            ? nothing
            : 'path' in f
              ? this.field(f)
              : 'row' in f
                ? html`<div class="row">${f.row.map((r) => (r ? this.field(r) : nothing))}</div>`
                : f,
        )}
      ${this.#policyNotes()}${this.price()}${this.#capNotice()}
      <button part="submit" type="submit" ?disabled=${h.busy}>${h.busy ? h.t('working') : h.t(this.#form.submitLabel())}</button>
    </form>`;
  }

  /** One form field (label, control, hint, error). */
  field(f: FieldDef): TemplateResult {
    return renderField(this.h, f);
  }

  /** A problem when the token lacks `scope` (the operation's), said before the user fills the form. */
  scopeProblem(scope: string): BwkitProblem | undefined {
    if (this.#scopes().includes(scope)) return undefined;
    return new Problem(
      { status: 403, code: 'scope_missing' },
      `<${this.h.localName}>: the widget token lacks the \`${scope}\` scope this element needs; mint it with that scope.`,
    );
  }

  // ---- tenant policy -----------------------------------------------------------------------------------------

  /** The tenant policy's limits for this form's operation (GET /v1/config `policy`), if any. */
  #policy(): OperationPolicy | undefined {
    return this.h.config?.policy?.operations?.[this.h.operation()];
  }

  /** A policy list in words: regions by name, areas, billing modes, periods and charge modes by their labels. */
  #allowed(path: string, p: OperationPolicy): string | undefined {
    const h = this.h;
    const c = h.config;
    const label = (k: string) => h.t(k as UiKey);
    const list =
      path === 'region'
        ? p.regions?.map((r) => c?.regions.find((x) => x.id === r)?.name ?? r)
        : path === 'localArea' || path === 'remoteArea'
          ? p.areas?.map((a) => label(`area.${a}`))
          : path === 'billingMode'
            ? p.billingModes?.map((m) => label(`kind.${c?.enums.billingModes.find((b) => b.mode === m)?.kind}`))
            : path === 'prepaid.periodType'
              ? p.periodTypes?.map((t) => label(`pt.${t}`))
              : path === 'chargeMode'
                ? p.chargeModes?.map((m) => label(`cm.${m}`))
                : undefined;
    return list?.join(', ');
  }

  /** The policy's limit on one field, said under it before anything is typed. */
  policyHint(path: string): string | undefined {
    const p = this.#policy();
    if (!p) return undefined;
    if (path === 'sizeMbps') return p.maxSizeMbps === undefined ? undefined : this.t('pol.max', { max: p.maxSizeMbps });
    if (path === 'prepaid.periodCount')
      return p.maxPeriodCount === undefined ? undefined : this.t('pol.maxCount', { max: p.maxPeriodCount });
    const allowed = this.#allowed(path, p);
    return allowed ? this.t('pol.allowed', { allowed }) : undefined;
  }

  /**
   * The values' breaches of the tenant policy, with the contracts' `checkPolicy` (the BFF's own check), in the
   * widget's words: the form refuses them before submit as it refuses any other invalid value.
   */
  policyIssues(values: Record<string, unknown>): FieldIssue[] {
    const h = this.h;
    const policy = h.config?.policy;
    if (!policy) return [];
    const p = this.#policy()!;
    return checkPolicy(h.operation(), values, policy, h.region || h.config?.defaultRegion).map((i) =>
      this.policyIssue(i, p),
    );
  }

  /** A policy issue (ours, or a 422 policy_violation's field) in the widget's words. */
  policyIssue(i: FieldIssue, p = this.#policy()): FieldIssue {
    const max = i.params?.max;
    return {
      ...i,
      message:
        max !== undefined
          ? this.t(i.path === 'sizeMbps' ? 'pol.max' : 'pol.maxCount', { max: Number(max) })
          : this.t('pol.allowed', { allowed: (p && this.#allowed(i.path, p)) ?? String(i.params?.allowed ?? '') }),
    };
  }

  /** The spending limit and the approval rules that apply to this user, above the price. */
  #policyNotes(): unknown {
    const pol = this.h.config?.policy;
    const cap = pol?.monthlySpendCap;
    const a = pol?.approval;
    const notes = [
      cap && this.t('pol.cap', { cap: this.#money(cap.amount, cap.currency) }),
      a?.always && this.t('pol.always'),
      !a?.always &&
        a?.aboveAmount !== undefined &&
        this.t('pol.aboveAmount', {
          amount: this.#money(a.aboveAmount, cap?.currency ?? (this.quote?.available ? this.quote.currency : 'USD')),
        }),
      !a?.always && a?.aboveSizeMbps !== undefined && this.t('pol.aboveSize', { max: a.aboveSizeMbps }),
    ].filter(Boolean);
    return notes.length
      ? html`<p part="policy" class="notice">${notes.map((n) => html`<small>${n}</small>`)}</p>`
      : nothing;
  }

  /** The last 403 spend_cap_exceeded, shown with its figures until the values change. */
  capProblem: BwkitProblem | undefined;

  /**
   * The figures of a 403 spend_cap_exceeded: `cap`/`spent`/`amount`/`currency` when the problem carries them, else read
   * from its detail ("This purchase (120.00 USD) would take this month's spend to 5100.00 USD, over the monthly cap
   * of 5000.00 USD (spent so far: 4980.00 USD).", the BFF's wording).
   */
  #capFigures(p: BwkitProblem): [string, string][] {
    const x = p as unknown as { cap?: number; spent?: number; amount?: number; currency?: string };
    let f = x.cap !== undefined && x.spent !== undefined && x.amount !== undefined && x.currency ? x : undefined;
    if (!f) {
      const m = [...(p.detail ?? '').matchAll(/(\d+(?:\.\d+)?) ([A-Z]{3})/g)];
      if (m.length === 4) f = { amount: +m[0]![1]!, cap: +m[2]![1]!, spent: +m[3]![1]!, currency: m[0]![2]! };
    }
    if (!f) return [];
    const c = f.currency!;
    return [
      [this.t('cap.cap'), this.#money(f.cap!, c)],
      [this.t('cap.spent'), this.#money(f.spent!, c)],
      [this.t('cap.price'), this.#money(f.amount!, c)],
    ];
  }

  #capNotice(): unknown {
    const p = this.capProblem;
    if (!p) return nothing;
    return html`<div part="spend-cap" class="notice"><p>${this.t('cap.title')}</p>
      <dl>${this.#capFigures(p).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></div>`;
  }

  // ---- approval ----------------------------------------------------------------------------------------------

  /** The purchase held for an approver that this widget follows. */
  approval: Approval | undefined;
  #approvalTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * A 202 `{approval}`: shows "Waiting for approval" and follows GET /v1/approvals/{id} until it is decided; an
   * approved purchase's answer then goes on as a direct purchase's would (`accepted`), a failed one's problem to `fail`.
   */
  awaitApproval(a: Approval): void {
    const h = this.h;
    this.approval = a;
    h.step = 'approval';
    h.emit('bwkit-approval-pending', a);
    void h.updateComplete.then(() => h.renderRoot.querySelector<HTMLElement>('[part~=approval]')?.focus());
    this.#watchApproval(0);
  }

  #watchApproval(attempt: number): void {
    clearTimeout(this.#approvalTimer);
    const a = this.approval;
    if (!a || !['pending', 'approving'].includes(a.state)) return;
    this.#approvalTimer = setTimeout(
      async () => {
        if (this.approval !== a || !this.h.isConnected) return;
        let next = attempt + 1;
        try {
          const { approval } = await this.h.client.call<{ approval: Approval }>(
            `/v1/approvals/${encodeURIComponent(a.id)}`,
          );
          if (this.approval !== a) return;
          next = 0;
          if (approval.state !== a.state || approval.decidedAt !== a.decidedAt) await this.#approvalChanged(approval);
        } catch (e) {
          // A request the gateway no longer shows (or a refused token) ends the follow-up; the rest is tried again.
          if (isProblem(e) && [401, 403, 404].includes(e.status)) {
            this.approval = undefined;
            this.h.step = 'form';
            this.#form.fail(e);
            return;
          }
        }
        this.#watchApproval(next);
      },
      attempt ? Math.min(2000 * 2 ** attempt, 30_000) : 1500,
    );
  }

  async #approvalChanged(a: Approval): Promise<void> {
    const h = this.h;
    this.approval = a;
    h.requestUpdate();
    if (a.state === 'pending' || a.state === 'approving') return;
    h.emit('bwkit-approval-decided', a);
    if (a.state === 'approved' && a.result) {
      this.approval = undefined;
      h.step = 'form';
      await this.#form.accepted(a.result.body);
    } else if (a.state === 'failed') {
      this.approval = undefined;
      h.step = 'form';
      this.#form.fail(a.problem ?? new Problem({ status: 502, code: 'upstream_unavailable' }));
    }
  }

  /** Back on the page: follow the approval again. */
  #resumeApproval(): void {
    if (this.approval) this.#watchApproval(0);
  }

  #when(iso: string | undefined): string {
    if (!iso) return '—';
    try {
      return new Intl.DateTimeFormat(this.h.texts.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso),
      );
    } catch {
      return iso;
    }
  }

  /** "Waiting for approval": what was asked, by whom and when, until when; then the rejection or expiry. */
  approvalPanel(): TemplateResult {
    const h = this.h;
    const a = this.approval!;
    const waiting = a.state === 'pending' || a.state === 'approving';
    const title =
      a.state === 'pending'
        ? 'ap.waiting'
        : a.state === 'approving'
          ? 'ap.approving'
          : a.state === 'rejected'
            ? 'ap.rejected'
            : 'ap.expired';
    const why = a.reasons
      .map((r) => ((EN as Record<string, string>)[`why.${r}`] ? this.t(`why.${r}` as PKey) : r))
      .join('; ');
    const rows: [string, unknown][] = [
      [this.t('operation'), this.t(`op.${a.operation}`)],
      ...(a.values.sizeMbps !== undefined
        ? ([[h.t('sizeMbps'), h.t('sizeValue', { n: a.values.sizeMbps as number })]] as [string, unknown][])
        : []),
      ...(a.quote?.available
        ? ([[this.t('price'), this.#money(a.quote.amount, a.quote.currency)]] as [string, unknown][])
        : []),
      ...(why ? ([[this.t('ap.why'), why]] as [string, unknown][]) : []),
      [this.t('ap.requestedBy'), a.requestedBy],
      [this.t('ap.requestedAt'), this.#when(a.requestedAt)],
      ...(waiting ? ([[this.t('ap.expiresAt'), this.#when(a.expiresAt)]] as [string, unknown][]) : []),
      ...(a.decidedBy ? ([[this.t('ap.decidedBy'), a.decidedBy]] as [string, unknown][]) : []),
      ...(a.reason ? ([[this.t('ap.reason'), a.reason]] as [string, unknown][]) : []),
    ];
    return html`<div part="approval" class="panel" tabindex="-1" data-state=${a.state}>
      <p class="done" role="status">${this.t(title)}</p>
      ${waiting ? html`<p class="notice">${this.t('ap.note')}</p>` : nothing}
      <dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
      ${waiting ? nothing : this.startAgain()}
    </div>`;
  }

  // ---- price -------------------------------------------------------------------------------------------------

  /** The values changed: price them after a short pause (an older request still on its way is aborted). */
  changed(valid: boolean, delay = 400): void {
    clearTimeout(this.#quoteTimer);
    const values = valid ? this.h.quoteValues() : undefined;
    const key = values && JSON.stringify(values);
    if (key && key === this.#quoteFor && this.#quoteState !== 'failed') return;
    this.#quoteAbort?.abort();
    this.#quoteFor = key;
    this.quote = undefined;
    this.#quoteState = key ? 'loading' : 'idle';
    this.h.requestUpdate();
    if (values) this.#quoteTimer = setTimeout(() => void this.#fetchQuote(values), delay);
  }

  async #fetchQuote(values: Record<string, unknown>): Promise<void> {
    const abort = new AbortController();
    this.#quoteAbort = abort;
    try {
      const q = await this.h.client.call<Quote>(
        '/v1/quotes',
        { operation: this.h.operation(), values },
        newIdempotencyKey(),
        abort.signal,
      );
      if (abort.signal.aborted) return;
      this.quote = q;
      this.#quoteState = 'done';
    } catch (e) {
      if (abort.signal.aborted) return;
      this.#quoteProblem = isProblem(e) ? e : undefined;
      this.#quoteState = 'failed';
    }
    this.h.requestUpdate();
  }

  #money(amount: number, currency: string): string {
    try {
      return new Intl.NumberFormat(this.h.texts.locale, { style: 'currency', currency }).format(amount);
    } catch {
      return `${this.h.texts.n(amount)} ${currency}`;
    }
  }

  /** The price as text: "US$12.00 per month", "Free of charge", or "unavailable — why". */
  priceText(): TemplateResult | string {
    const q = this.quote;
    if (this.#quoteState === 'idle') return this.t('price.fill');
    if (this.#quoteState === 'loading') return this.t('price.loading');
    if (q && !q.available && q.reason === 'free') return html`<strong>${this.t('price.free')}</strong>`;
    if (!q || !q.available) {
      const p = this.#quoteProblem;
      const why = q
        ? (this.h.texts.p?.[`reason.${q.reason}`] ?? (EN as Record<string, string>)[`reason.${q.reason}`] ?? q.message)
        : p?.code === 'scope_missing'
          ? this.t('reason.scope')
          : this.t('reason.error');
      return this.t('price.none', {
        why: q?.message && q.reason === 'upstream_refused' ? `${why} (${q.message})` : why,
      });
    }
    const main = this.t(`per.${q.per}`, { amount: this.#money(q.amount, q.currency) });
    return html`<strong>${main}</strong>${
      q.officialAmount > q.amount
        ? html`<small>${this.t('price.list', { amount: this.#money(q.officialAmount, q.currency) })}</small>`
        : nothing
    }`;
  }

  /** The live price line above the submit button (announced politely as it changes). */
  price(): TemplateResult {
    return html`<div part="price" class="price" role="status"><span>${this.t('price')}:</span> ${this.priceText()}</div>`;
  }

  // ---- review and checking -----------------------------------------------------------------------------------

  #billing(v: Record<string, unknown>): string | undefined {
    if (this.quote?.available) return this.quote.billing;
    switch (this.h.operation()) {
      case 'createWorkspaceBandwidth':
        // wks_bandwidth is the yearly/monthly charge mode; free and wks_traffic are pay-per-use.
        return v.chargeMode === 'wks_bandwidth' ? 'yearly-monthly' : 'pay-per-use';
      case 'changeWorkspaceBandwidth':
        return 'yearly-monthly';
      case 'createSharedBandwidth':
        return 'pay-per-use';
      default:
        return v.prepaid ? 'yearly-monthly' : 'pay-per-use';
    }
  }

  /** What will be bought, with the price and Buy / Back; or, with `checking`, the wait for an unknown outcome. */
  review(checking: boolean): TemplateResult {
    const h = this.h;
    const op = h.operation();
    const v = h.quoteValues();
    const region = (v.region as string | undefined) ?? h.region ?? h.config?.defaultRegion;
    const regionName = h.config?.regions.find((r) => r.id === region)?.name ?? region;
    const prepaid = v.prepaid as { periodType?: string; periodCount?: number } | undefined;
    const billing = this.#billing(v);
    const rows: [string, unknown][] = [
      [this.t('operation'), this.t(`op.${op}`)],
      ...this.#summary(v),
      ...(op === 'createBandwidthPackage' ? [] : ([[h.t('region'), regionName]] as [string, unknown][])),
      ...(v.sizeMbps !== undefined
        ? ([[h.t('sizeMbps'), h.t('sizeValue', { n: v.sizeMbps as number })]] as [string, unknown][])
        : []),
      ...(billing ? ([[this.t('billing'), this.t(`billing.${billing}` as PKey)]] as [string, unknown][]) : []),
      ...(prepaid?.periodType
        ? ([[this.t('period'), this.t(`period.${prepaid.periodType}` as PKey, { n: prepaid.periodCount ?? 1 })]] as [
            string,
            unknown,
          ][])
        : []),
      [this.t('price'), this.priceText()],
    ];
    return html`<div part="review" class="panel" tabindex="-1" aria-labelledby="rv-t">
      <p id="rv-t" class="done">${this.t('reviewTitle')}</p>
      <dl>${rows.map(([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`)}</dl>
      ${this.#capNotice()}${
        checking
          ? html`<p role="status" part="checking" class="notice">${this.t('checking')}<small>${this.t('checkingNote')}</small></p>`
          : nothing
      }
      <div class="actions">
        <button type="button" ?disabled=${h.busy} @click=${() => this.#back()}>${this.t('back')}</button>
        <button part="submit" type="submit" ?disabled=${h.busy}>
          ${h.busy ? h.t('working') : this.t(op === 'changeWorkspaceBandwidth' ? 'placeOrder' : 'buy')}
        </button>
      </div>
    </div>`;
  }

  /**
   * Sends the purchase. When its outcome is unknown (a timeout, a gateway 5xx, a lost connection, or the gateway
   * says `outcome_unknown`) the order may exist: this shows "Checking whether your order went through…" and asks
   * again with the same key and the same values until the gateway settles it — never with a new key. Off the page it
   * stops and rejects with the last problem; the form keeps the key for these values, so the next submit asks again.
   */
  async send(path: string, values: unknown, key: string): Promise<unknown> {
    const h = this.h;
    for (let attempt = 0; ; attempt++) {
      try {
        return await h.client.call<unknown>(path, values, key);
      } catch (e) {
        const unknown =
          isProblem(e) &&
          (e.status === 0 || e.status >= 502 || ['outcome_unknown', 'idempotency_in_progress'].includes(e.code));
        if (!unknown) throw e;
        h.step = 'checking';
        await new Promise((ok) => setTimeout(ok, Math.min(1000 * 2 ** attempt, 15_000)));
        if (!h.isConnected) throw e;
      }
    }
  }

  // ---- lists and pickers -------------------------------------------------------------------------------------

  /**
   * A list of the gateway (`/v1/subnets?region=…` etc.), fetched once per widget and query (the gateway caches
   * briefly per tenant). A token without the read scope (403), or a gateway without the route, gives `denied`:
   * the picker then falls back to a typed id.
   */
  list<T>(path: string): ListState<T> {
    let s = this.#lists.get(path);
    if (!s) {
      s = { state: 'loading', items: [] };
      this.#lists.set(path, s);
      void this.#fetchList(path, s);
    }
    return s as ListState<T>;
  }

  async #fetchList(path: string, s: ListState): Promise<void> {
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const sep = path.includes('?') ? '&' : '?';
        const res = await this.h.client.call<{ items: Record<string, unknown>[]; nextCursor?: string }>(
          `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        s.items.push(...res.items);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      s.state = 'ok';
    } catch (e) {
      s.state = isProblem(e) && [401, 403, 404, 405].includes(e.status) ? 'denied' : 'failed';
      // A failure is not kept: the next render asks again.
      if (s.state === 'failed') setTimeout(() => this.#lists.delete(path), 5000);
    }
    this.h.requestUpdate();
    // The list may decide whether the values are valid (the change order's same-size rule).
    this.changed(this.h.valid(), 0);
  }

  /**
   * A searchable list as an ARIA combobox (input + listbox) whose input is the field itself: typing filters the
   * list, choosing an option puts its id in, and a pasted id is used as it is. With the list refused or failed, it
   * is the plain typed field with a hint saying why.
   */
  combo(path: string, label: string, hint: string, listLabel: string, s: ListState<Item>): FieldDef {
    if (s.state === 'denied' || s.state === 'failed') {
      return { path, hint: `${hint} ${this.t(s.state === 'denied' ? 'denied' : 'listFailed')}`, label: path as UiKey };
    }
    return { path, render: () => this.#combo(path, label, hint, listLabel, s) };
  }

  #combo(path: string, label: string, hint: string, listLabel: string, s: ListState<Item>): TemplateResult {
    const h = this.h;
    const value = String(h.values[path] ?? '').trim();
    const q = value.toLowerCase();
    const chosen = s.items.find((i) => i.id === value);
    const items =
      chosen || !q ? s.items : s.items.filter((i) => `${i.id} ${i.label} ${i.detail}`.toLowerCase().includes(q));
    const open = this.#open === path;
    const active = Math.min(this.#active, items.length - 1);
    const issue = h.issues[path];
    const lb = `lb-${path}`;
    const pick = (i: Item) => {
      if (i.disabled) return;
      this.#open = undefined;
      h.setValue(path, i.id, true);
    };
    const key = (e: KeyboardEvent) => {
      const n = items.length;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.#open = path;
        this.#active = e.key === 'ArrowDown' ? Math.min(active + 1, n - 1) : Math.max(active - 1, 0);
      } else if (e.key === 'Enter' && open && active >= 0 && items[active]) {
        e.preventDefault();
        pick(items[active]!);
      } else if (e.key === 'Escape' && open) {
        e.preventDefault();
        this.#open = undefined;
      } else return;
      h.requestUpdate();
    };
    const show = (on: boolean) => () => {
      this.#open = on ? path : undefined;
      this.#active = -1;
      h.requestUpdate();
    };
    return html`<div part="field" class="field combo">
      <label part="label" for="f-${path}">${label}</label>
      <input part="input" class="control" id="f-${path}" name=${path} type="text" role="combobox" autocomplete="off"
        aria-autocomplete="list" aria-expanded=${open ? 'true' : 'false'} aria-controls=${lb}
        aria-activedescendant=${open && active >= 0 ? `o-${path}-${active}` : nothing}
        aria-invalid=${issue ? 'true' : 'false'} aria-describedby="h-${path} e-${path}" .value=${String(h.values[path] ?? '')}
        @input=${(e: Event) => {
          h.onField(e);
          show(true)();
        }}
        @focus=${show(true)} @blur=${(e: Event) => {
          h.onField(e);
          show(false)();
        }} @keydown=${key} />
      <ul part="listbox" id=${lb} role="listbox" aria-label=${listLabel} ?hidden=${!open}>
        ${
          s.state === 'loading'
            ? html`<li role="option" aria-disabled="true" aria-selected="false">${this.t('listLoading')}</li>`
            : items.length
              ? items.map(
                  (i, n) => html`<li role="option" id="o-${path}-${n}" aria-selected=${n === active ? 'true' : 'false'}
                  aria-disabled=${i.disabled ? 'true' : nothing} @mousedown=${(e: Event) => e.preventDefault()}
                  @click=${() => pick(i)}><strong>${i.label}</strong><small>${i.detail}</small></li>`,
                )
              : html`<li role="option" aria-disabled="true" aria-selected="false">${this.t('noMatch')}</li>`
        }
      </ul>
      <div part="hint" id="h-${path}">${chosen ? html`<strong>${chosen.label}</strong> · ${chosen.detail}` : hint}</div>
      <div part="error" id="e-${path}">${issue ? h.issueText(issue) : nothing}</div>
    </div>`;
  }

  /** The rows of the review that belong to one operation (before region, size, billing, period and price). */
  #summary(v: Record<string, unknown>): [string, unknown][] {
    const h = this.h;
    const t = (k: UiKey) => h.t(k);
    const rows: [string, unknown][] = [];
    switch (h.operation()) {
      case 'createWorkspaceBandwidth': {
        const s = this.#subnets().items.find((x) => x.id === v.subnetId);
        rows.push(
          [this.t('subnet'), s ? `${s.name} (${s.cidr}, ${s.id})` : v.subnetId],
          [t('chargeMode'), t(`cm.${v.chargeMode}` as UiKey)],
        );
        break;
      }
      case 'changeWorkspaceBandwidth':
        rows.push([t('bandwidth'), this.bandwidthLabel(v.bandwidthId as string)]);
        break;
      case 'createBandwidthPackage': {
        const c = this.list<CloudConnection>('/v1/cloud-connections').items.find((x) => x.id === v.resourceId);
        rows.push([
          `${t('localArea')} → ${t('remoteArea')}`,
          `${t(`area.${v.localArea}` as UiKey)} → ${t(`area.${v.remoteArea}` as UiKey)}`,
        ]);
        if (v.resourceId) rows.push([this.t('connection'), c ? `${c.name} (${c.id})` : v.resourceId]);
      }
    }
    if (v.name) rows.unshift([t(h.operation() === 'changeWorkspaceBandwidth' ? 'newName' : 'name'), v.name]);
    return rows;
  }

  #subnets(): ListState<Subnet> {
    return this.list<Subnet>(`/v1/subnets?region=${encodeURIComponent(String(this.h.values.region ?? ''))}`);
  }

  /** `<bandwidth-create service="workspace">`: the subnet, searched in the chosen region's list or pasted. */
  subnetField(): FieldDef {
    const s = this.#subnets();
    return this.combo('subnetId', this.t('subnet'), this.t('subnet.hint'), this.t('subnets'), {
      state: s.state,
      items: s.items.map((x) => ({
        id: x.id,
        label: x.name,
        detail: [x.cidr, `VPC ${x.vpcId}`, x.availabilityZone].filter(Boolean).join(' · '),
      })),
    });
  }

  /** The tenant's yearly/monthly Workspace bandwidths in the widget's region (change orders exist for those only). */
  #bandwidths(): ListState<WorkspaceBandwidth> {
    const region = this.h.region || this.h.config?.defaultRegion || '';
    const s = this.list<WorkspaceBandwidth>(`/v1/workspace-bandwidths?region=${encodeURIComponent(region)}`);
    return { state: s.state, items: s.items.filter((b) => b.chargeMode === 'wks_bandwidth') };
  }

  /** "name, now 20 Mbit/s (id)", or the id alone while the bandwidth is not known. */
  bandwidthLabel(id: string | undefined): string {
    const b = this.#bandwidths().items.find((x) => x.id === id);
    return b ? `${this.t('current', { name: b.name, n: b.sizeMbps })} (${b.id})` : (id ?? '—');
  }

  /** The change-order rule that needs today's size: the same size again would order a change of nothing. */
  sameSize(sizeMbps: unknown, id: string | undefined): FieldIssue | undefined {
    const b = this.#bandwidths().items.find((x) => x.id === id);
    return b && sizeMbps === b.sizeMbps
      ? { path: 'sizeMbps', code: 'same_size', message: '', params: { current: b.sizeMbps } }
      : undefined;
  }

  /**
   * `<bandwidth-change-order>`: with `bandwidth-id`, that bandwidth's name and current size; without it, a picker of
   * the tenant's yearly/monthly bandwidths (one with an order waiting cannot take another change, so it is shown
   * but not choosable).
   */
  bandwidthField(fixed: string | null, issue: FieldIssue | undefined): TemplateResult | FieldDef {
    const h = this.h;
    const s = this.#bandwidths();
    if (fixed) {
      const b = s.items.find((x) => x.id === fixed);
      return html`<div class="field subject" part="field">
        <span part="label">${h.t('bandwidth')}</span>${
          b ? html`<span>${this.t('current', { name: b.name, n: b.sizeMbps })}</span>` : nothing
        }<code>${fixed}</code>
        <div part="error">${issue ? h.issueText(issue) : ''}</div>
      </div>`;
    }
    return this.combo('bandwidthId', this.t('pickBandwidth'), this.t('pickBandwidth.hint'), this.t('bandwidths'), {
      state: s.state,
      items: s.items.map((b) => ({
        id: b.id,
        label: b.name,
        detail: [h.t('sizeValue', { n: b.sizeMbps }), b.status, b.pendingOrder ? this.t('pendingOrder') : '']
          .filter(Boolean)
          .join(' · '),
        disabled: b.pendingOrder,
      })),
    });
  }

  /** `<bandwidth-package-form>`: the cloud connection to bind the package to, chosen from the list or pasted. */
  bindingField(): FieldDef {
    const s = this.list<CloudConnection>('/v1/cloud-connections');
    const base = { path: 'resourceId', label: 'resourceId', optional: true } as const;
    if (s.state === 'denied' || s.state === 'failed') {
      return {
        ...base,
        hint: `${this.t('connection.typed')} ${this.t(s.state === 'denied' ? 'denied' : 'listFailed')}`,
      };
    }
    const id = this.h.values.resourceId;
    return {
      ...base,
      kind: 'select',
      hint: this.t('connection.hint'),
      options: [
        { value: '', label: this.t(s.state === 'loading' ? 'listLoading' : 'connection.none') },
        // A connection that is not ACTIVE cannot take a package; one already chosen stays in the list.
        ...s.items
          .filter((c) => c.status === 'ACTIVE' || c.id === id)
          .map((c) => ({ value: c.id, label: `${c.name} (${c.status})` })),
      ],
    };
  }

  /**
   * One look at the Workspace create's job (`GET /v1/jobs/{id}`): progress events, then the new bandwidth (the gateway
   * finds it in the cloud's list; the job itself does not name it) and, for a yearly/monthly bandwidth, its order.
   * True when the job should be looked at again.
   */
  async jobTick(): Promise<boolean> {
    const h = this.h as BwkitForm<(WorkspaceBandwidthCreated & { service: 'workspace' }) | { service: 'vpc' }>;
    const current = h.result;
    if (!h.isConnected || current?.service !== 'workspace') return false;
    const path = `/v1/jobs/${encodeURIComponent(current.jobId ?? '')}`;
    // Live first (one upstream poll per job at the gateway, however many watch it); polling while it is not there.
    const live = (this.#jobLive ??= new Live());
    if (live.on) return false;
    if (live.due) {
      let more = true;
      const end = await this.#stream(
        `${path}/events`,
        live,
        async (job) => !(more = await this.#applyJob(current.jobId, job as Job)),
        async () => !(more = await this.#applyJob(current.jobId, await h.client.call<Job>(path))),
      );
      if (!more || end === 'final') return false;
      live.ended(end);
      if (h.result?.service !== 'workspace' || !h.isConnected) return false;
    }
    try {
      return await this.#applyJob(current.jobId, await h.client.call<Job>(path));
    } catch (e) {
      // A lost job or a refused token ends the follow-up; anything else (network, 5xx) is tried again.
      if (isProblem(e) && (e.status === 401 || e.status === 403 || e.status === 404)) {
        h.result = undefined;
        h.problem = e;
        h.emit('bwkit-error', e);
        return false;
      }
    }
    return true;
  }

  #jobLive: Live | undefined;

  /**
   * Reads a progress stream of the BFF with the widget's token; each event's JSON to `onData` (true: final). A stream
   * that brings nothing new for a while is cross-checked with one GET (`check`, true: final; after 5 s, then less and
   * less often): a stream that misses a change must not leave the view stuck.
   */
  async #stream(
    path: string,
    live: Live,
    onData: (data: unknown) => Promise<boolean> | boolean,
    check: () => Promise<boolean>,
  ): Promise<ReturnType<typeof followStream>> {
    const abort = (live.abort = new AbortController());
    live.on = true;
    let idle: ReturnType<typeof setTimeout> | undefined;
    let wait = 5000;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(async () => {
        if (abort.signal.aborted) return;
        if (await check().catch(() => false)) abort.abort();
        else {
          wait = Math.min(wait * 2, 60_000);
          arm();
        }
      }, wait);
    };
    arm();
    const url = this.h.apiBase.replace(/\/+$/, '') + path;
    try {
      return await followStream(url, this.h.tokens.tok, abort.signal, async (data) => {
        if (!this.h.isConnected) {
          abort.abort();
          return true;
        }
        const final = await onData(data);
        live.fails = 0;
        wait = 5000;
        arm();
        return final;
      });
    } finally {
      clearTimeout(idle);
      live.on = false;
    }
  }

  /** One state of the Workspace create's job (polled or streamed): true when it should be followed further. */
  async #applyJob(jobId: string | undefined, job: Job): Promise<boolean> {
    const h = this.h as BwkitForm<(WorkspaceBandwidthCreated & { service: 'workspace' }) | { service: 'vpc' }>;
    const current = h.result;
    // Restarted meanwhile, or already done (a stream event and a cross-check GET may both bring the end).
    if (current?.service !== 'workspace' || current.jobId !== jobId || current.job.status === 'succeeded') return false;
    if (job.status !== current.job.status || job.progress !== current.job.progress) h.emit('bwkit-job-progress', job);
    if (job.status === 'failed') {
      h.result = undefined;
      h.problem = new Problem({
        status: 502,
        code: 'job_failed',
        ...(job.error
          ? {
              detail: job.error.message,
              upstream: { service: 'workspace', code: job.error.code, message: job.error.message },
            }
          : {}),
      });
      h.emit('bwkit-error', h.problem);
      return false;
    }
    const next = {
      ...current,
      job,
      status: job.status,
      bandwidthId: job.bandwidthId ?? job.bandwidth?.id,
      ...(job.bandwidth ? { bandwidth: job.bandwidth } : {}),
    };
    h.result = next;
    // A wks_bandwidth (yearly/monthly) create places an order: followed like any order.
    const orderId = job.orderId ?? job.bandwidth?.orderId;
    if (orderId) this.follow(orderId, 'createWorkspaceBandwidth', next.bandwidthId);
    if (job.status === 'succeeded') {
      const { service: _s, ...detail } = next;
      await h.focusResult();
      h.emit('bwkit-success', detail);
      return false;
    }
    return true;
  }

  /**
   * The Workspace create's result: the job's progress bar and status, then the new bandwidth (its id, name and size,
   * as the gateway found it in the cloud's list) and the order a yearly/monthly bandwidth places.
   */
  jobPanel(r: WorkspaceBandwidthCreated, startAgain: TemplateResult): TemplateResult {
    const h = this.h;
    const { job } = r;
    const done = job.status === 'succeeded';
    const b = job.bandwidth ?? r.bandwidth;
    const orderId = job.orderId ?? b?.orderId;
    return html`<div part="result" class="panel" tabindex="-1">
      <div part="progress" class="track" role="progressbar" aria-label=${h.t('progress')} aria-valuemin="0"
        aria-valuemax="100" aria-valuenow=${job.progress}>
        <div class="bar"></div>
      </div>
      <p class=${done ? 'done' : ''} role="status">
        ${done ? h.t('job.succeeded') : job.status === 'running' ? h.t('job.running', { p: job.progress }) : h.t('job.pending')}
      </p>
      <dl>
        ${r.bandwidthId ? html`<dt>${h.t('bandwidthId')}</dt><dd>${r.bandwidthId}</dd>` : nothing}
        ${b ? html`<dt>${h.t('name')}</dt><dd>${b.name}</dd><dt>${h.t('sizeMbps')}</dt><dd>${h.t('sizeValue', { n: b.sizeMbps })}</dd>` : nothing}
        ${r.jobId ? html`<dt>${h.t('jobId')}</dt><dd>${r.jobId}</dd>` : nothing}
      </dl>
      ${orderId ? this.orderPanel(orderId) : nothing}
      ${done ? startAgain : nothing}
    </div>`;
  }

  // ---- orders ------------------------------------------------------------------------------------------------

  /** Starts following an order this widget placed (once per order) and says so with `bwkit-order-placed`. */
  follow(orderId: string, op: QuoteOperation, resourceId?: string, sizeMbps?: number): void {
    if (this.#orders.has(orderId)) return;
    this.#orders.set(orderId, {
      op,
      keys: {},
      live: new Live(),
      ...(resourceId && sizeMbps ? { changes: { id: resourceId, sizeMbps } } : {}),
    });
    this.h.emit('bwkit-order-placed', { orderId, operation: op, ...(resourceId ? { resourceId } : {}) });
    void this.#poll(orderId);
  }

  /** Back on the page: follow the orders still open again. */
  resume(): void {
    this.#resumeApproval();
    for (const [id, t] of this.#orders) if (!t.stopped && !FINAL.includes(t.order?.status ?? '')) void this.#poll(id);
  }

  /** The form starts again: the old orders are no longer shown, and the lists are asked again (sizes, orders waiting). */
  forget(): void {
    clearTimeout(this.#approvalTimer);
    this.#jobLive?.stop();
    this.#jobLive = undefined;
    for (const t of this.#orders.values()) t.live.stop();
    this.approval = undefined;
    this.capProblem = undefined;
    for (const t of this.#orders.values()) clearTimeout(t.timer);
    this.#orders.clear();
    this.#lists.clear();
  }

  async #poll(id: string): Promise<void> {
    const t = this.#orders.get(id);
    if (!t) return;
    clearTimeout(t.timer);
    if (!this.h.isConnected || t.live.on) return;
    if (t.live.due) {
      const path = `/v1/orders/${encodeURIComponent(id)}`;
      const seen = (o: Order) => {
        if (this.#orders.get(id) !== t) return true;
        this.#update(id, t, o);
        return FINAL.includes(o.status);
      };
      const end = await this.#stream(
        `${path}/events`,
        t.live,
        (o) => seen(o as Order),
        async () => seen(await this.h.client.call<Order>(path)),
      );
      if (end === 'final' || FINAL.includes(t.order?.status ?? '') || this.#orders.get(id) !== t || !this.h.isConnected)
        return;
      t.live.ended(end);
    }
    try {
      this.#update(id, t, await this.h.client.call<Order>(`/v1/orders/${encodeURIComponent(id)}`));
    } catch (e) {
      // A refused token or an order the gateway does not know ends the follow-up; anything else is tried again.
      if (isProblem(e) && [401, 403, 404].includes(e.status)) {
        t.stopped = true;
        this.h.requestUpdate();
        return;
      }
    }
    if (this.#orders.get(id) !== t || FINAL.includes(t.order?.status ?? '')) return;
    // Waiting for a person to pay is slow; processing after a payment is quick.
    t.timer = setTimeout(() => void this.#poll(id), t.order?.status === 'pending_payment' ? 4000 : 1500);
  }

  #update(id: string, t: Track, o: Order): void {
    const before = t.order?.status;
    t.order = o;
    if (before !== o.status) {
      // A completed change order has been applied: the lists this widget holds say the new size from now on (the
      // gateway's own list cache may answer the old one for a few more seconds).
      if (o.status === 'completed' && t.changes) {
        for (const l of this.#lists.values())
          for (const b of l.items as Partial<WorkspaceBandwidth>[])
            if (b.id === t.changes.id) Object.assign(b, { sizeMbps: t.changes.sizeMbps, pendingOrder: false });
      }
      if (o.status === 'completed') this.h.emit('bwkit-order-completed', o);
      if (o.status === 'cancelled') this.h.emit('bwkit-order-cancelled', o);
    }
    void id;
    this.h.requestUpdate();
  }

  async #act(id: string, what: 'pay' | 'cancel'): Promise<void> {
    const t = this.#orders.get(id);
    if (!t || t.busy) return;
    t.busy = true;
    this.h.problem = undefined;
    this.h.requestUpdate();
    const key = (t.keys[what] ??= newIdempotencyKey());
    try {
      const o = await this.h.client.call<Order>(`/v1/orders/${encodeURIComponent(id)}/${what}`, {}, key);
      delete t.keys[what];
      if (what === 'pay') this.h.emit('bwkit-order-paid', o);
      this.#update(id, t, o);
    } catch (e) {
      const p: BwkitProblem = Problem.from(e);
      // A definite refusal (a low balance, an order that moved on) frees the key: the next try is a new request.
      if (p.status > 0 && p.status < 500) delete t.keys[what];
      this.h.problem = p;
      this.h.emit('bwkit-error', p);
    }
    t.busy = false;
    void this.#poll(id);
  }

  /** The order's status, Pay / Cancel where the tenant and the token allow, else the Billing Center link. */
  orderPanel(id: string): TemplateResult {
    const t = this.#orders.get(id);
    const o = t?.order;
    const h = this.h;
    const status = o?.status;
    const open = status === 'pending_payment';
    const mayAct = this.#scopes().includes('order:pay');
    const cfg = this.h.config?.orders ?? { allowPay: false };
    // Paying here needs the tenant's consent (orders.allowPay) and the order:pay scope; else the billing center.
    const payHere = cfg.allowPay === true && mayAct;
    const canPay = open && payHere && !!o?.canPay;
    const canCancel = open && !!o?.canCancel && mayAct;
    const billingUrl = o?.billingUrl ?? cfg.billingUrl;
    return html`<div part="order" class="order">
      <dl>
        <dt>${h.t('orderId')}</dt>
        <dd>${id}</dd>
        <dt>${this.t('orderStatus')}</dt>
        <dd><span role="status">${status ? this.t(`os.${status}` as PKey) : h.t('loading')}</span></dd>
        ${
          o?.amount !== undefined && o.currency
            ? html`<dt>${this.t('amount')}</dt><dd>${this.#money(o.amount, o.currency)}</dd>`
            : nothing
        }
      </dl>
      ${status === 'completed' ? html`<p class="done">${this.t('order.completed')}</p>` : nothing}
      ${status === 'cancelled' ? html`<p>${this.t('order.cancelled')}</p>` : nothing}
      ${open || !o ? html`<p class="notice">${this.t(`note.${t?.op ?? h.operation()}` as PKey)}</p>` : nothing}
      ${
        (open || !o) && !(payHere && (!o || o.canPay))
          ? html`<p>${
              billingUrl
                ? html`<a part="billing-link" href=${billingUrl} target="_blank" rel="noopener noreferrer">${this.t('payElsewhere')}</a>`
                : this.t('payElsewhere')
            }</p>`
          : nothing
      }
      ${
        canPay || canCancel
          ? html`<div class="actions">
            ${
              canPay
                ? html`<button part="pay" type="button" ?disabled=${t?.busy} @click=${() => void this.#act(id, 'pay')}>${this.t('pay')}</button>`
                : nothing
            }
            ${
              canCancel
                ? html`<button part="cancel" type="button" ?disabled=${t?.busy} @click=${() => void this.#act(id, 'cancel')}>${this.t('cancel')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
    </div>`;
  }
}

export type { Values };
