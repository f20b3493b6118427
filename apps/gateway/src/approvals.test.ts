/**
 * Approvals over real HTTP, on SQLite, Redis and PostgreSQL: a purchase above the policy's size (or by a listed user)
 * is stored as pending and answered 202; the same key replays it; an approver (scope approval:decide, not the
 * requester) approves and the purchase runs exactly once as its requester (simulator counts), its answer kept in the
 * approval; rejection needs a reason; a pending request expires; a cloud timeout while approving leaves it
 * `approving`, and approving again settles it without a second create.
 */

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testRedis } from '@bwkit/bff/testing';
import { testPostgres } from '@bwkit/bff/testing/postgres';
import { SCOPES, type Scope } from '@bwkit/contracts';
import { mintToken, newKey, SUBNET, startTestGateway, type TestGateway, testConfig } from './testing/index.js';

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any, headers: res.headers });
const REQUESTER: Scope[] = ['shared-bandwidth:create', 'workspace-bandwidth:create'];
const APPROVER: Scope[] = SCOPES.filter((s) => s !== 'shared-bandwidth:create');

type StoreSetup = { store: unknown; stop(): Promise<void> };
const stores: [string, () => Promise<StoreSetup>][] = [
  [
    'sqlite',
    async () => ({
      store: { kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'bwkit-apr-')), 'bwkit.db') },
      stop: async () => {},
    }),
  ],
  [
    'redis',
    async () => {
      const r = await testRedis();
      return { store: { kind: 'redis', url: r.url }, stop: () => r.stop() };
    },
  ],
  [
    'postgres',
    async () => {
      const p = await testPostgres();
      return { store: { kind: 'postgres', url: p.url }, stop: () => p.stop() };
    },
  ],
];

