import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { createBff, type Tenant } from '@bwkit/bff';
import { createMemoryStore } from '@bwkit/bff/store/memory';
import { sign } from 'hono/jwt';
import { parseConfig } from './config/index.js';
import { DEMO_ENV, mintToken, startTestGateway, type TestGateway, testConfig } from './testing/index.js';

/**
 * Widget tokens verified against a tenant's JWKS URL, served for real over loopback HTTP by a key server whose
 * behaviour each tenant's path chooses: a normal rotating key set, a URL that never answers, a redirect.
 */
async function rsKey(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  return {
    kid,
    publicJwk: { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg: 'RS256', use: 'sig' },
    privateJwk: { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid, alg: 'RS256' },
  };
}
type RsKey = Awaited<ReturnType<typeof rsKey>>;

const tokenFor = async (tenant: string, key: RsKey, claims: Record<string, unknown> = {}) => {
  const iat = Math.floor(Date.now() / 1000);
  return sign(
    { iss: tenant, sub: 'u', aud: 'bwkit', iat, exp: iat + 300, scope: 'shared-bandwidth:create', ...claims },
    key.privateJwk as never,
    'RS256',
  );
};

describe('tenant keys from a JWKS URL', () => {
  let gw: TestGateway;
  let jwks: Server;
  const sockets = new Set<Socket>();
  const hits: Record<string, number> = {};
  const hanging: ServerResponse[] = [];
  let keyA: RsKey;
  let keyB: RsKey;
  let stranger: RsKey;
  let rotated: object[];
  before(async () => {
    [keyA, keyB, stranger] = await Promise.all([rsKey('a'), rsKey('b'), rsKey('stranger')]);
    rotated = [keyA.publicJwk];
    jwks = createServer((req, res) => {
      const path = req.url ?? '';
      hits[path] = (hits[path] ?? 0) + 1;
      if (path === '/hang/jwks.json') {
        hanging.push(res);
        return;
      }
      if (path === '/broken/jwks.json') {
        res.writeHead(500).end('oops');
        return;
      }
      if (path === '/redirect/jwks.json') {
        res.writeHead(302, { location: '/stable/jwks.json' }).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (path === '/rotating/jwks.json') res.end(JSON.stringify({ keys: rotated }));
      else res.end(JSON.stringify({ keys: [keyA.publicJwk] }));
    });
    jwks.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
    const raw = testConfig({
      mutate(cfg) {
        const t = cfg.tenants[0];
        const tenant = (id: string, path: string) => ({
          ...structuredClone(t),
          id,
          name: id,
          token: { alg: 'RS256', jwksUrl: `${base}${path}` },
          allowedOrigins: [`https://${id}.test`],
        });
        cfg.tenants.push(
          tenant('hanging', '/hang/jwks.json'),
          tenant('rotating', '/rotating/jwks.json'),
          tenant('redirected', '/redirect/jwks.json'),
          tenant('broken', '/broken/jwks.json'),
          tenant('stable', '/stable/jwks.json'),
        );
      },
    });
    gw = await startTestGateway({ raw });
  });
  after(async () => {
    for (const r of hanging) r.destroy();
    for (const s of sockets) s.destroy();
    await gw?.close();
    await new Promise((r) => jwks.close(r));
  });

  const timed = async (token: string) => {
    const started = Date.now();
    // On the old code a hanging key server held the request for about 300 s: give up long before that.
    const res = await gw.call('/v1/config', { token, signal: AbortSignal.timeout(10_000) });
    return {
      status: res.status,
      body: (await res.json()) as { code?: string },
      ms: Date.now() - started,
      retryAfter: res.headers.get('retry-after'),
    };
  };

  test('a key server that never answers costs one request at most ~3 s; the next ones fail fast without a new fetch', async () => {
    const token = await tokenFor('hanging', keyA);
    // Five requests arrive together while the key set is unknown: they share one fetch, and give up with it.
    for (const first of await Promise.all(Array.from({ length: 5 }, () => timed(token)))) {
      assert.ok(first.ms < 4_500, `first answer after ${first.ms} ms`);
      assert.equal(first.status, 502);
      assert.equal(first.body.code, 'upstream_unavailable');
      assert.ok(Number(first.retryAfter) >= 1, 'Retry-After says when to try again');
    }
    const again = await Promise.all([timed(token), timed(token), timed(await tokenFor('hanging', keyB))]);
    for (const r of again) {
      assert.equal(r.status, 502);
      assert.ok(r.ms < 1_500, `cool-down answer after ${r.ms} ms`);
    }
    assert.equal(hits['/hang/jwks.json'], 1, 'one fetch for all of them');
  });

  test('junk tokens with made-up key ids do not each trigger a fetch', async () => {
    assert.equal((await timed(await tokenFor('stable', keyA))).status, 200);
    const before = hits['/stable/jwks.json'] ?? 0;
    const junk = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        timed(await tokenFor('stable', { ...stranger, privateJwk: { ...stranger.privateJwk, kid: `junk-${i}` } })),
      ),
    );
    for (const r of junk) assert.equal(r.status, 401);
    assert.ok(
      (hits['/stable/jwks.json'] ?? 0) - before <= 1,
      `${(hits['/stable/jwks.json'] ?? 0) - before} fetches for 20 junk tokens`,
    );
  });

  test('while the key server answers errors, tokens do not each trigger a fetch (cool-down after errors)', async () => {
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await timed(await tokenFor('broken', keyA)));
    for (const r of results) assert.equal(r.status, 502);
    assert.equal(hits['/broken/jwks.json'], 1, `${hits['/broken/jwks.json']} fetches for 10 tokens`);
  });

  test('a rotated key is accepted within seconds (refetch on an unknown kid), not after the 10-minute cache', async () => {
    assert.equal((await timed(await tokenFor('rotating', keyA))).status, 200);
    rotated = [keyA.publicJwk, keyB.publicJwk];
    const tokenB = await tokenFor('rotating', keyB);
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 15_000) {
      status = (await timed(tokenB)).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 200, 'the new key verifies');
    assert.ok(
      hits['/rotating/jwks.json']! <= 3,
      `${hits['/rotating/jwks.json']} fetches while polling for ${Date.now() - started} ms`,
    );
    // The old key still verifies (it is still published).
    assert.equal((await timed(await tokenFor('rotating', keyA))).status, 200);
  });

  test('redirects from the key URL are not followed', async () => {
    const before = hits['/stable/jwks.json'] ?? 0;
    const r = await timed(await tokenFor('redirected', keyA));
    assert.notEqual(r.status, 200);
    assert.equal(hits['/stable/jwks.json'] ?? 0, before, 'the redirect target was never fetched');
  });
});

