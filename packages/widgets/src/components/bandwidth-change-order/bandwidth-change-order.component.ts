import {
  type ChangeOrderCreated,
  type RuleContext,
  type Validation,
  validateBandwidthId,
  validateChangeWorkspaceBandwidth,
} from '@bwkit/contracts';
import { html, nothing, type TemplateResult } from 'lit';
import { BwkitForm, type FormItem, type Values } from '../../internal/form.js';
import { styles } from './bandwidth-change-order.styles.js';

/**
 * Places an order to change a yearly/monthly Workspace bandwidth — the one named by `bandwidth-id`, or one the user
 * picks from the tenant's list: new size (the current one is refused), optional new name, and whether to pay from the
 * account balance at once. Then it follows the order: its status, Pay / Cancel where allowed, else a link to the
 * tenant's billing center, until completed or cancelled.
 *
 * @summary Change a Workspace bandwidth (size, name) with a billing order.
 * @customElement bandwidth-change-order
 *
 * @attr {string} bandwidth-id - The Workspace bandwidth to change (its name and current size are shown); without it the user picks one of the tenant's yearly/monthly bandwidths.
 * @attr {string} api - BFF base URL (default: the origin the script was loaded from).
 * @attr {string} locale - `en` or `zh-CN` (default: the nearest ancestor's `lang`).
 * @attr {string} region - The region the bandwidth lives in (default: the tenant's default region).
 * @attr {string} token - Widget token for simple pages (prefer the `fetchToken` property).
 * @attr {'off'} review - `off` skips the review of what will be bought (for portals with their own).
 *
 * @event {CustomEvent<BwkitReadyDetail>} bwkit-ready - The tenant config loaded; the form is shown.
 * @event {CustomEvent<BwkitChangeDetail>} bwkit-change - A value changed: `{valid, values}`.
 * @event {CustomEvent<BwkitSubmitDetail>} bwkit-submit - Valid values are about to be sent, after the review (cancelable): `{values, idempotencyKey, quote?}`.
 * @event {CustomEvent<ChangeOrderCreated>} bwkit-success - The order was placed: `{orderId, paymentRequired}`.
 * @event {CustomEvent<BwkitProblem>} bwkit-error - A call failed, or the element is set up wrong: a `BwkitProblem` (an `Error`: `{status, code, detail?, fields?, upstream?, requestId?, retryAfter?}`, `message` for developers). Setup codes: `token_missing` (no `token` / `fetchToken`), `attribute_invalid`, `scope_missing` (said on load), `network_error` on load (also a blocked origin).
 * @event {CustomEvent<BwkitProblem>} bwkit-loaderror - The tenant config could not be loaded (sent after `bwkit-error`); the element offers Try again.
 * @event {CustomEvent<BwkitFocusDetail>} bwkit-focus - Focus entered the element: `{field}` (the field's path, or null).
 * @event {CustomEvent<BwkitFocusDetail>} bwkit-blur - Focus left the element: `{field}` (the field it left, or null).
 * @event {CustomEvent<OrderPlacedDetail>} bwkit-order-placed - An order was placed: `{orderId, operation, resourceId?}`; it is followed from now on.
 * @event {CustomEvent<Order>} bwkit-order-paid - The order was paid from the widget.
 * @event {CustomEvent<Order>} bwkit-order-cancelled - The order was cancelled (here or elsewhere).
 * @event {CustomEvent<Order>} bwkit-order-completed - The order completed (paid and applied).
 * @event {CustomEvent<Approval>} bwkit-approval-pending - The tenant's policy holds the purchase for an approver (the BFF answered 202): `{id, state, operation, values, quote?, reasons, requestedBy, requestedAt, expiresAt}`; "Waiting for approval" is shown and the approval followed.
 * @event {CustomEvent<Approval>} bwkit-approval-decided - The approval was decided or expired: `approved` (the purchase's `bwkit-success` follows), `failed` (`bwkit-error` follows), `rejected` (with `reason`), `expired`.
 *
 * @csspart form - The form.
 * @csspart field - Each field's wrapper.
 * @csspart label - Each field's label.
 * @csspart input - Each input.
 * @csspart hint - The rule shown under each field.
 * @csspart error - Each field's error text.
 * @csspart alert - The form-level error region (role="alert").
 * @csspart policy-hint - The tenant policy's limit under a field.
 * @csspart policy - The spending limit and approval rules above the price.
 * @csspart spend-cap - A purchase over the monthly spending limit: the limit, the month's spend and its price.
 * @csspart approval - "Waiting for approval" (its `data-state`: pending, approving, rejected, expired).
 * @csspart submit - The submit button.
 * @csspart result - The outcome shown after success.
 * @csspart skeleton - The loading placeholder, about the form's size, shown until the config arrives.
 * @csspart price - The live price line (role="status").
 * @csspart review - The review of what will be bought, with Back and Buy / Place order.
 * @csspart checking - "Checking whether your order went through…" after an unknown outcome.
 * @csspart listbox - A picker's list of options (role="listbox").
 * @csspart order - The order's status panel.
 * @csspart pay - The Pay now button (tenant allows paying here, token has order:pay).
 * @csspart cancel - The Cancel order button (token has order:pay).
 * @csspart billing-link - The link to the tenant's billing center, where paying here is not allowed.
 *
 * @cssprop --bwkit-color-primary - Submit button and accents.
 * @cssprop --bwkit-color-text - Text.
 * @cssprop --bwkit-color-background - Background.
 * @cssprop --bwkit-color-danger - Errors.
 * @cssprop --bwkit-radius - Corner radius.
 * @cssprop --bwkit-font-family - Font.
 * @cssprop --bwkit-spacing - Space between fields.
 */
