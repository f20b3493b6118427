import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamError, parseUpstreamError } from '@bwkit/huaweicloud';
import { mayHaveActed, problemFromUpstream, toChangeWorkspaceBandwidthBody, toCreateBandwidthPackageBody, toJob } from './index.js';

const err = (status: number, body: string, service: 'workspace' | 'vpc' | 'cc' = 'vpc') =>
  parseUpstreamError(service, 'createSharedBandwidth', status, new Headers({ 'x-request-id': 'up-1' }), body);

test('upstream errors map to the documented problem codes and statuses', () => {
  const table: [UpstreamError, number, string, boolean][] = [
    [err(400, '{"code":"VPC.0301","message":"bad name"}'), 422, 'upstream_rejected', false],
    [err(409, '{"error_code":"WKS.00010032","error_msg":"pending"}', 'workspace'), 409, 'upstream_conflict', false],
    [err(429, '{"error_code":"APIGW.0308","error_msg":"throttled","request_id":"r"}'), 503, 'upstream_rate_limited', false],
    [err(500, '<html>oops</html>'), 502, 'upstream_unavailable', false],
    [err(401, '{"error_code":"APIGW.0301","error_msg":"verify aksk signature fail","request_id":"r"}'), 502, 'upstream_unavailable', false],
    [new UpstreamError({ service: 'vpc', operation: 'createSharedBandwidth', code: 'TIMEOUT', upstreamMessage: 't', kind: 'timeout' }), 504, 'upstream_timeout', true],
    [new UpstreamError({ service: 'vpc', operation: 'createSharedBandwidth', code: 'NETWORK', upstreamMessage: 'n', kind: 'unavailable' }), 502, 'upstream_unavailable', true],
    [new UpstreamError({ service: 'vpc', operation: 'createSharedBandwidth', code: 'BAD_RESPONSE', upstreamMessage: 'b', kind: 'bad_response', status: 200 }), 502, 'upstream_bad_response', true],
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
  assert.deepEqual(p.problem.fields?.map((f) => f.path), ['name']);
});

test('change orders send the size and auto-pay as strings, as seed 001 documents', () => {
  assert.deepEqual(toChangeWorkspaceBandwidthBody({ sizeMbps: 50, autoPay: true }), { bandwidth_size: '50', extend_param: { is_auto_pay: 'true' } });
  assert.deepEqual(toChangeWorkspaceBandwidthBody({ sizeMbps: 5, autoPay: false, name: 'n' }, '0'),
    { bandwidth_size: '5', bandwidth_name: 'n', enterprise_project_id: '0', extend_param: { is_auto_pay: 'false' } });
});

test('package body derives the spec code and maps prepaid options to the wire names', () => {
  const body = toCreateBandwidthPackageBody({
    name: 'p', localArea: 'Eastern-Latin-America', remoteArea: 'Africa', billingMode: 1, sizeMbps: 5,
    prepaid: { periodType: 'year', periodCount: 2, autoRenew: true, autoPay: false },
  } as never, 'proj');
  assert.equal(body.bandwidth_package.spec_code, 'bandwidth.aftoela');
  assert.equal(body.bandwidth_package.charge_mode, 'bandwidth');
  assert.equal(body.bandwidth_package.project_id, 'proj');
  assert.deepEqual(body.bandwidth_package.prepaid_options, { period_type: 'year', period_num: 2, is_auto_renew: true, is_auto_pay: false });
});

test('jobs: statuses and progress', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  assert.equal(toJob({ id: 'j', job_type: 't', status: 'INIT' }, now).status, 'pending');
  const running = toJob({ id: 'j', job_type: 't', status: 'RUNNING', sub_jobs: [{ id: 's', job_type: 't', status: 'RUNNING', process: '40' }] }, now);
  assert.deepEqual([running.status, running.progress], ['running', 40]);
  const done = toJob({ id: 'j', job_type: 't', status: 'COMPLETE', entities: { bandwidth_id: 'bw-1' } }, now);
  assert.deepEqual([done.status, done.progress, done.bandwidthId], ['succeeded', 100, 'bw-1']);
  const failed = toJob({ id: 'j', job_type: 't', status: 'FAIL', job_error_code: 'WKS.X', fail_reason: 'no subnet' }, now);
  assert.deepEqual(failed.error, { code: 'WKS.X', message: 'no subnet' });
});
