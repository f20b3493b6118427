import { html, type TemplateResult } from 'lit';
import {
  validateBandwidthId,
  validateChangeWorkspaceBandwidth,
  type ChangeOrderCreated,
  type RuleContext,
  type Validation,
} from '@bwkit/contracts';
import { define } from '../../define.js';
import { BwkitForm, type FormItem, type Values } from '../../internal/form.js';
import { styles } from './bandwidth-change-order.styles.js';

/**
 * Places an order to change a yearly/monthly Workspace bandwidth: new size, optional new name, and whether to pay
 * from the account balance at once. On success it shows the order id and, when the order still has to be paid,
 * says to pay it in the Billing Center.
 *
 * @summary Change a Workspace bandwidth (size, name) with a billing order.
 * @customElement bandwidth-change-order
 *
 * @attr {string} bandwidth-id - The Workspace bandwidth to change.
 * @attr {string} api - BFF base URL (default: the origin the script was loaded from).
 * @attr {string} locale - `en` or `zh-CN` (default: the nearest ancestor's `lang`).
 * @attr {string} region - The region the bandwidth lives in (default: the tenant's default region).
 * @attr {string} token - Widget token for simple pages (prefer the `fetchToken` property).
 *
 * @event {CustomEvent<BwkitReadyDetail>} bwkit-ready - The tenant config loaded; the form is shown.
 * @event {CustomEvent<BwkitChangeDetail>} bwkit-change - A value changed: `{valid, values}`.
 * @event {CustomEvent<BwkitSubmitDetail>} bwkit-submit - Valid values are about to be sent (cancelable).
 * @event {CustomEvent<ChangeOrderCreated>} bwkit-success - The order was placed: `{orderId, paymentRequired}`.
 * @event {CustomEvent<BwkitProblem>} bwkit-error - A call failed: the problem (`{status, code, detail, fields?, upstream?}`).
 *
 * @csspart form - The form.
 * @csspart field - Each field's wrapper.
 * @csspart label - Each field's label.
 * @csspart input - Each input.
 * @csspart hint - The rule shown under each field.
 * @csspart error - Each field's error text.
 * @csspart alert - The form-level error region (role="alert").
 * @csspart submit - The submit button.
 * @csspart result - The outcome shown after success.
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

  /** The Workspace bandwidth to change. */
  declare bandwidthId: string | null;

  protected override validate(input: unknown, ctx: RuleContext): Validation<unknown> {
    const v = validateChangeWorkspaceBandwidth(input, ctx);
    const idIssue = validateBandwidthId(this.bandwidthId);
    return idIssue ? { ok: false, issues: [idIssue, ...(v.ok ? [] : v.issues)] } : v;
  }

  protected override endpoint(): string {
    return `/v1/workspace-bandwidths/${encodeURIComponent(this.bandwidthId ?? '')}/change-orders`;
  }

  protected override submitLabel() {
    return 'placeOrder' as const;
  }

  protected override initialValues(): Values {
    return { sizeMbps: '', name: '', autoPay: false };
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
    const idIssue = validateBandwidthId(this.bandwidthId);
    return [
      html`<div class="field subject" part="field">
        <span part="label">${this.t('bandwidth')}</span><code>${this.bandwidthId ?? '—'}</code>
        <div part="error">${idIssue ? this.issueText(idIssue) : ''}</div>
      </div>`,
      { path: 'sizeMbps', kind: 'number', label: 'newSize', hint: this.hint('workspace.size', { min: ws.minMbps, max: ws.maxMbps }) },
      { path: 'name', label: 'newName', optional: true, hint: this.hint('workspace.name', { max: ws.nameMaxLength }) },
      { path: 'autoPay', kind: 'check', hint: this.hint('workspace.autoPay') },
    ];
  }

  protected override renderResult(r: ChangeOrderCreated): TemplateResult {
    return this.done(
      'orderPlaced',
      [
        ['orderId', r.orderId],
        ['bandwidth', this.bandwidthId],
      ],
      r.paymentRequired ? html`<p class="notice">${this.t('payInBilling')}</p>` : html`<p>${this.t('paidAuto')}</p>`,
    );
  }
}

define('bandwidth-change-order', BandwidthChangeOrder);

declare global {
  interface HTMLElementTagNameMap {
    'bandwidth-change-order': BandwidthChangeOrder;
  }
}
