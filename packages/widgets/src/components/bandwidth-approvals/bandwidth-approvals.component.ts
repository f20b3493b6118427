import { type Approval, type ApprovalPage, interpolate } from '@bwkit/contracts';
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { BffClient, BwkitProblem, newIdempotencyKey } from '../../internal/client.js';
import { formStyles } from '../../internal/form.styles.js';
import { inheritedLang, type Locale, loadTexts, textsOf, toLocale } from '../../internal/i18n.js';
import { baseStyles } from '../../internal/styles.js';
import { TokenController } from '../../internal/token-controller.js';
import { APPROVALS_EN, type ApprovalsKey } from './approvals-en.js';
import { styles } from './bandwidth-approvals.styles.js';

/** Where the script was loaded from: the default BFF origin. */
const SCRIPT_ORIGIN = (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return '';
  }
})();

/** How often the list is asked again while the element is on the page. */
const REFRESH_MS = 15_000;

/** One decision being made: its Idempotency-Key is kept until the answer is known, so a retry is the same decision. */
interface Decision {
  what: 'approve' | 'reject';
  key: string;
}

/**
 * The purchases of the tenant's users that wait for an approver (tenant policy), for a user whose widget token has the
 * `approval:decide` scope: each with its operation, values, price, requester and age, and Approve / Reject (a reason is
 * required to reject; the requester sees it). Each decision is sent with its own Idempotency-Key (a retry after a lost
 * answer is the same decision); the list is asked again every 15 s and after each decision. An approved purchase runs
 * at once (exactly once) at the gateway; its outcome is shown here and sent as `bwkit-approval-decided`.
 *
 * @summary Approve or reject purchases held for approval.
 * @customElement bandwidth-approvals
 *
 * @attr {string} api - BFF base URL (default: the origin the script was loaded from).
 * @attr {string} locale - `en`, `zh-CN`, `es`, `pt-BR` or `ar` (default: the nearest ancestor's `lang`).
 * @attr {string} token - Widget token for simple pages (prefer the `fetchToken` property); needs the `approval:decide` scope.
 *
 * @event {CustomEvent<Approval>} bwkit-approval-decided - A decision was made here: the approval as the gateway answered (`approved` with `result`, `failed` with `problem`, `rejected` with `reason`).
 * @event {CustomEvent<BwkitProblem>} bwkit-error - Loading the list or a decision failed: a `BwkitProblem`.
 *
 * @csspart list - The list of pending requests.
 * @csspart item - One request.
 * @csspart approve - Its Approve button.
 * @csspart reject - Its Reject button (then the reason and Reject with this reason).
 * @csspart reason - The reason field of a rejection.
 * @csspart decided - What was decided here last.
 * @csspart alert - The error region (role="alert").
 *
 * @cssprop --bwkit-color-primary - Buttons and accents.
 * @cssprop --bwkit-color-text - Text.
 * @cssprop --bwkit-color-background - Background.
 * @cssprop --bwkit-color-danger - Errors.
 * @cssprop --bwkit-radius - Corner radius.
 * @cssprop --bwkit-font-family - Font.
 * @cssprop --bwkit-spacing - Space between items.
 */
export class BandwidthApprovals extends LitElement {
  static override styles = [baseStyles, formStyles, styles];

  static override properties: PropertyDeclarations = {
    api: {},
    locale: {},
    token: {},
    fetchToken: { attribute: false },
    items: { attribute: false },
    problem: { attribute: false },
  };

  /** BFF base URL; default: the origin this script was loaded from. */
  declare api: string | null;
  /** The locale; default: the nearest ancestor's `lang`, else English. */
  declare locale: string | null;
  /**
   * A widget token with the `approval:decide` scope: the attribute, for simple pages, or this property set to the
   * token or to a `Promise<string>` of it (an inline script can start minting it before the bundle has loaded).
   */
  declare token: string | Promise<string> | null;
  /** Returns a fresh widget token; called on load and again when the BFF says the token expired. */
  declare fetchToken: (() => Promise<string>) | undefined;
  /** @internal The pending requests (undefined while the first list loads). */
  declare items: Approval[] | undefined;
  /** @internal */
  declare problem: BwkitProblem | undefined;

