import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceName } from '../wire/index.js';
import { kindFor, parseRetryAfter, parseUpstreamError, UpstreamError, type UpstreamErrorKind } from './index.js';

interface Case {
  name: string;
  service: ServiceName;
  status: number;
  headers?: Record<string, string>;
  body: string;
  code: string;
  kind: UpstreamErrorKind;
  message?: string | RegExp;
  requestId?: string;
  retryAfterSeconds?: number;
}

const cases: Case[] = [
  // Workspace
  {
    name: 'Workspace 400 WKS.0001',
    service: 'workspace',
    status: 400,
    body: '{"error_code":"WKS.0001","error_msg":"Invalid parameter: subnet_id."}',
    code: 'WKS.0001',
    kind: 'rejected',
    message: 'Invalid parameter: subnet_id.',
  },
  {
    name: 'Workspace error_detail appended',
    service: 'workspace',
    status: 400,
    body: '{"error_code":"WKS.0001","error_msg":"Bad request","error_detail":"bandwidth_size must be a string","encoded_authorization_message":"xyz"}',
    code: 'WKS.0001',
    kind: 'rejected',
    message: 'Bad request (bandwidth_size must be a string)',
  },
  {
    name: 'Workspace 409 conflict',
    service: 'workspace',
    status: 409,
    body: '{"error_code":"WKS.00010032","error_msg":"An order is being processed."}',
    code: 'WKS.00010032',
    kind: 'conflict',
  },
  {
    name: 'Workspace 403 service not enabled is rejected, not auth',
    service: 'workspace',
    status: 403,
    body: '{"error_code":"WKS.00010099","error_msg":"Service not enabled"}',
    code: 'WKS.00010099',
    kind: 'rejected',
  },
  {
    name: 'Workspace 500',
    service: 'workspace',
    status: 500,
    body: '{"error_code":"WKS.9999","error_msg":"Internal error"}',
    code: 'WKS.9999',
    kind: 'unavailable',
  },
  // VPC
  {
    name: 'VPC 400 VPC.0301',
    service: 'vpc',
    status: 400,
    body: '{"code":"VPC.0301","message":"Invalid bandwidth name."}',
    code: 'VPC.0301',
    kind: 'rejected',
    message: 'Invalid bandwidth name.',
  },
  {
    name: 'VPC quota',
    service: 'vpc',
    status: 400,
    body: '{"code":"VPC.0304","message":"createBandwidth error. NO QUOTAS for shareBandwidthIP!"}',
    code: 'VPC.0304',
    kind: 'rejected',
  },
  {
    name: 'VPC 401 invalid token is rejected (not APIGW)',
    service: 'vpc',
    status: 401,
    body: '{"code":"VPC.0008","message":"Invalid token"}',
    code: 'VPC.0008',
    kind: 'rejected',
  },
  {
    name: 'VPC 500 VPC.0302',
    service: 'vpc',
    status: 500,
    body: '{"code":"VPC.0302","message":"internal error"}',
    code: 'VPC.0302',
    kind: 'unavailable',
  },
  {
    name: 'VPC older nested {error:{code,message}}',
    service: 'vpc',
    status: 400,
    body: '{"error":{"code":"VPC.0002","message":"Bad request body"}}',
    code: 'VPC.0002',
    kind: 'rejected',
    message: 'Bad request body',
  },
  {
    name: 'VPC nested error with numeric code',
    service: 'vpc',
    status: 404,
    body: '{"error":{"code":404,"message":"Not found"}}',
    code: '404',
    kind: 'rejected',
    message: 'Not found',
  },
  {
    name: 'NeutronError',
    service: 'vpc',
    status: 404,
    body: '{"NeutronError":{"type":"BandwidthNotFound","message":"Bandwidth abc could not be found","detail":""}}',
    code: 'BandwidthNotFound',
    kind: 'rejected',
    message: 'Bandwidth abc could not be found',
  },
  {
    name: 'NeutronError 409',
    service: 'vpc',
    status: 409,
    body: '{"NeutronError":{"type":"InUse","message":"in use"}}',
    code: 'InUse',
    kind: 'conflict',
  },
  // Cloud Connect
  {
    name: 'CC 400 CC.1001 with request_id in body',
    service: 'cc',
    status: 400,
    body: '{"error_code":"CC.1001","error_msg":"Invalid parameter.","request_id":"b0b1d5bd0e3f4c17a1e0c6fc2e0c9d11"}',
    code: 'CC.1001',
    kind: 'rejected',
    requestId: 'b0b1d5bd0e3f4c17a1e0c6fc2e0c9d11',
  },
  {
    name: 'CC name in use',
    service: 'cc',
    status: 400,
    body: '{"error_code":"CC.1053","error_msg":"The name is already in use.","request_id":"r1"}',
    code: 'CC.1053',
    requestId: 'r1',
    kind: 'rejected',
  },
  {
    name: 'X-Request-Id header wins over body request_id',
    service: 'cc',
    status: 400,
    headers: { 'X-Request-Id': 'hdr-1' },
    body: '{"error_code":"CC.1002","error_msg":"Not found","request_id":"body-1"}',
    code: 'CC.1002',
    kind: 'rejected',
    requestId: 'hdr-1',
  },
  // API gateway
  {
    name: 'APIGW.0301 bad signature → auth',
    service: 'workspace',
    status: 401,
    body: '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"g1"}',
    code: 'APIGW.0301',
    kind: 'auth',
    requestId: 'g1',
  },
  {
    name: 'APIGW.0303 date skew → auth',
    service: 'cc',
    status: 401,
    body: '{"error_code":"APIGW.0303","error_msg":"Incorrect app authentication information: The request time is not within the valid range","request_id":"g2"}',
    code: 'APIGW.0303',
    requestId: 'g2',
    kind: 'auth',
  },
  {
    name: 'APIGW 403 → auth',
    service: 'vpc',
    status: 403,
    body: '{"error_code":"APIGW.0306","error_msg":"Access denied","request_id":"g3"}',
    code: 'APIGW.0306',
    requestId: 'g3',
    kind: 'auth',
  },
  {
    name: 'APIGW.0308 throttled with Retry-After',
    service: 'vpc',
    status: 429,
    headers: { 'retry-after': '7' },
    body: '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached","request_id":"g4"}',
    code: 'APIGW.0308',
    kind: 'rate_limited',
    retryAfterSeconds: 7,
    requestId: 'g4',
  },
  {
    name: 'APIGW.0308 even without 429',
    service: 'workspace',
    status: 403,
    body: '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}',
    code: 'APIGW.0308',
    kind: 'rate_limited',
  },
  {
    name: 'APIGW.0101 unknown API 404 is rejected',
    service: 'cc',
    status: 404,
    body: '{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published"}',
    code: 'APIGW.0101',
    kind: 'rejected',
  },
  // BSS (billing: prices and orders)
  {
    name: 'BSS 400 insufficient balance',
    service: 'bss',
    status: 400,
    body: '{"error_code":"CBC.99005003","error_msg":"Your account balance is insufficient."}',
    code: 'CBC.99005003',
    kind: 'rejected',
    message: 'Your account balance is insufficient.',
  },
  {
    name: 'BSS 400 unknown order',
    service: 'bss',
    status: 400,
    headers: { 'X-Request-Id': 'bss-r1' },
    body: '{"error_code":"CBC.30000010","error_msg":"Invalid order ID."}',
    code: 'CBC.30000010',
    kind: 'rejected',
    requestId: 'bss-r1',
  },
  {
    name: 'BSS 429 flow control',
    service: 'bss',
    status: 429,
    body: '{"error_code":"CBC.0250","error_msg":"Flow control."}',
    code: 'CBC.0250',
    kind: 'rate_limited',
  },
  {
    name: 'BSS flow control code wins whatever the status',
    service: 'bss',
    status: 400,
    body: '{"error_code":"CBC.0250","error_msg":"Flow control."}',
    code: 'CBC.0250',
    kind: 'rate_limited',
  },
  {
    name: 'BSS 403 wrong website is rejected, not auth',
    service: 'bss',
    status: 403,
    body: '{"error_code":"CBC.0156","error_msg":"The customer does not belong to the website you are now at."}',
    code: 'CBC.0156',
    kind: 'rejected',
  },
  {
    name: 'BSS 500 other error',
    service: 'bss',
    status: 500,
    body: '{"error_code":"CBC.0999","error_msg":"Other errors."}',
    code: 'CBC.0999',
    kind: 'unavailable',
  },
  // The other key pairs the official SDKs' exception handlers try
  {
    name: 'camelCase errorCode/errorMsg',
    service: 'bss',
    status: 400,
    body: '{"errorCode":"CBC.0100","errorMsg":"Parameter error."}',
    code: 'CBC.0100',
    kind: 'rejected',
    message: 'Parameter error.',
  },
  {
    name: 'a code/message pair nested in another object',
    service: 'bss',
    status: 400,
    body: '{"result":{"error_code":"CBC.0101","error_msg":"Invalid parameter."}}',
    code: 'CBC.0101',
    kind: 'rejected',
    message: 'Invalid parameter.',
  },
  // Garbage
  {
    name: 'HTML 500',
    service: 'workspace',
    status: 500,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<html><body><h1>500 Internal Server Error</h1><p>secret stack</p></body></html>',
    code: 'HTTP_500',
    kind: 'unavailable',
    message: 'HTTP 500 with an unrecognised body (text/html)',
  },
  {
    name: 'HTML 502 from a proxy',
    service: 'vpc',
    status: 502,
    body: '<html>Bad Gateway</html>',
    code: 'HTTP_502',
    kind: 'unavailable',
  },
  {
    name: 'empty 503',
    service: 'cc',
    status: 503,
    body: '',
    code: 'HTTP_503',
    kind: 'unavailable',
    message: 'HTTP 503 with an empty body',
  },
  {
    name: 'truncated JSON 400',
    service: 'vpc',
    status: 400,
    body: '{"code":"VPC.03',
    code: 'HTTP_400',
    kind: 'rejected',
  },
  { name: 'JSON array', service: 'vpc', status: 400, body: '[1,2,3]', code: 'HTTP_400', kind: 'rejected' },
  { name: 'JSON string', service: 'vpc', status: 400, body: '"oops"', code: 'HTTP_400', kind: 'rejected' },
  {
    name: 'unknown JSON object',
    service: 'workspace',
    status: 422,
    body: '{"foo":"bar"}',
    code: 'HTTP_422',
    kind: 'rejected',
  },
  {
    name: 'empty 429 with HTTP-date Retry-After',
    service: 'workspace',
    status: 429,
    headers: { 'Retry-After': 'Wed, 21 Oct 2015 07:28:30 GMT' },
    body: '',
    code: 'HTTP_429',
    kind: 'rate_limited',
    retryAfterSeconds: 30,
  },
  { name: 'empty 409', service: 'workspace', status: 409, body: '  ', code: 'HTTP_409', kind: 'conflict' },
  {
    name: 'unparsable 401 without APIGW code is rejected',
    service: 'vpc',
    status: 401,
    body: 'Unauthorized',
    code: 'HTTP_401',
    kind: 'rejected',
  },
  { name: 'unexpected 302', service: 'vpc', status: 302, body: '', code: 'HTTP_302', kind: 'bad_response' },
];

