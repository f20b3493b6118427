/** POST /v1/quotes bodies and the change-order "same size as today" rule. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue } from './messages.js';
import {
  OrderSchema,
  QuoteRequestSchema,
  QuoteSchema,
  validateChangeSize,
  validateQuoteRequest,
} from './operations.js';
import { DEFAULT_LIMITS, type RuleContext } from './rules.js';

const ctx: RuleContext = {
  site: 'international',
  limits: DEFAULT_LIMITS,
  regions: ['ap-southeast-1', 'ap-southeast-3'],
};
const BW = '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b';

describe('validateQuoteRequest', () => {
  it('accepts each operation with its own body and returns what its validator makes of it', () => {
    const bodies = [
      { operation: 'createSharedBandwidth', values: { name: 'bw-1', sizeMbps: 10 } },
      {
        operation: 'createWorkspaceBandwidth',
        values: { subnetId: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', chargeMode: 'wks_bandwidth', sizeMbps: 10 },
      },
      { operation: 'changeWorkspaceBandwidth', values: { bandwidthId: BW, sizeMbps: 20, autoPay: false } },
      {
        operation: 'createBandwidthPackage',
        values: {
          name: 'p',
          localArea: 'Asia-Pacific',
          remoteArea: 'Chinese-Mainland',
          billingMode: 2,
          sizeMbps: 10,
          prepaid: { periodType: 'month', periodCount: 3 },
        },
      },
    ];
    for (const b of bodies) {
      const r = validateQuoteRequest(b, ctx);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.operation, b.operation);
      assert.ok(QuoteRequestSchema.safeParse(r.value).success, b.operation);
    }
    const pkg = validateQuoteRequest(bodies[3], ctx);
    // the package validator's defaults are filled in, as on the purchase itself
    assert.ok(
      pkg.ok && pkg.value.operation === 'createBandwidthPackage' && pkg.value.values.prepaid?.autoPay === false,
    );
  });

  it("reports the operation validator's issues under values.", () => {
    const r = validateQuoteRequest({ operation: 'createSharedBandwidth', values: { name: 'a b', sizeMbps: 301 } }, ctx);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.issues.map((i) => [i.path, i.code]),
      [
        ['values.name', 'name_chars'],
        ['values.sizeMbps', 'size_step'],
      ],
    );
  });

  it('needs the bandwidth id to price a change', () => {
    const r = validateQuoteRequest(
      { operation: 'changeWorkspaceBandwidth', values: { sizeMbps: 20, autoPay: false } },
      ctx,
    );
    assert.ok(!r.ok && r.issues.some((i) => i.path === 'values.bandwidthId' && i.code === 'required'));
  });

  it('refuses an unknown operation, missing values and non-objects', () => {
    const r1 = validateQuoteRequest({ operation: 'deleteEverything', values: {} }, ctx);
    assert.ok(!r1.ok && r1.issues[0]!.path === 'operation' && r1.issues[0]!.code === 'invalid_enum');
    const r2 = validateQuoteRequest({ operation: 'createSharedBandwidth' }, ctx);
    assert.ok(!r2.ok && r2.issues[0]!.path === 'values' && r2.issues[0]!.code === 'required');
    const r3 = validateQuoteRequest([], ctx);
    assert.ok(!r3.ok && r3.issues[0]!.code === 'invalid_type');
  });

  it('agrees with QuoteRequestSchema on what it refuses', () => {
    const samples: unknown[] = [
      { operation: 'createSharedBandwidth', values: { name: '共享', sizeMbps: 10 } },
      { operation: 'createWorkspaceBandwidth', values: { subnetId: 'x', chargeMode: 'free' } },
      {
        operation: 'createBandwidthPackage',
        values: { name: 'a\nb', localArea: 'Asia-Pacific', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: 10 },
      },
      { operation: 'changeWorkspaceBandwidth', values: { bandwidthId: 'a/b', sizeMbps: 20, autoPay: false } },
      {
        operation: 'changeWorkspaceBandwidth',
        values: { bandwidthId: BW, sizeMbps: 20, autoPay: false, name: 'x\u202Ey' },
      },
    ];
    for (const s of samples) {
      assert.equal(validateQuoteRequest(s, ctx).ok, false, JSON.stringify(s));
      assert.equal(QuoteRequestSchema.safeParse(s).success, false, JSON.stringify(s));
    }
  });
});

describe('validateChangeSize', () => {
  it('refuses the size the bandwidth has today, with the size in the message', () => {
    const issue = validateChangeSize(20, 20);
    assert.equal(issue?.path, 'sizeMbps');
    assert.equal(issue?.code, 'same_size');
    assert.match(issue!.message, /20 Mbit\/s/);
    assert.match(formatIssue(issue!, 'zh-CN'), /20 Mbit\/s/);
  });
  it("accepts another size, or any size while today's is not known", () => {
    assert.equal(validateChangeSize(30, 20), undefined);
    assert.equal(validateChangeSize(20, undefined), undefined);
  });
});

describe('quote and order schemas', () => {
  it('a quote is a price or a reason, never both', () => {
    assert.ok(
      QuoteSchema.safeParse({
        available: true,
        amount: 9,
        officialAmount: 10,
        discountAmount: 1,
        currency: 'USD',
        per: 'month',
        periodCount: 1,
        billing: 'yearly-monthly',
      }).success,
    );
    assert.ok(
      QuoteSchema.safeParse({ available: false, reason: 'not_configured', message: 'No product codes are configured.' })
        .success,
    );
    assert.equal(QuoteSchema.safeParse({ available: false, reason: 'guess', message: 'x' }).success, false);
    assert.equal(QuoteSchema.safeParse({ available: true, reason: 'free', message: 'x' }).success, false);
  });
  it('an order has a public status and what the user may do', () => {
    assert.ok(
      OrderSchema.safeParse({ orderId: 'CS1', status: 'pending_payment', statusCode: 6, canPay: true, canCancel: true })
        .success,
    );
    assert.equal(
      OrderSchema.safeParse({ orderId: 'CS1', status: 'paid', statusCode: 5, canPay: false, canCancel: false }).success,
      false,
    );
  });
});
