import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROBLEM_CODES, PROBLEM_STATUS, ProblemSchema } from './problem.js';

describe('problem', () => {
  it('accepts a validation problem with fields and an upstream problem', () => {
    assert.ok(
      ProblemSchema.safeParse({
        type: 'about:blank',
        title: 'Validation failed',
        status: 422,
        code: 'validation_failed',
        requestId: 'r1',
        fields: [
          { path: 'sizeMbps', code: 'size_step', message: 'Use 350 or 400.', params: { lower: 350, upper: 400 } },
        ],
      }).success,
    );
    assert.ok(
      ProblemSchema.safeParse({
        type: 'about:blank',
        title: 'Upstream rejected the request',
        status: 422,
        code: 'upstream_rejected',
        detail: 'NO QUOTAS',
        upstream: {
          service: 'vpc',
          status: 400,
          code: 'VPC.0304',
          message: 'createBandwidth error. NO QUOTAS for shareBandwidthIP!',
          requestId: 'u1',
        },
      }).success,
    );
  });

  it('refuses unknown codes, services and statuses', () => {
    const base = { type: 'about:blank', title: 't', status: 400, code: 'validation_failed' };
    assert.equal(ProblemSchema.safeParse({ ...base, code: 'oops' }).success, false);
    assert.equal(ProblemSchema.safeParse({ ...base, status: 99 }).success, false);
    assert.equal(ProblemSchema.safeParse({ ...base, upstream: { service: 'ecs' } }).success, false);
    assert.equal(ProblemSchema.safeParse({ ...base, fields: [{ path: 'x' }] }).success, false);
  });

  it('has the 29 stable codes, each with a status; only internal_error is a bare 500', () => {
    assert.equal(PROBLEM_CODES.length, 29);
    assert.equal(new Set(PROBLEM_CODES).size, 29);
    for (const code of PROBLEM_CODES) assert.ok(PROBLEM_STATUS[code] >= 400, code);
    assert.deepEqual(
      PROBLEM_CODES.filter((c) => PROBLEM_STATUS[c] === 500),
      ['internal_error'],
    );
    assert.equal(PROBLEM_STATUS.upstream_timeout, 504);
    assert.equal(PROBLEM_STATUS.idempotency_in_progress, 409);
    // Paying: a balance too low and an order that moved on are conflicts with the account's state.
    assert.equal(PROBLEM_STATUS.insufficient_balance, 409);
    assert.equal(PROBLEM_STATUS.order_state_changed, 409);
    assert.equal(PROBLEM_STATUS.payment_not_allowed, 403);
    // Our own store down: a temporary outage of this service, to be retried (with Retry-After).
    assert.equal(PROBLEM_STATUS.store_unavailable, 503);
  });
});
