/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import 'axe-core/axe.min.js';
import {
  $,
  alertOf,
  axeCheck,
  clearFaults,
  control,
  errorOf,
  fill,
  hintOf,
  mount,
  next,
  simCounts,
  submit,
  text,
} from '../../../test/helpers.js';
import type { BandwidthChangeOrder } from './bandwidth-change-order.js';

const YEARLY = [
  '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
  '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
  '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
];
const PAY_PER_USE = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
let el: BandwidthChangeOrder | undefined;

afterEach(async () => {
  el?.remove();
  el = undefined;
  await clearFaults();
});

describe('<bandwidth-change-order>', () => {
  it('shows the size range and validates it on blur', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[0]! });
    expect(text(el)).to.contain(YEARLY[0]);
    expect(hintOf(el, 'sizeMbps')).to.equal('1–1,000 Mbit/s');
    expect(hintOf(el, 'name')).to.equal('Optional, up to 64 characters.');
    expect(hintOf(el, 'autoPay')).to.equal('Pay the order from your account balance right away.');
    await fill(el, 'sizeMbps', '0');
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at least 1 Mbit/s.');
    await fill(el, 'sizeMbps', '1500');
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at most 1,000 Mbit/s.');
    await fill(el, 'sizeMbps', '12.5');
    expect(errorOf(el, 'sizeMbps')).to.equal('Enter a whole number.');
    await fill(el, 'name', 'x'.repeat(65));
    expect(errorOf(el, 'name')).to.equal('Use at most 64 characters.');
  });

  it('places an order that still has to be paid and says where to pay it', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[0]! });
    const before = (await simCounts()).changeWorkspaceBandwidth ?? 0;
    await fill(el, 'sizeMbps', '20');
    const ok = next<{ orderId: string; paymentRequired: boolean }>(el, 'bwkit-success');
    await submit(el);
    const detail = await ok;
    expect(detail.paymentRequired).to.equal(true);
    await el.updateComplete;
    const result = $(el, '[part~=result]').textContent!;
    expect(result).to.contain(detail.orderId);
    expect(result).to.contain('Pay this order in the Billing Center');
    expect((await simCounts()).changeWorkspaceBandwidth).to.equal(before + 1);
    await axeCheck(el);
  });

  it('shows the result without scheduling an update from inside one (Lit change-in-update)', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[2]! });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      // The focus stays in the name field, which the result then replaces: its blur must not change state.
      await fill(el, 'sizeMbps', '25');
      expect(el.shadowRoot!.activeElement).to.equal(control(el, 'name'));
      const ok = next(el, 'bwkit-success');
      await submit(el);
      await ok;
      await el.updateComplete;
    } finally {
      console.warn = warn;
    }
    expect(warnings.filter((w) => w.includes('change-in-update'))).to.deep.equal([]);
  });

  it('pays automatically when asked', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': YEARLY[1]! });
    await fill(el, 'sizeMbps', '30');
    control(el, 'autoPay').click();
    await el.updateComplete;
    const ok = next<{ paymentRequired: boolean }>(el, 'bwkit-success');
    await submit(el);
    expect((await ok).paymentRequired).to.equal(false);
    await el.updateComplete;
    expect($(el, '[part~=result]').textContent).to.contain('paid from your account balance');
  });

  it('shows the cloud conflict for a pay-per-use bandwidth in the alert region', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': PAY_PER_USE });
    await axeCheck(el);
    await fill(el, 'sizeMbps', '20');
    const failed = next<{ status: number; code: string }>(el, 'bwkit-error');
    await submit(el);
    const p = await failed;
    expect([p.status, p.code]).to.deep.equal([409, 'upstream_conflict']);
    await el.updateComplete;
    expect(alertOf(el)).to.contain('conflict');
    await axeCheck(el);
  });

  it('refuses a malformed bandwidth id before sending anything', async () => {
    el = await mount('bandwidth-change-order', { 'bandwidth-id': 'not valid!' });
    expect(text(el)).to.contain('Use only letters, digits and hyphens (-).');
    let sent = false;
    el.addEventListener('bwkit-submit', () => (sent = true));
    await fill(el, 'sizeMbps', '20');
    await submit(el);
    expect(sent).to.equal(false);
  });
});
