/// <reference types="mocha" />
/**
 * The complete purchase in every widget, against the real gateway + simulator: pickers backed by the gateway's lists,
 * the live price, the review step, orders followed to paid/completed or cancelled, and unknown outcomes settled.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import { SCOPES } from '@bwkit/contracts';
import type { BwkitForm } from '../src/internal/form.js';
import {
  $,
  alertOf,
  axeCheck,
  balance,
  choose,
  clearFaults,
  control,
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
} from './helpers.js';

const YEARLY = [
  '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
  '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
  '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
];
const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';
/** The `payer` test tenant's account (it may pay orders in the widget). */
const PAYER_DOMAIN = 'e5f60718293a4b5c6d7e8f90a1b2c3d4';

let el: (HTMLElement & BwkitForm) | undefined;
afterEach(async () => {
  el?.remove();
  el = undefined;
  await clearFaults();
});

const priceOf = (e: Element) => $(e, '[part~=price]').textContent!.replace(/\s+/g, ' ').trim();
const priced = (e: Element) =>
  waitUntil(() => /per (month|year|hour)|unavailable|\/(月|年|小时)/.test(priceOf(e)), `no price: ${priceOf(e)}`, {
    timeout: 8000,
  });
const options = (e: Element, path: string) => [
  ...e.shadowRoot!.querySelectorAll<HTMLElement>(`#lb-${path} [role=option]`),
];
const listed = (e: Element, path: string) =>
  waitUntil(() => options(e, path).some((o) => o.id), `the ${path} list did not load`, { timeout: 8000 });
const upd = async () => void (await el!.updateComplete);
const without = (scope: string) => ({ fetchToken: () => token('acme', { scopes: SCOPES.filter((s) => s !== scope) }) });

describe('pickers', () => {
  it('Workspace: region first, then a searchable list of that region’s subnets; a pasted id still works', async () => {
    el = await mount('bandwidth-create', { service: 'workspace' });
    const region = control(el, 'region');
    const input = control(el, 'subnetId');
    expect(region.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    expect(input.getAttribute('role')).to.equal('combobox');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    input.focus();
    await upd();
    await listed(el, 'subnetId');
    expect(input.getAttribute('aria-expanded')).to.equal('true');
    const all = options(el, 'subnetId').map((o) => o.textContent!);
    expect(all.join('|'))
      .to.contain('subnet-office-1')
      .and.contain('192.168.0.0/24')
      .and.match(/VPC a1b2c3d4[^|]* · [a-z]+-[a-z]+-\d[a-z]/);
    await axeCheck(el);
    // Typing filters by name, CIDR or VPC; the arrow keys and Enter choose.
    await sendKeys({ type: 'lab' });
    await upd();
    const shown = options(el, 'subnetId').map((o) => o.textContent!);
    expect(shown.length).to.be.greaterThan(0).and.lessThan(all.length);
    for (const s of shown) expect(s.toLowerCase()).to.contain('lab');
    await sendKeys({ press: 'ArrowDown' });
    await upd();
    expect(input.getAttribute('aria-activedescendant')).to.equal('o-subnetId-0');
    await sendKeys({ press: 'Enter' });
    await upd();
    expect(input.value).to.match(/^[0-9a-f-]{36}$/);
    expect(hintOf(el, 'subnetId')).to.contain('subnet-lab');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    // A pasted id is taken as it is.
    await type(el, 'subnetId', SUBNET);
    await sendKeys({ press: 'Escape' });
    await fill(el, 'sizeMbps', '10');
    const req = next<{ values: { subnetId: string } }>(el, 'bwkit-change');
    await fill(el, 'sizeMbps', '11');
    expect((await req).values.subnetId).to.equal(SUBNET);
    expect(hintOf(el, 'subnetId')).to.contain('subnet-office-1');
  });

  it('a token without subnet:read: the subnet is a typed id, with a hint saying why', async () => {
    el = await mount('bandwidth-create', { service: 'workspace' }, without('subnet:read'));
    await waitUntil(() => hintOf(el!, 'subnetId').includes('not available with your access'), 'no hint', {
      timeout: 8000,
    });
    expect(control(el, 'subnetId').getAttribute('role')).to.equal(null);
    expect(control(el, 'subnetId').labels![0]!.textContent).to.contain('Subnet ID');
  });

  it('package: binds to a cloud connection from the list, and says what binding means', async () => {
    el = await mount('bandwidth-package-form');
    await waitUntil(() => control<HTMLSelectElement>(el!, 'resourceId').options.length > 1, 'no connections', {
      timeout: 8000,
    });
    expect(hintOf(el, 'resourceId')).to.contain('Binding attaches the package to a cloud connection');
    const select = control<HTMLSelectElement>(el, 'resourceId');
    expect(select.options[0]!.value).to.equal('');
    const id = select.options[1]!.value;
    const changed = next<{ values: { resourceId?: string; resourceType?: string } }>(el, 'bwkit-change');
    await choose(el, 'resourceId', id);
    const v = (await changed).values;
    expect([v.resourceId, v.resourceType]).to.deep.equal([id, 'cloud_connection']);
    await axeCheck(el);
  });

  it('package: without cloud-connection:read the connection is a typed id', async () => {
    el = await mount('bandwidth-package-form', {}, without('cloud-connection:read'));
    await waitUntil(() => hintOf(el!, 'resourceId').includes('not available with your access'), 'no hint', {
      timeout: 8000,
    });
    expect(control(el, 'resourceId').tagName).to.equal('INPUT');
  });
});

describe('price', () => {
  it('shows the price live in the widget’s locale and currency, asking once typing stops', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    expect(priceOf(el)).to.contain('Shown once the values are complete');
    await fill(el, 'name', 'priced');
    const spy = spyFetch();
    // When each keystroke landed: a machine busy enough to stall typing past the pause gives a prefix its own price.
    const typed: { value: string; at: number }[] = [];
    const onInput = (e: Event) =>
      typed.push({ value: (e.composedPath()[0] as HTMLInputElement).value, at: performance.now() });
    el.shadowRoot!.addEventListener('input', onInput);
    try {
      await type(el, 'sizeMbps', '120');
      await priced(el);
      expect(priceOf(el)).to.match(/^Price: \$[\d,]+\.\d\d per (month|hour)/);
      const quotes = spy.calls.filter((c) => c.url.includes('/v1/quotes'));
      const asked = quotes.map((c) => (JSON.parse(c.body!) as { values: { sizeMbps: number } }).values.sizeMbps);
      // Asked once typing stopped: the widget waits 400 ms after the last keystroke (a busy machine only adds to it).
      expect(quotes.at(-1)!.at - typed.at(-1)!.at).to.be.at.least(380);
      // One request for "120" once typing stopped, none for "1" (invalid); "12" only if the typing itself paused
      // there for longer than the widget waits (400 ms) — superseded while typing, it is never asked for.
      const i12 = typed.findIndex((t) => t.value === '12');
      const pause = i12 < 0 ? 0 : (typed[i12 + 1]?.at ?? Infinity) - typed[i12]!.at;
      const allowed = pause < 350 ? [[120]] : pause > 450 ? [[12, 120]] : [[120], [12, 120]]; // timers are not exact
      expect(allowed.map((a) => JSON.stringify(a))).to.include(JSON.stringify(asked));
    } finally {
      el.shadowRoot!.removeEventListener('input', onInput);
      spy.restore();
    }
    el.setAttribute('locale', 'zh-CN');
    await upd();
    expect(priceOf(el)).to.match(/^价格: US\$[\d,]+\.\d\d\/(月|小时)/);
  });
});

