import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type TestRedis, testRedis } from '@bwkit/bff/testing';
import { sign } from 'hono/jwt';
import {
  GLOBEX_ORIGIN,
  mintToken,
  newKey,
  startTestGateway,
  TEST_ORIGIN,
  type TestGateway,
  testConfig,
} from './testing/index.js';

const share = { name: 'bw', sizeMbps: 10 };

describe('widget tokens, scopes and CORS', () => {
  let gw: TestGateway;
  let jwks: Server;
  let esKeys: CryptoKeyPair;
  let rsKeys: CryptoKeyPair;
  before(async () => {
    esKeys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    rsKeys = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', esKeys.publicKey)).toString('base64');
    const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----`;
    const rsJwk = {
      ...(await crypto.subtle.exportKey('jwk', rsKeys.publicKey)),
      kid: 'rs-1',
      alg: 'RS256',
      use: 'sig',
    };
    // A tenant publishing its keys at a JWKS URL, served for real over HTTP.
    jwks = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [rsJwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    const raw = testConfig({
      mutate(cfg) {
        const base = cfg.tenants[0];
        cfg.tenants.push(
          {
            ...structuredClone(base),
            id: 'initech',
            name: 'Initech',
            token: { alg: 'ES256', publicKeyPem: pem },
            allowedOrigins: ['https://initech.test'],
          },
          {
            ...structuredClone(base),
            id: 'hooli',
            name: 'Hooli',
            token: { alg: 'RS256', jwksUrl },
            allowedOrigins: ['https://hooli.test'],
            scopes: ['shared-bandwidth:create'],
          },
        );
      },
    });
    gw = await startTestGateway({ raw });
  });
  after(async () => {
    await gw.close();
    await new Promise((r) => jwks.close(r));
  });

  const problem = async (res: Response) => ({
    status: res.status,
    ...((await res.json()) as { code: string; detail: string }),
  });

  test('no token → 401 token_missing', async () => {
    const p = await problem(await gw.call('/v1/config'));
    assert.equal(p.status, 401);
    assert.equal(p.code, 'token_missing');
  });

  test('garbage, unknown issuer, wrong audience, wrong tenant key → 401 token_invalid', async () => {
    const cases = {
      garbage: 'not-a-jwt',
      unknownIssuer: await mintToken({ tenant: 'nobody', secret: 'x'.repeat(40) }),
      wrongAudience: await mintToken({ aud: 'somebody-else' }),
      // acme's claims signed with globex's secret: a tenant can never mint for another
      wrongTenantKey: await mintToken({ tenant: 'acme', secret: gw.env['GLOBEX_WIDGET_TOKEN_SECRET'] }),
      tooLong: await mintToken({ ttl: 16 * 60 }),
      noSubject: await mintToken({ sub: '' }),
      notYetValid: await mintToken({ extra: { nbf: Math.floor(Date.now() / 1000) + 600 } }),
      // an HS256 token for a tenant that verifies ES256 (algorithm confusion)
      algConfusion: await mintToken({ tenant: 'initech', secret: 'y'.repeat(40) }),
    };
    for (const [name, token] of Object.entries(cases)) {
      const p = await problem(await gw.call('/v1/config', { token }));
      assert.equal(p.status, 401, name);
      assert.equal(p.code, 'token_invalid', name);
    }
  });

  test('expired → 401 token_expired, so a widget knows to fetch a new one', async () => {
    const iat = Math.floor(Date.now() / 1000) - 1200;
    const p = await problem(await gw.call('/v1/config', { token: await mintToken({ iat, exp: iat + 600 }) }));
    assert.equal(p.status, 401);
    assert.equal(p.code, 'token_expired');
  });

  test('missing scope → 403 scope_missing on every scoped route', async () => {
    const token = await mintToken({ scopes: ['audit:read'] });
    const routes: [string, unknown?][] = [
      ['/v1/shared-bandwidths', share],
      ['/v1/workspace-bandwidths', { subnetId: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', chargeMode: 'free' }],
      ['/v1/workspace-bandwidths/3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b/change-orders', { sizeMbps: 10, autoPay: false }],
      ['/v1/bandwidth-packages', {}],
      ['/v1/jobs/whatever'],
    ];
    for (const [path, body] of routes) {
      const p = await problem(await gw.call(path, { token, key: newKey(), ...(body ? { body } : {}) }));
      assert.equal(p.status, 403, path);
      assert.equal(p.code, 'scope_missing', path);
    }
    assert.equal((await gw.call('/v1/audit', { token })).status, 200);
    const noAudit = await problem(
      await gw.call('/v1/audit', { token: await mintToken({ scopes: ['shared-bandwidth:create'] }) }),
    );
    assert.equal(noAudit.code, 'scope_missing');
  });

  test("a tenant's scope ceiling applies whatever the token claims", async () => {
    // JWKS verification picks the key by the token header's kid, as a portal backend signing with a JWK sets it.
    const privateJwk = { ...(await crypto.subtle.exportKey('jwk', rsKeys.privateKey)), kid: 'rs-1', alg: 'RS256' };
    const iat = Math.floor(Date.now() / 1000);
    const token = await sign(
      { iss: 'hooli', sub: 'u', aud: 'bwkit', iat, exp: iat + 300, scope: 'shared-bandwidth:create audit:read' },
      privateJwk as never,
      'RS256',
    );
    const cfg = await gw.call('/v1/config', { token });
    assert.equal(cfg.status, 200, await cfg.clone().text());
    assert.deepEqual((await cfg.json()).scopes, ['shared-bandwidth:create']);
    assert.equal((await gw.call('/v1/audit', { token })).status, 403);
  });

  test('ES256 tenant with a PEM public key: its own tokens pass, HS256 ones do not', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const token = await sign(
      { iss: 'initech', sub: 'u', aud: 'bwkit', iat, exp: iat + 300, scope: 'shared-bandwidth:create' },
      esKeys.privateKey as never,
      'ES256',
    );
    const res = await gw.call('/v1/config', { token });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).tenant.id, 'initech');
  });

  test("CORS preflight: granted to a tenant's origin with the headers widgets send, refused to strangers", async () => {
    const pre = await gw.call('/v1/shared-bandwidths', {
      method: 'OPTIONS',
      headers: {
        origin: TEST_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    assert.ok(pre.status === 204 || pre.status === 200);
    assert.equal(pre.headers.get('access-control-allow-origin'), TEST_ORIGIN);
    const allowed = (pre.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'idempotency-key']) assert.ok(allowed.includes(h), h);
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    const evil = await gw.call('/v1/shared-bandwidths', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });

  test("an actual request from the tenant's origin is granted; from another tenant's origin it is refused without a grant", async () => {
    const token = await mintToken({ tenant: 'acme' });
    const ok = await gw.call('/v1/config', { token, headers: { origin: TEST_ORIGIN } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), TEST_ORIGIN);
    assert.match(ok.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/i);
    // globex's portal origin is known to the gateway, but not allowed for acme's tokens
    const cross = await gw.call('/v1/config', { token, headers: { origin: GLOBEX_ORIGIN } });
    assert.equal(cross.status, 403);
    assert.equal((await cross.json()).code, 'origin_forbidden');
    assert.equal(cross.headers.get('access-control-allow-origin'), null);
    const stranger = await gw.call('/v1/config', { token, headers: { origin: 'https://evil.test' } });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  });

  test("a 401 is still readable by the tenant's page (CORS grant on errors), so a widget can refresh its token", async () => {
    const res = await gw.call('/v1/config', { headers: { origin: TEST_ORIGIN } });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('access-control-allow-origin'), TEST_ORIGIN);
  });

  test('secure headers are set on API responses', async () => {
    const res = await gw.call('/v1/config', { token: await mintToken() });
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.ok(res.headers.get('strict-transport-security'));
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  });
});

describe('rate limit per tenant and user', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({
      raw: testConfig({
        mutate: (c) => {
          c.tenants[0].rateLimit = { perMinute: 5 };
        },
      }),
    });
  });
  after(() => gw.close());

  test('the 6th request in a minute is 429 with Retry-After; another user and another tenant are unaffected', async () => {
    const alice = await mintToken({ sub: 'alice' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await gw.call('/v1/config', { token: alice })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
    const limited = await gw.call('/v1/config', { token: alice });
    assert.equal(limited.status, 429);
    const p = await limited.json();
    assert.equal(p.code, 'rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    // When one more really fits: after a burst early in a minute that can be up to two minutes away.
    assert.ok(retry >= 1 && retry <= 120, String(retry));
    assert.equal((await gw.call('/v1/config', { token: await mintToken({ sub: 'bob' }) })).status, 200);
    assert.equal(
      (await gw.call('/v1/config', { token: await mintToken({ tenant: 'globex', sub: 'alice' }) })).status,
      200,
    );
  });
});

describe('rate limit: refused requests are not counted', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({
      raw: testConfig({
        mutate: (c) => {
          c.tenants[0].rateLimit = { perMinute: 5 };
        },
      }),
      gateway: { rateLimitWindowMs: 3000 },
    });
  });
  after(() => gw.close());

  test('a user who keeps retrying while limited is let in again once the Retry-After has passed', async () => {
    const carol = await mintToken({ sub: 'carol' });
    for (let i = 0; i < 5; i++) assert.equal((await gw.call('/v1/config', { token: carol })).status, 200);
    const limited = await gw.call('/v1/config', { token: carol });
    assert.equal(limited.status, 429);
    const retryS = Number(limited.headers.get('retry-after'));
    const hammering = await Promise.all(Array.from({ length: 100 }, () => gw.call('/v1/config', { token: carol })));
    assert.ok(hammering.every((r) => r.status === 429));
    await new Promise((r) => setTimeout(r, retryS * 1000 + 100));
    const after = await gw.call('/v1/config', { token: carol });
    assert.equal(
      after.status,
      200,
      `still ${after.status} ${after.headers.get('retry-after')} s after waiting the ${retryS} s asked`,
    );
  });
});

describe('the store is down', () => {
  let redis: TestRedis;
  let gw: TestGateway;
  before(async () => {
    redis = await testRedis({ appendfsync: 'everysec' }); // a private server, so it can be killed
    gw = await startTestGateway({ raw: testConfig({ store: { kind: 'redis', url: redis.url } }) });
  });
  after(async () => {
    await gw.close();
    await redis.stop();
  });

  test('reads and creates answer 503 store_unavailable with Retry-After, never 500; nothing is sent to the cloud', {
    timeout: 30_000,
  }, async () => {
    const token = await mintToken();
    assert.equal((await gw.call('/v1/config', { token })).status, 200);
    const before = (await gw.simState()).requests['createSharedBandwidth'] ?? 0;
    await redis.kill();
    try {
      for (const res of [
        await gw.call('/v1/config', { token }),
        await gw.call('/v1/shared-bandwidths', {
          token,
          key: newKey('store-down'),
          body: { name: 'store-down', sizeMbps: 10 },
        }),
      ]) {
        assert.equal(res.status, 503, await res.clone().text());
        assert.equal((await res.json()).code, 'store_unavailable');
        assert.ok(Number(res.headers.get('retry-after')) >= 1);
      }
      assert.equal((await gw.simState()).requests['createSharedBandwidth'] ?? 0, before);
    } finally {
      await redis.start();
    }
  });
});
