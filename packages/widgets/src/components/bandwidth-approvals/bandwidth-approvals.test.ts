/// <reference types="mocha" />
/**
 * <bandwidth-approvals> against the real gateway: the `policyco` tenant holds every purchase of `intern-1` for an
 * approver; `boss` (a token with approval:decide) lists them and approves or rejects (a reason is required), each
 * decision with its own Idempotency-Key; the list follows.
 */

import type { Approval } from '@bwkit/contracts';
import { expect } from '@open-wc/testing';
import { env, spyFetch, token, waitUntil } from '../../../test/helpers.js';
import './bandwidth-approvals.js';
import type { BandwidthApprovals } from './bandwidth-approvals.component.js';

let el: BandwidthApprovals | undefined;
afterEach(() => {
  el?.remove();
  el = undefined;
});

/** A purchase by `intern-1`, held for approval (202). */
async function held(name: string, sizeMbps: number): Promise<Approval> {
  const res = await fetch(`${env.api}/v1/shared-bandwidths`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await token('policyco', { subject: 'intern-1' })}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ name, sizeMbps, region: 'ap-southeast-3' }),
  });
  expect(res.status).to.equal(202);
  return ((await res.json()) as { approval: Approval }).approval;
}

async function mountApprovals(attrs: Record<string, string> = {}): Promise<BandwidthApprovals> {
  const e = document.createElement('bandwidth-approvals');
  e.setAttribute('api', env.api);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.fetchToken = () => token('policyco', { subject: 'boss' });
  document.body.append(e);
  await waitUntil(() => e.items !== undefined, 'the list did not load', { timeout: 8000 });
  await e.updateComplete;
  return e;
}

const item = (e: Element, id: string) => e.shadowRoot!.querySelector<HTMLElement>(`[part~=item][data-id="${id}"]`);
const click = async (e: BandwidthApprovals, id: string, part: string) => {
  item(e, id)!.querySelector<HTMLButtonElement>(`[part~=${part}]`)!.click();
  await e.updateComplete;
};

describe('<bandwidth-approvals>', () => {
  it('lists pending requests and approves one (the purchase runs) and rejects another with a reason', async function () {
    this.timeout(30_000);
    const a = await held('approve-me', 40);
    const b = await held('reject-me', 50);
    el = await mountApprovals();
    const row = item(el, a.id)!;
    expect(row).to.not.equal(null);
    expect(row.textContent)
      .to.contain('New shared bandwidth')
      .and.contain('intern-1')
      .and.contain('40 Mbit/s')
      .and.contain('approve-me');
    expect(row.querySelector('time')!.getAttribute('datetime')).to.equal(a.requestedAt);

    const spy = spyFetch();
    try {
      const approved = new Promise<Approval>((ok) =>
        el!.addEventListener('bwkit-approval-decided', (e) => ok(e.detail), { once: true }),
      );
      await click(el, a.id, 'approve');
      const done = await approved;
      expect(done.state).to.equal('approved');
      expect((done.result!.body as { bandwidth: { name: string } }).bandwidth.name).to.equal('approve-me');
      await el.updateComplete;
      expect(item(el, a.id)).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~=decided]')!.textContent)
        .to.contain('Approved')
        .and.contain('intern-1');

      // Reject asks for a reason first; an empty one is refused here.
      await click(el, b.id, 'reject');
      const reason = item(el, b.id)!.querySelector<HTMLTextAreaElement>('[part~=reason]')!;
      expect(el.shadowRoot!.activeElement).to.equal(reason);
      await click(el, b.id, 'reject');
      expect(reason.getAttribute('aria-invalid')).to.equal('true');
      expect(item(el, b.id)!.textContent).to.contain('Give a reason');
      reason.value = 'Over the team budget';
      const rejected = new Promise<Approval>((ok) =>
        el!.addEventListener('bwkit-approval-decided', (e) => ok(e.detail), { once: true }),
      );
      await click(el, b.id, 'reject');
      const r = await rejected;
      expect(r.state).to.equal('rejected');
      expect(r.reason).to.equal('Over the team budget');
      await el.updateComplete;
      expect(item(el, b.id)).to.equal(null);

      const decisions = spy.calls.filter(
        (c) => c.method === 'POST' && /\/v1\/approvals\/[^/]+\/(approve|reject)$/.test(c.url),
      );
      expect(decisions).to.have.length(2);
      for (const d of decisions) expect(d.key).to.match(/^[0-9a-f-]{36}$/);
      expect(decisions[0]!.key).to.not.equal(decisions[1]!.key);
    } finally {
      spy.restore();
    }
  });

  it('speaks Simplified Chinese, and says so when the token may not decide', async () => {
    await held('zh-one', 20);
    el = await mountApprovals({ locale: 'zh-CN' });
    expect(el.shadowRoot!.textContent).to.contain('等待审批的采购').and.contain('批准');
    el.remove();
    const e = document.createElement('bandwidth-approvals');
    e.setAttribute('api', env.api);
    e.fetchToken = () => token('policyco', { subject: 'dev-2', scopes: ['shared-bandwidth:create'] });
    const failed = new Promise<{ status: number }>((ok) =>
      e.addEventListener('bwkit-error', (ev) => ok(ev.detail), { once: true }),
    );
    document.body.append(e);
    el = e;
    expect((await failed).status).to.equal(403);
    await e.updateComplete;
    expect(e.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('approval:decide');
  });
});
