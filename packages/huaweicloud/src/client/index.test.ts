import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, UpstreamError } from '../errors/index.js';
import { type Credentials, formatSdkDate, type VerifyResult, verify } from '../signer/index.js';
import {
  buildQuery,
  createHuaweiCloudClient,
  type HuaweiCloudClient,
  type HuaweiCloudClientOptions,
  matchOperation,
  OPERATION_NAMES,
  OPERATIONS,
} from './index.js';

// ---- a tiny upstream that records what the client sends ---------------------------------------------------------

const CREDS: Credentials = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const SECRETS: Record<string, string> = { [CREDS.ak]: CREDS.sk, TMPAKEXAMPLE000000: 'tmp-secret-key-0123456789' };

interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  verified: VerifyResult;
}
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void;

let server: http.Server;
let base: string;
let seen: Seen[] = [];
let handler: Handler;
let verifyAt: () => Date = () => new Date();

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) for (const x of v) headers.append(k, x);
        else if (v !== undefined) headers.set(k, v);
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const url = `http://${req.headers.host}${req.url}`;
      const verified = await verify({ method: req.method!, url, headers, body }, (ak) => SECRETS[ak], verifyAt());
      const s: Seen = { method: req.method!, path: req.url!, headers, body, verified };
      seen.push(s);
      handler(req, res, s);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  verifyAt = () => new Date();
  handler = (_req, res) => json(res, 500, { error_code: 'TEST.0000', error_msg: 'no handler' });
});

function client(extra: Partial<HuaweiCloudClientOptions> = {}): HuaweiCloudClient {
  return createHuaweiCloudClient({
    credentials: CREDS,
    domainId: 'dom-0001',
    projects: { 'cn-north-4': 'proj-cn4', 'ap-southeast-1': 'proj-ap1' },
    endpoints: { workspace: base + '/', vpc: base, cc: base, bss: base },
    retryDelayMs: 20,
    ...extra,
  });
}