const NOW = new Date('2015-10-21T07:28:00Z');

for (const c of cases) {
  test(`parseUpstreamError: ${c.name}`, () => {
    const e = parseUpstreamError(c.service, 'someOp', c.status, new Headers(c.headers ?? {}), c.body, { now: NOW });
    assert.ok(e instanceof UpstreamError);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'UpstreamError');
    assert.equal(e.service, c.service);
    assert.equal(e.operation, 'someOp');
    assert.equal(e.status, c.status);
    assert.equal(e.code, c.code);
    assert.equal(e.kind, c.kind);
    if (typeof c.message === 'string') assert.equal(e.upstreamMessage, c.message);
    else if (c.message) assert.match(e.upstreamMessage, c.message);
    assert.equal(e.requestId, c.requestId);
    assert.equal(e.retryAfterSeconds, c.retryAfterSeconds);
    assert.ok(e.message.includes(c.code), e.message);
    assert.ok(!e.message.includes('<html'), 'no raw HTML in the message');
    assert.ok(!e.message.includes('secret stack'));
  });
}

test('headers may be a plain record (any case)', () => {
  const e = parseUpstreamError('cc', 'createBandwidthPackage', 429, { 'X-REQUEST-ID': 'abc', 'Retry-After': '3' }, '');
  assert.equal(e.requestId, 'abc');
  assert.equal(e.retryAfterSeconds, 3);
  assert.equal(parseUpstreamError('cc', 'op', 400, undefined, '').requestId, undefined);
});

