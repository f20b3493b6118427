import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/** The list cache through `app.request()`: widgets on one page share one upstream list call for a few seconds. */
describe('list cache', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff({ bff: { listCacheTtlMs: 60_000 } });
  });
  after(() => t.close());

  test('the same list twice within the TTL calls the cloud once and answers the same items', async () => {
    const before = t.sim.state.requests.listWorkspaceSubnets;
    const a = await t.call(`/v1/subnets?region=${REGION}`);
    const b = await t.call(`/v1/subnets?region=${REGION}`, { token: await t.token({ sub: 'another-user' }) });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.deepEqual(await b.json(), await a.json());
    assert.equal(t.sim.state.requests.listWorkspaceSubnets, before + 1);
  });

  test("a token without the list's scope is refused even when the answer is cached", async () => {
    await t.call(`/v1/subnets?region=${REGION}`);
    const r = await t.call(`/v1/subnets?region=${REGION}`, { token: await t.token({ scopes: ['order:read'] }) });
    assert.equal(r.status, 403);
  });
});
