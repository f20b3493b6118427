import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUpstreamError, type ServiceName, UpstreamError } from '@bwkit/huaweicloud';
import {
  mayHaveActed,
  notePendingOrder,
  problemFromUpstream,
  quoteFromOnDemand,
  quoteFromPeriod,
  toChangeOrderCreated,
  toChangeWorkspaceBandwidthBody,
  toCreateBandwidthPackageBody,
  toCreateSharedBandwidthBody,
  toJob,
  toOrder,
  toWorkspaceBandwidth,
} from './index.js';

const err = (status: number, body: string, service: ServiceName = 'vpc') =>
  parseUpstreamError(service, 'createSharedBandwidth', status, new Headers({ 'x-request-id': 'up-1' }), body);

test('upstream errors map to the documented problem codes and statuses', () => {
  const table: [UpstreamError, number, string, boolean][] = [
    [err(400, '{"code":"VPC.0301","message":"bad name"}'), 422, 'upstream_rejected', false],
    [err(409, '{"error_code":"WKS.00010032","error_msg":"pending"}', 'workspace'), 409, 'upstream_conflict', false],
    [
      err(429, '{"error_code":"APIGW.0308","error_msg":"throttled","request_id":"r"}'),
      503,
      'upstream_rate_limited',
      false,
    ],
    [err(500, '<html>oops</html>'), 502, 'upstream_unavailable', false],
    [
      err(401, '{"error_code":"APIGW.0301","error_msg":"verify aksk signature fail","request_id":"r"}'),
      502,
      'upstream_unavailable',
      false,
    ],
    [
      new UpstreamError({
        service: 'vpc',
        operation: 'createSharedBandwidth',
        code: 'TIMEOUT',
        upstreamMessage: 't',
        kind: 'timeout',
      }),
      504,
      'upstream_timeout',
      true,
    ],
    [
      new UpstreamError({
        service: 'vpc',
        operation: 'createSharedBandwidth',
        code: 'NETWORK',
        upstreamMessage: 'n',
        kind: 'unavailable',
      }),
      502,
      'upstream_unavailable',
      true,
    ],
    [
      new UpstreamError({
        service: 'vpc',
        operation: 'createSharedBandwidth',
        code: 'BAD_RESPONSE',
        upstreamMessage: 'b',
        kind: 'bad_response',
        status: 200,
      }),
      502,
      'upstream_bad_response',
      true,
    ],
  ];
  for (const [e, status, code, acted] of table) {
    const p = problemFromUpstream(e);
    assert.equal(p.problem.status, status, e.code);
    assert.equal(p.problem.code, code, e.code);
    assert.equal(p.problem.upstream?.code, e.code);
    assert.equal(mayHaveActed(e), acted, e.code);
  }
});

test('an upstream name error lands on the name field', () => {
  const p = problemFromUpstream(err(400, '{"error_code":"CC.1053","error_msg":"name in use","request_id":"r"}', 'cc'));
  assert.deepEqual(
    p.problem.fields?.map((f) => f.path),
    ['name'],
  );
});

test('change orders send the size and auto-pay as strings, as the Workspace API “Placing an Order on Changing the Bandwidth of Yearly/Monthly Workspace” documents', () => {
  assert.deepEqual(toChangeWorkspaceBandwidthBody({ sizeMbps: 50, autoPay: true }), {
    bandwidth_size: '50',
    extend_param: { is_auto_pay: 'true' },
  });
  assert.deepEqual(toChangeWorkspaceBandwidthBody({ sizeMbps: 5, autoPay: false, name: 'n' }, '0'), {
    bandwidth_size: '5',
    bandwidth_name: 'n',
    enterprise_project_id: '0',
    extend_param: { is_auto_pay: 'false' },
  });
});

