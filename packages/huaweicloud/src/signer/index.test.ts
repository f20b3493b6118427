import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  canonicalQuery,
  formatSdkDate,
  hmacSha256Hex,
  parseAuthorization,
  parseSdkDate,
  sha256Hex,
  sign,
  verify,
  webHmacSha256Hex,
  webSha256Hex,
} from './index.js';

interface Vector {
  name: string;
  ak: string;
  sk: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  expected: { authorization: string; signedHeaders: string; signature: string };
  canonicalRequest: string;
  stringToSign: string;
}
// Copied from shared/fixtures (official Node SDK signer output); see the file's copiedFrom field.
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('../../test/fixtures/aksk-vectors.json', import.meta.url), 'utf8'),
).vectors;

test('there are official-SDK vectors to check', () => {
  assert.ok(vectors.length >= 12);
});

for (const v of vectors) {
  test(`matches the official SDK: ${v.name}`, async () => {
    const s = await sign(
      { method: v.method, url: v.url, headers: v.headers, body: v.body || undefined },
      { ak: v.ak, sk: v.sk },
    );
    assert.equal(s.canonicalRequest, v.canonicalRequest);
    assert.equal(s.stringToSign, v.stringToSign);
    assert.equal(s.signedHeaders, v.expected.signedHeaders);
    assert.equal(s.signature, v.expected.signature);
    assert.equal(s.authorization, v.expected.authorization);
  });
}

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');
const creds = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const official = (o: {
  method: string;
  url: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string>;
  data?: unknown;
}) =>
  AKSKSigner.sign(
    { method: o.method, endpoint: o.url, queryParams: o.query ?? {}, headers: o.headers, data: o.data },
    { getAk: () => creds.ak, getSk: () => creds.sk },
  ) as Record<string, string>;

test('agrees with the official signer on requests it signs now (differential)', async () => {
  const cases: { method: string; path: string; data?: unknown; query: Record<string, string | string[]> }[] = [
    { method: 'POST', path: '/v2.0/p1/bandwidths', data: { bandwidth: { name: 'bw-é-带宽', size: 300 } }, query: {} },
    { method: 'GET', path: '/v2/p1/workspace-jobs/abc', query: { limit: '5', a: ['z', 'b'], 'sp ace': 'x y' } },
    {
      method: 'POST',
      path: '/v3/d1/ccaas/bandwidth-packages',
      data: { bandwidth_package: { name: '<x>' } },
      query: {},
    },
  ];
  for (const c of cases) {
    const headers = {
      'Content-Type': 'application/json;charset=UTF-8',
      'X-Project-Id': 'p1',
      'X-Sdk-Date': '20261125T101010Z',
    };
    const theirs = official({
      method: c.method,
      url: 'https://vpc.cn-north-4.myhuaweicloud.com' + c.path,
      query: c.query,
      headers,
      data: c.data,
    });
    const url = new URL('https://vpc.cn-north-4.myhuaweicloud.com' + c.path);
    for (const [k, v] of Object.entries(c.query)) for (const x of [v].flat()) url.searchParams.append(k, x);
    const ours = await sign(
      { method: c.method, url, headers, body: c.data ? JSON.stringify(c.data) : undefined },
      creds,
    );
    assert.equal(ours.authorization, theirs['Authorization'], c.path);
  }
});

test('adds X-Sdk-Date and Host when absent, from the clock given', async () => {
  const s = await sign(
    { method: 'GET', url: 'http://127.0.0.1:8790/v2/x' },
    creds,
    new Date('2026-11-25T01:02:03.456Z'),
  );
  assert.equal(s.headers['X-Sdk-Date'], '20261125T010203Z');
  assert.equal(s.headers['Host'], '127.0.0.1:8790');
  assert.equal(s.signedHeaders, 'host;x-sdk-date');
});