async function rejects(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UpstreamError, `expected an UpstreamError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

function assertSignedProject(s: Seen, projectId: string): void {
  assert.deepEqual(s.verified, { ok: true, ak: CREDS.ak });
  assert.equal(s.headers.get('content-type'), 'application/json;charset=UTF-8');
  assert.equal(s.headers.get('user-agent'), 'bwkit/0.1');
  assert.equal(s.headers.get('x-project-id'), projectId);
  assert.equal(s.headers.get('x-domain-id'), null);
  assert.match(s.headers.get('x-sdk-date')!, /^\d{8}T\d{6}Z$/);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(s.headers.get('authorization')!)![1]!.split(';');
  for (const h of ['content-type', 'host', 'user-agent', 'x-project-id', 'x-sdk-date'])
    assert.ok(signedHeaders.includes(h), h);
}

// ---- what the client sends --------------------------------------------------------------------------------------

test('createWorkspaceBandwidth: POST /v2/{project_id}/bandwidths, signed, X-Project-Id, body as sent', async () => {
  handler = (_q, res) =>
    json(res, 200, { job_id: 'fa9e41e1-1221-47c3-a43c-67a1271e2093' }, { 'X-Request-Id': 'req-wks-1' });
  const body = {
    subnet_id: '2fe2cebf-fb0c-40a6-8daa-f60bef147583',
    charge_mode: 'wks_bandwidth' as const,
    bandwidth_size: 1,
  };
  const r = await client().createWorkspaceBandwidth({ region: 'cn-north-4', body });
  assert.deepEqual(r.data, { job_id: 'fa9e41e1-1221-47c3-a43c-67a1271e2093' });
  assert.equal(r.status, 200);
  assert.equal(r.requestId, 'req-wks-1');
  assert.equal(typeof r.durationMs, 'number');
  assert.equal(seen.length, 1);
  const s = seen[0]!;
  assert.equal(s.method, 'POST');
  assert.equal(s.path, '/v2/proj-cn4/bandwidths');
  assertSignedProject(s, 'proj-cn4');
  assert.equal(s.body, JSON.stringify(body));
});

test('showWorkspaceJob: GET with Content-Type (as the Node SDK), no body, path params percent-encoded', async () => {
  const job = { id: 'job 1/ä', job_type: 'CREATE_BANDWIDTH', status: 'RUNNING', sub_jobs_total: 0, sub_jobs: [] };
  handler = (_q, res) => json(res, 200, job);
  const r = await client().showWorkspaceJob({ region: 'ap-southeast-1', jobId: 'job 1/ä' });
  assert.deepEqual(r.data, job);
  assert.equal(r.requestId, undefined);
  const s = seen[0]!;
  assert.equal(s.method, 'GET');
  assert.equal(s.path, '/v2/proj-ap1/workspace-jobs/job%201%2F%C3%A4');
  assert.equal(s.body, '');
  assertSignedProject(s, 'proj-ap1');
});

test('changeWorkspaceBandwidth: bandwidth_size as a string, is_auto_pay "true"/"false"', async () => {
  handler = (_q, res) => json(res, 200, { order_id: 'CS2101011234ABCDE' });
  for (const autoPay of ['true', 'false'] as const) {
    seen = [];
    const body = { bandwidth_size: '20', bandwidth_name: 'wks-bw', extend_param: { is_auto_pay: autoPay } };
    const r = await client().changeWorkspaceBandwidth({ region: 'cn-north-4', bandwidthId: 'bw-123', body });
    assert.equal(r.data.order_id, 'CS2101011234ABCDE');
    const s = seen[0]!;
    assert.equal(s.method, 'POST');
    assert.equal(s.path, '/v2/proj-cn4/bandwidths/bw-123/periodic/change/order');
    assertSignedProject(s, 'proj-cn4');
    assert.ok(s.body.includes('"bandwidth_size":"20"'), s.body);
    assert.ok(s.body.includes(`"extend_param":{"is_auto_pay":"${autoPay}"}`), s.body);
    assert.deepEqual(JSON.parse(s.body), body);
  }
});

test('createSharedBandwidth: POST /v2.0/{project_id}/bandwidths; 200 and 201 both accepted', async () => {
  const bandwidth = {
    id: '1bffc5f2-ff19-45a6-96d2-dfdca49cc387',
    name: 'bandwidth123',
    size: 10,
    share_type: 'WHOLE',
    publicip_info: [],
    tenant_id: 'proj-cn4',
    bandwidth_type: 'share',
    charge_mode: 'bandwidth',
    billing_info: '',
    enterprise_project_id: '0',
    status: 'NORMAL',
    created_at: '2020-04-21T07:58:02Z',
    updated_at: '2020-04-21T07:58:02Z',
  };
  for (const status of [200, 201]) {
    seen = [];
    handler = (_q, res) => json(res, status, { bandwidth });
    const body = { bandwidth: { name: 'bandwidth123', size: 10 } };
    const r = await client().createSharedBandwidth({ region: 'cn-north-4', body });
    assert.equal(r.status, status);
    assert.equal(r.data.bandwidth.id, bandwidth.id);
    const s = seen[0]!;
    assert.equal(s.path, '/v2.0/proj-cn4/bandwidths');
    assertSignedProject(s, 'proj-cn4');
    assert.equal(s.body, JSON.stringify(body));
  }
});

test('createBandwidthPackage: global, X-Domain-Id + domain in the path, 201, request_id from the body', async () => {
  handler = (_q, res) =>
    json(res, 201, { request_id: 'cc-req-9', bandwidth_package: { id: 'bwp-1', name: 'p', billing_mode: '3' } });
  const body = {
    bandwidth_package: {
      name: 'test_bwp_name',
      project_id: 'proj-cn4',
      local_area_id: 'Chinese-Mainland' as const,
      remote_area_id: 'Chinese-Mainland' as const,
      charge_mode: 'bandwidth' as const,
      billing_mode: 5 as const,
      bandwidth: 5,
      interflow_mode: 'Area' as const,
    },
  };
  const r = await client().createBandwidthPackage({ body });
  assert.equal(r.status, 201);
  assert.equal(r.data.bandwidth_package.id, 'bwp-1');
  assert.equal(r.requestId, 'cc-req-9');
  const s = seen[0]!;
  assert.equal(s.method, 'POST');
  assert.equal(s.path, '/v3/dom-0001/ccaas/bandwidth-packages');
  assert.deepEqual(s.verified, { ok: true, ak: CREDS.ak });
  assert.equal(s.headers.get('x-domain-id'), 'dom-0001');
  assert.equal(s.headers.get('x-project-id'), null);
  assert.equal(s.body, JSON.stringify(body));
});

test('temporary credentials send a signed X-Security-Token; the signing clock is injectable', async () => {
  handler = (_q, res) => json(res, 200, { job_id: 'j' });
  const fixed = new Date('2024-05-06T07:08:09Z');
  verifyAt = () => fixed;
  const c = client({
    credentials: { ak: 'TMPAKEXAMPLE000000', sk: SECRETS['TMPAKEXAMPLE000000']!, securityToken: 'tok-123' },
    now: () => fixed,
  });
  await c.createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } });
  const s = seen[0]!;
  assert.deepEqual(s.verified, { ok: true, ak: 'TMPAKEXAMPLE000000' });
  assert.equal(s.headers.get('x-sdk-date'), formatSdkDate(fixed));
  assert.equal(s.headers.get('x-security-token'), 'tok-123');
  assert.match(s.headers.get('authorization')!, /SignedHeaders=[^,]*x-security-token/);
});

test('the server-side check is real: the same request does not verify with another SK', async () => {
  handler = (_q, res) => json(res, 200, { job_id: 'j' });
  await client().createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } });
  const s = seen[0]!;
  const r = await verify({ method: s.method, url: base + s.path, headers: s.headers, body: s.body }, () => 'wrong-sk');
  assert.equal(r.ok, false);
});

test('custom userAgent; empty userAgent sends the runtime default unsigned', async () => {
  handler = (_q, res) => json(res, 200, { job_id: 'j' });
  await client({ userAgent: 'portal-x/2' }).createWorkspaceBandwidth({
    region: 'cn-north-4',
    body: { subnet_id: 's', charge_mode: 'free' },
  });
  assert.equal(seen[0]!.headers.get('user-agent'), 'portal-x/2');
  await client({ userAgent: '' }).createWorkspaceBandwidth({
    region: 'cn-north-4',
    body: { subnet_id: 's', charge_mode: 'free' },
  });
  assert.deepEqual(seen[1]!.verified, { ok: true, ak: CREDS.ak });
  assert.doesNotMatch(seen[1]!.headers.get('authorization')!, /user-agent/);
});

test('endpoint override with a path prefix and {region}', async () => {
  handler = (_q, res) => json(res, 200, { job_id: 'j' });
  const c = client({ endpoints: { workspace: `${base}/gw/{region}/` } });
  await c.createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } });
  assert.equal(seen[0]!.path, '/gw/cn-north-4/v2/proj-cn4/bandwidths');
  assert.deepEqual(seen[0]!.verified, { ok: true, ak: CREDS.ak });
});

// ---- failures before the network --------------------------------------------------------------------------------

test('unknown region → ConfigError, nothing sent', async () => {
  const c = client();
  await assert.rejects(
    c.createWorkspaceBandwidth({ region: 'eu-west-0', body: { subnet_id: 's', charge_mode: 'free' } }),
    ConfigError,
  );
  await assert.rejects(c.showWorkspaceJob({ region: '__proto__', jobId: 'j' }), ConfigError);
  await assert.rejects(
    c.createSharedBandwidth({ region: 'toString', body: { bandwidth: { name: 'n', size: 5 } } }),
    ConfigError,
  );
  assert.equal(seen.length, 0);
});

test('bad path parameters and missing domainId fail before the network', async () => {
  await assert.rejects(client().showWorkspaceJob({ region: 'cn-north-4', jobId: '..' }), TypeError);
  await assert.rejects(client().showWorkspaceJob({ region: 'cn-north-4', jobId: '' }), TypeError);
  await assert.rejects(
    client().changeWorkspaceBandwidth({ region: 'cn-north-4', bandwidthId: 'a\nb', body: { bandwidth_size: '10' } }),
    TypeError,
  );
  const noDomain = client({ domainId: '' });
  await assert.rejects(noDomain.createBandwidthPackage({ body: {} as never }), ConfigError);
  assert.equal(seen.length, 0);
});

test('bad options → ConfigError at construction', () => {
  assert.throws(() => client({ credentials: { ak: '', sk: 'x' } }), ConfigError);
  assert.throws(() => client({ projects: { 'cn-north-4': 'has space' } }), ConfigError);
  assert.throws(() => client({ timeoutMs: 0 }), ConfigError);
  assert.throws(() => client({ userAgent: 'a\r\nX-Evil: 1' }), ConfigError);
});

// ---- failures on the network ------------------------------------------------------------------------------------

test('slow server → timeout within timeoutMs', async () => {
  handler = (_q, res) => {
    const t = setTimeout(() => json(res, 200, { job_id: 'late' }), 3000);
    res.on('close', () => clearTimeout(t));
  };
  const started = Date.now();
  const e = await rejects(
    client({ timeoutMs: 150 }).createWorkspaceBandwidth({
      region: 'cn-north-4',
      body: { subnet_id: 's', charge_mode: 'free' },
    }),
  );
  const elapsed = Date.now() - started;
  assert.equal(e.kind, 'timeout');
  assert.equal(e.code, 'TIMEOUT');
  assert.equal(e.status, undefined);
  assert.ok(elapsed >= 140 && elapsed < 1000, `took ${elapsed} ms`);
});

test('a body that stalls after the headers → timeout too (per-call timeoutMs overrides the client default)', async () => {
  handler = (_q, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"job_id":');
  };
  const started = Date.now();
  const e = await rejects(
    client().createWorkspaceBandwidth(
      { region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } },
      { timeoutMs: 120 },
    ),
  );
  assert.equal(e.kind, 'timeout');
  assert.ok(Date.now() - started < 1000);
});

test('socket destroyed mid-response → unavailable / NETWORK', async () => {
  handler = (q, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
    res.write('{"job_id":"abc');
    setTimeout(() => q.socket.destroy(), 10);
  };
  const e = await rejects(
    client().createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
  );
  assert.equal(e.kind, 'unavailable');
  assert.equal(e.code, 'NETWORK');
  assert.equal(e.status, undefined);
  assert.equal(seen.length, 1);
});

test('socket destroyed before any response, and connection refused → unavailable / NETWORK', async () => {
  handler = (q) => q.socket.destroy();
  const e1 = await rejects(
    client().createSharedBandwidth({ region: 'cn-north-4', body: { bandwidth: { name: 'n', size: 5 } } }),
  );
  assert.equal(e1.kind, 'unavailable');
  assert.equal(e1.code, 'NETWORK');

  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const e2 = await rejects(
    client({ endpoints: { vpc: `http://127.0.0.1:${port}` } }).createSharedBandwidth({
      region: 'cn-north-4',
      body: { bandwidth: { name: 'n', size: 5 } },
    }),
  );
  assert.equal(e2.code, 'NETWORK');
});