describe('price unavailable', () => {
  it('says why there is no price: free of charge, or the token may not price it', async () => {
    el = await mount('bandwidth-create', { service: 'workspace' });
    await type(el, 'subnetId', SUBNET);
    await sendKeys({ press: 'Escape' });
    await choose(el, 'chargeMode', 'free');
    await fill(el, 'name', 'free-one');
    await waitUntil(() => priceOf(el!).includes('Free of charge'), `not free: ${priceOf(el!)}`, { timeout: 8000 });
    el.remove();
    el = await mount('bandwidth-create', { service: 'vpc' }, without('shared-bandwidth:create'));
    await fill(el, 'name', 'no-scope');
    await fill(el, 'sizeMbps', '10');
    await priced(el);
    expect(priceOf(el)).to.equal('Price: unavailable — your access does not include prices.');
  });
});

describe('review', () => {
  it('shows what will be bought with its price; Back keeps the values; Buy places it with the quote', async () => {
    el = await mount('bandwidth-create', { service: 'vpc' });
    await fill(el, 'name', 'review-me');
    await fill(el, 'sizeMbps', '10');
    await priced(el);
    const before = (await simCounts()).createSharedBandwidth ?? 0;
    await submit(el, { confirm: false });
    const review = $(el, '[part~=review]');
    expect(el.shadowRoot!.activeElement).to.equal(review);
    const t = review.textContent!.replace(/\s+/g, ' ');
    for (const s of ['New shared bandwidth', 'review-me', 'AP-Singapore', '10 Mbit/s', 'Pay-per-use', 'Price'])
      expect(t).to.contain(s);
    expect($(el, '[part~=review] [part~=submit]').textContent!.trim()).to.equal('Buy');
    await axeCheck(el);
    expect((await simCounts()).createSharedBandwidth ?? 0).to.equal(before);
    [...review.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Back')!.click();
    await upd();
    expect(control(el, 'name').value).to.equal('review-me');
    const submitted = next<{ quote?: { available: boolean } }>(el, 'bwkit-submit');
    const ok = next(el, 'bwkit-success');
    await submit(el);
    expect((await submitted).quote?.available).to.equal(true);
    await ok;
    expect((await simCounts()).createSharedBandwidth).to.equal(before + 1);
  });

  it('review="off" places the order on the first submit', async () => {
    el = await mount('bandwidth-create', { service: 'vpc', review: 'off' });
    await fill(el, 'name', 'no-review');
    await fill(el, 'sizeMbps', '10');
    const ok = next(el, 'bwkit-success');
    await submit(el, { confirm: false });
    await ok;
  });
});

describe('<bandwidth-change-order> with the bandwidth list and orders followed', () => {
  const payer = { tenant: 'payer' };

  it('with bandwidth-id: shows that bandwidth’s name and current size', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[0]! }, payer);
    await waitUntil(() => text(el!).includes('wks-office-beijing, now 10 Mbit/s'), 'no current size', {
      timeout: 8000,
    });
  });

  it('without bandwidth-id: picks one of the yearly/monthly bandwidths; the same size is refused before submit', async () => {
    el = await mount('bandwidth-change-order', {}, payer);
    control(el, 'bandwidthId').focus();
    await upd();
    await listed(el, 'bandwidthId');
    const names = options(el, 'bandwidthId').map((o) => o.textContent!);
    expect(names.join('|')).to.contain('wks-office-beijing').and.contain('10 Mbit/s').and.not.contain('wks-traffic');
    await sendKeys({ type: 'shenzhen' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await upd();
    expect(control(el, 'bandwidthId').value).to.equal(YEARLY[2]);
    expect(hintOf(el, 'bandwidthId')).to.contain('wks-lab-shenzhen');
    let sent = false;
    el.addEventListener('bwkit-submit', () => (sent = true));
    await fill(el, 'sizeMbps', '50');
    expect(errorOf(el, 'sizeMbps')).to.equal('The bandwidth is already 50 Mbit/s. Choose a different size.');
    await submit(el);
    expect(sent).to.equal(false);
  });

  it('setting another bandwidth-id after an order does not relabel the placed order', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[2]! }, payer);
    await fill(el, 'sizeMbps', '60');
    const ok = next<{ orderId: string }>(el, 'bwkit-success');
    await submit(el);
    const { orderId } = await ok;
    el.setAttribute('bandwidth-id', YEARLY[0]!);
    await upd();
    const result = $(el, '[part~=result]').textContent!;
    expect(result).to.contain(orderId);
    expect(result).to.contain(YEARLY[2]);
    expect(result).to.not.contain(YEARLY[0]);
  });

  it('pays an order from the widget (a low balance said clearly) and follows it to completed', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[1]! }, payer);
    await fill(el, 'sizeMbps', '30');
    const placed = next<{ orderId: string; operation: string; resourceId?: string }>(el, 'bwkit-order-placed');
    await submit(el);
    const p = await placed;
    expect([p.operation, p.resourceId]).to.deep.equal(['changeWorkspaceBandwidth', YEARLY[1]]);
    await waitUntil(() => el!.shadowRoot!.querySelector('[part~=pay]'), 'no Pay button', { timeout: 8000 });
    expect(text(el)).to.contain('Waiting for payment');
    expect(text(el)).to.contain('The change applies once the order is paid.');
    await axeCheck(el);

    await balance(0, PAYER_DOMAIN);
    const refused = next<{ code: string }>(el, 'bwkit-error');
    $(el, '[part~=pay]').click();
    expect((await refused).code).to.equal('insufficient_balance');
    await upd();
    expect(alertOf(el)).to.contain('balance is too low');

    await balance(1_000_000, PAYER_DOMAIN);
    const paid = next<{ orderId: string }>(el, 'bwkit-order-paid');
    const completed = next<{ orderId: string; status: string }>(el, 'bwkit-order-completed');
    $(el, '[part~=pay]').click();
    expect((await paid).orderId).to.equal(p.orderId);
    expect((await completed).status).to.equal('completed');
    await upd();
    expect(text(el)).to.contain('Paid and completed.');
    // The change is applied: the result names the bandwidth at its new size, not the size it had before.
    expect(text(el)).to.match(/now 30 Mbit\/s/);
    expect(el.shadowRoot!.querySelector('[part~=pay]')).to.equal(null);
    await axeCheck(el);
  });

  it('cancels an order from the widget', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[0]! }, payer);
    await fill(el, 'sizeMbps', '15');
    await submit(el);
    await waitUntil(() => el!.shadowRoot!.querySelector('[part~=cancel]'), 'no Cancel button', { timeout: 8000 });
    const cancelled = next<{ status: string }>(el, 'bwkit-order-cancelled');
    $(el, '[part~=cancel]').click();
    expect((await cancelled).status).to.equal('cancelled');
    await upd();
    expect(text(el)).to.contain('The order was cancelled.');
  });

  it('a yearly/monthly Workspace create (wks_bandwidth) follows its order once the job names it', async function () {
    this.timeout(30_000);
    el = await mount('bandwidth-create', { service: 'workspace' }, payer);
    await type(el, 'subnetId', 'c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f');
    await sendKeys({ press: 'Escape' });
    await choose(el, 'chargeMode', 'wks_bandwidth');
    await fill(el, 'sizeMbps', '10');
    await fill(el, 'name', `wks-yearly-${Date.now()}`);
    const placed = next<{ operation: string; resourceId?: string }>(el, 'bwkit-order-placed');
    const done = next<{ bandwidthId?: string }>(el, 'bwkit-success');
    await submit(el);
    const [p, d] = await Promise.all([placed, done]);
    expect(p.operation).to.equal('createWorkspaceBandwidth');
    expect(d.bandwidthId).to.be.a('string').and.not.empty;
    await waitUntil(() => text(el!).includes('Waiting for payment'), 'no order status', { timeout: 8000 });
    expect(text(el)).to.contain('This bandwidth is billed yearly/monthly: pay its order to start it.');
    await axeCheck(el);
  });

  it('where the tenant does not allow paying here: a link to its billing center, no Pay button', async () => {
    el = await mount('bandwidth-package-form');
    await fill(el, 'name', `pkg-link-${Date.now()}`);
    await fill(el, 'sizeMbps', '20');
    await fill(el, 'prepaid.periodCount', '2');
    const ok = next<{ orderId?: string }>(el, 'bwkit-success');
    await submit(el);
    expect((await ok).orderId).to.be.a('string');
    await waitUntil(() => text(el!).includes('Waiting for payment'), 'no order status', { timeout: 8000 });
    const link = $<HTMLAnchorElement>(el, '[part~=billing-link]');
    expect(link.href).to.equal('https://billing.example.com/orders');
    expect(el.shadowRoot!.querySelector('[part~=pay]')).to.equal(null);
    // A new package is not a change.
    expect(text(el)).to.not.contain('change applies');
    expect(text(el)).to.contain('pay its order to start it');
  });
});

