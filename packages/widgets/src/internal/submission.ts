/**
 * Submitting, a controller the form owns: check every field, show the review of what will be bought, then
 * send with the Idempotency-Key its controller keeps (idempotency-key.ts). Part of the on-demand purchase chunk:
 * nothing can be submitted before the config is there.
 */
import type { Approval } from '@bwkit/contracts';
import type { BwkitForm } from './form.js';
import { IdempotencyKeyController } from './idempotency-key.js';
import type { Kit } from './purchase.js';
import type { FieldValidation, FormHooks } from './validation.js';

export class Submission {
  /** The Idempotency-Key: per submission's values, kept while their outcome is unknown. */
  readonly keys: IdempotencyKeyController;

  constructor(
    private readonly h: BwkitForm,
    private readonly hooks: FormHooks,
    private readonly v: FieldValidation,
    private readonly kit: Kit,
  ) {
    this.keys = new IdempotencyKeyController(h, kit.newIdempotencyKey);
  }

  /** The form's submit: to the review first, then (confirmed there) the call. */
  async submit(): Promise<void> {
    const { h, v, hooks, kit } = this;
    if (h.busy || !h.config) return;
    if (!v.touchAll()) {
      h.problem = new kit.Problem({ status: 422, code: 'validation_failed' });
      void v.focusInvalid();
      return;
    }
    const values = hooks.request();
    const path = hooks.endpoint();
    // First what will be bought, with the price; its button submits again.
    if (h.review !== 'off' && h.step !== 'review') {
      h.step = 'review';
      h.problem = undefined;
      h.x.changed(true, 0);
      await h.updateComplete;
      h.renderRoot.querySelector<HTMLElement>('[part~=review]')?.focus();
      return;
    }
    const idempotencyKey = this.keys.key(JSON.stringify([path, values]));
    const quote = h.x.quote;
    if (!h.emit('bwkit-submit', { values, idempotencyKey, ...(quote ? { quote } : {}) }, true)) return;
    h.busy = true;
    h.problem = undefined;
    let res: unknown;
    try {
      // Asks again, with the same key, while the outcome is unknown.
      res = await h.x.send(path, values, idempotencyKey);
      this.keys.reset();
    } catch (err) {
      const p = kit.Problem.from(err);
      // Over the monthly spending limit: the review stays, with the limit, the month's spend and this price.
      h.step = p.code === 'spend_cap_exceeded' && h.step === 'review' ? 'review' : 'form';
      h.x.capProblem = p.code === 'spend_cap_exceeded' ? p : undefined;
      if (p.code === 'idempotency_key_reused') this.keys.reset();
      h.busy = false;
      hooks.fail(p);
      v.server(p.fields);
      // The disabled button lost focus: give it to the first field in error, else back to the button.
      if (!(await v.focusInvalid()) && !h.shadowRoot?.activeElement) {
        h.renderRoot.querySelector<HTMLElement>('[part~=submit]')?.focus();
      }
      return;
    }
    h.step = 'form';
    h.busy = false;
    // 202 {approval}: held for an approver; its answer comes through the approval.
    const held = (res as { approval?: Approval } | undefined)?.approval;
    if (held) return h.x.awaitApproval(held);
    await hooks.accepted(res);
  }
}