test('500 with HTML → unavailable, HTTP_500, no HTML in the message', async () => {
  handler = (_q, res) => {
    res.writeHead(500, { 'Content-Type': 'text/html', 'X-Request-Id': 'rid-500' });
    res.end('<html><body>Internal Server Error at /internal/path</body></html>');
  };
  const e = await rejects(
    client().createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
  );
  assert.equal(e.kind, 'unavailable');
  assert.equal(e.status, 500);
  assert.equal(e.code, 'HTTP_500');
  assert.equal(e.requestId, 'rid-500');
  assert.doesNotMatch(e.message, /<html|internal\/path/i);
});

test('429 APIGW.0308 → rate_limited with Retry-After; a create is not retried', async () => {
  handler = (_q, res) =>
    json(
      res,
      429,
      { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached', request_id: 'gw-1' },
      { 'Retry-After': '5' },
    );
  const e = await rejects(
    client().createSharedBandwidth({ region: 'cn-north-4', body: { bandwidth: { name: 'n', size: 5 } } }),
  );
  assert.equal(e.kind, 'rate_limited');
  assert.equal(e.code, 'APIGW.0308');
  assert.equal(e.retryAfterSeconds, 5);
  assert.equal(e.requestId, 'gw-1');
  assert.equal(e.status, 429);
  assert.equal(seen.length, 1);
});

test('documented error bodies come through typed', async () => {
  handler = (_q, res) =>
    json(res, 400, { code: 'VPC.0301', message: 'Invalid bandwidth name.' }, { 'X-Request-Id': 'v-1' });
  const e1 = await rejects(
    client().createSharedBandwidth({ region: 'cn-north-4', body: { bandwidth: { name: '!', size: 5 } } }),
  );
  assert.deepEqual(
    [e1.service, e1.operation, e1.status, e1.code, e1.kind, e1.upstreamMessage, e1.requestId],
    ['vpc', 'createSharedBandwidth', 400, 'VPC.0301', 'rejected', 'Invalid bandwidth name.', 'v-1'],
  );

  handler = (_q, res) => json(res, 409, { error_code: 'WKS.00010032', error_msg: 'conflict' });
  const e2 = await rejects(
    client().changeWorkspaceBandwidth({ region: 'cn-north-4', bandwidthId: 'b', body: { bandwidth_size: '10' } }),
  );
  assert.equal(e2.kind, 'conflict');

  handler = (_q, res) =>
    json(res, 401, {
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      request_id: 'a',
    });
  const e3 = await rejects(client().createBandwidthPackage({ body: { bandwidth_package: {} } as never }));
  assert.equal(e3.kind, 'auth');
  assert.equal(e3.service, 'cc');
});

test('error messages carry neither credentials nor the request body', async () => {
  handler = (_q, res) => json(res, 400, { error_code: 'WKS.0001', error_msg: `echo ${CREDS.sk}` });
  const e = await rejects(
    client().createWorkspaceBandwidth({
      region: 'cn-north-4',
      body: { subnet_id: 'SUBNET-MARKER', charge_mode: 'free' },
    }),
  );
  const all = JSON.stringify(e) + e.message + String(e.stack);
  assert.ok(!all.includes(CREDS.sk));
  assert.ok(!all.includes('SUBNET-MARKER'));
});

test('a 2xx that is not the expected shape → bad_response', async () => {
  handler = (_q, res) => json(res, 200, {});
  const e1 = await rejects(
    client().createSharedBandwidth({ region: 'cn-north-4', body: { bandwidth: { name: 'n', size: 5 } } }),
  );
  assert.equal(e1.kind, 'bad_response');
  assert.equal(e1.code, 'BAD_RESPONSE');
  assert.equal(e1.status, 200);

  const cases: [string, number, string, (c: HuaweiCloudClient) => Promise<unknown>][] = [
    [
      'not JSON',
      200,
      'OK',
      (c) => c.createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
    ],
    ['job without status', 200, '{"id":"j"}', (c) => c.showWorkspaceJob({ region: 'cn-north-4', jobId: 'j' })],
    [
      'order_id empty',
      200,
      '{"order_id":""}',
      (c) => c.changeWorkspaceBandwidth({ region: 'cn-north-4', bandwidthId: 'b', body: { bandwidth_size: '10' } }),
    ],
    [
      'package without id',
      201,
      '{"request_id":"r","bandwidth_package":{}}',
      (c) => c.createBandwidthPackage({ body: {} as never }),
    ],
    [
      'unexpected 2xx',
      204,
      '',
      (c) => c.createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
    ],
    [
      'array',
      200,
      '[]',
      (c) => c.createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
    ],
  ];
  for (const [name, status, text, call] of cases) {
    handler = (_q, res) => {
      res.writeHead(status);
      res.end(text);
    };
    const e = await rejects(call(client()));
    assert.equal(e.kind, 'bad_response', name);
    assert.equal(e.status, status, name);
  }
});

test('a redirect is not followed (the signed request stays on the configured host)', async () => {
  handler = (_q, res) => {
    res.writeHead(302, { Location: `${base}/elsewhere` });
    res.end();
  };
  const e = await rejects(
    client().createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
  );
  assert.equal(e.status, 302);
  assert.equal(e.kind, 'bad_response');
  assert.equal(seen.length, 1);
});

test("the caller's abort rejects with its reason, not as an upstream failure", async () => {
  handler = (_q, res) => {
    const t = setTimeout(() => json(res, 200, { job_id: 'late' }), 3000);
    res.on('close', () => clearTimeout(t));
  };
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(
    client().createWorkspaceBandwidth(
      { region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } },
      { signal: ac.signal },
    ),
    (e: unknown) => e instanceof DOMException && e.name === 'AbortError',
  );
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'j' }, { signal: pre.signal }), {
    name: 'AbortError',
  });
});

