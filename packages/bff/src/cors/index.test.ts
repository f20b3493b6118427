import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, ORIGIN, REGION, testTenant } from '../testing/in-process.js';

const GLOBEX_ORIGIN = 'https://portal.globex.test';

/** What a browser on a portal page gets from the API's CORS layer, through `app.request()`. */
describe('CORS', () => {
  let t: InProcess;
  before(async () => {
    // Two tenants: a preflight carries no token, so it is granted for either one's origin.
    t = await inProcessBff({
      bff: { tenants: [testTenant(), testTenant({ id: 'globex', allowedOrigins: [GLOBEX_ORIGIN] })] },
    });
  });
  after(() => t.close());

  const preflight = (origin: string) =>
    t.bff.request('/v1/shared-bandwidths', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });

  test('a preflight from an allowed origin is granted for ten minutes, with the headers a widget sends', async () => {
    const r = await preflight(ORIGIN);
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(r.headers.get('access-control-max-age'), '600');
    assert.deepEqual(r.headers.get('access-control-allow-methods')?.split(','), ['GET', 'POST', 'OPTIONS']);
    const allowed = r.headers.get('access-control-allow-headers')?.toLowerCase().split(',');
    for (const h of ['authorization', 'content-type', 'idempotency-key', 'x-request-id'])
      assert.ok(allowed?.includes(h), h);
    assert.match(r.headers.get('vary') ?? '', /Origin/);
  });

  test("a preflight from another tenant's origin is granted too (it carries no token)", async () => {
    assert.equal((await preflight(GLOBEX_ORIGIN)).headers.get('access-control-allow-origin'), GLOBEX_ORIGIN);
  });

  test('a preflight from any other origin gets no grant', async () => {
    const r = await preflight('https://evil.test');
    assert.equal(r.headers.get('access-control-allow-origin'), null);
  });

  test('every kind of answer keeps the grant and the headers set before the handler ran', async () => {
    const key = crypto.randomUUID();
    const body = { name: `cors-${key.slice(0, 8)}`, sizeMbps: 10, region: REGION };
    const answers = {
      created: await t.call('/v1/shared-bandwidths', { body, key }),
      replayed: await t.call('/v1/shared-bandwidths', { body, key }),
      invalid: await t.call('/v1/shared-bandwidths', { body: { name: '', sizeMbps: 0 }, key: crypto.randomUUID() }),
      list: await t.call(`/v1/subnets?region=${REGION}`),
      unauthenticated: await t.call('/v1/subnets', { token: null }),
      unknownRoute: await t.call('/v1/nothing-here'),
    };
    assert.deepEqual(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status])), {
      created: 201,
      replayed: 201,
      invalid: 422,
      list: 200,
      unauthenticated: 401,
      unknownRoute: 404,
    });
    assert.equal(answers.replayed.headers.get('idempotent-replayed'), 'true');
    for (const [kind, r] of Object.entries(answers)) {
      assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN, kind);
      assert.match(r.headers.get('access-control-expose-headers') ?? '', /Idempotent-Replayed/, kind);
      assert.match(r.headers.get('vary') ?? '', /Origin/, kind);
      assert.match(r.headers.get('x-request-id') ?? '', /.{8,}/, `${kind}: X-Request-Id`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${kind}: secure headers`);
    }
    // The rate limiter runs after authentication: every authenticated answer says how much is left.
    for (const kind of ['created', 'replayed', 'invalid', 'list', 'unknownRoute'] as const) {
      assert.equal(answers[kind].headers.get('ratelimit-limit'), '1000', `${kind}: RateLimit-Limit`);
    }
  });

  test("acme's token on globex's page: 403 origin_forbidden without the grant (the browser hides the answer)", async () => {
    const r = await t.call(`/v1/subnets?region=${REGION}`, { headers: { origin: GLOBEX_ORIGIN } });
    assert.equal(((await r.clone().json()) as { code: string }).code, 'origin_forbidden');
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
  });
});