export class BandwidthChangeOrder extends BwkitForm<ChangeOrderCreated> {
  static override styles = [BwkitForm.styles, styles];
  // Merged with BwkitForm's by Lit.
  static override properties = { bandwidthId: { attribute: 'bandwidth-id' } };

  /** The Workspace bandwidth to change; without it the user picks one of the tenant's yearly/monthly bandwidths. */
  declare bandwidthId: string | null;
  /** The bandwidth the last order was sent for: the result names it, whatever `bandwidth-id` says later. */
  #sentFor: string | undefined;

  /** The bandwidth being changed: the attribute's, else the one picked. */
  get #subject(): string | undefined {
    return this.bandwidthId || this.str('bandwidthId');
  }

  protected override validate(input: unknown, ctx: RuleContext): Validation<unknown> {
    const v = validateChangeWorkspaceBandwidth(input, ctx);
    const issues = [
      validateBandwidthId(this.#subject),
      ...(v.ok ? [] : v.issues),
      // Ordering the size it has today would place an order that changes nothing.
      this.x.sameSize((input as { sizeMbps?: unknown }).sizeMbps, this.#subject),
    ].filter((i) => i !== undefined);
    return issues.length ? { ok: false, issues } : v;
  }

  protected override skeletonFields(): number {
    return this.bandwidthId ? 3 : 4;
  }

  protected override endpoint(): string {
    this.#sentFor = this.#subject;
    return `/v1/workspace-bandwidths/${encodeURIComponent(this.#subject ?? '')}/change-orders`;
  }

  override operation() {
    return 'changeWorkspaceBandwidth' as const;
  }

  override quoteValues(): Record<string, unknown> {
    return { ...this.request(), bandwidthId: this.#subject };
  }

  protected override submitLabel() {
    return 'placeOrder' as const;
  }

  protected override initialValues(): Values {
    return { bandwidthId: '', sizeMbps: '', name: '', autoPay: false };
  }

  protected override request(): Record<string, unknown> {
    return {
      sizeMbps: this.num('sizeMbps'),
      name: this.str('name'),
      autoPay: this.values.autoPay === true,
      // The region the bandwidth lives in (the BFF's default region when absent).
      region: this.region || undefined,
    };
  }

  protected override fields(): FormItem[] {
    const ws = this.config!.limits.workspaceBandwidth;
    const subject: FormItem = this.x.bandwidthField(this.bandwidthId, validateBandwidthId(this.bandwidthId));
    return [
      subject,
      {
        path: 'sizeMbps',
        kind: 'number',
        label: 'newSize',
        hint: this.hint('workspace.size', { min: ws.minMbps, max: ws.maxMbps }),
        min: ws.minMbps,
        max: ws.maxMbps,
      },
      { path: 'name', label: 'newName', optional: true, hint: this.hint('workspace.name', { max: ws.nameMaxLength }) },
      { path: 'autoPay', kind: 'check', hint: this.hint('workspace.autoPay') },
    ];
  }

  protected override async accepted(res: unknown): Promise<void> {
    const r = res as ChangeOrderCreated;
    const size = this.num('sizeMbps'); // the size just ordered (the form keeps its values under the result)
    this.x.follow(r.orderId, 'changeWorkspaceBandwidth', this.#sentFor, typeof size === 'number' ? size : undefined);
    return super.accepted(res);
  }

  protected override renderResult(r: ChangeOrderCreated): TemplateResult {
    return this.done(
      'orderPlaced',
      [['bandwidth', this.x.bandwidthLabel(this.#sentFor)]],
      html`${r.paymentRequired ? nothing : html`<p>${this.t('paidAuto')}</p>`}${this.x.orderPanel(r.orderId)}`,
    );
  }
}
