import { html, type TemplateResult } from 'lit';
import {
  hint,
  validateCreateBandwidthPackage,
  type AreaId,
  type BandwidthPackageCreated,
  type FieldIssue,
  type PeriodType,
  type RuleContext,
  type TenantConfigView,
} from '@bwkit/contracts';
import { define } from '../../define.js';
import { BwkitForm, type FormItem, type Values } from '../../internal/form.js';
import { localParams } from '../../internal/i18n.js';
import { styles } from './bandwidth-package-form.styles.js';

type Config = TenantConfigView;

/** The spec code of an area pair in the tenant's config (either order), and whether this site sells it. */
function specOf(config: Config, local: string, remote: string): { code?: string; onSite: boolean } {
  for (const [code, info] of Object.entries(config.enums.specCodes)) {
    const [a, b] = info!.areas;
    if ((a === local && b === remote) || (a === remote && b === local)) {
      return { code, onSite: info!.sites.includes(config.site) };
    }
  }
  return { onSite: false };
}

/**
 * Creates a Cloud Connect bandwidth package: name, description, the two areas (their specification code shown
 * live, or why there is none on this site), one of the site's billing modes, size, applicability and — only for
 * yearly/monthly billing — the subscription period.
 *
 * @summary Create a Cloud Connect bandwidth package.
 * @customElement bandwidth-package-form
 *
 * @attr {string} api - BFF base URL (default: the origin the script was loaded from).
 * @attr {string} locale - `en` or `zh-CN` (default: the nearest ancestor's `lang`).
 * @attr {string} token - Widget token for simple pages (prefer the `fetchToken` property).
 *
 * @event {CustomEvent<BwkitReadyDetail>} bwkit-ready - The tenant config loaded; the form is shown.
 * @event {CustomEvent<BwkitChangeDetail>} bwkit-change - A value changed: `{valid, values}`.
 * @event {CustomEvent<BwkitSubmitDetail>} bwkit-submit - Valid values are about to be sent (cancelable).
 * @event {CustomEvent<BandwidthPackageCreated>} bwkit-success - Created: `{bandwidthPackage: {id, specCode, …}, orderId?}`.
 * @event {CustomEvent<BwkitProblem>} bwkit-error - A call failed: the problem (`{status, code, detail, fields?, upstream?}`).
 *
 * @csspart form - The form.
 * @csspart field - Each field's wrapper.
 * @csspart label - Each field's label.
 * @csspart input - Each input, select and textarea.
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
export class BandwidthPackageForm extends BwkitForm<BandwidthPackageCreated> {
  static override styles = [BwkitForm.styles, styles];

  protected override validate(input: unknown, ctx: RuleContext) {
    return validateCreateBandwidthPackage(input, ctx);
  }

  protected override endpoint(): string {
    return '/v1/bandwidth-packages';
  }

  protected override submitLabel() {
    return 'createPackage' as const;
  }

  get #prepaid(): boolean {
    const mode = Number(this.values.billingMode);
    return this.config?.enums.billingModes.find((m) => m.mode === mode)?.kind === 'prepaid';
  }

  protected override initialValues(config: Config): Values {
    const { areas, billingModes, interflowModes, periodTypes } = config.enums;
    const local = areas[0] ?? '';
    const remote = areas.find((a) => a !== local && specOf(config, local, a).onSite) ?? local;
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

  /** The live specification code row: the code, or why this pair cannot be bought here. */
  #spec(): TemplateResult {
    const config = this.config!;
    const local = String(this.values.localArea) as AreaId;
    const remote = String(this.values.remoteArea) as AreaId;
    const { code, onSite } = specOf(config, local, remote);
    const issue: FieldIssue | undefined =
      code === undefined
        ? { path: 'remoteArea', code: 'spec_code_unavailable', message: '', params: { local, remote } }
        : onSite
          ? undefined
          : { path: 'remoteArea', code: 'spec_code_not_on_site', message: '', params: { local, remote, specCode: code } };
    return html`<div class="spec ${issue ? 'bad' : ''}" part="field">
      <span part="label" id="spec-label">${this.t('specCode')}</span>
      <output id="spec" aria-labelledby="spec-label" aria-live="polite">${issue ? this.issueText(issue) : code}</output>
    </div>`;
  }

  protected override fields(): FormItem[] {
    const l = this.currentLocale;
    const { enums, limits } = this.config!;
    const areas = enums.areas.map((a) => ({ value: a, label: this.t(`area.${a}`) }));
    const periodType = String(this.values['prepaid.periodType']) as PeriodType;
    const range = enums.periodRanges[periodType] ?? enums.periodRanges.month;
    const prepaid = this.#prepaid;
    return [
      { path: 'name', kind: 'text', label: this.t('name'), hint: hint('package.name', l) },
      {
        path: 'description',
        kind: 'textarea',
        label: this.t('description'),
        optional: true,
        hint: hint('package.description', l),
      },
      {
        row: [
          {
            path: 'localArea',
            kind: 'select',
            label: this.t('localArea'),
            hint: hint('package.areas', l),
            options: areas,
            describe: 'spec',
          },
          { path: 'remoteArea', kind: 'select', label: this.t('remoteArea'), options: areas, describe: 'spec', quiet: true },
        ],
      },
      this.#spec(),
      {
        path: 'billingMode',
        kind: 'radio',
        label: this.t('billingMode'),
        hint: hint('package.billingMode', l),
        options: enums.billingModes.map((m) => ({ value: String(m.mode), label: this.t(`kind.${m.kind}`) })),
      },
      prepaid && {
        row: [
          {
            path: 'prepaid.periodType',
            kind: 'select',
            label: this.t('periodType'),
            options: enums.periodTypes.map((p) => ({ value: p, label: this.t(`pt.${p}`) })),
          },
          {
            path: 'prepaid.periodCount',
            kind: 'number',
            label: this.t('periodCount'),
            hint: this.t(`ph.${periodType}`, { min: range.min, max: range.max }),
          },
        ],
      },
      prepaid && { path: 'prepaid.autoRenew', kind: 'check', label: this.t('autoRenew') },
      prepaid && { path: 'prepaid.autoPay', kind: 'check', label: this.t('autoPay') },
      {
        path: 'sizeMbps',
        kind: 'number',
        label: this.t('size'),
        hint: hint('package.size', l, localParams(l, { min: limits.bandwidthPackage.minMbps, max: limits.bandwidthPackage.maxMbps })),
      },
      {
        path: 'interflowMode',
        kind: 'select',
        label: this.t('interflowMode'),
        options: enums.interflowModes.map((m) => ({ value: m, label: this.t(`if.${m}`) })),
      },
    ];
  }

  protected override renderResult(r: BandwidthPackageCreated): TemplateResult {
    const p = r.bandwidthPackage;
    const unpaid = r.orderId && this.values['prepaid.autoPay'] !== true;
    return html`<div part="result" class="panel" tabindex="-1">
      <p class="done" role="status">${this.t('packageCreated')}</p>
      <dl>
        <dt>${this.t('packageId')}</dt>
        <dd>${p.id}</dd>
        <dt>${this.t('specCode')}</dt>
        <dd>${p.specCode}</dd>
        ${r.orderId ? html`<dt>${this.t('orderId')}</dt><dd>${r.orderId}</dd>` : ''}
      </dl>
      ${unpaid ? html`<p class="notice">${this.t('payInBilling')}</p>` : ''}
      <button type="button" @click=${() => this.restart()}>${this.t('startAgain')}</button>
    </div>`;
  }
}

define('bandwidth-package-form', BandwidthPackageForm);

declare global {
  interface HTMLElementTagNameMap {
    'bandwidth-package-form': BandwidthPackageForm;
  }
}