// ---- retries ----------------------------------------------------------------------------------------------------

test('creates hitting a 503 are sent exactly once', async () => {
  handler = (_q, res) => json(res, 503, { error_code: 'WKS.9999', error_msg: 'busy' });
  const c = client();
  const calls: [string, () => Promise<unknown>][] = [
    [
      'createWorkspaceBandwidth',
      () => c.createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
    ],
    [
      'changeWorkspaceBandwidth',
      () => c.changeWorkspaceBandwidth({ region: 'cn-north-4', bandwidthId: 'b', body: { bandwidth_size: '10' } }),
    ],
    [
      'createSharedBandwidth',
      () => c.createSharedBandwidth({ region: 'cn-north-4', body: { bandwidth: { name: 'n', size: 5 } } }),
    ],
    ['createBandwidthPackage', () => c.createBandwidthPackage({ body: { bandwidth_package: {} } as never })],
  ];
  for (const [name, call] of calls) {
    seen = [];
    const e = await rejects(call());
    assert.equal(e.kind, 'unavailable', name);
    assert.equal(e.operation, name);
    await new Promise((r) => setTimeout(r, 60)); // longer than retryDelayMs: a late retry would show up
    assert.equal(seen.length, 1, `${name} was sent ${seen.length} times`);
  }
});

test('creates are not retried after a network reset either', async () => {
  handler = (q) => q.socket.destroy();
  await rejects(
    client().createWorkspaceBandwidth({ region: 'cn-north-4', body: { subnet_id: 's', charge_mode: 'free' } }),
  );
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(seen.length, 1);
});

const JOB = { id: 'job-1', job_type: 'CREATE_BANDWIDTH', status: 'SUCCESS' };

test('showWorkspaceJob is retried once on 503, re-signed, then succeeds', async () => {
  let n = 0;
  handler = (_q, res) =>
    ++n === 1 ? json(res, 503, { error_code: 'WKS.9999', error_msg: 'busy' }) : json(res, 200, JOB);
  const r = await client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'job-1' });
  assert.deepEqual(r.data, JOB);
  assert.equal(seen.length, 2);
  for (const s of seen) assert.deepEqual(s.verified, { ok: true, ak: CREDS.ak });
});

test('showWorkspaceJob is retried once only: two 503s → the second error', async () => {
  handler = (_q, res) =>
    json(res, 503, { error_code: 'WKS.9999', error_msg: 'busy' }, { 'X-Request-Id': `r${seen.length}` });
  const e = await rejects(client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'job-1' }));
  assert.equal(e.kind, 'unavailable');
  assert.equal(e.requestId, 'r2');
  assert.equal(seen.length, 2);
});

test('showWorkspaceJob retries on 429 (honouring a short Retry-After) and on a network reset', async () => {
  let n = 0;
  handler = (_q, res) =>
    ++n === 1
      ? json(res, 429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'Retry-After': '0' })
      : json(res, 200, JOB);
  assert.equal((await client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'job-1' })).data.status, 'SUCCESS');
  assert.equal(seen.length, 2);

  seen = [];
  n = 0;
  handler = (q, res) => (++n === 1 ? q.socket.destroy() : json(res, 200, JOB));
  assert.equal((await client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'job-1' })).data.id, 'job-1');
  assert.equal(seen.length, 2);
});

test('showWorkspaceJob is not retried on 4xx, on a long Retry-After, or on a timeout', async () => {
  handler = (_q, res) => json(res, 400, { error_code: 'WKS.0001', error_msg: 'no such job' });
  assert.equal((await rejects(client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'x' }))).kind, 'rejected');
  assert.equal(seen.length, 1);

  seen = [];
  handler = (_q, res) => json(res, 429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'Retry-After': '60' });
  const e = await rejects(client().showWorkspaceJob({ region: 'cn-north-4', jobId: 'x' }));
  assert.equal(e.retryAfterSeconds, 60);
  assert.equal(seen.length, 1);

  seen = [];
  handler = (_q, res) => {
    const t = setTimeout(() => json(res, 200, JOB), 3000);
    res.on('close', () => clearTimeout(t));
  };
  assert.equal(
    (await rejects(client({ timeoutMs: 100 }).showWorkspaceJob({ region: 'cn-north-4', jobId: 'x' }))).kind,
    'timeout',
  );
  assert.equal(seen.length, 1);
});

// ---- lists, prices and orders -----------------------------------------------------------------------------------

function assertSignedDomain(s: Seen): void {
  assert.deepEqual(s.verified, { ok: true, ak: CREDS.ak });
  assert.equal(s.headers.get('x-domain-id'), 'dom-0001');
  assert.equal(s.headers.get('x-project-id'), null);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(s.headers.get('authorization')!)![1]!.split(';');
  for (const h of ['content-type', 'host', 'x-domain-id', 'x-sdk-date']) assert.ok(signedHeaders.includes(h), h);
}