describe('unknown outcomes', () => {
  it('a timeout after the cloud acted: "Checking…", asked again with the same key, settled to the real bandwidth', async function () {
    this.timeout(40_000);
    el = await mount('bandwidth-create', { service: 'vpc' });
    const name = `slow-${Date.now()}`;
    await fill(el, 'name', name);
    await fill(el, 'sizeMbps', '10');
    const before = (await simCounts()).createSharedBandwidth ?? 0;
    // The cloud answers after 3 s; the gateway gives up at 2.5 s (504) although the bandwidth is created.
    await fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 3000, times: 1 });
    const spy = spyFetch();
    try {
      const ok = next<{ bandwidth: { id: string; name: string } }>(el, 'bwkit-success');
      await submit(el);
      await waitUntil(() => text(el!).includes('Checking whether your order went through…'), 'no checking state', {
        timeout: 8000,
      });
      const d = await ok;
      expect(d.bandwidth.name).to.equal(name);
      const keys = spy.calls
        .filter((c) => c.method === 'POST' && c.url.includes('/v1/shared-bandwidths'))
        .map((c) => c.key);
      expect(keys.length).to.be.greaterThan(1);
      expect(new Set(keys).size).to.equal(1);
      await upd();
      expect($(el, '[part~=result]').textContent).to.contain(d.bandwidth.id);
    } finally {
      spy.restore();
    }
    expect((await simCounts()).createSharedBandwidth).to.equal(before + 1);
  });

  it('Workspace: a settled create shows the real bandwidth (no job to follow)', async function () {
    this.timeout(40_000);
    el = await mount('bandwidth-create', { service: 'workspace' });
    const name = `wks-slow-${Date.now()}`;
    await type(el, 'subnetId', '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d');
    await sendKeys({ press: 'Escape' });
    await choose(el, 'chargeMode', 'wks_traffic');
    await fill(el, 'sizeMbps', '10');
    await fill(el, 'name', name);
    await fault({ op: 'createWorkspaceBandwidth', kind: 'delay', delayMs: 3000, times: 1 });
    const ok = next<{ bandwidthId?: string }>(el, 'bwkit-success');
    await submit(el);
    await waitUntil(() => text(el!).includes('Checking whether your order went through…'), 'no checking state', {
      timeout: 8000,
    });
    const d = await ok;
    expect(d.bandwidthId).to.be.a('string').and.not.empty;
    await upd();
    const result = $(el, '[part~=result]').textContent!;
    expect(result).to.contain(d.bandwidthId!);
    expect(result).to.contain(name);
  });
});
