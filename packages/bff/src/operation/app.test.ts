import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/** A purchase POST through `app.request()`: body checks, the Idempotency-Key contract and the signed call behind it. */
describe('purchase operations', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff();
  });
  after(() => t.close());

  const body = (name: string) => ({ name, sizeMbps: 10, region: REGION });
  const key = () => `op-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  const code = async (r: Response) => ((await r.json()) as { code: string }).code;

  test('creates once, answers 201 with the public shape, and the simulated cloud counted one create', async () => {
    const before = t.sim.state.counts.createSharedBandwidth;
    const r = await t.call('/v1/shared-bandwidths', { body: body('op-created'), key: key() });
    assert.equal(r.status, 201, await r.clone().text());
    const created = (await r.json()) as { bandwidth: { id: string; name: string; sizeMbps: number } };
    assert.equal(created.bandwidth.name, 'op-created');
    assert.equal(created.bandwidth.sizeMbps, 10);
    assert.equal(t.sim.state.counts.createSharedBandwidth, before + 1);
  });

  test('without an Idempotency-Key: 400 idempotency_key_missing and nothing is sent', async () => {
    const sent = t.sim.state.requests.createSharedBandwidth;
    const r = await t.call('/v1/shared-bandwidths', { body: body('op-nokey') });
    assert.deepEqual([r.status, await code(r)], [400, 'idempotency_key_missing']);
    assert.equal(t.sim.state.requests.createSharedBandwidth, sent);
  });

  test('a body that is not JSON is 400 validation_failed; one sent as text/plain is 415', async () => {
    const bad = await t.call('/v1/shared-bandwidths', { body: '{"name":', key: key() });
    assert.deepEqual([bad.status, await code(bad)], [400, 'validation_failed']);
    const text = await t.call('/v1/shared-bandwidths', {
      body: JSON.stringify(body('x')),
      key: key(),
      headers: { 'content-type': 'text/plain' },
    });
    assert.deepEqual([text.status, await code(text)], [415, 'unsupported_media_type']);
  });

  test('a readable body that breaks a rule is 422 validation_failed with the field, and is not sent', async () => {
    const sent = t.sim.state.requests.createSharedBandwidth;
    const r = await t.call('/v1/shared-bandwidths', { body: { ...body('op-rule'), sizeMbps: 0 }, key: key() });
    assert.equal(r.status, 422);
    const p = (await r.json()) as { code: string; fields: { path: string }[] };
    assert.equal(p.code, 'validation_failed');
    assert.ok(
      p.fields.some((f) => f.path === 'sizeMbps'),
      JSON.stringify(p.fields),
    );
    assert.equal(t.sim.state.requests.createSharedBandwidth, sent);
  });

  test('the upstream call is counted in /metrics under its operation and the service its OPERATIONS row names', async () => {
    await t.call('/v1/shared-bandwidths', { body: body('op-metrics'), key: key() });
    const metrics = await (await t.bff.request('/metrics')).text();
    assert.match(
      metrics,
      /service="vpc"[^\n]*operation="createSharedBandwidth"|operation="createSharedBandwidth"[^\n]*service="vpc"/,
    );
  });

  test('a refusal by the cloud is 422 upstream_rejected carrying what the cloud said', async () => {
    const res = await t.sim.app.request('/_sim/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'createSharedBandwidth', kind: 'status', status: 400, times: 1 }),
    });
    assert.equal(res.status, 201);
    const p = await t.call('/v1/shared-bandwidths', { body: body('op-refused'), key: key() });
    assert.equal(p.status, 422);
    const problem = (await p.json()) as { code: string; upstream: { service: string; status: number } };
    assert.equal(problem.code, 'upstream_rejected');
    assert.deepEqual([problem.upstream.service, problem.upstream.status], ['vpc', 400]);
  });
});