const SUBNETS = {
  subnet_size: 1,
  subnets: [{ id: 'sub-1', name: 'office', cidr: '192.168.0.0/24', vpc_id: 'vpc-1', availability_zone: 'cn-north-4a' }],
};
const WKS_BANDWIDTHS = {
  total_count: 1,
  bandwidths: [
    {
      bandwidth_id: 'wbw-1',
      bandwidth_name: 'office bw',
      size: 10,
      subnet_id: 'sub-1',
      vpc_name: 'vpc-a',
      subnet_name: 'office',
      control_mode: 'BLACK',
      status: 'ACTIVE',
    },
  ],
};
const EIP_BANDWIDTHS = { bandwidths: [{ id: 'ebw-1', name: 'shared', size: 5, share_type: 'WHOLE' }] };
const PAGE = { next_marker: 'n', previous_marker: 'p', current_count: 1 };
const CONNECTIONS = {
  request_id: 'cc-r',
  page_info: PAGE,
  cloud_connections: [
    { id: 'cc-1', name: 'hub', domain_id: 'dom-0001', created_at: 't', updated_at: 't', status: 'ACTIVE' },
  ],
};
const PACKAGES = {
  request_id: 'cc-r2',
  page_info: PAGE,
  bandwidth_packages: [{ id: 'bwp-1', name: 'p', billing_mode: 3 }],
};
const PERIOD_RATE = {
  currency: 'USD',
  official_website_rating_result: {
    official_website_amount: 120,
    measure_id: 1,
    product_rating_results: [{ id: '1', product_id: 'OFFI1', official_website_amount: 120, measure_id: 1 }],
  },
  optional_discount_rating_results: [
    {
      discount_id: 'd',
      amount: 108,
      official_website_amount: 120,
      discount_amount: 12,
      measure_id: 1,
      discount_type: 605,
      best_offer: 1,
    },
  ],
};
const DEMAND_RATE = {
  amount: 0.05,
  discount_amount: 0,
  official_website_amount: 0.05,
  measure_id: 1,
  currency: 'CNY',
  product_rating_results: [],
};
const ORDER = {
  total_count: 1,
  order_info: {
    order_id: 'CS2301010000ABCDE',
    status: 6,
    order_type: 3,
    amount_after_discount: 108,
    official_amount: 120,
    currency: 'USD',
  },
  order_line_items: [],
};
const PERIOD_BODY = {
  project_id: 'proj-cn4',
  product_infos: [
    {
      id: '1',
      cloud_service_type: 'hws.service.type.vpc',
      resource_type: 'hws.resource.type.bandwidth',
      resource_spec: '19_share',
      region: 'cn-north-4',
      resource_size: 10,
      size_measure_id: 15,
      period_type: 2 as const,
      period_num: 1,
      subscription_num: 1,
    },
  ],
};
const DEMAND_BODY = {
  project_id: 'proj-cn4',
  product_infos: [
    {
      id: '1',
      cloud_service_type: 'hws.service.type.vpc',
      resource_type: 'hws.resource.type.bandwidth',
      resource_spec: '19_share',
      region: 'cn-north-4',
      resource_size: 10,
      size_measure_id: 15,
      usage_factor: 'Duration',
      usage_value: 1,
      usage_measure_id: 4,
      subscription_num: 1,
    },
  ],
};
const PAY_BODY = { order_id: 'CS2301010000ABCDE', use_coupon: 'NO' as const, use_discount: 'NO' as const };

test('listWorkspaceSubnets: GET /v2/{project_id}/subnets with a signed query, X-Project-Id, no body', async () => {
  handler = (_q, res) => json(res, 200, SUBNETS);
  const r = await client().listWorkspaceSubnets({
    region: 'cn-north-4',
    query: { vpc_id: 'vpc-1', availability_zone_id: 'cn-north-4a' },
  });
  assert.deepEqual(r.data, SUBNETS);
  const s = seen[0]!;
  assert.equal(s.method, 'GET');
  assert.equal(s.path, '/v2/proj-cn4/subnets?vpc_id=vpc-1&availability_zone_id=cn-north-4a');
  assert.equal(s.body, '');
  assertSignedProject(s, 'proj-cn4');

  seen = [];
  await client().listWorkspaceSubnets({ region: 'ap-southeast-1' });
  assert.equal(seen[0]!.path, '/v2/proj-ap1/subnets');
  assertSignedProject(seen[0]!, 'proj-ap1');
});

test('listWorkspaceBandwidths: offset/limit and filters encoded as signed; undefined values dropped', async () => {
  handler = (_q, res) => json(res, 200, WKS_BANDWIDTHS);
  const r = await client().listWorkspaceBandwidths({
    region: 'cn-north-4',
    query: {
      offset: 0,
      limit: 10,
      subnet_id: 'sub-1',
      bandwidth_name: 'office bw/ä',
      vpc_id: undefined,
      bandwidth_id: undefined,
    },
  });
  assert.equal(r.data.bandwidths![0]!.vpc_name, 'vpc-a');
  const s = seen[0]!;
  assert.equal(s.method, 'GET');
  assert.equal(s.path, '/v2/proj-cn4/bandwidths?offset=0&limit=10&subnet_id=sub-1&bandwidth_name=office%20bw%2F%C3%A4');
  assertSignedProject(s, 'proj-cn4');
  assert.equal(new URL(base + s.path).searchParams.get('bandwidth_name'), 'office bw/ä');
});

test('a tampered query fails the signature check (the query is part of what is signed)', async () => {
  handler = (_q, res) => json(res, 200, WKS_BANDWIDTHS);
  await client().listWorkspaceBandwidths({ region: 'cn-north-4', query: { bandwidth_id: 'wbw-1' } });
  const s = seen[0]!;
  assert.deepEqual(s.verified, { ok: true, ak: CREDS.ak });
  const tampered = await verify(
    { method: s.method, url: base + s.path.replace('wbw-1', 'wbw-2'), headers: s.headers, body: s.body },
    (ak) => SECRETS[ak],
  );
  assert.equal(tampered.ok, false);
});

test('listSharedBandwidths: EIP v1 GET /v1/{project_id}/bandwidths on the vpc host, marker/limit/share_type', async () => {
  handler = (_q, res) => json(res, 200, EIP_BANDWIDTHS);
  const c = client({ endpoints: { vpc: `${base}/vpc-gw`, workspace: 'http://127.0.0.1:1' } });
  const r = await c.listSharedBandwidths({
    region: 'cn-north-4',
    query: { marker: 'ebw-0', limit: 50, share_type: 'WHOLE' },
  });
  assert.equal(r.data.bandwidths![0]!.id, 'ebw-1');
  const s = seen[0]!;
  assert.equal(s.method, 'GET');
  assert.equal(s.path, '/vpc-gw/v1/proj-cn4/bandwidths?marker=ebw-0&limit=50&share_type=WHOLE');
  assertSignedProject(s, 'proj-cn4');
});

