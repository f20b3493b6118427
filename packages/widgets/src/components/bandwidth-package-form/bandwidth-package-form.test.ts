/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import 'axe-core/axe.min.js';
import {
  $,
  alertOf,
  axeCheck,
  choose,
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
  waitUntil,
} from '../../../test/helpers.js';
import type { BandwidthPackageForm } from './bandwidth-package-form.js';

let el: BandwidthPackageForm | undefined;
const spec = () => $(el!, '#spec').textContent!.trim();
const modes = () => [...el!.shadowRoot!.querySelectorAll<HTMLInputElement>('[name=billingMode]')];

afterEach(async () => {
  el?.remove();
  el = undefined;
  await clearFaults();
});

describe('<bandwidth-package-form>', () => {
  it('shows the spec code of the area pair live, and why a pair cannot be bought', async () => {
    el = await mount('bandwidth-package-form');
    expect(hintOf(el, 'localArea')).to.equal('The two areas decide the specification code.');
    expect(spec()).to.equal('bandwidth.cmtoap');
    await choose(el, 'remoteArea', 'Eastern-Latin-America');
    expect(spec()).to.equal('bandwidth.cmtoela');
    await choose(el, 'localArea', 'Africa');
    await choose(el, 'remoteArea', 'Africa');
    expect(spec()).to.equal(
      'No bandwidth package connects Southern Africa and Southern Africa. Choose another pair of areas.',
    );
    expect(control(el, 'remoteArea').getAttribute('aria-invalid')).to.equal('true');
    expect(control(el, 'remoteArea').getAttribute('aria-describedby')).to.contain('spec');
  });

  it('offers only the site’s billing modes; a Chinese-mainland tenant is not sold international-only pairs', async () => {
    el = await mount('bandwidth-package-form');
    expect(modes().map((m) => m.value)).to.deep.equal(['2', '4', '6']);
    expect(modes().map((m) => m.closest('label')!.textContent!.trim())).to.deep.equal([
      'Yearly/monthly',
      'Pay-per-use',
      '95th percentile',
    ]);
    el.remove();
    el = await mount('bandwidth-package-form', {}, { tenant: 'globex' });
    expect(modes().map((m) => m.value)).to.deep.equal(['1', '3', '5']);
    expect(spec()).to.equal('bandwidth.cmtowla');
    await choose(el, 'remoteArea', 'Asia-Pacific');
    expect(spec()).to.equal(
      'Bandwidth packages between Chinese mainland and Asia Pacific (bandwidth.cmtoap) are not sold on this site.',
    );
  });

  it('asks for the subscription period only with yearly/monthly billing, within its range', async () => {
    el = await mount('bandwidth-package-form');
    expect(hintOf(el, 'billingMode')).to.equal('Yearly/monthly billing needs a subscription period.');
    expect(hintOf(el, 'prepaid.periodCount')).to.equal('1–9 months');
    await fill(el, 'prepaid.periodCount', '12');
    expect(errorOf(el, 'prepaid.periodCount')).to.equal('Choose from 1 to 9 months.');
    await choose(el, 'prepaid.periodType', 'year');
    expect(hintOf(el, 'prepaid.periodCount')).to.equal('1–3 years');
    expect(errorOf(el, 'prepaid.periodCount')).to.equal('Choose from 1 to 3 years.');
    await choose(el, 'billingMode', '4');
    expect(el.shadowRoot!.querySelector('[name="prepaid.periodCount"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[name="prepaid.autoRenew"]')).to.equal(null);
    await choose(el, 'billingMode', '2');
    expect(control(el, 'prepaid.periodCount')).to.exist;
  });

  it('checks name, description and size on blur', async () => {
    el = await mount('bandwidth-package-form');
    expect(hintOf(el, 'description')).to.equal('Optional, up to 85 characters, without < or >.');
    expect(hintOf(el, 'sizeMbps')).to.equal('1–1,000 Mbit/s');
    await fill(el, 'description', 'fast <b>link</b>');
    expect(errorOf(el, 'description')).to.equal('Remove the angle brackets (< and >); they are not allowed.');
    await fill(el, 'name', 'n'.repeat(65));
    expect(errorOf(el, 'name')).to.equal('Use at most 64 characters.');
    await fill(el, 'sizeMbps', '1001');
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at most 1,000 Mbit/s.');
  });

  it('creates a pay-per-use package and a yearly/monthly one with its order', async () => {
    el = await mount('bandwidth-package-form');
    await axeCheck(el);
    const before = (await simCounts()).createBandwidthPackage ?? 0;
    await fill(el, 'name', `pkg-${Date.now()}`);
    await fill(el, 'sizeMbps', '10');
    await choose(el, 'billingMode', '4');
    const ok = next<{ bandwidthPackage: { id: string; specCode: string }; orderId?: string }>(el, 'bwkit-success');
    await submit(el);
    const d = await ok;
    expect(d.bandwidthPackage.specCode).to.equal('bandwidth.cmtoap');
    await el.updateComplete;
    expect($(el, '[part~=result]').textContent).to.contain(d.bandwidthPackage.id);
    await axeCheck(el);

    $(el, '[part~=result] button').click();
    await el.updateComplete;
    await fill(el, 'name', `pkg-prepaid-${Date.now()}`);
    await fill(el, 'sizeMbps', '20');
    await fill(el, 'prepaid.periodCount', '3');
    const ok2 = next<{ orderId?: string }>(el, 'bwkit-success');
    await submit(el);
    const d2 = await ok2;
    expect(d2.orderId).to.be.a('string').and.not.empty;
    await el.updateComplete;
    expect($(el, '[part~=result]').textContent).to.contain(d2.orderId!);
    expect($(el, '[part~=result]').textContent).to.contain('Pay this order in the Billing Center');
    expect((await simCounts()).createBandwidthPackage).to.equal(before + 2);
  });

  it('shows the cloud’s duplicate-name refusal (CC.1053) on the name field', async () => {
    el = await mount('bandwidth-package-form');
    const name = `dup-${Date.now()}`;
    for (let round = 0; round < 2; round++) {
      if (round) {
        $(el, '[part~=result] button').click();
        await el.updateComplete;
      }
      await fill(el, 'name', name);
      await fill(el, 'sizeMbps', '10');
      await choose(el, 'billingMode', '4');
      const outcome = next<{ code?: string; upstream?: { code: string } }>(el, round ? 'bwkit-error' : 'bwkit-success');
      await submit(el);
      const d = await outcome;
      if (round) expect(d.upstream?.code).to.equal('CC.1053');
    }
    await waitUntil(() => el!.shadowRoot!.activeElement === control(el!, 'name'));
    expect(errorOf(el, 'name')).to.contain(name);
    expect(control(el, 'name').getAttribute('aria-invalid')).to.equal('true');
    expect(alertOf(el)).to.contain('The cloud service refused the request.');
    await axeCheck(el);
    // Changing the name clears the server's verdict.
    await fill(el, 'name', `${name}-2`);
    expect(errorOf(el, 'name')).to.equal('');
  });

  it('switches to Chinese live, without losing what was typed', async () => {
    el = await mount('bandwidth-package-form');
    await fill(el, 'name', 'keep-me');
    await fill(el, 'sizeMbps', '5000');
    const input = control(el, 'name');
    el.setAttribute('locale', 'zh-CN');
    await el.updateComplete;
    expect($(el, 'label[for="f-name"]').textContent).to.contain('名称');
    expect(errorOf(el, 'sizeMbps')).to.equal('最多为 1,000 Mbit/s。');
    expect(text(el)).to.contain('包年/包月');
    expect(control(el, 'name')).to.equal(input);
    expect(input.value).to.equal('keep-me');
    el.setAttribute('locale', 'en');
    await el.updateComplete;
    expect(errorOf(el, 'sizeMbps')).to.equal('Use at most 1,000 Mbit/s.');
  });
});
