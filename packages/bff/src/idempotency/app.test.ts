import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/** The Idempotency-Key contract as a widget retrying a purchase sees it, through `app.request()`. */
describe('Idempotency-Key', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff();
  });
  after(() => t.close());

  const body = (name: string, sizeMbps = 10) => ({ name, sizeMbps, region: REGION });
  const key = () => `idem-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  const fault = async (f: Record<string, unknown>) => {
    const r = await t.sim.app.request('/_sim/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(f),
    });
    assert.equal(r.status, 201, await r.text());
  };

  test('a retry with the same key and body replays the first answer; the cloud is called once', async () => {
    const k = key();
    const first = await t.call('/v1/shared-bandwidths', { body: body('idem-replay'), key: k });
    assert.equal(first.status, 201);
    const created = await first.text();
    const count = t.sim.state.counts.createSharedBandwidth;
    const again = await t.call('/v1/shared-bandwidths', { body: body('idem-replay'), key: k });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(await again.text(), created);
    assert.equal(t.sim.state.counts.createSharedBandwidth, count);
  });

  test('the same key with another body is 422 idempotency_key_reused', async () => {
    const k = key();
    assert.equal((await t.call('/v1/shared-bandwidths', { body: body('idem-first'), key: k })).status, 201);
    const r = await t.call('/v1/shared-bandwidths', { body: body('idem-other', 20), key: k });
    assert.equal(r.status, 422);
    assert.equal(((await r.json()) as { code: string }).code, 'idempotency_key_reused');
  });

  test("a key is per portal user: another user's same key is a purchase of its own", async () => {
    const k = key();
    assert.equal((await t.call('/v1/shared-bandwidths', { body: body('idem-alice'), key: k })).status, 201);
    const count = t.sim.state.counts.createSharedBandwidth;
    const bob = await t.call('/v1/shared-bandwidths', {
      body: body('idem-alice'),
      key: k,
      token: await t.token({ sub: 'bob' }),
    });
    assert.equal(bob.status, 201);
    assert.equal(bob.headers.get('idempotent-replayed'), null);
    assert.equal(t.sim.state.counts.createSharedBandwidth, count + 1);
  });

  test('a refusal by the cloud frees the key: the same key goes through once the cause is gone', async () => {
    const k = key();
    await fault({ op: 'createSharedBandwidth', kind: 'status', status: 400, times: 1 });
    assert.equal((await t.call('/v1/shared-bandwidths', { body: body('idem-freed'), key: k })).status, 422);
    const r = await t.call('/v1/shared-bandwidths', { body: body('idem-freed'), key: k });
    assert.equal(r.status, 201, await r.clone().text());
    assert.equal(r.headers.get('idempotent-replayed'), null);
  });
});
