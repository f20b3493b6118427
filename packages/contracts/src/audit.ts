/** Audit records (GET /v1/audit, scope audit:read), newest first. */
import * as z from 'zod/mini';
import { OPERATIONS } from './enums.js';
import { checked, integer } from './schema-util.js';

/**
 * replayed: an earlier answer sent again; unknown: the cloud may have acted, not yet known; reconciled: an unknown
 * outcome found created in the cloud; not_created: an unknown outcome found certainly absent (the key may run again).
 */
export const AUDIT_OUTCOMES = ['succeeded', 'failed', 'replayed', 'unknown', 'reconciled', 'not_created'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AuditRecordSchema = z.object({
  id: z.string(),
  /** ISO 8601 date-time. */
  at: z.iso.datetime({ offset: true }),
  tenantId: z.string(),
  /** The portal user (token `sub`). */
  subject: z.string(),
  operation: z.enum(OPERATIONS),
  idempotencyKey: z.optional(z.string()),
  /** A redacted summary of the request (no secrets). */
  requestSummary: z.record(z.string(), z.unknown()),
  upstreamRequestId: z.optional(z.string()),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** HTTP status the BFF answered with. */
  status: integer(),
  problemCode: z.optional(z.string()),
  durationMs: checked(z.number(), z.gte(0)),
  upstreamMs: z.optional(checked(z.number(), z.gte(0))),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AuditPageSchema = z.object({
  items: z.array(AuditRecordSchema),
  /** Pass as `?cursor=` for the next (older) page; absent on the last page. */
  nextCursor: z.optional(z.string()),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
