import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { checkJwksUrl, KeysUnavailable, remoteKeySet } from './jwks.js';

/** A key server on loopback whose answer the test switches: the key set, or a 500. */
describe('remote key set', () => {
  let server: Server;
  let url: URL;
  let mode: 'ok' | 'down' = 'ok';
  let hits = 0;
  let publicJwk: JWK;
  let privateKey: CryptoKey;
  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_, res) => {
      hits++;
      if (mode === 'down') return void res.writeHead(503).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
  });
  after(() => new Promise((r) => server.close(r)));

  const token = (kid = 'k1') =>
    new SignJWT({ sub: 'u' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('when the set goes stale and the key server is down, the last good set keeps verifying, one fetch per cool-down', async () => {
    mode = 'ok';
    hits = 0;
    const keys = remoteKeySet(url, { maxAgeMs: 100, errorCooldownMs: 400, unknownKidCooldownMs: 100 });
    await jwtVerify(await token(), keys);
    assert.equal(hits, 1);
    mode = 'down';
    await sleep(150); // the set is now older than maxAgeMs: the next token refetches, which fails
    for (let i = 0; i < 5; i++) await jwtVerify(await token(), keys);
    assert.equal(hits, 2, 'one failed refetch, then the cool-down');
    await assert.rejects(jwtVerify(await token('unknown'), keys), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    assert.equal(hits, 2, 'an unknown kid during the cool-down fetches nothing');
    await sleep(450);
    mode = 'ok';
    await jwtVerify(await token(), keys);
    assert.equal(hits, 3, 'after the cool-down the set is fetched again');
  });

  test('with no set ever fetched, a dead key server answers KeysUnavailable with a retry delay, without refetching', async () => {
    mode = 'down';
    hits = 0;
    const keys = remoteKeySet(url, { errorCooldownMs: 2_000 });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        jwtVerify(await token(), keys),
        (e: unknown) => e instanceof KeysUnavailable && e.retryAfterSeconds >= 1 && e.retryAfterSeconds <= 2,
      );
    }
    assert.equal(hits, 1);
  });
});

describe('JWKS URL check', () => {
  test('https anywhere, http only on loopback', () => {
    assert.equal(checkJwksUrl('https://keys.example.com/jwks.json', 't').protocol, 'https:');
    for (const ok of ['http://127.0.0.1:8080/k', 'http://localhost/k', 'http://[::1]:9/k'])
      assert.doesNotThrow(() => checkJwksUrl(ok, 't'), ok);
    for (const bad of [
      'http://keys.example.com/jwks.json',
      'http://10.0.0.1/k',
      'http://127.0.0.1.evil.test/k',
      'ftp://127.0.0.1/k',
      'not a url',
    ]) {
      assert.throws(() => checkJwksUrl(bad, 't'), /https/, bad);
    }
  });
});