test('listCloudConnections: global, X-Domain-Id + domain in the path, csv filters comma-joined', async () => {
  handler = (_q, res) => json(res, 200, CONNECTIONS);
  const r = await client().listCloudConnections({
    query: { limit: 100, marker: 'm1', id: ['cc-1', 'cc-2'], status: 'ACTIVE', name: [] },
  });
  assert.equal(r.data.cloud_connections[0]!.id, 'cc-1');
  assert.equal(r.data.page_info.next_marker, 'n');
  assert.equal(r.requestId, 'cc-r');
  const s = seen[0]!;
  assert.equal(s.method, 'GET');
  assert.equal(s.path, '/v3/dom-0001/ccaas/cloud-connections?limit=100&marker=m1&id=cc-1%2Ccc-2&status=ACTIVE');
  assert.equal(new URL(base + s.path).searchParams.get('id'), 'cc-1,cc-2');
  assertSignedDomain(s);

  seen = [];
  await client().listCloudConnections();
  assert.equal(seen[0]!.path, '/v3/dom-0001/ccaas/cloud-connections');
  assertSignedDomain(seen[0]!);
});

test('listBandwidthPackages: csv numbers joined, X-Domain-Id', async () => {
  handler = (_q, res) => json(res, 200, PACKAGES);
  const r = await client().listBandwidthPackages({ query: { billing_mode: [1, 2], resource_id: 'cc-1' } });
  assert.equal(r.data.bandwidth_packages[0]!.id, 'bwp-1');
  const s = seen[0]!;
  assert.equal(s.path, '/v3/dom-0001/ccaas/bandwidth-packages?billing_mode=1%2C2&resource_id=cc-1');
  assertSignedDomain(s);
});

test('ratePeriodProducts and rateOnDemandProducts: POST on the bss host, global credentials, no domain in the path', async () => {
  handler = (q, res) => json(res, 200, q.url!.includes('subscribe-rate') ? PERIOD_RATE : DEMAND_RATE);
  const p = await client().ratePeriodProducts({ body: PERIOD_BODY });
  assert.equal(p.data.optional_discount_rating_results![0]!.amount, 108);
  const d = await client().rateOnDemandProducts({ body: DEMAND_BODY });
  assert.equal(d.data.official_website_amount, 0.05);
  assert.equal(seen[0]!.method, 'POST');
  assert.equal(seen[0]!.path, '/v2/bills/ratings/period-resources/subscribe-rate');
  assert.equal(seen[0]!.body, JSON.stringify(PERIOD_BODY));
  assert.equal(seen[1]!.method, 'POST');
  assert.equal(seen[1]!.path, '/v2/bills/ratings/on-demand-resources');
  assert.equal(seen[1]!.body, JSON.stringify(DEMAND_BODY));
  for (const s of seen) assertSignedDomain(s);
});

test('showOrder: GET details/{order_id} with limit/offset, optional signed X-Language', async () => {
  handler = (_q, res) => json(res, 200, ORDER);
  const r = await client().showOrder({
    orderId: 'CS2301010000ABCDE',
    query: { limit: 10, offset: 0 },
    language: 'en_US',
  });
  assert.equal(r.data.order_info!.status, 6);
  const s = seen[0]!;
  assert.equal(s.method, 'GET');
  assert.equal(s.path, '/v2/orders/customer-orders/details/CS2301010000ABCDE?limit=10&offset=0');
  assert.equal(s.body, '');
  assert.equal(s.headers.get('x-language'), 'en_US');
  assert.match(s.headers.get('authorization')!, /SignedHeaders=[^,]*x-language/);
  assertSignedDomain(s);

  seen = [];
  await client().showOrder({ orderId: 'CS/1' });
  assert.equal(seen[0]!.path, '/v2/orders/customer-orders/details/CS%2F1');
  assert.equal(seen[0]!.headers.get('x-language'), null);
  await assert.rejects(client().showOrder({ orderId: '..' }), TypeError);
  await assert.rejects(client().showOrder({ orderId: 'o', language: 'fr_FR' as never }), TypeError);
});

test('payOrder: POST /v3/orders/customer-orders/pay; an empty 204 or 200 answer is data {}', async () => {
  for (const [status, text] of [
    [204, ''],
    [200, ''],
    [200, '{}'],
    [200, '  '],
  ] as const) {
    seen = [];
    handler = (_q, res) => {
      res.writeHead(status, { 'X-Request-Id': 'pay-r' });
      res.end(text);
    };
    const r = await client().payOrder({ body: PAY_BODY });
    assert.deepEqual(r.data, {}, `${status} ${JSON.stringify(text)}`);
    assert.equal(r.status, status);
    assert.equal(r.requestId, 'pay-r');
    const s = seen[0]!;
    assert.equal(s.method, 'POST');
    assert.equal(s.path, '/v3/orders/customer-orders/pay');
    assert.equal(s.body, JSON.stringify(PAY_BODY));
    assertSignedDomain(s);
  }
});

test('cancelOrder: PUT /v2/orders/customer-orders/cancel, signed with its body; empty answer is data {}', async () => {
  handler = (_q, res) => {
    res.writeHead(204);
    res.end();
  };
  const r = await client().cancelOrder({ body: { order_id: 'CS2301010000ABCDE' } });
  assert.deepEqual(r.data, {});
  assert.equal(r.status, 204);
  const s = seen[0]!;
  assert.equal(s.method, 'PUT');
  assert.equal(s.path, '/v2/orders/customer-orders/cancel');
  assert.equal(s.body, '{"order_id":"CS2301010000ABCDE"}');
  assertSignedDomain(s);
});

test('a pay/cancel 2xx that carries an error body, or is not JSON, is a bad_response, not a success', async () => {
  const cases: [number, string][] = [
    [200, '{"error_code":"CBC.3002","error_msg":"failed"}'],
    [200, 'OK'],
    [200, '[]'],
    [201, ''],
  ];
  for (const [status, text] of cases) {
    handler = (_q, res) => {
      res.writeHead(status);
      res.end(text);
    };
    const e1 = await rejects(client().payOrder({ body: PAY_BODY }));
    assert.equal(e1.kind, 'bad_response', text);
    assert.equal(e1.service, 'bss');
    const e2 = await rejects(client().cancelOrder({ body: { order_id: 'o' } }));
    assert.equal(e2.kind, 'bad_response', text);
  }
});

