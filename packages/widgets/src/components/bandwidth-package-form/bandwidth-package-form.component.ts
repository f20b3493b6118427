import {
  type AreaId,
  type BandwidthPackageCreated,
  deriveSpecCode,
  type FieldIssue,
  isPrepaidBillingMode,
  type PeriodType,
  type RuleContext,
  specCodeSoldOn,
  type TenantConfigView,
  validateCreateBandwidthPackage,
} from '@bwkit/contracts';
import { html, nothing, type TemplateResult } from 'lit';
import { BwkitForm, type FormItem, type Values } from '../../internal/form.js';
import { styles } from './bandwidth-package-form.styles.js';

type Config = TenantConfigView;

/**
 * Creates a Cloud Connect bandwidth package: name, description, the two areas (their specification code shown
 * live, or why there is none on this site), one of the site's billing modes, size, applicability and — only for
 * yearly/monthly billing — the subscription period, and optionally the cloud connection to bind it to. A yearly/monthly
 * package's order is then followed (status, Pay / Cancel where allowed, else the billing center link).
 *
 * @summary Create a Cloud Connect bandwidth package.
 * @customElement bandwidth-package-form
 *
 * @attr {string} api - BFF base URL (default: the origin the script was loaded from).
 * @attr {string} locale - `en` or `zh-CN` (default: the nearest ancestor's `lang`).
 * @attr {string} token - Widget token for simple pages (prefer the `fetchToken` property).
 * @attr {'off'} review - `off` skips the review of what will be bought (for portals with their own).
 *
 * @event {CustomEvent<BwkitReadyDetail>} bwkit-ready - The tenant config loaded; the form is shown.
 * @event {CustomEvent<BwkitChangeDetail>} bwkit-change - A value changed: `{valid, values}`.
 * @event {CustomEvent<BwkitSubmitDetail>} bwkit-submit - Valid values are about to be sent, after the review (cancelable): `{values, idempotencyKey, quote?}`.
 * @event {CustomEvent<BandwidthPackageCreated>} bwkit-success - Created: `{bandwidthPackage: {id, specCode, …}, orderId?}`.
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
 * @csspart input - Each input, select and textarea.
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
export class BandwidthPackageForm extends BwkitForm<BandwidthPackageCreated> {
  static override styles = [BwkitForm.styles, styles];

  protected override validate(input: unknown, ctx: RuleContext) {
    return validateCreateBandwidthPackage(input, ctx);
  }

  protected override skeletonFields(): number {
    return 9;
  }

  protected override endpoint(): string {
    return '/v1/bandwidth-packages';
  }

  protected override submitLabel() {
    return 'createPackage' as const;
  }

  override operation() {
    return 'createBandwidthPackage' as const;
  }

  /** Yearly/monthly billing: the subscription period is asked for. */
  get #prepaid(): boolean {
    return isPrepaidBillingMode(Number(this.values.billingMode));
  }

  protected override initialValues(config: Config): Values {
    const { areas, billingModes, interflowModes, periodTypes } = config.enums;
    const local = areas[0] ?? '';
    // The first other area this site sells a package to (the validator's own spec-code table decides).
    const remote =
      areas.find((a) => {
        const code = a !== local && deriveSpecCode(local as AreaId, a);
        return code && specCodeSoldOn(code, config.site);
      }) ?? local;
    return {
      name: '',
      description: '',
      localArea: local,
      remoteArea: remote,
      billingMode: String(billingModes[0]?.mode ?? ''),
      sizeMbps: '',
      interflowMode: interflowModes[0] ?? '',
      'prepaid.periodType': periodTypes[0] ?? 'month',
      'prepaid.periodCount': '1',
      'prepaid.autoRenew': false,
      'prepaid.autoPay': false,
      resourceId: '',
    };
  }

  protected override request(): Record<string, unknown> {
    const v = this.values;
    return {
      name: this.str('name'),
      description: this.str('description'),
      localArea: v.localArea,
      remoteArea: v.remoteArea,
      billingMode: Number(v.billingMode),
      sizeMbps: this.num('sizeMbps'),
      interflowMode: this.str('interflowMode'),
      // Bound to a cloud connection only when one is chosen.
      resourceId: this.str('resourceId'),
      resourceType: this.str('resourceId') ? 'cloud_connection' : undefined,
      prepaid: this.#prepaid
        ? {
            periodType: v['prepaid.periodType'],
            periodCount: this.num('prepaid.periodCount'),
            autoRenew: v['prepaid.autoRenew'] === true,
            autoPay: v['prepaid.autoPay'] === true,
          }
        : undefined,
    };
  }

  /** The live specification code row: the code, or why this pair cannot be bought here (as the validator says). */
  #spec(): TemplateResult {
    const local = this.values.localArea as AreaId;
    const remote = this.values.remoteArea as AreaId;
    const code = deriveSpecCode(local, remote);
    const issue: FieldIssue | undefined =
      code === undefined
        ? { path: 'remoteArea', code: 'spec_code_unavailable', message: '', params: { local, remote } }
        : specCodeSoldOn(code, this.config!.site)
          ? undefined
          : {
              path: 'remoteArea',
              code: 'spec_code_not_on_site',
              message: '',
              params: { local, remote, specCode: code },
            };
    return html`<div class="spec ${issue ? 'bad' : ''}" part="field">
      <span part="label" id="spec-label">${this.t('specCode')}</span>
      <output id="spec" aria-labelledby="spec-label" aria-live="polite">${issue ? this.issueText(issue) : code}</output>
    </div>`;
  }

  protected override fields(): FormItem[] {
    const { enums, limits } = this.config!;
    const areas = this.choices(enums.areas, 'area.');
    const periodType = String(this.values['prepaid.periodType']) as PeriodType;
    const range = enums.periodRanges[periodType] ?? enums.periodRanges.month;
    const prepaid = this.#prepaid;
    return [
      { path: 'name', hint: this.hint('package.name') },
      { path: 'description', kind: 'textarea', optional: true, hint: this.hint('package.description') },
      {
        row: [
          { path: 'localArea', kind: 'select', hint: this.hint('package.areas'), options: areas, describe: 'spec' },
          { path: 'remoteArea', kind: 'select', options: areas, describe: 'spec', quiet: true },
        ],
      },
      this.#spec(),
      {
        path: 'billingMode',
        kind: 'radio',
        hint: this.hint('package.billingMode'),
        options: enums.billingModes.map((m) => ({ value: String(m.mode), label: this.t(`kind.${m.kind}`) })),
      },
      prepaid && {
        row: [
          { path: 'prepaid.periodType', kind: 'select', options: this.choices(enums.periodTypes, 'pt.') },
          {
            path: 'prepaid.periodCount',
            kind: 'number',
            hint: this.hint(`package.periodCount.${periodType}`, { min: range.min, max: range.max }),
            min: range.min,
            max: range.max,
          },
        ],
      },
      prepaid && { path: 'prepaid.autoRenew', kind: 'check' },
      prepaid && { path: 'prepaid.autoPay', kind: 'check' },
      {
        path: 'sizeMbps',
        kind: 'number',
        hint: this.hint('package.size', { min: limits.bandwidthPackage.minMbps, max: limits.bandwidthPackage.maxMbps }),
        min: limits.bandwidthPackage.minMbps,
        max: limits.bandwidthPackage.maxMbps,
      },
      { path: 'interflowMode', kind: 'select', options: this.choices(enums.interflowModes, 'if.') },
      this.x.bindingField(),
    ];
  }

  protected override async accepted(res: unknown): Promise<void> {
    const r = res as BandwidthPackageCreated;
    if (r.orderId) this.x.follow(r.orderId, 'createBandwidthPackage', r.bandwidthPackage.id);
    return super.accepted(res);
  }

  protected override renderResult(r: BandwidthPackageCreated): TemplateResult {
    const p = r.bandwidthPackage;
    return this.done(
      'packageCreated',
      [
        ['packageId', p.id],
        ['specCode', p.specCode],
      ],
      // A yearly/monthly package places an order: followed here (pay, cancel, completed).
      r.orderId ? this.x.orderPanel(r.orderId) : nothing,
    );
  }
}