  /** @internal The `token` attribute or `fetchToken`, asked again once on 401. */
  readonly tokens = new TokenController(this);
  /** @internal */
  readonly client = new BffClient(this, this.tokens);
  #decisions = new Map<string, Decision>();
  #rejecting: string | undefined;
  #reasonMissing = false;
  #last: { key: ApprovalsKey; a: Approval } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get apiBase(): string {
    return this.api || SCRIPT_ORIGIN;
  }

  get #locale(): Locale {
    return toLocale(this.locale) ?? toLocale(inheritedLang(this)) ?? 'en';
  }

  #t(key: ApprovalsKey, params?: Record<string, string | number>): string {
    const x = textsOf(this.#locale) ?? textsOf('en')!;
    return interpolate(x.p?.[key] ?? APPROVALS_EN[key], params, x.n);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Pages set `fetchToken` just after attaching: look a task later.
    this.#schedule(0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), ms);
  }

  /** Asks the gateway for the pending requests again (also every 15 s while on the page). */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.isConnected || (!this.token && !this.fetchToken)) return;
    try {
      const [page] = await Promise.all([
        this.client.call<ApprovalPage>('/v1/approvals?state=pending&limit=100'),
        loadTexts(this.#locale),
      ]);
      this.items = page.items;
      if (this.problem?.code !== 'approval_not_pending') this.problem = undefined;
    } catch (e) {
      this.#fail(e);
    }
    this.#schedule(REFRESH_MS);
  }

  #fail(e: unknown): void {
    const p = BwkitProblem.from(e);
    this.problem = p;
    this.dispatchEvent(new CustomEvent('bwkit-error', { detail: p, bubbles: true, composed: true }));
  }

  async #decide(a: Approval, what: 'approve' | 'reject'): Promise<void> {
    let reason: string | undefined;
    if (what === 'reject') {
      if (this.#rejecting !== a.id) {
        this.#rejecting = a.id;
        this.#reasonMissing = false;
        this.requestUpdate();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLTextAreaElement>('[part~=reason]')?.focus();
        return;
      }
      reason = this.renderRoot.querySelector<HTMLTextAreaElement>('[part~=reason]')?.value.trim();
      this.#reasonMissing = !reason;
      if (!reason) {
        this.requestUpdate();
        return;
      }
    }
    let d = this.#decisions.get(a.id);
    if (!d || d.what !== what) this.#decisions.set(a.id, (d = { what, key: newIdempotencyKey() }));
    this.requestUpdate();
    try {
      const { approval } = await this.client.call<{ approval: Approval }>(
        `/v1/approvals/${encodeURIComponent(a.id)}/${what}`,
        reason ? { reason } : {},
        d.key,
      );
      this.#decisions.delete(a.id);
      this.#rejecting = undefined;
      this.problem = undefined;
      this.#last = {
        key:
          approval.state === 'rejected' ? 'apl.rejected' : approval.state === 'failed' ? 'apl.failed' : 'apl.approved',
        a: approval,
      };
      this.items = this.items?.filter((x) => x.id !== a.id);
      this.dispatchEvent(
        new CustomEvent('bwkit-approval-decided', { detail: approval, bubbles: true, composed: true }),
      );
    } catch (e) {
      const p = BwkitProblem.from(e);
      // A definite refusal frees the key; an unknown outcome keeps it, so the next click is the same decision.
      if (p.status > 0 && p.status < 500) this.#decisions.delete(a.id);
      this.#fail(p);
      if (p.code === 'approval_not_pending') this.items = this.items?.filter((x) => x.id !== a.id);
    }
    void this.refresh();
  }

  #money(amount: number, currency: string): string {
    try {
      return new Intl.NumberFormat(this.#locale, { style: 'currency', currency }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  }

  #age(iso: string): string {
    const min = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
    const f = new Intl.RelativeTimeFormat(this.#locale, { numeric: 'auto', style: 'long' });
    return min < 60
      ? f.format(-min, 'minute')
      : min < 2880
        ? f.format(-Math.round(min / 60), 'hour')
        : f.format(-Math.round(min / 1440), 'day');
  }

  #values(a: Approval): string {
    const v = {
      ...a.values,
      ...(a.params ?? {}),
      ...(a.region && !('region' in a.values) ? { region: a.region } : {}),
    };
    return Object.entries(v)
      .filter(([, x]) => x !== undefined && x !== '' && typeof x !== 'object')
      .map(([k, x]) => `${k}: ${k === 'sizeMbps' ? `${x} Mbit/s` : String(x)}`)
      .join(' · ');
  }

  #item(a: Approval): TemplateResult {
    const t = (k: ApprovalsKey) => this.#t(k);
    const busy = this.#decisions.has(a.id);
    const rejecting = this.#rejecting === a.id;
    const price = a.quote?.available ? this.#money(a.quote.amount, a.quote.currency) : t('apl.noPrice');
    const why = a.reasons
      .map((r) => (`apl.why.${r}` in APPROVALS_EN ? t(`apl.why.${r}` as ApprovalsKey) : r))
      .join('; ');
    return html`<li part="item" data-id=${a.id} aria-labelledby="t-${a.id}">
      <h3 id="t-${a.id}">${t(`apl.op.${a.operation}` as ApprovalsKey)}</h3>
      <dl>
        <dt>${t('apl.values')}</dt><dd>${this.#values(a)}</dd>
        <dt>${t('apl.price')}</dt><dd>${price}</dd>
        <dt>${t('apl.requestedBy')}</dt><dd>${a.requestedBy}</dd>
        <dt>${t('apl.age')}</dt><dd><time datetime=${a.requestedAt}>${this.#age(a.requestedAt)}</time></dd>
        ${why ? html`<dt>${t('apl.why')}</dt><dd>${why}</dd>` : nothing}
      </dl>
      ${
        rejecting
          ? html`<div class="field">
            <label part="label" for="r-${a.id}">${t('apl.reason')}</label>
            <textarea part="reason input" class="control" id="r-${a.id}" rows="2" maxlength="500" required
              aria-invalid=${this.#reasonMissing ? 'true' : 'false'} aria-describedby="re-${a.id}"></textarea>
            <div part="error" id="re-${a.id}">${this.#reasonMissing ? t('apl.reasonMissing') : nothing}</div>
          </div>`
          : nothing
      }
      <div class="actions">
        ${
          rejecting
            ? html`<button part="reject" type="button" ?disabled=${busy} @click=${() => void this.#decide(a, 'reject')}>${t('apl.confirmReject')}</button>
              <button type="button" ?disabled=${busy} @click=${() => {
                this.#rejecting = undefined;
                this.requestUpdate();
              }}>${t('apl.cancel')}</button>`
            : html`<button part="approve submit" type="button" ?disabled=${busy} @click=${() => void this.#decide(a, 'approve')}>${t('apl.approve')}</button>
              <button part="reject" type="button" ?disabled=${busy} @click=${() => void this.#decide(a, 'reject')}>${t('apl.reject')}</button>`
        }
      </div>
    </li>`;
  }

  #problemText(p: BwkitProblem): string {
    if (p.code === 'approval_not_pending') return this.#t('apl.gone');
    if (p.code === 'scope_missing' || p.status === 403) return this.#t('apl.scope');
    return this.#t('apl.error');
  }

  protected override render(): TemplateResult {
    const { items, problem } = this;
    const last = this.#last;
    const locale = this.#locale;
    return html`<div class="root" lang=${textsOf(locale) ? locale : 'en'}>
      <div class="actions">
        <strong>${this.#t('apl.title')}</strong>
        <button type="button" @click=${() => void this.refresh()}>${this.#t('apl.refresh')}</button>
      </div>
      ${
        last
          ? html`<p part="decided" role="status">${this.#t(last.key, { op: this.#t(`apl.op.${last.a.operation}` as ApprovalsKey), who: last.a.requestedBy })}${
              last.a.reason ? ` (${last.a.reason})` : ''
            }</p>`
          : nothing
      }
      ${
        items === undefined
          ? html`<p role="status">${this.#t('apl.loading')}</p>`
          : items.length
            ? html`<ul part="list">${items.map((a) => this.#item(a))}</ul>`
            : html`<p part="empty">${this.#t('apl.empty')}</p>`
      }
      <div part="alert" class="alert ${problem ? 'on' : ''}" role="alert">${problem ? this.#problemText(problem) : nothing}</div>
    </div>`;
  }
}