test('lists, prices and orders without their required fields → bad_response', async () => {
  const c = client();
  const cases: [string, unknown, () => Promise<unknown>][] = [
    ['subnets missing', {}, () => c.listWorkspaceSubnets({ region: 'cn-north-4' })],
    ['subnet without id', { subnets: [{ name: 'x' }] }, () => c.listWorkspaceSubnets({ region: 'cn-north-4' })],
    [
      'error body with 200',
      { error_code: 'WKS.0001', error_msg: 'x' },
      () => c.listWorkspaceBandwidths({ region: 'cn-north-4' }),
    ],
    [
      'bandwidth without bandwidth_id',
      { bandwidths: [{ id: 'x' }] },
      () => c.listWorkspaceBandwidths({ region: 'cn-north-4' }),
    ],
    ['eip bandwidths not a list', { bandwidths: {} }, () => c.listSharedBandwidths({ region: 'cn-north-4' })],
    ['connections without page_info', { request_id: 'r', cloud_connections: [] }, () => c.listCloudConnections()],
    ['packages missing', { request_id: 'r', page_info: PAGE }, () => c.listBandwidthPackages()],
    ['period rate without the official amount', { currency: 'USD' }, () => c.ratePeriodProducts({ body: PERIOD_BODY })],
    [
      'period amount as text',
      { official_website_rating_result: { official_website_amount: '120' } },
      () => c.ratePeriodProducts({ body: PERIOD_BODY }),
    ],
    ['demand rate without the official amount', { amount: 1 }, () => c.rateOnDemandProducts({ body: DEMAND_BODY })],
    [
      'CBC error with 200 on a rating',
      { error_code: 'CBC.30050010', error_msg: 'x' },
      () => c.rateOnDemandProducts({ body: DEMAND_BODY }),
    ],
    ['order without status', { order_info: { order_id: 'o' } }, () => c.showOrder({ orderId: 'o' })],
    ['order without order_info', { total_count: 0 }, () => c.showOrder({ orderId: 'o' })],
  ];
  for (const [name, body, call] of cases) {
    handler = (_q, res) => json(res, 200, body);
    const e = await rejects(call());
    assert.equal(e.kind, 'bad_response', name);
    assert.equal(e.code, 'BAD_RESPONSE', name);
  }
  // empty lists are fine
  handler = (_q, res) => json(res, 200, { subnet_size: 0, subnets: [] });
  assert.deepEqual((await c.listWorkspaceSubnets({ region: 'cn-north-4' })).data.subnets, []);
});

test('every GET (lists, showOrder) is retried once on 503, re-signed', async () => {
  const c = client();
  const calls: [string, unknown, () => Promise<unknown>][] = [
    ['listWorkspaceSubnets', SUBNETS, () => c.listWorkspaceSubnets({ region: 'cn-north-4', query: { vpc_id: 'v' } })],
    [
      'listWorkspaceBandwidths',
      WKS_BANDWIDTHS,
      () => c.listWorkspaceBandwidths({ region: 'cn-north-4', query: { limit: 5 } }),
    ],
    ['listSharedBandwidths', EIP_BANDWIDTHS, () => c.listSharedBandwidths({ region: 'cn-north-4' })],
    ['listCloudConnections', CONNECTIONS, () => c.listCloudConnections({ query: { id: ['a', 'b'] } })],
    ['listBandwidthPackages', PACKAGES, () => c.listBandwidthPackages()],
    ['showOrder', ORDER, () => c.showOrder({ orderId: 'CS1', query: { limit: 10 } })],
  ];
  for (const [name, body, call] of calls) {
    seen = [];
    let n = 0;
    handler = (_q, res) =>
      ++n === 1 ? json(res, 503, { error_code: 'CBC.0999', error_msg: 'busy' }) : json(res, 200, body);
    await call();
    assert.equal(seen.length, 2, name);
    assert.equal(seen[0]!.path, seen[1]!.path, name);
    for (const s of seen) assert.deepEqual(s.verified, { ok: true, ak: CREDS.ak }, name);
  }
});

test('showOrder retries once on BSS flow control (429 CBC.0250), then returns the error', async () => {
  handler = (_q, res) => json(res, 429, { error_code: 'CBC.0250', error_msg: 'Flow control.' });
  const e = await rejects(client().showOrder({ orderId: 'CS1' }));
  assert.equal(e.kind, 'rate_limited');
  assert.equal(e.code, 'CBC.0250');
  assert.equal(seen.length, 2);
});

test('pay, cancel and price inquiries hitting a 503 or a reset are sent exactly once', async () => {
  const c = client();
  const calls: [string, () => Promise<unknown>][] = [
    ['payOrder', () => c.payOrder({ body: PAY_BODY })],
    ['cancelOrder', () => c.cancelOrder({ body: { order_id: 'o' } })],
    ['ratePeriodProducts', () => c.ratePeriodProducts({ body: PERIOD_BODY })],
    ['rateOnDemandProducts', () => c.rateOnDemandProducts({ body: DEMAND_BODY })],
  ];
  for (const fail of ['503', 'reset'] as const) {
    handler =
      fail === '503'
        ? (_q, res) => json(res, 503, { error_code: 'CBC.0999', error_msg: 'busy' })
        : (q) => q.socket.destroy();
    for (const [name, call] of calls) {
      seen = [];
      const e = await rejects(call());
      assert.equal(e.kind, 'unavailable', name);
      assert.equal(e.operation, name);
      assert.equal(e.service, 'bss');
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(seen.length, 1, `${name} after ${fail} was sent ${seen.length} times`);
    }
  }
});

test('BSS error bodies come through typed, with encoded_authorization_message', async () => {
  handler = (_q, res) =>
    json(res, 400, { error_code: 'CBC.99005003', error_msg: 'Insufficient balance.' }, { 'X-Request-Id': 'b-1' });
  const e1 = await rejects(client().payOrder({ body: PAY_BODY }));
  assert.deepEqual(
    [e1.service, e1.operation, e1.status, e1.code, e1.kind, e1.upstreamMessage, e1.requestId],
    ['bss', 'payOrder', 400, 'CBC.99005003', 'rejected', 'Insufficient balance.', 'b-1'],
  );
  assert.equal(e1.encodedAuthorizationMessage, undefined);

  handler = (_q, res) =>
    json(res, 403, {
      error_code: 'CBC.0151',
      error_msg: 'Access denied.',
      encoded_authorization_message: 'ENC-TOKEN-123',
    });
  const e2 = await rejects(client().cancelOrder({ body: { order_id: 'o' } }));
  assert.equal(e2.code, 'CBC.0151');
  assert.equal(e2.kind, 'rejected');
  assert.equal(e2.encodedAuthorizationMessage, 'ENC-TOKEN-123');

  handler = (_q, res) => json(res, 400, { error_code: 'CBC.99006006', error_msg: 'The product does not exist.' });
  const e3 = await rejects(client().ratePeriodProducts({ body: PERIOD_BODY }));
  assert.equal(e3.code, 'CBC.99006006');
  assert.equal(e3.operation, 'ratePeriodProducts');
});