test('temporary credentials sign X-Security-Token', async () => {
  const s = await sign(
    { method: 'GET', url: 'https://cc.myhuaweicloud.com/v3/d/x' },
    { ...creds, securityToken: 'tok' },
  );
  assert.equal(s.headers['X-Security-Token'], 'tok');
  assert.match(s.signedHeaders, /x-security-token/);
});

test('query canonical form: sorted keys, sorted repeated values, %20, empty value keeps =', () => {
  assert.equal(canonicalQuery(new URLSearchParams('b=2&a=z&a=b&e=&s=x y')), 'a=b&a=z&b=2&e=&s=x%20y');
});

test('sdk date round-trips and rejects garbage', () => {
  const d = new Date('2026-01-02T03:04:05Z');
  assert.equal(parseSdkDate(formatSdkDate(d))?.getTime(), d.getTime());
  assert.equal(parseSdkDate('2026-01-02'), undefined);
});

test('parseAuthorization reads the header the SDKs send', () => {
  assert.deepEqual(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ab'), {
    ak: 'AK',
    signedHeaders: ['host', 'x-sdk-date'],
    signature: 'ab',
  });
  assert.equal(parseAuthorization('Bearer x'), undefined);
});

function toVerifiable(url: string, method: string, headers: Record<string, string>, body: string) {
  return { method, url, headers: new Headers(headers), body };
}

test('verify accepts every official vector with the headers the client declared', async () => {
  for (const v of vectors) {
    const headers = { ...v.headers, Authorization: v.expected.authorization };
    const r = await verify(
      toVerifiable(v.url, v.method, headers, v.body),
      (ak) => (ak === v.ak ? v.sk : undefined),
      parseSdkDate(v.headers['X-Sdk-Date']!)!,
    );
    assert.deepEqual(r, { ok: true, ak: v.ak }, v.name);
  }
});

test('verify refuses a tampered body, unknown AK, wrong SK and a stale date', async () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const url = 'http://127.0.0.1:8790/v2.0/p/bandwidths';
  const body = '{"bandwidth":{"name":"a","size":5}}';
  const s = await sign({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body }, creds, now);
  const lookup = (ak: string) => (ak === creds.ak ? creds.sk : undefined);
  assert.deepEqual(await verify(toVerifiable(url, 'POST', s.headers, body), lookup, now), { ok: true, ak: creds.ak });
  const tampered = await verify(toVerifiable(url, 'POST', s.headers, body.replace('5', '6')), lookup, now);
  assert.equal(tampered.ok, false);
  assert.equal(!tampered.ok && tampered.code, 'APIGW.0301');
  const unknown = await verify(toVerifiable(url, 'POST', s.headers, body), () => undefined, now);
  assert.equal(!unknown.ok && unknown.code, 'APIGW.0301');
  const wrongSk = await verify(toVerifiable(url, 'POST', s.headers, body), () => 'other', now);
  assert.equal(!wrongSk.ok && wrongSk.code, 'APIGW.0301');
  const late = await verify(toVerifiable(url, 'POST', s.headers, body), lookup, new Date(now.getTime() + 16 * 60_000));
  assert.equal(!late.ok && late.code, 'APIGW.0303');
  const inTime = await verify(
    toVerifiable(url, 'POST', s.headers, body),
    lookup,
    new Date(now.getTime() + 14 * 60_000),
  );
  assert.equal(inTime.ok, true);
  const otherPath = await verify(toVerifiable(url.replace('/p/', '/q/'), 'POST', s.headers, body), lookup, now);
  assert.equal(otherPath.ok, false);
});

test('the Web Crypto path (other runtimes) and the node:crypto path give the same digests', async () => {
  for (const data of ['', 'a', '共享带宽-01 \u{1F600}', 'x'.repeat(10_000)]) {
    assert.equal(await webSha256Hex(data), await sha256Hex(data));
    assert.equal(await webHmacSha256Hex(creds.sk, data), await hmacSha256Hex(creds.sk, data));
  }
  assert.equal(await webSha256Hex(new Uint8Array([0, 255, 7])), await sha256Hex(new Uint8Array([0, 255, 7])));
});