for (const [storeName, setup] of stores) {
  describe(`approvals (${storeName})`, () => {
    let gw: TestGateway;
    let backing: StoreSetup;
    let requester: string;
    let approver: string;
    let intern: string;
    let bystander: string;
    const creates = async () => (await gw.simState()).counts['createSharedBandwidth'] ?? 0;
    const buy = (token: string, key: string, body: unknown) => gw.call('/v1/shared-bandwidths', { token, key, body });
    const decide = (id: string, kind: 'approve' | 'reject', key: string, body?: unknown, token = approver) =>
      gw.call(`/v1/approvals/${id}/${kind}`, { method: 'POST', token, key, ...(body !== undefined ? { body } : {}) });

    before(async () => {
      backing = await setup();
      gw = await startTestGateway({
        raw: testConfig({
          store: backing.store,
          mutate: (r) => {
            r.tenants[0].policy = { approval: { aboveSizeMbps: 50, subjects: ['intern-1'], expiresAfterHours: 72 } };
            // Nothing listens there: the deliveries stay in the outbox, where the log shows them.
            r.tenants[0].webhooks = [
              {
                id: 'erp',
                url: 'http://127.0.0.1:9/hooks',
                events: ['approval.requested', 'approval.decided', 'purchase.failed'],
                secretEnv: 'ACME_WEBHOOK_SECRET',
              },
            ];
            // globex: requests expire after about 1.8 s
            r.tenants[1].policy = { approval: { aboveSizeMbps: 50, expiresAfterHours: 0.0005 } };
          },
        }),
        gateway: { upstreamTimeoutMs: 800 },
      });
      requester = await mintToken({ sub: 'alice', scopes: REQUESTER });
      approver = await mintToken({ sub: 'boss', scopes: APPROVER });
      intern = await mintToken({ sub: 'intern-1', scopes: REQUESTER });
      bystander = await mintToken({ sub: 'carol', scopes: REQUESTER });
    });
    after(async () => {
      await gw.close();
      await backing.stop();
    });

    test('above the size: 202 pending, stored, nothing sent; the same key replays it; another body with it is refused', async () => {
      const before = await creates();
      const key = newKey();
      const body = { name: newKey('apr').slice(0, 60), sizeMbps: 100 };
      const held = await json(await buy(requester, key, body));
      assert.equal(held.status, 202, JSON.stringify(held.body));
      const a = held.body.approval;
      assert.equal(a.state, 'pending');
      assert.equal(a.operation, 'createSharedBandwidth');
      assert.deepEqual(a.values, body);
      assert.deepEqual(a.reasons, ['size']);
      assert.equal(a.requestedBy, 'alice');
      assert.ok(Date.parse(a.expiresAt) - Date.parse(a.requestedAt) === 72 * 3600_000);
      const again = await json(await buy(requester, key, body));
      assert.equal(again.status, 202);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(again.body.approval.id, a.id);
      const other = await json(await buy(requester, key, { ...body, sizeMbps: 200 }));
      assert.equal(other.status, 422);
      assert.equal(other.body.code, 'idempotency_key_reused');
      assert.equal(await creates(), before);
      // Within the size nothing waits.
      assert.equal((await buy(requester, newKey(), { name: newKey('small').slice(0, 60), sizeMbps: 10 })).status, 201);
    });

    test('approve: the purchase runs exactly once as the requester, its answer kept; retries replay it', async () => {
      const key = newKey();
      const body = { name: newKey('ok').slice(0, 60), sizeMbps: 100 };
      const id = (await json(await buy(requester, key, body))).body.approval.id;
      const pending = await json(await gw.call('/v1/approvals?state=pending&limit=100', { token: approver }));
      assert.equal(pending.status, 200);
      assert.ok(pending.body.items.some((x: any) => x.id === id));

      const before = await creates();
      const decisionKey = newKey();
      const ok = await json(await decide(id, 'approve', decisionKey));
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.approval.state, 'approved');
      assert.equal(ok.body.approval.decidedBy, 'boss');
      assert.equal(ok.body.approval.result.status, 201);
      assert.equal(ok.body.approval.result.body.bandwidth.name, body.name);
      assert.equal(ok.body.approval.result.body.bandwidth.sizeMbps, 100);
      assert.equal(await creates(), before + 1);

      const replay = await json(await decide(id, 'approve', decisionKey));
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal((await json(await decide(id, 'approve', newKey()))).body.code, 'approval_not_pending');
      // The requester's own retry of the purchase shows the result; the requester may read the approval.
      const mine = await json(await buy(requester, key, body));
      assert.equal(mine.status, 202);
      assert.equal(mine.body.approval.state, 'approved');
      assert.deepEqual(mine.body.approval.result, ok.body.approval.result);
      const shown = await json(await gw.call(`/v1/approvals/${id}`, { token: requester }));
      assert.equal(shown.body.approval.state, 'approved');
      assert.equal(await creates(), before + 1, 'exactly one create');
      // The audit names the requester and the approver.
      const audit = await json(
        await gw.call('/v1/audit?limit=20', { token: await mintToken({ scopes: ['audit:read'] }) }),
      );
      const rec = audit.body.items.find((r: any) => r.requestSummary.approvalId === id && r.status === 201);
      assert.equal(rec?.subject, 'alice');
      assert.equal(rec?.requestSummary.approvedBy, 'boss');
      // The portal's backend hears of both steps.
      const log = await json(
        await gw.call('/v1/webhook-deliveries?limit=100', { token: await mintToken({ scopes: ['webhook:read'] }) }),
      );
      const mineEvents = log.body.items.filter((d: any) => d.data.approvalId === id);
      assert.deepEqual(mineEvents.map((d: any) => d.eventType).sort(), ['approval.decided', 'approval.requested']);
      assert.equal(mineEvents.find((d: any) => d.eventType === 'approval.decided').data.state, 'approved');
    });

    test('reject needs a reason, which the requester sees; a listed user always waits', async () => {
      const key = newKey();
      const small = { name: newKey('intern').slice(0, 60), sizeMbps: 10 };
      const held = await json(await buy(intern, key, small));
      assert.equal(held.status, 202);
      assert.deepEqual(held.body.approval.reasons, ['subject']);
      const id = held.body.approval.id;
      const noReason = await json(await decide(id, 'reject', newKey(), {}));
      assert.equal(noReason.status, 422);
      assert.equal(noReason.body.fields[0].path, 'reason');
      const before = await creates();
      const no = await json(await decide(id, 'reject', newKey(), { reason: 'Use the shared pool instead.' }));
      assert.equal(no.status, 200);
      assert.equal(no.body.approval.state, 'rejected');
      const seen = await json(await gw.call(`/v1/approvals/${id}`, { token: intern }));
      assert.equal(seen.body.approval.reason, 'Use the shared pool instead.');
      assert.equal((await json(await decide(id, 'approve', newKey()))).status, 409);
      assert.equal(await creates(), before);
      // A Workspace create (whose own answer is also a 202) is held the same way, documented as either shape.
      const ws = await json(
        await gw.call('/v1/workspace-bandwidths', {
          token: intern,
          key: newKey(),
          body: { subnetId: SUBNET, chargeMode: 'wks_traffic', sizeMbps: 10 },
        }),
      );
      assert.equal(ws.status, 202);
      assert.equal(ws.body.approval.state, 'pending');
      assert.equal(ws.body.jobId, undefined);
      const rejected = await json(await gw.call('/v1/approvals?state=rejected', { token: approver }));
      assert.ok(
        rejected.body.items.every((x: any) => x.state === 'rejected') &&
          rejected.body.items.some((x: any) => x.id === id),
      );
    });

    test('deciding needs approval:decide and someone other than the requester; others cannot read it', async () => {
      const id = (await json(await buy(requester, newKey(), { name: newKey('scope').slice(0, 60), sizeMbps: 100 })))
        .body.approval.id;
      assert.equal(
        (await json(await decide(id, 'approve', newKey(), undefined, requester))).body.code,
        'scope_missing',
      );
      assert.equal((await gw.call('/v1/approvals', { token: requester })).status, 403);
      assert.equal((await gw.call(`/v1/approvals/${id}`, { token: bystander })).status, 404);
      const self = await mintToken({ sub: 'alice', scopes: [...REQUESTER, 'approval:decide'] });
      const own = await json(await decide(id, 'approve', newKey(), undefined, self));
      assert.equal(own.status, 403);
      assert.match(own.body.detail, /own request/);
      assert.equal(
        (await gw.call(`/v1/approvals/${id}/approve`, { method: 'POST', token: approver })).status,
        400,
        'an Idempotency-Key is required',
      );
      assert.equal((await gw.call('/v1/approvals/apr_00000000000000000000000000', { token: approver })).status, 404);
      const globexApprover = await mintToken({ tenant: 'globex', sub: 'boss', scopes: APPROVER });
      assert.equal((await gw.call(`/v1/approvals/${id}`, { token: globexApprover })).status, 404, 'another tenant');
    });

    test('the list pages newest first with an opaque cursor', async () => {
      const all = (await json(await gw.call('/v1/approvals?limit=100', { token: approver }))).body.items.map(
        (x: any) => x.id,
      );
      assert.ok(all.length >= 3);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await json(
          await gw.call(`/v1/approvals?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: approver }),
        );
        assert.equal(page.status, 200);
        seen.push(...page.body.items.map((x: any) => x.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, all);
      assert.equal((await gw.call('/v1/approvals?cursor=nope', { token: approver })).status, 400);
      assert.equal((await gw.call('/v1/approvals?state=maybe', { token: approver })).status, 400);
    });

    test("a pending request expires after the policy's time: read as expired, no longer approvable", async () => {
      const token = await mintToken({ tenant: 'globex', sub: 'alice', scopes: REQUESTER });
      const gApprover = await mintToken({ tenant: 'globex', sub: 'boss', scopes: APPROVER });
      const held = await json(
        await gw.call('/v1/shared-bandwidths', {
          token,
          key: newKey(),
          body: { name: newKey('exp').slice(0, 60), sizeMbps: 100 },
        }),
      );
      assert.equal(held.status, 202);
      const id = held.body.approval.id;
      await new Promise((r) => setTimeout(r, 2_000));
      const pending = await json(await gw.call('/v1/approvals?state=pending', { token: gApprover }));
      assert.ok(!pending.body.items.some((x: any) => x.id === id));
      const shown = await json(await gw.call(`/v1/approvals/${id}`, { token }));
      assert.equal(shown.body.approval.state, 'expired');
      const late = await json(
        await gw.call(`/v1/approvals/${id}/approve`, { method: 'POST', token: gApprover, key: newKey() }),
      );
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'approval_not_pending');
    });

    test('a cloud timeout while approving stays approving; approving again settles it with no second create', async () => {
      const body = { name: newKey('slow').slice(0, 60), sizeMbps: 100 };
      const id = (await json(await buy(requester, newKey(), body))).body.approval.id;
      const before = await creates();
      await gw.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 1500 });
      const slow = await json(await decide(id, 'approve', newKey()));
      assert.equal(slow.status, 504, JSON.stringify(slow.body));
      assert.equal(
        (await json(await gw.call(`/v1/approvals/${id}`, { token: approver }))).body.approval.state,
        'approving',
      );
      assert.equal((await json(await decide(id, 'reject', newKey(), { reason: 'too late' }))).status, 409);
      await new Promise((r) => setTimeout(r, 1_000));
      const settled = await json(await decide(id, 'approve', newKey()));
      assert.equal(settled.status, 200, JSON.stringify(settled.body));
      assert.equal(settled.body.approval.state, 'approved');
      assert.equal(settled.body.approval.result.body.bandwidth.name, body.name);
      assert.equal(await creates(), before + 1, 'the slow create happened once, and was found rather than sent again');
    });
  });
}