describe('JWKS URLs must be https', () => {
  test('a plain-http JWKS URL off loopback is refused by the config and when the BFF is built; loopback http stays allowed for tests', () => {
    const raw = (jwksUrl: string) =>
      testConfig({
        mutate(cfg) {
          cfg.tenants.push({
            ...structuredClone(cfg.tenants[0]),
            id: 'plain',
            name: 'plain',
            token: { alg: 'RS256', jwksUrl },
            allowedOrigins: ['https://plain.test'],
          });
        },
      });
    assert.throws(
      () => parseConfig(raw('http://keys.plain.test/jwks.json'), DEMO_ENV, 'test-config.json', tmpdir()),
      /tenants\[2\] \(plain\)\.token\.jwksUrl: must be https/,
    );
    const parsed = parseConfig(
      raw('https://keys.plain.test/jwks.json'),
      DEMO_ENV,
      'test-config.json',
      tmpdir(),
    ).tenants;
    const tenants = parsed.map((t) =>
      t.id === 'plain' ? { ...t, token: { alg: 'RS256' as const, jwksUrl: 'http://keys.plain.test/jwks.json' } } : t,
    );
    const build = (t: Tenant[]) =>
      createBff({
        tenants: t,
        store: createMemoryStore(),
        upstream: {},
        log: () => {},
        idempotency: { sweepIntervalMs: 0 },
      });
    assert.throws(() => build(tenants), /tenant plain: jwksUrl must be https/);
    const loopback = tenants.map((t) =>
      t.id === 'plain' ? { ...t, token: { alg: 'RS256' as const, jwksUrl: 'http://127.0.0.1:9/jwks.json' } } : t,
    );
    assert.doesNotThrow(() => build(loopback));
  });
});

describe('clock skew between a portal backend and the gateway', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());
  const now = () => Math.floor(Date.now() / 1000);
  const status = async (token: string) => {
    const res = await gw.call('/v1/config', { token });
    return { status: res.status, code: ((await res.json()) as { code?: string }).code };
  };

  test('a backend clock a few seconds fast or slow is tolerated (about 30 s on iat, nbf and exp)', async () => {
    assert.equal((await status(await mintToken({ iat: now() + 2 }))).status, 200, 'iat 2 s ahead');
    assert.equal(
      (await status(await mintToken({ iat: now() + 20, extra: { nbf: now() + 20 } }))).status,
      200,
      'iat and nbf 20 s ahead',
    );
    assert.equal((await status(await mintToken({ iat: now() - 600, exp: now() - 10 }))).status, 200, 'exp 10 s ago');
  });

  test('beyond the leeway tokens are still refused', async () => {
    assert.deepEqual(await status(await mintToken({ iat: now() - 600, exp: now() - 60 })), {
      status: 401,
      code: 'token_expired',
    });
    assert.deepEqual(await status(await mintToken({ iat: now() + 120 })), { status: 401, code: 'token_invalid' });
    assert.deepEqual(await status(await mintToken({ extra: { nbf: now() + 90 } })), {
      status: 401,
      code: 'token_invalid',
    });
  });
});
