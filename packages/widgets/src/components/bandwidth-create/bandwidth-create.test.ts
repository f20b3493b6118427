/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { Job } from '@bwkit/contracts';
import {
  $,
  alertOf,
  axeCheck,
  choose,
  clearFaults,
  control,
  env,
  errorOf,
  fault,
  fill,
  hintOf,
  mount,
  next,
  simCounts,
  spyFetch,
  submit,
  text,
  token,
  type,
  waitUntil,
} from '../../../test/helpers.js';
import type { BandwidthCreate } from './bandwidth-create.js';

const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';
let el: BandwidthCreate | undefined;

afterEach(async () => {
  el?.remove();
  el = undefined;
  await clearFaults();
});

describe('<bandwidth-create service="vpc">', () => {
  it('shows every rule as a hint before the user errs, with labels tied to inputs', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    expect(hintOf(el, 'sizeMbps')).to.equal('5–300 Mbit/s in steps of 1, 300–1,000 in steps of 50');
    expect(hintOf(el, 'name')).to.contain('1–64 characters');
    for (const path of ['name', 'sizeMbps', 'region']) {
      const input = control(el, path);
      expect(input.labels?.length, path).to.equal(1);
      expect(input.getAttribute('aria-describedby')).to.equal(`h-${path} e-${path}`);
      expect(input.getAttribute('aria-invalid')).to.equal('false');
    }
    expect(errorOf(el, 'sizeMbps')).to.equal('');
    // Regions come from the tenant config, the default one preselected.
    const region = control<HTMLSelectElement>(el, 'region');
    expect([...region.options].map((o) => o.value)).to.deep.equal(['ap-southeast-1', 'ap-southeast-3', 'af-south-1']);
    expect(region.value).to.equal('ap-southeast-3');
  });

  it('validates on blur: size steps and name characters, then clears as the user fixes them', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    await fill(el, 'sizeMbps', '333');
    expect(errorOf(el, 'sizeMbps')).to.equal(
      'Between 300 and 1,000 Mbit/s the size goes in steps of 50: use 300 or 350.',
    );
    expect(control(el, 'sizeMbps').getAttribute('aria-invalid')).to.equal('true');
    await fill(el, 'sizeMbps', '2');
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at least 5 Mbit/s.');
    await fill(el, 'sizeMbps', 'ten');
    expect(errorOf(el, 'sizeMbps')).to.equal('Enter a number.');
    await type(el, 'sizeMbps', '350');
    await el.updateComplete;
    expect(errorOf(el, 'sizeMbps')).to.equal('');
    await fill(el, 'name', 'bad name!');
    // The VPC API page's name rule: letters, digits, _ - and . only.
    expect(errorOf(el, 'name')).to.equal('Use only letters, digits, underscores (_), hyphens (-) and periods (.).');
  });

  it('follows the tenant config: another tenant, other ranges', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' }, { tenant: 'plain' });
    expect(hintOf(el, 'sizeMbps')).to.equal(
      '10–300 Mbit/s in steps of 1, 300–1,000 in steps of 50, 1,000–1,500 in steps of 500',
    );
    await fill(el, 'sizeMbps', '1200');
    expect(errorOf(el, 'sizeMbps')).to.equal(
      'Between 1,000 and 1,500 Mbit/s the size goes in steps of 500: use 1,000 or 1,500.',
    );
  });

  it('on a failed submit focuses the first invalid field and fills the alert', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    await submit(el);
    await waitUntil(() => el!.shadowRoot!.activeElement === control(el!, 'name'));
    expect(errorOf(el, 'name')).to.equal('This field is required.');
    expect(errorOf(el, 'sizeMbps')).to.equal('This field is required.');
    expect(alertOf(el)).to.equal('Some fields need attention.');
  });

  it('creates shared bandwidth: bwkit-submit, one upstream create, bwkit-success with the id shown', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    const before = (await simCounts()).createSharedBandwidth ?? 0;
    await fill(el, 'name', 'sbw-test_1.a');
    await fill(el, 'sizeMbps', '350');
    await choose(el, 'region', 'ap-southeast-1');
    const submitted = next<{ values: Record<string, unknown>; idempotencyKey: string }>(el, 'bwkit-submit');
    const success = next<{ bandwidth: { id: string; sizeMbps: number } }>(el, 'bwkit-success');
    await submit(el);
    expect((await submitted).values).to.deep.equal({ name: 'sbw-test_1.a', sizeMbps: 350, region: 'ap-southeast-1' });
    expect($<HTMLButtonElement>(el, '[part~=submit]').disabled).to.equal(true);
    const detail = await success;
    expect(detail.bandwidth.id).to.match(/^[0-9a-f-]{36}$/);
    expect(detail.bandwidth.sizeMbps).to.equal(350);
    await el.updateComplete;
    expect($(el, '[part~=result]').textContent).to.contain(detail.bandwidth.id);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~=result]'));
    expect((await simCounts()).createSharedBandwidth).to.equal(before + 1);
  });

  it('after a 5xx (outcome unknown) asks again with the same Idempotency-Key until it settles; new values, a new key', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    const before = (await simCounts()).createSharedBandwidth ?? 0;
    await fault({ op: 'createSharedBandwidth', kind: 'status', status: 500, times: 1 });
    await fill(el, 'name', 'retry-me');
    await fill(el, 'sizeMbps', '20');
    const spy = spyFetch();
    const creates = () => spy.calls.filter((c) => c.method === 'POST' && c.url.includes('/v1/shared-bandwidths'));
    try {
      const ok = next(el, 'bwkit-success');
      await submit(el);
      // A gateway 5xx may have acted: the widget says it is checking and asks again itself, with the same key.
      await waitUntil(() => text(el!).includes('Checking whether your order went through…'), 'no checking state', {
        timeout: 5000,
      });
      await ok;
      const posts = creates();
      expect(posts).to.have.length(2);
      expect(posts[0]!.key)
        .to.be.a('string')
        .and.match(/^[0-9a-f-]{36}$/);
      expect(posts[1]!.key).to.equal(posts[0]!.key);
      expect((await simCounts()).createSharedBandwidth).to.equal(before + 1);

      // After a success the next submission, even with the same values, is a new one.
      $(el, '[part~=result] button').click();
      await el.updateComplete;
      await fill(el, 'name', 'retry-me');
      await fill(el, 'sizeMbps', '20');
      // A definite refusal (the cloud answered 400): shown, not asked again.
      await fault({ op: 'createSharedBandwidth', kind: 'status', status: 400, times: 1 });
      const failed2 = next<{ status: number }>(el, 'bwkit-error');
      await submit(el);
      expect((await failed2).status).to.be.within(400, 499);
      await el.updateComplete;
      expect(alertOf(el)).to.not.equal('');
      // Values changed after the failure: a new key.
      await fill(el, 'sizeMbps', '21');
      const ok2 = next(el, 'bwkit-success');
      await submit(el);
      await ok2;
      const keys = creates().map((c) => c.key);
      expect(keys).to.have.length(4);
      expect(new Set(keys).size).to.equal(3);
      expect(keys[2]).to.not.equal(keys[1]);
      expect(keys[3]).to.not.equal(keys[2]);
    } finally {
      spy.restore();
    }
  });

  it('shows a limit the BFF enforces on its field (stale config in the browser)', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    // The page's copy of the config allows more than the tenant really does: only the BFF can say no.
    el.config = { ...el.config!, limits: { ...el.config!.limits, sharedBandwidth: { minMbps: 5, maxMbps: 2000 } } };
    await fill(el, 'name', 'too-big');
    await fill(el, 'sizeMbps', '1500');
    expect(errorOf(el, 'sizeMbps')).to.equal('');
    const failed = next<{ code: string; fields: { path: string }[] }>(el, 'bwkit-error');
    await submit(el);
    const problem = await failed;
    expect(problem.code).to.equal('validation_failed');
    expect(problem.fields.map((f) => f.path)).to.deep.equal(['sizeMbps']);
    await waitUntil(() => el!.shadowRoot!.activeElement === control(el!, 'sizeMbps'));
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at most 2,000 Mbit/s.'.replace('2,000', '1,000'));
    expect(control(el, 'sizeMbps').getAttribute('aria-invalid')).to.equal('true');
  });

  it('refreshes an expired token through fetchToken and retries once', async () => {
    let calls = 0;
    const fetchToken = async () => (++calls === 1 ? token('acme', { expired: true }) : token('acme'));
    el = await mount('bandwidth-create', { service: 'vpc' }, { fetchToken });
    expect(calls).to.equal(2);
    await fill(el, 'name', 'after-refresh');
    await fill(el, 'sizeMbps', '10');
    const ok = next(el, 'bwkit-success');
    await submit(el);
    await ok;
    expect(calls).to.equal(2);
  });

  it('retries a POST once with a fresh token when the page token expired mid-session', async () => {
    let calls = 0;
    const fetchToken = async () => (calls++, token('acme'));
    el = await mount('bandwidth-create', { service: 'vpc', token: await token('acme') }, { fetchToken });
    expect(calls).to.equal(0);
    await fill(el, 'name', 'mid-session');
    await fill(el, 'sizeMbps', '10');
    // The price of these values is known before the token expires (a quote would otherwise refresh it first).
    await waitUntil(() => !/Working out|Shown once/.test($(el!, '[part~=price]').textContent!), 'no price', {
      timeout: 5000,
    });
    el.setAttribute('token', await token('acme', { expired: true }));
    const before = (await simCounts()).createSharedBandwidth ?? 0;
    const spy = spyFetch();
    try {
      const ok = next(el, 'bwkit-success');
      await submit(el);
      await ok;
      const posts = spy.calls.filter((c) => c.method === 'POST' && c.url.includes('/v1/shared-bandwidths'));
      expect(posts).to.have.length(2);
      expect(posts[1]!.key).to.equal(posts[0]!.key);
      expect(posts[1]!.auth).to.not.equal(posts[0]!.auth);
    } finally {
      spy.restore();
    }
    expect(calls).to.equal(1);
    expect((await simCounts()).createSharedBandwidth).to.equal(before + 1);
  });

  it('shows the rate limit with its Retry-After', async () => {
    const t = await token('tight', { subject: `rl-${Date.now()}` });
    el = await mount('bandwidth-create', { service: 'vpc' }, { tenant: 'tight', fetchToken: async () => t });
    for (let i = 0; i < 3; i++) {
      await fetch(`${env.api}/v1/config`, { headers: { authorization: `Bearer ${t}` }, cache: 'no-store' });
    }
    await fill(el, 'name', 'limited');
    await fill(el, 'sizeMbps', '10');
    const failed = next<{ code: string; retryAfter: number }>(el, 'bwkit-error');
    await submit(el);
    const p = await failed;
    expect(p.code).to.equal('rate_limited');
    await el.updateComplete;
    expect(alertOf(el)).to.match(/^Too many requests\. Wait a moment and try again\. Try again in \d+ s\./);
  });

  it('says so when the BFF cannot be reached, and offers to try again', async () => {
    const e = document.createElement('bandwidth-create');
    el = e;
    e.setAttribute('api', 'http://127.0.0.1:9');
    const failed = next<{ code: string }>(e, 'bwkit-error');
    e.fetchToken = () => token('acme');
    document.body.append(e);
    expect((await failed).code).to.equal('network_error');
    await e.updateComplete;
    expect(alertOf(e)).to.contain('could not be reached');
    expect($(e, 'button').textContent).to.contain('Try again');
  });

  it('is accessible when idle, in error and after success (axe)', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    await axeCheck(el);
    await submit(el);
    await axeCheck(el);
    await fill(el, 'name', 'axe-ok');
    await fill(el, 'sizeMbps', '10');
    const ok = next(el, 'bwkit-success');
    await submit(el);
    await ok;
    await el.updateComplete;
    await axeCheck(el);
  });

  it('can be completed with the keyboard only', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    control(el, 'name').focus();
    await sendKeys({ type: 'keyboard-only' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '300' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'region'));
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~=submit]'));
    const ok = next<{ bandwidth: { name: string } }>(el, 'bwkit-success');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    // The review of what will be bought takes the focus; Tab reaches Back, then Buy.
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~=review]'));
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement!.textContent!.trim()).to.equal('Back');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~=review] [part~=submit]'));
    await sendKeys({ press: 'Enter' });
    expect((await ok).bandwidth.name).to.equal('keyboard-only');
  });
});

