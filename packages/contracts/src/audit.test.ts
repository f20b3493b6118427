import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditPageSchema, AuditRecordSchema } from './audit.js';

const record = {
  id: 'a1',
  at: '2026-11-25T11:00:00.000Z',
  tenantId: 'acme',
  subject: 'user-1',
  operation: 'createSharedBandwidth',
  idempotencyKey: 'k1',
  requestSummary: { name: 'bandwidth123', sizeMbps: 10 },
  upstreamRequestId: 'u1',
  outcome: 'succeeded',
  status: 201,
  durationMs: 120,
  upstreamMs: 95,
};

describe('audit', () => {
  it('accepts a record and a page', () => {
    assert.ok(AuditRecordSchema.safeParse(record).success);
    assert.ok(
      AuditPageSchema.safeParse({
        items: [record, { ...record, id: 'a2', outcome: 'failed', status: 422, problemCode: 'upstream_rejected' }],
        nextCursor: 'c',
      }).success,
    );
    assert.ok(AuditPageSchema.safeParse({ items: [] }).success);
    // Unknown outcomes and how they were settled are audited too.
    for (const outcome of ['unknown', 'reconciled', 'not_created'])
      assert.ok(AuditRecordSchema.safeParse({ ...record, outcome }).success, outcome);
  });
  it('refuses unknown operations and outcomes, and bad times', () => {
    assert.equal(AuditRecordSchema.safeParse({ ...record, operation: 'deleteEverything' }).success, false);
    assert.equal(AuditRecordSchema.safeParse({ ...record, outcome: 'maybe' }).success, false);
    assert.equal(AuditRecordSchema.safeParse({ ...record, at: 'now' }).success, false);
    assert.equal(AuditRecordSchema.safeParse({ ...record, durationMs: -1 }).success, false);
  });
});