test('package body derives the spec code and maps prepaid options to the wire names', () => {
  const body = toCreateBandwidthPackageBody(
    {
      name: 'p',
      localArea: 'Eastern-Latin-America',
      remoteArea: 'Africa',
      billingMode: 1,
      sizeMbps: 5,
      prepaid: { periodType: 'year', periodCount: 2, autoRenew: true, autoPay: false },
    } as never,
    'proj',
  );
  assert.equal(body.bandwidth_package.spec_code, 'bandwidth.aftoela');
  assert.equal(body.bandwidth_package.charge_mode, 'bandwidth');
  assert.equal(body.bandwidth_package.project_id, 'proj');
  assert.deepEqual(body.bandwidth_package.prepaid_options, {
    period_type: 'year',
    period_num: 2,
    is_auto_renew: true,
    is_auto_pay: false,
  });
});

test('jobs: statuses and progress', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  assert.equal(toJob({ id: 'j', job_type: 't', status: 'INIT' }, now).status, 'pending');
  const running = toJob(
    {
      id: 'j',
      job_type: 't',
      status: 'RUNNING',
      sub_jobs: [{ id: 's', job_type: 't', status: 'RUNNING', process: '40' }],
    },
    now,
  );
  assert.deepEqual([running.status, running.progress], ['running', 40]);
  // The real job names no bandwidth (its entities are desktop fields): the jobs route finds it in the list instead.
  const done = toJob(
    {
      id: 'j',
      job_type: 't',
      status: 'COMPLETE',
      sub_jobs: [{ id: 's', job_type: 't', status: 'SUCCESS', entities: { desktop_id: 'd-1' } }],
    },
    now,
  );
  assert.deepEqual([done.status, done.progress, done.bandwidthId], ['succeeded', 100, undefined]);
  const failed = toJob(
    { id: 'j', job_type: 't', status: 'FAIL', job_error_code: 'WKS.X', fail_reason: 'no subnet' },
    now,
  );
  assert.deepEqual(failed.error, { code: 'WKS.X', message: 'no subnet' });
});

const bss = (status: number, body: string) =>
  parseUpstreamError('bss', 'payOrder', status, new Headers({ 'x-request-id': 'up-2' }), body);

test('BSS codes become clear problems: balance, order state, unknown order; other CBC 4xx are refusals', () => {
  const table: [string, number, string][] = [
    ['CBC.99005003', 409, 'insufficient_balance'],
    ['CBC.99003106', 409, 'order_state_changed'],
    ['CBC.99003110', 409, 'order_state_changed'],
    ['CBC.30000010', 404, 'not_found'],
    ['CBC.0101', 422, 'upstream_rejected'],
  ];
  for (const [code, status, problem] of table) {
    const p = problemFromUpstream(bss(400, JSON.stringify({ error_code: code, error_msg: 'm' })));
    assert.deepEqual(
      [p.problem.status, p.problem.code, p.problem.upstream?.code, p.problem.upstream?.service],
      [status, problem, code, 'bss'],
      code,
    );
  }
});

test("problems carry the cloud's encoded authorization message", () => {
  const e = parseUpstreamError(
    'workspace',
    'createWorkspaceBandwidth',
    403,
    new Headers(),
    JSON.stringify({ error_code: 'WKS.00000403', error_msg: 'denied', encoded_authorization_message: 'ENC123' }),
  );
  assert.equal(problemFromUpstream(e).problem.upstream?.encodedAuthorizationMessage, 'ENC123');
});

test('a change order refused for a pending order says to pay or cancel it', () => {
  const e = parseUpstreamError(
    'workspace',
    'changeWorkspaceBandwidth',
    409,
    new Headers(),
    '{"error_code":"WKS.00010032","error_msg":"busy"}',
  );
  notePendingOrder(e, 'CS123');
  const p = problemFromUpstream(e);
  assert.equal(p.problem.status, 409);
  assert.match(p.problem.detail ?? '', /order waiting for payment: pay or cancel it \(order id CS123\)/);
  assert.doesNotMatch(p.problem.detail ?? '', /refresh/i);
});

test('shared bandwidth never sends enterprise_project_id (documented as unsupported)', () => {
  assert.deepEqual(toCreateSharedBandwidthBody({ name: 'bw', sizeMbps: 10 }), { bandwidth: { name: 'bw', size: 10 } });
});