test('messages are one line, bounded, and never echo a redacted secret', () => {
  const sk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
  const long = 'x'.repeat(5000);
  const e = parseUpstreamError(
    'workspace',
    'op',
    400,
    new Headers(),
    JSON.stringify({ error_code: 'WKS.0001', error_msg: `bad\nline ${sk} ${long}` }),
    { redact: [sk] },
  );
  assert.ok(!e.upstreamMessage.includes('\n'));
  assert.ok(!e.upstreamMessage.includes(sk));
  assert.ok(e.upstreamMessage.includes('[redacted]'));
  assert.ok(e.upstreamMessage.length <= 500);
});

test('encoded_authorization_message is exposed whole, in toJSON too, and absent when not sent', () => {
  const token = 'yOGYgXvqDF0Jx' + 'A'.repeat(2000) + '==';
  const e = parseUpstreamError(
    'bss',
    'payOrder',
    403,
    new Headers(),
    JSON.stringify({ error_code: 'CBC.0151', error_msg: 'Access denied.', encoded_authorization_message: token }),
  );
  assert.equal(e.code, 'CBC.0151');
  assert.equal(e.kind, 'rejected');
  assert.equal(e.encodedAuthorizationMessage, token);
  assert.equal(JSON.parse(JSON.stringify(e)).encodedAuthorizationMessage, token);
  assert.ok(!e.message.includes(token), 'the token is not part of the message');

  const w = parseUpstreamError(
    'workspace',
    'createWorkspaceBandwidth',
    403,
    new Headers(),
    '{"error_code":"WKS.00010099","error_msg":"denied","encoded_authorization_message":"wks-token"}',
  );
  assert.equal(w.encodedAuthorizationMessage, 'wks-token');

  const nested = parseUpstreamError(
    'bss',
    'showOrder',
    403,
    new Headers(),
    '{"error":{"code":"CBC.0155","message":"denied","encoded_authorization_message":"nested-token"}}',
  );
  assert.equal(nested.encodedAuthorizationMessage, 'nested-token');

  const none = parseUpstreamError('bss', 'showOrder', 400, new Headers(), '{"error_code":"CBC.0100","error_msg":"x"}');
  assert.equal(none.encodedAuthorizationMessage, undefined);
  assert.ok(!('encodedAuthorizationMessage' in JSON.parse(JSON.stringify(none))));
});

