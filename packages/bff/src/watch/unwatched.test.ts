import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Job, Order } from '@bwkit/contracts';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/** What the portal backend receives: the Standard Webhooks payloads createBff's own bus POSTs. */
interface Received {
  type: string;
  data: Record<string, unknown>;
}

describe("webhooks with nobody watching (the portal learns of the end after the user's page closed)", () => {
  let t: InProcess;
  let n = 0;
  const key = () => `unwatched-test-${process.pid}-${n++}`;
  const received: Received[] = [];
  before(async () => {
    t = await inProcessBff({
      sim: { job: { runningAfterMs: 100, doneAfterMs: 800 } },
      tenant: {
        webhooks: [
          {
            id: 'portal',
            url: 'https://portal.acme.test/hooks',
            events: ['job.succeeded', 'job.failed', 'order.paid', 'order.cancelled', 'order.completed'],
            secret: `whsec_${randomBytes(32).toString('base64')}`,
          },
        ],
      },
      bff: {
        webhooks: {
          pollMs: 50,
          fetch: async (_url, init) => {
            received.push(JSON.parse(String(init?.body)) as Received);
            return new Response(null, { status: 204 });
          },
        },
        // The unwatched pace shortened so the test takes seconds; no viewer and no sweep anywhere.
        watch: { unwatchedIntervalMs: () => 100, sweepIntervalMs: 0 },
      },
    });
  });
  after(() => t.close());

  async function until(what: () => Received | undefined, ms = 8000): Promise<Received | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const got = what();
      if (got || Date.now() > deadline) return got;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('a Workspace job nobody follows still sends job.succeeded, once', async () => {
    const subnets = (await (await t.call(`/v1/subnets?region=${REGION}`)).json()) as { items: { id: string }[] };
    const r = await t.call('/v1/workspace-bandwidths', {
      body: { subnetId: subnets.items[0]!.id, chargeMode: 'free', region: REGION },
      key: key(),
    });
    assert.equal(r.status, 202, await r.clone().text());
    const { jobId } = (await r.json()) as { jobId: string };
    const got = await until(() => received.find((e) => e.type === 'job.succeeded' && e.data['jobId'] === jobId));
    assert.ok(got, 'job.succeeded delivered with no progress stream open');
    assert.equal((got.data['job'] as Job).status, 'succeeded');
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(received.filter((e) => e.data['jobId'] === jobId).length, 1, 'one webhook for the one transition');
  });

  test('an order paid elsewhere (in the cloud console) sends order.completed with nobody watching', async () => {
    const list = (await (
      await t.call(`/v1/workspace-bandwidths?region=${REGION}&chargeMode=wks_bandwidth`)
    ).json()) as { items: { id: string; sizeMbps: number; pendingOrder: boolean }[] };
    const bw = list.items.find((b) => !b.pendingOrder);
    assert.ok(bw, 'a yearly/monthly bandwidth to change');
    const placed = await t.call(`/v1/workspace-bandwidths/${bw.id}/change-orders`, {
      key: key(),
      body: { sizeMbps: bw.sizeMbps + 2, autoPay: false, region: REGION },
    });
    assert.equal(placed.status, 201, await placed.clone().text());
    const { orderId } = (await placed.json()) as { orderId: string };
    await new Promise((res) => setTimeout(res, 300));
    // Paid outside the gateway: only a poll of the order can notice.
    const paid = await t.sim.app.request(`/_sim/orders/${encodeURIComponent(orderId)}/pay`, { method: 'POST' });
    assert.equal(paid.status, 200, await paid.clone().text());
    const got = await until(() => received.find((e) => e.type === 'order.completed' && e.data['orderId'] === orderId));
    assert.ok(got, 'order.completed delivered with no progress stream open');
    assert.equal((got.data['order'] as Order).status, 'completed');
    assert.equal(
      received.filter((e) => e.type === 'order.completed' && e.data['orderId'] === orderId).length,
      1,
      'one webhook for the one transition',
    );
  });
});