describe('<bandwidth-create service="workspace">', () => {
  it('explains each charge mode and requires the size unless the mode is free', async () => {
    el = await mount('bandwidth-create', { service: 'workspace' });
    const modes = el.shadowRoot!.querySelectorAll<HTMLInputElement>('[name=chargeMode]');
    expect([...modes].map((m) => m.value)).to.deep.equal(['wks_bandwidth', 'free', 'wks_traffic']);
    expect(text(el)).to.contain('Yearly/monthly: a fixed size, paid in advance.');
    expect(text(el)).to.contain('Pay-per-use: billed by the data transferred.');
    expect(hintOf(el, 'chargeMode')).to.equal('By bandwidth is yearly/monthly; free and by traffic are pay-per-use.');
    expect(hintOf(el, 'sizeMbps')).to.equal('1–1,000 Mbit/s. Required unless the charge mode is Free.');
    await fill(el, 'subnetId', 'not-a-uuid');
    expect(errorOf(el, 'subnetId')).to.contain('UUID');
    await fill(el, 'sizeMbps', '');
    expect(errorOf(el, 'sizeMbps')).to.equal('This field is required.');
    await choose(el, 'chargeMode', 'free');
    expect(errorOf(el, 'sizeMbps')).to.equal('');
    expect($(el, 'label[for="f-sizeMbps"]').textContent).to.contain('optional');
    await fill(el, 'sizeMbps', '5000');
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at most 1,000 Mbit/s.');
  });

  it('creates Workspace bandwidth and follows the job to the new id', async () => {
    el = await mount('bandwidth-create', { service: 'workspace' });
    await fill(el, 'subnetId', SUBNET);
    await fill(el, 'sizeMbps', '10');
    await fill(el, 'name', 'wks-bw');
    const progress: Job[] = [];
    el.addEventListener('bwkit-job-progress', (e) => progress.push(e.detail));
    const success = next<{ jobId: string; bandwidthId: string; job: Job }>(el, 'bwkit-success');
    await submit(el);
    const detail = await success;
    await el.updateComplete;
    expect(detail.job.status).to.equal('succeeded');
    expect(detail.bandwidthId).to.be.a('string').and.not.empty;
    expect(progress.length).to.be.greaterThan(1);
    expect(progress.at(-1)!.status).to.equal('succeeded');
    expect(progress.map((j) => j.progress)).to.include(100);
    const bar = $(el, '[part~=progress]');
    expect(bar.getAttribute('role')).to.equal('progressbar');
    expect(bar.getAttribute('aria-valuenow')).to.equal('100');
    expect($(el, '[part~=result]').textContent).to.contain(detail.bandwidthId);
    await axeCheck(el);
  });

  it('reports a failed job and stops polling when removed', async () => {
    el = await mount('bandwidth-create', { service: 'workspace' });
    await fault({ op: 'createWorkspaceBandwidth', kind: 'job_fail', failReason: 'subnet is full' });
    await fill(el, 'subnetId', SUBNET);
    await choose(el, 'chargeMode', 'free');
    const failed = next<{ code: string }>(el, 'bwkit-error');
    await submit(el);
    expect((await failed).code).to.equal('job_failed');
    await el.updateComplete;
    expect(alertOf(el)).to.contain('The bandwidth could not be created.');
    expect(control(el, 'subnetId').value).to.equal(SUBNET);

    // A job still running when the element leaves the page is no longer polled.
    await fill(el, 'subnetId', SUBNET);
    const spy = spyFetch();
    try {
      const first = next(el, 'bwkit-job-progress');
      await submit(el);
      await first;
      el.remove();
      const polls = () => spy.calls.filter((c) => c.url.includes('/v1/jobs/')).length;
      const seen = polls();
      await new Promise((r) => setTimeout(r, 1500));
      expect(polls()).to.equal(seen);
    } finally {
      spy.restore();
    }
  });
});
