import {
  type Job,
  type RuleContext,
  type SharedBandwidthCreated,
  sharedBandwidthSizeHint,
  type TenantConfigView,
  validateCreateSharedBandwidth,
  validateCreateWorkspaceBandwidth,
  type WorkspaceBandwidthAccepted,
} from '@bwkit/contracts';
import type { PropertyValues, TemplateResult } from 'lit';
import type { WorkspaceBandwidthCreated } from '../../internal/events.js';
import { BwkitForm, type FormItem, type Values } from '../../internal/form.js';
import { styles } from './bandwidth-create.styles.js';

type Result = (WorkspaceBandwidthCreated & { service: 'workspace' }) | (SharedBandwidthCreated & { service: 'vpc' });

/** How often a Workspace job is polled. */
const POLL_MS = 1000;

/**
 * Creates bandwidth: Workspace bandwidth (`service="workspace"`, the default: region, then a subnet searched in that
 * region's list or pasted, charge mode with the billing each means, size, name; then follows the asynchronous job with
 * a progress bar until the new bandwidth is known, and a yearly/monthly bandwidth's order) or VPC shared bandwidth
 * (`service="vpc"`: name, size on its step grid, region). The price shows live; submit first reviews the purchase.
 *
 * @summary Create Workspace bandwidth or VPC shared bandwidth.
 * @customElement bandwidth-create
 *
 * @attr {string} api - BFF base URL (default: the origin the script was loaded from).
 * @attr {string} locale - `en` or `zh-CN` (default: the nearest ancestor's `lang`).
 * @attr {string} region - Region to preselect.
 * @attr {string} token - Widget token for simple pages (prefer the `fetchToken` property).
 * @attr {'off'} review - `off` skips the review of what will be bought (for portals with their own).
 * @attr {'workspace'|'vpc'} service - Which bandwidth to create.
 *
 * @event {CustomEvent<BwkitReadyDetail>} bwkit-ready - The tenant config loaded; the form is shown.
 * @event {CustomEvent<BwkitChangeDetail>} bwkit-change - A value changed: `{valid, values}`.
 * @event {CustomEvent<BwkitSubmitDetail>} bwkit-submit - Valid values are about to be sent, after the review (cancelable): `{values, idempotencyKey, quote?}`.
 * @event {CustomEvent<BwkitSuccessDetail>} bwkit-success - Created: Workspace `{jobId, jobUrl, status, job, bandwidthId}` once the job succeeded; VPC `{bandwidth: {id, …}}`.
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
 * @event {CustomEvent<Job>} bwkit-job-progress - The Workspace job changed: `{jobId, status, progress, …}`.
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
 * @csspart progress - The job's progress bar (role="progressbar").
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
export class BandwidthCreate extends BwkitForm<Result> {
  static override styles = [BwkitForm.styles, styles];
  // Merged with BwkitForm's by Lit.
  static override properties = { service: {} };

  /** `workspace` (default) or `vpc`. */
  declare service: string | null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get #vpc(): boolean {
    return this.service === 'vpc';
  }

  protected override setupError(): string | undefined {
    const s = this.service;
    return s && s !== 'vpc' && s !== 'workspace'
      ? `unknown service="${s}": use "workspace" (the default) or "vpc".`
      : undefined;
  }

  protected override skeletonFields(): number {
    return this.#vpc ? 3 : 5;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('service') && changed.get('service') !== undefined && this.config) this.restart(false);
  }

  protected override validate(input: unknown, ctx: RuleContext) {
    return this.#vpc ? validateCreateSharedBandwidth(input, ctx) : validateCreateWorkspaceBandwidth(input, ctx);
  }

  protected override endpoint(): string {
    return this.#vpc ? '/v1/shared-bandwidths' : '/v1/workspace-bandwidths';
  }

  override operation() {
    return this.#vpc ? ('createSharedBandwidth' as const) : ('createWorkspaceBandwidth' as const);
  }

  protected override submitLabel() {
    return this.#vpc ? ('createShared' as const) : ('createWorkspace' as const);
  }

  protected override initialValues(config: TenantConfigView): Values {
    const region = config.regions.some((r) => r.id === this.region) ? this.region! : config.defaultRegion;
    return { subnetId: '', chargeMode: config.enums.workspaceChargeModes[0] ?? '', sizeMbps: '', name: '', region };
  }

  protected override request(): Record<string, unknown> {
    const common = { sizeMbps: this.num('sizeMbps'), name: this.str('name'), region: this.str('region') };
    return this.#vpc ? common : { subnetId: this.str('subnetId'), chargeMode: this.values.chargeMode, ...common };
  }

  protected override fields(): FormItem[] {
    const { limits, enums, regions } = this.config!;
    const region = {
      path: 'region',
      kind: 'select' as const,
      hint: this.hint('region'),
      options: regions.map((r) => ({ value: r.id, label: r.name })),
    };
    if (this.#vpc) {
      const { minMbps: min, maxMbps: max } = limits.sharedBandwidth;
      return [
        { path: 'name', hint: this.hint('sharedBandwidth.name') },
        {
          path: 'sizeMbps',
          kind: 'number',
          hint: this.hint('sharedBandwidth.size', { min, max }),
          min,
          max,
          // The size grid: the step of the band the arrow moves within (1 up to 300, then 50, then 500).
          step: (v: number, up: boolean) =>
            sharedBandwidthSizeHint(limits.sharedBandwidth).find((b) =>
              up ? v >= b.from && v < b.to : v > b.from && v <= b.to,
            )?.step ?? 1,
        },
        region,
      ];
    }
    const ws = limits.workspaceBandwidth;
    // Subnets belong to a region: the region comes first, and the subnet list is that region's.
    return [
      region,
      this.x.subnetField(),
      {
        path: 'chargeMode',
        kind: 'radio',
        hint: this.hint('workspace.chargeMode'),
        options: this.choices(enums.workspaceChargeModes, 'cm.', true),
      },
      {
        path: 'sizeMbps',
        kind: 'number',
        optional: this.values.chargeMode === 'free',
        min: ws.minMbps,
        max: ws.maxMbps,
        hint: this.t('sizeUnlessFree', { range: this.hint('workspace.size', { min: ws.minMbps, max: ws.maxMbps }) }),
      },
      { path: 'name', optional: true, hint: this.hint('workspace.name', { max: ws.nameMaxLength }) },
    ];
  }

  protected override async accepted(res: unknown): Promise<void> {
    if (this.#vpc) return super.accepted({ ...(res as SharedBandwidthCreated), service: 'vpc' });
    const accepted = res as WorkspaceBandwidthAccepted;
    if (!accepted.jobId) {
      // An earlier attempt whose outcome was unknown, settled by the gateway: the bandwidth exists (no job to follow).
      const b = accepted.bandwidth;
      const job: Job = {
        jobId: '',
        status: 'succeeded',
        progress: 100,
        updatedAt: new Date().toISOString(),
        bandwidthId: accepted.bandwidthId,
      };
      const done: WorkspaceBandwidthCreated = { ...accepted, job, bandwidthId: accepted.bandwidthId ?? b?.id };
      this.result = { ...done, service: 'workspace' };
      if (b?.orderId && b.chargeMode === 'wks_bandwidth') this.x.follow(b.orderId, 'createWorkspaceBandwidth', b.id);
      await this.focusResult();
      this.emit('bwkit-success', done);
      return;
    }
    const job: Job = {
      jobId: accepted.jobId,
      status: accepted.status,
      progress: 0,
      updatedAt: new Date().toISOString(),
    };
    this.result = { ...accepted, service: 'workspace', job, bandwidthId: undefined };
    this.#poll(0);
    await this.focusResult();
    this.emit('bwkit-job-progress', job);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page with a job still running: follow it again.
    if (this.result?.service === 'workspace' && !this.#done(this.result.job)) this.#poll(0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Through CSSOM, never a style attribute: a CSP without 'unsafe-inline' (style-src-attr) allows only this.
    const bar = this.renderRoot.querySelector<HTMLElement>('.bar');
    if (bar && this.result?.service === 'workspace') bar.style.width = `${this.result.job.progress}%`;
  }

  #done = (job: Job) => job.status === 'succeeded' || job.status === 'failed';

  #poll(delay: number) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delay);
  }

  async #tick(): Promise<void> {
    if (await this.x.jobTick()) this.#poll(POLL_MS);
  }

  protected override renderResult(r: Result): TemplateResult {
    if (r.service === 'vpc') {
      const b = r.bandwidth;
      return this.done('sharedCreated', [
        ['bandwidthId', b.id],
        ['name', b.name],
        ['sizeMbps', this.t('sizeValue', { n: b.sizeMbps })],
      ]);
    }
    return this.x.jobPanel(r, this.startAgain());
  }
}
