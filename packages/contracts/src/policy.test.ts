import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyViewSchema, TenantPolicySchema } from './approvals.js';
import { CATALOGUE_ZH_CN, formatIssueIn } from './messages.js';
import { POLICY_MESSAGES_ZH_CN } from './messages-zh-CN.js';
import { approvalReasons, checkPolicy, policyViewFor, type TenantPolicy } from './policy.js';

const policy: TenantPolicy = {
  operations: {
    createSharedBandwidth: { maxSizeMbps: 500, regions: ['ap-southeast-3'] },
    createBandwidthPackage: {
      areas: ['Asia-Pacific', 'Chinese-Mainland'],
      billingModes: [2, 4],
      periodTypes: ['month'],
      maxPeriodCount: 6,
    },
    createWorkspaceBandwidth: { chargeModes: ['wks_traffic'] },
  },
  monthlySpendCap: { amount: 5000, currency: 'USD' },
  approval: { aboveAmount: 100, aboveSizeMbps: 300, subjects: ['intern-1'], expiresAfterHours: 72 },
};

describe('checkPolicy', () => {
  it('names the field and the rule of each breach', () => {
    const issues = checkPolicy('createSharedBandwidth', { name: 'x', sizeMbps: 600, region: 'cn-north-4' }, policy);
    assert.deepEqual(
      issues.map((i) => [i.path, i.code]),
      [
        ['sizeMbps', 'policy_max_size'],
        ['region', 'policy_region'],
      ],
    );
    assert.match(issues[0]!.message, /at most 500 Mbit\/s/);
    assert.equal(issues[0]!.params?.rule, 'policy_max_size');
  });
  it('uses the default region when none is given, and passes what the policy allows', () => {
    assert.equal(checkPolicy('createSharedBandwidth', { sizeMbps: 10 }, policy, 'cn-north-4').length, 1);
    assert.deepEqual(checkPolicy('createSharedBandwidth', { sizeMbps: 500, region: 'ap-southeast-3' }, policy), []);
    assert.deepEqual(checkPolicy('changeWorkspaceBandwidth', { sizeMbps: 5000 }, policy), []);
    assert.deepEqual(checkPolicy('createSharedBandwidth', { sizeMbps: 5000 }, undefined), []);
  });
  it('checks areas, billing modes, periods and charge modes', () => {
    const issues = checkPolicy(
      'createBandwidthPackage',
      {
        localArea: 'Asia-Pacific',
        remoteArea: 'Africa',
        billingMode: 1,
        prepaid: { periodType: 'year', periodCount: 7 },
      },
      policy,
    );
    assert.deepEqual(
      issues.map((i) => [i.path, i.code]),
      [
        ['remoteArea', 'policy_area'],
        ['billingMode', 'policy_billing_mode'],
        ['prepaid.periodType', 'policy_period'],
        ['prepaid.periodCount', 'policy_period'],
      ],
    );
    assert.deepEqual(
      checkPolicy('createWorkspaceBandwidth', { chargeMode: 'wks_bandwidth' }, policy).map((i) => i.code),
      ['policy_charge_mode'],
    );
  });
  it('has a zh-CN text for every rule', () => {
    const [issue] = checkPolicy('createSharedBandwidth', { sizeMbps: 600, region: 'ap-southeast-3' }, policy);
    const zh = { ...CATALOGUE_ZH_CN, messages: { ...CATALOGUE_ZH_CN.messages, ...POLICY_MESSAGES_ZH_CN } };
    assert.equal(formatIssueIn(zh, issue!), '贵组织的策略允许最多 500 Mbit/s。');
  });
});

describe('approval rules and the config view', () => {
  it('says why a purchase waits', () => {
    assert.deepEqual(approvalReasons(policy, 'u', { sizeMbps: 100 }, 50), []);
    assert.deepEqual(approvalReasons(policy, 'intern-1', { sizeMbps: 400 }, 150), ['subject', 'size', 'amount']);
    assert.deepEqual(approvalReasons(policy, 'u', { sizeMbps: 100 }, undefined), []);
  });
  it('shows the user whether they always wait, never the list of names', () => {
    const view = policyViewFor(policy, 'intern-1');
    assert.equal(view.approval?.always, true);
    assert.equal(JSON.stringify(view).includes('intern-1'), false);
    assert.equal(PolicyViewSchema.safeParse(view).success, true);
  });
  it('config schema: defaults the expiry, refuses unknown keys', () => {
    assert.equal(TenantPolicySchema.parse({ approval: {} }).approval?.expiresAfterHours, 72);
    assert.equal(
      TenantPolicySchema.safeParse({ operations: { createSharedBandwidth: { maxSize: 1 } } }).success,
      false,
    );
  });
});
