/// <reference types="mocha" />
/**
 * Tenant policy, approvals and live progress in the widgets, against the real gateway + simulator: the policy's limits
 * shown under their fields and refused before submit (nothing sent), a purchase held for an approver followed to its
 * result or its rejection, and Workspace jobs followed over the SSE endpoint, with polling when the stream is refused.
 * The `policyco` tenant (web-test-runner.config.mjs): shared bandwidth at most 200 Mbit/s in AP-Singapore only; every
 * purchase of `intern-1` waits for an approver.
 */

import type { Approval } from '@bwkit/contracts';
import { expect } from '@open-wc/testing';
import type { BwkitForm } from '../src/internal/form.js';
import {
  $,
  alertOf,
  choose,
  env,
  errorOf,
  fill,
  hintOf,
  mount,
  next,
  spyFetch,
  submit,
  text,
  token,
  waitUntil,
} from './helpers.js';

const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';

let el: (HTMLElement & BwkitForm) | undefined;
afterEach(() => {
  el?.remove();
  el = undefined;
});

const as = (subject: string) => ({ tenant: 'policyco', fetchToken: () => token('policyco', { subject }) });

/** An approver's decision, straight to the gateway (as the approvals element or a portal backend would send it). */
async function decide(id: string, what: 'approve' | 'reject', body: Record<string, unknown> = {}): Promise<Approval> {
  const res = await fetch(`${env.api}/v1/approvals/${id}/${what}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await token('policyco', { subject: 'boss' })}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).to.equal(200);
  return ((await res.json()) as { approval: Approval }).approval;
}

describe('tenant policy before submit', () => {
  it('shows the limits under their fields and refuses a size over them without sending anything', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' }, as('dev-1'));
    expect(hintOf(el, 'sizeMbps')).to.contain('Your organisation allows at most 200 Mbit/s.');
    expect(hintOf(el, 'region')).to.contain('Your organisation allows only: AP-Singapore.');
    const spy = spyFetch();
    try {
      await fill(el, 'name', 'too-big');
      await fill(el, 'sizeMbps', '250');
      expect(errorOf(el, 'sizeMbps')).to.equal('Your organisation allows at most 200 Mbit/s.');
      await choose(el, 'region', 'ap-southeast-1');
      expect(errorOf(el, 'region')).to.equal('Your organisation allows only: AP-Singapore.');
      await submit(el);
      expect(el.shadowRoot!.querySelector('[part~=review]')).to.equal(null);
      expect($(el, '[name=sizeMbps]').getAttribute('aria-invalid')).to.equal('true');
      expect(spy.calls.filter((c) => c.method === 'POST' && c.url.includes('/v1/shared-bandwidths'))).to.have.length(0);
      // Within the limits the form goes on to the review.
      await fill(el, 'sizeMbps', '200');
      await choose(el, 'region', 'ap-southeast-3');
      expect(errorOf(el, 'sizeMbps')).to.equal('');
      await submit(el, { confirm: false });
      expect(el.shadowRoot!.querySelector('[part~=review]')).to.not.equal(null);
    } finally {
      spy.restore();
    }
  });

  it('says the limits in Simplified Chinese', async () => {
    el = await mount('bandwidth-create', { service: 'vpc', locale: 'zh-CN' }, as('intern-1'));
    await fill(el, 'sizeMbps', '250');
    expect(hintOf(el, 'sizeMbps'))
      .to.match(/200/)
      .and.match(/[\u4E00-\u9FFF]/);
    expect(errorOf(el, 'sizeMbps'))
      .to.match(/200/)
      .and.match(/[\u4E00-\u9FFF]/);
    expect(text(el)).to.contain('审批人批准后才会下单');
  });
});

describe('monthly spending limit', () => {
  it('says the limit, and a purchase over it keeps the review with the limit, the spend so far and its price', async function () {
    this.timeout(30_000);
    el = await mount('bandwidth-create', { service: 'vpc' }, { tenant: 'capped' });
    expect(text(el)).to.contain('Your organisation’s monthly spending limit is CN¥2.00.');
    await fill(el, 'name', 'within-cap');
    await fill(el, 'sizeMbps', '10');
    const ok = next(el, 'bwkit-success');
    await submit(el);
    await ok;
    await el.updateComplete;
    $(el, '[part~=result] button').click();
    await el.updateComplete;
    await fill(el, 'name', 'over-cap');
    await fill(el, 'sizeMbps', '10');
    const refused = next<{ code: string; status: number }>(el, 'bwkit-error');
    await submit(el);
    const p = await refused;
    expect([p.status, p.code]).to.deep.equal([403, 'spend_cap_exceeded']);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=review]')).to.not.equal(null);
    const cap = $(el, '[part~=spend-cap]').textContent!.replace(/\s+/g, ' ');
    expect(cap).to.contain('This purchase would go over your organisation’s monthly spending limit.');
    expect(cap)
      .to.match(/Monthly limit ?CN¥2\.00/)
      .and.match(/Spent this month ?CN¥1\.35/)
      .and.match(/This purchase ?CN¥1\.35/);
    expect(alertOf(el)).to.contain('monthly spending limit');
  });
});

describe('approval', () => {
  it('waits for approval, then shows the purchase result as a direct purchase would', async function () {
    this.timeout(30_000);
    el = await mount('bandwidth-create', { service: 'vpc' }, as('intern-1'));
    expect(text(el)).to.contain('Your purchases are placed only once an approver in your organisation approves them.');
    await fill(el, 'name', 'needs-a-yes');
    await fill(el, 'sizeMbps', '20');
    const pending = next<Approval>(el, 'bwkit-approval-pending');
    await submit(el);
    const a = await pending;
    expect(a.state).to.equal('pending');
    await el.updateComplete;
    const panel = $(el, '[part~=approval]');
    expect(panel.textContent).to.contain('Waiting for approval').and.contain('intern-1').and.contain('20 Mbit/s');
    expect(panel.textContent).to.contain('New shared bandwidth').and.contain('your purchases always need approval');

    const decided = next<Approval>(el, 'bwkit-approval-decided');
    const success = next<{ bandwidth: { id: string; name: string } }>(el, 'bwkit-success');
    await decide(a.id, 'approve');
    expect((await decided).state).to.equal('approved');
    const done = await success;
    expect(done.bandwidth.name).to.equal('needs-a-yes');
    await el.updateComplete;
    expect($(el, '[part~=result]').textContent).to.contain(done.bandwidth.id);
  });

  it('a rejection is shown with its reason, and nothing is bought', async function () {
    this.timeout(30_000);
    el = await mount('bandwidth-create', { service: 'vpc' }, as('intern-1'));
    await fill(el, 'name', 'will-be-refused');
    await fill(el, 'sizeMbps', '30');
    const pending = next<Approval>(el, 'bwkit-approval-pending');
    await submit(el);
    const a = await pending;
    const decided = next<Approval>(el, 'bwkit-approval-decided');
    await decide(a.id, 'reject', { reason: 'Not in this quarter’s budget' });
    expect((await decided).state).to.equal('rejected');
    await el.updateComplete;
    const panel = $(el, '[part~=approval]');
    expect(panel.getAttribute('data-state')).to.equal('rejected');
    expect(panel.textContent)
      .to.contain('An approver rejected this purchase.')
      .and.contain('Not in this quarter’s budget')
      .and.contain('boss');
    expect(el.shadowRoot!.querySelector('[part~=result]')).to.equal(null);
  });
});

describe('approval expiry', () => {
  it('a request nobody decides in time is shown as expired, nothing bought', async function () {
    this.timeout(20_000);
    el = await mount(
      'bandwidth-create',
      { service: 'vpc' },
      { tenant: 'hurry', fetchToken: () => token('hurry', { subject: 'intern-1' }) },
    );
    await fill(el, 'name', 'too-slow');
    await fill(el, 'sizeMbps', '10');
    const pending = next<Approval>(el, 'bwkit-approval-pending');
    const decided = next<Approval>(el, 'bwkit-approval-decided');
    await submit(el);
    await pending;
    expect((await decided).state).to.equal('expired');
    await el.updateComplete;
    const panel = $(el, '[part~=approval]');
    expect(panel.getAttribute('data-state')).to.equal('expired');
    expect(panel.textContent).to.contain('Nobody decided in time, so the request expired.');
    expect(el.shadowRoot!.querySelector('[part~=result]')).to.equal(null);
  });
});

describe('live progress', () => {
  it('follows a Workspace job over GET /v1/jobs/{id}/events with the widget token, without polling', async () => {
    const spy = spyFetch();
    try {
      el = await mount('bandwidth-create', { service: 'workspace' });
      await fill(el, 'subnetId', SUBNET);
      await fill(el, 'sizeMbps', '10');
      // Pay-per-use: a yearly/monthly bandwidth's job is also followed by its order.
      await choose(el, 'chargeMode', 'wks_traffic');
      await fill(el, 'name', 'live-bw');
      const success = next<{ bandwidthId: string }>(el, 'bwkit-success');
      await submit(el);
      expect((await success).bandwidthId).to.be.a('string').and.not.empty;
      const streams = spy.calls.filter((c) => /\/v1\/jobs\/[^/]+\/events$/.test(c.url));
      expect(streams.length).to.be.greaterThan(0);
      expect(streams[0]!.auth).to.match(/^Bearer .+/);
      expect(spy.calls.filter((c) => /\/v1\/jobs\/[^/]+$/.test(c.url))).to.have.length(0);
    } finally {
      spy.restore();
    }
  });

  it('follows an order over GET /v1/orders/{id}/events', async () => {
    const spy = spyFetch();
    try {
      el = await mount(
        'bandwidth-change-order',
        { 'bandwidth-id': '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b' },
        { tenant: 'streamer' },
      );
      await fill(el, 'sizeMbps', '17');
      const placed = next<{ orderId: string }>(el, 'bwkit-order-placed');
      await submit(el);
      const { orderId } = await placed;
      await waitUntil(
        () => /Waiting for payment|Processing|Completed/.test($(el!, '[part~=order]').textContent!),
        'no order status',
        { timeout: 8000 },
      );
      const streams = spy.calls.filter((c) => c.url.endsWith(`/v1/orders/${orderId}/events`));
      expect(streams.length).to.be.greaterThan(0);
      expect(streams[0]!.auth).to.match(/^Bearer .+/);
      expect(spy.calls.filter((c) => c.url.endsWith(`/v1/orders/${orderId}`))).to.have.length(0);
    } finally {
      spy.restore();
    }
  });

  it('polls GET /v1/jobs/{id} when the stream is refused (404)', async () => {
    const original = window.fetch;
    const polled: string[] = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (/\/events$/.test(url)) return Promise.resolve(new Response('', { status: 404 }));
      if (/\/v1\/jobs\/[^/]+$/.test(url)) polled.push(url);
      return original(input, init);
    };
    try {
      el = await mount('bandwidth-create', { service: 'workspace' });
      await fill(el, 'subnetId', SUBNET);
      await fill(el, 'sizeMbps', '10');
      await fill(el, 'name', 'polled-bw');
      const success = next<{ bandwidthId: string }>(el, 'bwkit-success');
      await submit(el);
      expect((await success).bandwidthId).to.be.a('string').and.not.empty;
      expect(polled.length).to.be.greaterThan(0);
    } finally {
      window.fetch = original;
    }
    await waitUntil(() => true);
  });
});
