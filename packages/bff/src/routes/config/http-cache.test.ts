import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, ORIGIN, REGION } from '../../testing/in-process.js';

/**
 * What a browser's HTTP cache may do with the answers the widgets read. The widgets fetch in the default cache mode
 * (with no-store, no-cache or reload Chromium also skips its CORS-preflight cache and sends a preflight before every
 * call), so each answer says itself whether it may be kept: the config privately, per token, and revalidated; job,
 * order and list answers and progress streams never.
 */
describe('HTTP caching of the answers the widgets read', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff();
  });
  after(() => t.close());

  const directives = (r: Response) =>
    (r.headers.get('cache-control') ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim());
  const varies = (r: Response) =>
    (r.headers.get('vary') ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim());

  test('a preflight is good for 10 minutes (Access-Control-Max-Age), so only the first call to a URL pays one', async () => {
    const r = await t.bff.request('/v1/config', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-max-age'), '600');
  });

  test('GET /v1/config: private, revalidated, and per token (Vary: Authorization)', async () => {
    const r = await t.call('/v1/config');
    assert.equal(r.status, 200);
    const cc = directives(r);
    assert.ok(cc.includes('private'), `cache-control: ${cc.join(', ')}`);
    assert.ok(cc.includes('no-cache') || cc.includes('no-store'), `cache-control: ${cc.join(', ')}`);
    assert.ok(varies(r).includes('authorization'), `vary: ${varies(r).join(', ')}`);
  });

  test('lists, jobs and their progress streams are never stored (a poll must see the state of now)', async () => {
    const subnets = await t.call(`/v1/subnets?region=${REGION}`);
    assert.equal(subnets.status, 200);
    assert.ok(directives(subnets).includes('no-store'));
    const subnetId = ((await subnets.json()) as { items: { id: string }[] }).items[0]!.id;

    const created = await t.call('/v1/workspace-bandwidths', {
      body: { region: REGION, subnetId, chargeMode: 'wks_traffic', sizeMbps: 10, name: 'cache-check' },
      key: `http-cache-${process.pid}`,
    });
    assert.equal(created.status, 202, await created.clone().text());
    const { jobId } = (await created.json()) as { jobId: string };

    const job = await t.call(`/v1/jobs/${jobId}`);
    assert.equal(job.status, 200);
    assert.ok(directives(job).includes('no-store'), `job: ${directives(job).join(', ')}`);

    const stream = await t.call(`/v1/jobs/${jobId}/events`, { headers: { accept: 'text/event-stream' } });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
    // Hono's streamSSE sets `no-cache`, which a cache may store: the route must have the last word.
    assert.deepEqual(directives(stream), ['no-store']);
    await stream.body?.cancel();
  });
});
