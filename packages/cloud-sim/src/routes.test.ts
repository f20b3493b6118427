import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPERATION_NAMES, OPERATIONS } from '@bwkit/huaweicloud';
import { createCloudSim } from './app.js';

test('every OPERATIONS row is served (on its documented method and path), and nothing else is', async () => {
  const { app } = createCloudSim({
    credentials: [{ ak: 'ROUTESTESTAK00000001', sk: 'routes-test-secret', site: 'international' }],
  });
  const codeOf = async (r: Response) =>
    ((await r.json()) as { error_code?: string; error?: { code?: string } }).error_code;
  for (const name of OPERATION_NAMES) {
    const { method, path } = OPERATIONS[name];
    const url = `https://sim.test${path.replace(/\{([a-z_]+)\}/g, (_, p: string) => `x-${p}`)}`;
    // Unsigned: a served operation refuses the missing signature; an unknown path is the gateway's 404 APIGW.0101.
    const r = await app.request(url, { method, headers: { host: 'sim.test' } });
    assert.notEqual(r.status, 404, `${name}: ${method} ${path} is not served`);
    assert.notEqual(await codeOf(r), 'APIGW.0101', name);
  }
  const unknown = await app.request('https://sim.test/v2/x/not-an-operation', { headers: { host: 'sim.test' } });
  assert.equal(unknown.status, 404);
  assert.equal(await codeOf(unknown), 'APIGW.0101');
});