test('change order answer keeps the job id', () => {
  assert.deepEqual(toChangeOrderCreated('CS1', false, 'job-1'), {
    orderId: 'CS1',
    jobId: 'job-1',
    paymentRequired: true,
  });
  assert.deepEqual(toChangeOrderCreated('CS1', true), { orderId: 'CS1', paymentRequired: false });
});

test('quotes take the best offer, else the lowest, else the official price', () => {
  const best = quoteFromPeriod(
    {
      currency: 'USD',
      official_website_rating_result: { official_website_amount: 100 },
      optional_discount_rating_results: [
        { amount: 80, best_offer: 0 },
        { amount: 90, best_offer: 1 },
      ],
    },
    'international',
    'month',
    1,
  );
  assert.deepEqual(best, {
    available: true,
    amount: 90,
    officialAmount: 100,
    discountAmount: 10,
    currency: 'USD',
    per: 'month',
    periodCount: 1,
    billing: 'yearly-monthly',
  });
  const lowest = quoteFromPeriod(
    {
      official_website_rating_result: { official_website_amount: 100 },
      optional_discount_rating_results: [{ amount: 95 }, { amount: 85 }],
    },
    'chinese-mainland',
    'year',
    2,
  );
  assert.deepEqual([lowest.available && lowest.amount, lowest.available && lowest.currency], [85, 'CNY']);
  const official = quoteFromPeriod(
    { official_website_rating_result: { official_website_amount: 100 } },
    'international',
    'month',
    1,
  );
  assert.equal(official.available && official.amount, 100);
  const hourly = quoteFromOnDemand(
    { amount: 0.9, official_website_amount: 1, discount_amount: 0.1, currency: 'USD' },
    'international',
  );
  assert.deepEqual(hourly, {
    available: true,
    amount: 0.9,
    officialAmount: 1,
    discountAmount: 0.1,
    currency: 'USD',
    per: 'hour',
    billing: 'pay-per-use',
  });
});

test('orders: public status, and pay/cancel only while pending, with order:pay, pay only where the tenant allows', () => {
  const ref = {
    tenantId: 'acme',
    operation: 'changeWorkspaceBandwidth',
    resourceId: 'bw-1',
    createdAt: '2026-11-25T00:00:00Z',
  };
  const tenant = { orders: { allowPay: true, billingUrl: 'https://billing.example' } } as never;
  const pending = {
    order_info: { order_id: 'CS1', status: 6, amount_after_discount: 9, official_amount: 10, currency: 'USD' },
  };
  assert.deepEqual(toOrder(pending, 'CS1', ref, tenant, ['order:read', 'order:pay']), {
    orderId: 'CS1',
    status: 'pending_payment',
    statusCode: 6,
    amount: 9,
    officialAmount: 10,
    currency: 'USD',
    operation: 'changeWorkspaceBandwidth',
    resourceId: 'bw-1',
    canPay: true,
    canCancel: true,
    billingUrl: 'https://billing.example',
  });
  const readOnly = toOrder(pending, 'CS1', ref, tenant, ['order:read']);
  assert.deepEqual([readOnly.canPay, readOnly.canCancel], [false, false]);
  const noPay = toOrder(pending, 'CS1', ref, { orders: { allowPay: false } } as never, ['order:pay']);
  assert.deepEqual([noPay.canPay, noPay.canCancel], [false, true]);
  const done = toOrder({ order_info: { status: 5 } }, 'CS1', ref, tenant, ['order:pay']);
  assert.deepEqual([done.status, done.canPay, done.canCancel], ['completed', false, false]);
});

test('Workspace bandwidths: pending while UPDATING', () => {
  const b = toWorkspaceBandwidth({
    bandwidth_id: 'b',
    bandwidth_name: 'n',
    size: 10,
    charge_mode: 'wks_bandwidth',
    status: 'UPDATING',
    subnet_id: 's',
    order_id: 'CS1',
    created_at: 't',
  });
  assert.deepEqual([b?.pendingOrder, b?.orderId, b?.sizeMbps], [true, 'CS1', 10]);
  assert.equal(toWorkspaceBandwidth({ bandwidth_name: 'no id' }), undefined);
});
