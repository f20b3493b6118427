import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type InProcess, inProcessBff } from '../testing/in-process.js';
import { APPROVAL_KIND, type ApprovalRecord } from './index.js';

describe('approval expiry sweep', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff({
      // Requests expire after 0.72 s; the sweep looks every 100 ms.
      tenant: { policy: { approval: { aboveSizeMbps: 50, expiresAfterHours: 0.0002 } } },
      bff: { approvals: { sweepIntervalMs: 100 } },
    });
  });
  after(() => t.close());

  it('expires a pending request once its time is up without anyone reading it, and leaves a decided one alone', async () => {
    const requester = await t.token({ sub: 'alice' });
    const approver = await t.token({ sub: 'boss' });
    const ids: string[] = [];
    for (const key of ['k-expire', 'k-decide']) {
      const held = await t.call('/v1/shared-bandwidths', { token: requester, key, body: { name: key, sizeMbps: 100 } });
      assert.equal(held.status, 202);
      ids.push(((await held.json()) as { approval: { id: string } }).approval.id);
    }
    const rejected = await t.call(`/v1/approvals/${ids[1]}/reject`, {
      token: approver,
      key: 'd-1',
      body: { reason: 'no' },
    });
    assert.equal(rejected.status, 200);
    assert.equal((await t.store.listDue(APPROVAL_KIND, Date.now(), 10)).length, 0, 'not due yet');

    await new Promise((r) => setTimeout(r, 1_200));
    const expired = await t.store.getRecord<ApprovalRecord>(APPROVAL_KIND, ids[0]!);
    assert.equal(expired?.value.state, 'expired');
    assert.equal(expired?.index.state, 'expired');
    assert.equal(expired?.index.dueAtMs, undefined, 'no longer due');
    assert.equal((await t.store.getRecord<ApprovalRecord>(APPROVAL_KIND, ids[1]!))?.value.state, 'rejected');
    assert.deepEqual(await t.store.listDue(APPROVAL_KIND, Date.now(), 10), []);
  });
});

describe('an approval left approving by a crash', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff({
      tenant: { policy: { approval: { aboveSizeMbps: 50, expiresAfterHours: 72 } } },
      bff: { approvals: { sweepIntervalMs: 0 } },
    });
  });
  after(() => t.close());

  const creates = async () =>
    ((await (await t.sim.app.request('/_sim/state')).json()) as { counts: Record<string, number> }).counts[
      'createSharedBandwidth'
    ] ?? 0;

  it("takes the purchase's answer from its key on the next read, and approving again sends nothing", async () => {
    const requester = await t.token({ sub: 'alice' });
    const approver = await t.token({ sub: 'boss' });
    const held = await t.call('/v1/shared-bandwidths', {
      token: requester,
      key: 'k-crash',
      body: { name: 'crash', sizeMbps: 100 },
    });
    const id = ((await held.json()) as { approval: { id: string } }).approval.id;
    const before = await creates();
    assert.equal(
      (await t.call(`/v1/approvals/${id}/approve`, { method: 'POST', token: approver, key: 'd-1' })).status,
      200,
    );
    // The purchase ran, then the process died before the approval was updated: put it back the way it was then.
    const rec = (await t.store.getRecord<ApprovalRecord>(APPROVAL_KIND, id))!;
    const { result: _result, ...approving } = rec.value;
    assert.ok(
      await t.store.updateRecord(
        APPROVAL_KIND,
        id,
        rec.version,
        { ...approving, state: 'approving' },
        { ...rec.index, state: 'approving' },
      ),
    );

    const read = await t.call(`/v1/approvals/${id}`, { token: requester });
    const { approval } = (await read.json()) as {
      approval: { state: string; result?: { status: number; body: { bandwidth: { name: string } } } };
    };
    assert.equal(approval.state, 'approved');
    assert.equal(approval.result?.body.bandwidth.name, 'crash');
    assert.equal(
      (await t.call(`/v1/approvals/${id}/approve`, { method: 'POST', token: approver, key: 'd-1' })).status,
      200,
      'the same decision replays',
    );
    assert.equal(await creates(), before + 1);
  });
});
