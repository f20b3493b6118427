import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/** The route layer through `app.request()`: lists and their cursors, the tenant's own jobs and orders, quotes, audit. */
describe('routes', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff();
  });
  after(() => t.close());

  const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> });
  let n = 0;
  const key = () => `routes-test-${process.pid}-${n++}`;

  test('a list pages with an opaque cursor, filters with q, and refuses a cursor or region it did not give out', async () => {
    const all = await json(await t.call(`/v1/subnets?region=${REGION}&limit=100`));
    assert.equal(all.status, 200);
    const items = all.body['items'] as { id: string; name: string }[];
    assert.ok(items.length >= 2, 'the simulator has subnets to page through');
    const first = await json(await t.call(`/v1/subnets?region=${REGION}&limit=1`));
    assert.deepEqual(
      (first.body['items'] as { id: string }[]).map((s) => s.id),
      [items[0]!.id],
    );
    const cursor = first.body['nextCursor'];
    assert.equal(typeof cursor, 'string');
    const second = await json(await t.call(`/v1/subnets?region=${REGION}&limit=1&cursor=${String(cursor)}`));
    assert.deepEqual(
      (second.body['items'] as { id: string }[]).map((s) => s.id),
      [items[1]!.id],
    );
    const named = await json(
      await t.call(`/v1/subnets?region=${REGION}&q=${encodeURIComponent(items[0]!.name.toUpperCase())}`),
    );
    assert.ok(
      (named.body['items'] as { name: string }[]).every((s) =>
        s.name.toLowerCase().includes(items[0]!.name.toLowerCase()),
      ),
    );

    const badCursor = await json(await t.call(`/v1/subnets?region=${REGION}&cursor=not-ours`));
    assert.deepEqual([badCursor.status, badCursor.body['code']], [400, 'validation_failed']);
    const badLimit = await json(await t.call(`/v1/subnets?region=${REGION}&limit=101`));
    assert.deepEqual([badLimit.status, badLimit.body['code']], [400, 'validation_failed']);
    const region = await json(await t.call('/v1/subnets?region=eu-west-0'));
    assert.deepEqual([region.status, region.body['code']], [422, 'validation_failed']);
    assert.equal((region.body['fields'] as { code: string }[])[0]?.code, 'region_not_allowed');
  });

  test('a job or an order this tenant did not place through the gateway is 404, as if it did not exist', async () => {
    const job = await json(await t.call('/v1/jobs/ff0000000000000000000000000000ff'));
    assert.deepEqual([job.status, job.body['code']], [404, 'not_found']);
    const order = await json(await t.call('/v1/orders/CS2000000000001'));
    assert.deepEqual([order.status, order.body['code']], [404, 'not_found']);
    const pay = await json(await t.call('/v1/orders/CS2000000000001/pay', { body: {}, key: key() }));
    assert.deepEqual([pay.status, pay.body['code']], [404, 'not_found']);
  });

  test('a quote needs the scope of the purchase it prices', async () => {
    const token = await t.token({ scopes: ['workspace-bandwidth:create'] });
    const r = await json(
      await t.call('/v1/quotes', {
        token,
        body: { operation: 'createSharedBandwidth', values: { name: 'q', sizeMbps: 10 } },
      }),
    );
    assert.deepEqual([r.status, r.body['code']], [403, 'scope_missing']);
  });

  test("audit lists the tenant's calls newest first, pages with a cursor, and refuses a limit out of range", async () => {
    for (const name of ['audit-a', 'audit-b']) {
      const r = await t.call('/v1/shared-bandwidths', {
        body: { name, sizeMbps: 10, chargeMode: 'bandwidth' },
        key: key(),
      });
      assert.equal(r.status, 201, await r.clone().text());
    }
    const page = await json(await t.call('/v1/audit?limit=1'));
    assert.equal(page.status, 200);
    const [newest] = page.body['items'] as { operation: string; requestSummary: { name?: string } }[];
    assert.deepEqual([newest?.operation, newest?.requestSummary.name], ['createSharedBandwidth', 'audit-b']);
    const next = await json(await t.call(`/v1/audit?limit=1&cursor=${String(page.body['nextCursor'])}`));
    assert.equal((next.body['items'] as { requestSummary: { name?: string } }[])[0]?.requestSummary.name, 'audit-a');
    const bad = await json(await t.call('/v1/audit?limit=0'));
    assert.deepEqual([bad.status, bad.body['code']], [400, 'validation_failed']);
  });
});