test('an oversized encoded_authorization_message is dropped rather than cut; secrets in it are redacted', () => {
  const big = parseUpstreamError(
    'bss',
    'payOrder',
    403,
    new Headers(),
    JSON.stringify({
      error_code: 'CBC.0151',
      error_msg: 'Access denied.',
      encoded_authorization_message: 'A'.repeat(20_000),
    }),
  );
  assert.equal(big.code, 'CBC.0151');
  assert.equal(big.encodedAuthorizationMessage, undefined);
  const sk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
  const e = parseUpstreamError(
    'bss',
    'payOrder',
    403,
    new Headers(),
    JSON.stringify({ error_code: 'CBC.0151', error_msg: 'no', encoded_authorization_message: `tok${sk}` }),
    { redact: [sk] },
  );
  assert.equal(e.encodedAuthorizationMessage, 'tok[redacted]');
});

test('an absurd upstream code is bounded', () => {
  const e = parseUpstreamError(
    'vpc',
    'op',
    400,
    new Headers(),
    JSON.stringify({ code: 'C'.repeat(1000), message: 'm' }),
  );
  assert.ok(e.code.length <= 64);
});

test('kindFor', () => {
  const table: [number, string | undefined, UpstreamErrorKind][] = [
    [400, undefined, 'rejected'],
    [404, 'VPC.0003', 'rejected'],
    [409, undefined, 'conflict'],
    [429, undefined, 'rate_limited'],
    [401, 'APIGW.0301', 'auth'],
    [403, 'APIGW.0302', 'auth'],
    [401, 'APIGW.0101', 'rejected'],
    [400, 'APIGW.0301', 'rejected'],
    [500, undefined, 'unavailable'],
    [503, 'APIGW.0308', 'rate_limited'],
    [429, 'CBC.0250', 'rate_limited'],
    [400, 'CBC.0250', 'rate_limited'],
    [403, 'CBC.0150', 'rejected'],
    [400, 'CBC.99005003', 'rejected'],
    [504, undefined, 'unavailable'],
    [302, undefined, 'bad_response'],
  ];
  for (const [status, code, kind] of table) assert.equal(kindFor(status, code), kind, `${status} ${code}`);
});

test('parseRetryAfter', () => {
  assert.equal(parseRetryAfter('0'), 0);
  assert.equal(parseRetryAfter(' 12 '), 12);
  assert.equal(parseRetryAfter(''), undefined);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter('-1'), undefined);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', NOW), 0, 'a past date is 0');
});

test('UpstreamError.toJSON is plain and has no cause', () => {
  const e = new UpstreamError({
    service: 'vpc',
    operation: 'createSharedBandwidth',
    code: 'NETWORK',
    kind: 'unavailable',
    upstreamMessage: 'connection failed or was reset',
    cause: new Error('ECONNRESET'),
  });
  const j = JSON.parse(JSON.stringify(e));
  assert.deepEqual(j, {
    name: 'UpstreamError',
    message: 'vpc createSharedBandwidth failed: NETWORK: connection failed or was reset',
    service: 'vpc',
    operation: 'createSharedBandwidth',
    code: 'NETWORK',
    upstreamMessage: 'connection failed or was reset',
    kind: 'unavailable',
  });
  assert.equal((e.cause as Error).message, 'ECONNRESET');
  assert.equal(e.status, undefined);
  assert.ok(!('status' in e));
});