test('the bss host follows the site (international by default); an override wins', async () => {
  const urls: string[] = [];
  const fakeFetch: typeof fetch = async (url) => {
    urls.push(String(url));
    return new Response(null, { status: 204 });
  };
  const opts = { endpoints: {}, fetch: fakeFetch };
  await client(opts).payOrder({ body: PAY_BODY });
  await client({ ...opts, site: 'international' }).cancelOrder({ body: { order_id: 'o' } });
  await client({ ...opts, site: 'chinese-mainland' }).payOrder({ body: PAY_BODY });
  await client({ site: 'chinese-mainland', endpoints: { bss: 'http://bss.local:8080/' }, fetch: fakeFetch }).payOrder({
    body: PAY_BODY,
  });
  assert.deepEqual(urls, [
    'https://bss-intl.myhuaweicloud.com/v3/orders/customer-orders/pay',
    'https://bss-intl.myhuaweicloud.com/v2/orders/customer-orders/cancel',
    'https://bss.myhuaweicloud.com/v3/orders/customer-orders/pay',
    'http://bss.local:8080/v3/orders/customer-orders/pay',
  ]);
  assert.throws(() => client({ site: 'eu' as never }), ConfigError);
});

test('global operations need a domainId; bad queries and bodies fail before the network', async () => {
  const noDomain = client({ domainId: '' });
  await assert.rejects(noDomain.listCloudConnections(), ConfigError);
  await assert.rejects(noDomain.showOrder({ orderId: 'o' }), ConfigError);
  await assert.rejects(noDomain.payOrder({ body: PAY_BODY }), ConfigError);
  await assert.rejects(client().listWorkspaceSubnets({ region: 'eu-west-0' }), ConfigError);
  await assert.rejects(
    client().listWorkspaceBandwidths({ region: 'cn-north-4', query: { limit: Number.NaN } }),
    TypeError,
  );
  await assert.rejects(
    client().listWorkspaceBandwidths({ region: 'cn-north-4', query: { vpc_id: {} as never } }),
    TypeError,
  );
  await assert.rejects(client().listCloudConnections({ query: 'id=x' as never }), TypeError);
  await assert.rejects(client().payOrder({ body: 'x' as never }), TypeError);
  await assert.rejects(client().cancelOrder({ body: undefined as never }), TypeError);
  assert.equal(seen.length, 0);
});

test('buildQuery: caller order, undefined/null and empty lists dropped, csv lists, signer encoding', () => {
  assert.equal(buildQuery(undefined), '');
  assert.equal(buildQuery({}), '');
  assert.equal(buildQuery({ a: undefined, b: null, c: [] }), '');
  assert.equal(buildQuery({ z: 'x y', a: 1, b: true, id: ['p', 'q,r'] }), '?z=x%20y&a=1&b=true&id=p%2Cq%2Cr');
  assert.equal(buildQuery({ marker: '' }), '?marker=');
  assert.throws(() => buildQuery({ n: Infinity }), TypeError);
  assert.throws(() => buildQuery([] as never), TypeError);
});

test('OPERATIONS: one row per client method; only GETs retry; global services use domain credentials', () => {
  const c = client();
  assert.equal(OPERATION_NAMES.length, 15);
  assert.ok(Object.isFrozen(OPERATIONS));
  for (const name of OPERATION_NAMES) {
    const spec = OPERATIONS[name];
    assert.ok(Object.isFrozen(spec), name);
    assert.equal(typeof (c as unknown as Record<string, unknown>)[name], 'function', name);
    assert.equal(spec.retried, spec.method === 'GET', name);
    assert.equal(spec.credentials, spec.service === 'cc' || spec.service === 'bss' ? 'domain' : 'project', name);
    assert.equal(spec.path.includes('{project_id}'), spec.credentials === 'project', name);
    assert.ok(spec.okStatuses.length > 0 && spec.requiredFields.length > 0, name);
  }
  assert.deepEqual(
    OPERATION_NAMES.filter((n) => OPERATIONS[n].emptyBody),
    ['payOrder', 'cancelOrder'],
  );
  assert.deepEqual([...OPERATIONS.payOrder.okStatuses], [204, 200]);
  assert.equal(OPERATIONS.cancelOrder.method, 'PUT');
});

test('matchOperation finds every operation from what the client sends, with its path parameters', async () => {
  assert.deepEqual(matchOperation('GET', '/v2/proj-cn4/bandwidths'), {
    operation: 'listWorkspaceBandwidths',
    params: { project_id: 'proj-cn4' },
  });
  assert.deepEqual(matchOperation('POST', '/v2/proj-cn4/bandwidths'), {
    operation: 'createWorkspaceBandwidth',
    params: { project_id: 'proj-cn4' },
  });
  assert.deepEqual(matchOperation('get', '/v2/orders/customer-orders/details/CS%2F1'), {
    operation: 'showOrder',
    params: { order_id: 'CS/1' },
  });
  assert.deepEqual(matchOperation('PUT', '/v2/orders/customer-orders/cancel'), {
    operation: 'cancelOrder',
    params: {},
  });
  assert.deepEqual(matchOperation('POST', '/v2/p/bandwidths/b%201/periodic/change/order'), {
    operation: 'changeWorkspaceBandwidth',
    params: { project_id: 'p', bandwidth_id: 'b 1' },
  });
  assert.equal(matchOperation('GET', '/v2/orders/customer-orders/cancel'), undefined);
  assert.equal(matchOperation('DELETE', '/v2/p/bandwidths'), undefined);
  assert.equal(matchOperation('GET', '/v2/p/bandwidths/x'), undefined);

  // Every call the client makes maps back to its own operation name.
  handler = (q, res) => {
    const m = matchOperation(q.method!, new URL(q.url!, base).pathname);
    json(res, 200, { op: m?.operation ?? null });
  };
  const c = client();
  const ops: [string, () => Promise<unknown>][] = [
    ['listWorkspaceSubnets', () => c.listWorkspaceSubnets({ region: 'cn-north-4', query: { vpc_id: 'v' } })],
    ['listSharedBandwidths', () => c.listSharedBandwidths({ region: 'cn-north-4' })],
    ['listCloudConnections', () => c.listCloudConnections()],
    ['ratePeriodProducts', () => c.ratePeriodProducts({ body: PERIOD_BODY })],
    ['payOrder', () => c.payOrder({ body: PAY_BODY })],
  ];
  for (const [name, call] of ops) {
    seen = [];
    await call().catch(() => undefined); // the answer is not the operation's shape: only the match matters
    assert.equal(matchOperation(seen[0]!.method, new URL(base + seen[0]!.path).pathname)?.operation, name);
  }
});

// ---- portability ------------------------------------------------------------------------------------------------

test('non-test sources import no node: modules (Web APIs only)', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
    }
  };
  walk(root);
  assert.ok(files.length >= 6);
  for (const f of files) {
    assert.doesNotMatch(readFileSync(f, 'utf8'), /from\s+['"]node:|require\(/, f);
  }
});
