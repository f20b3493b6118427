import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, ORIGIN, REGION } from '../testing/in-process.js';

/** authenticate() and requireScope() through `app.request()`: what a widget sees for each kind of bad token. */
describe('widget tokens', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff();
  });
  after(() => t.close());

  const problem = async (r: Response) => ({ status: r.status, code: ((await r.json()) as { code: string }).code });

  test("a valid token reaches the operation and the tenant's origin gets the CORS grant", async () => {
    const r = await t.call(`/v1/subnets?region=${REGION}`);
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
    assert.ok(Array.isArray(((await r.json()) as { items: unknown[] }).items));
  });

  test('no token: 401 token_missing, as problem+json', async () => {
    const r = await t.call(`/v1/subnets?region=${REGION}`, { token: null });
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(await problem(r), { status: 401, code: 'token_missing' });
  });

  test('a header that is not "Bearer <token>", a non-JWT and a foreign issuer are token_invalid', async () => {
    assert.deepEqual(
      await problem(await t.call('/v1/subnets', { token: null, headers: { authorization: 'Basic abc' } })),
      { status: 401, code: 'token_invalid' },
    );
    assert.deepEqual(await problem(await t.call('/v1/subnets', { token: 'not-a-jwt' })), {
      status: 401,
      code: 'token_invalid',
    });
    assert.deepEqual(await problem(await t.call('/v1/subnets', { token: await t.token({ iss: 'globex' }) })), {
      status: 401,
      code: 'token_invalid',
    });
    assert.deepEqual(
      await problem(
        await t.call('/v1/subnets', { token: await t.token({ secret: 'another-secret-of-at-least-32-bytes!!' }) }),
      ),
      { status: 401, code: 'token_invalid' },
    );
  });

  test('an expired token is token_expired (the widget fetches a new one)', async () => {
    const r = await t.call('/v1/subnets', { token: await t.token({ expiresIn: -120 }) });
    assert.deepEqual(await problem(r), { status: 401, code: 'token_expired' });
  });

  test("a token without the operation's scope is 403 scope_missing", async () => {
    const r = await t.call(`/v1/subnets?region=${REGION}`, { token: await t.token({ scopes: ['order:read'] }) });
    assert.deepEqual(await problem(r), { status: 403, code: 'scope_missing' });
  });

  test('a page on another origin is 403 origin_forbidden and loses the CORS grant', async () => {
    const r = await t.call(`/v1/subnets?region=${REGION}`, { headers: { origin: 'https://evil.test' } });
    assert.deepEqual(await problem(r), { status: 403, code: 'origin_forbidden' });
    assert.equal(r.headers.get('access-control-allow-origin'), null);
  });
});
