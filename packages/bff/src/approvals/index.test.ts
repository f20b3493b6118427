import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessBff, type InProcess } from '../testing/in-process.js';
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
    const rejected = await t.call(`/v1/approvals/${ids[1]}/reject`, { token: approver, key: 'd-1', body: { reason: 'no' } });
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
