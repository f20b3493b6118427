/**
 * The zod/mini schemas of tenant policy (as GET /v1/config shows it and as the gateway config sets it) and of
 * approvals (GET /v1/approvals, POST /v1/approvals/{id}/approve|reject, the 202 of a purchase held for approval).
 * The checks themselves are zod-free (policy.ts).
 */
import * as z from 'zod/mini';
import { AREAS, BILLING_MODE_IDS, PERIOD_TYPES, QUOTE_OPERATIONS, WORKSPACE_CHARGE_MODES } from './enums.js';
import { QuoteSchema } from './operations.js';
import { ProblemSchema } from './problem.js';
import { checked, integer } from './schema-util.js';

const positive = () => checked(z.number(), z.gt(0));
const positiveInt = () => checked(integer(), z.gt(0));

export const OperationPolicySchema = z.strictObject({
  maxSizeMbps: z.optional(positiveInt()),
  regions: z.optional(z.array(checked(z.string(), z.minLength(1)))),
  areas: z.optional(z.array(z.enum(AREAS))),
  billingModes: z.optional(z.array(z.literal(BILLING_MODE_IDS))),
  periodTypes: z.optional(z.array(z.enum(PERIOD_TYPES))),
  maxPeriodCount: z.optional(positiveInt()),
  chargeModes: z.optional(z.array(z.enum(WORKSPACE_CHARGE_MODES))),
});

export const SpendCapSchema = z.strictObject({
  amount: positive(),
  currency: checked(z.string(), z.regex(/^[A-Z]{3}$/)),
});

const operations = z.partialRecord(z.enum(QUOTE_OPERATIONS), OperationPolicySchema);

/** The gateway config's `policy` key of a tenant. */
export const TenantPolicySchema = z.strictObject({
  operations: z.optional(operations),
  monthlySpendCap: z.optional(SpendCapSchema),
  approval: z.optional(
    z.strictObject({
      aboveAmount: z.optional(checked(z.number(), z.gte(0))),
      aboveSizeMbps: z.optional(positiveInt()),
      subjects: z.optional(z.array(checked(z.string(), z.minLength(1)))),
      expiresAfterHours: z._default(positive(), 72),
    }),
  ),
});

/** GET /v1/config `policy`: the limits a widget shows before submit; `approval.always` = this user always waits. */
export const PolicyViewSchema = z.object({
  operations,
  monthlySpendCap: z.optional(SpendCapSchema),
  approval: z.optional(
    z.object({
      aboveAmount: z.optional(z.number()),
      aboveSizeMbps: z.optional(integer()),
      always: z.boolean(),
      expiresAfterHours: z.number(),
    }),
  ),
});

export const APPROVAL_STATES = ['pending', 'approving', 'approved', 'failed', 'rejected', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/**
 * A purchase held for approval. `approving` = an approver said yes and the purchase is running; `approved` carries
 * the purchase's answer (`result`), `failed` its problem; `rejected` a reason.
 */
export const ApprovalSchema = z.object({
  id: z.string(),
  state: z.enum(APPROVAL_STATES),
  operation: z.enum(QUOTE_OPERATIONS),
  values: z.record(z.string(), z.unknown()),
  /** Path parameters of the purchase (the bandwidthId of a change). */
  params: z.optional(z.record(z.string(), z.string())),
  region: z.optional(z.string()),
  quote: z.optional(QuoteSchema),
  /** Why it waits: 'subject', 'size', 'amount'. */
  reasons: z.array(z.string()),
  requestedBy: z.string(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  reason: z.optional(z.string()),
  /** The purchase's own answer, once it ran (status and body, as POST would have answered). */
  result: z.optional(z.object({ status: integer(), body: z.unknown() })),
  problem: z.optional(ProblemSchema),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** 202 of a purchase held for approval, and the answer of GET /v1/approvals/{id} and of approve/reject. */
export const ApprovalEnvelopeSchema = z.object({ approval: ApprovalSchema });
export type ApprovalEnvelope = z.infer<typeof ApprovalEnvelopeSchema>;

export const ApprovalPageSchema = z.object({
  items: z.array(ApprovalSchema),
  nextCursor: z.optional(z.string()),
});
export type ApprovalPage = z.infer<typeof ApprovalPageSchema>;

export const APPROVAL_REASON_MAX_LENGTH = 500;
/** POST /v1/approvals/{id}/approve (reason optional) and …/reject (reason required). */
export const ApprovalDecisionRequestSchema = z.object({
  reason: z.optional(checked(z.string(), z.minLength(1), z.maxLength(APPROVAL_REASON_MAX_LENGTH))),
});
export type ApprovalDecisionRequest = z.infer<typeof ApprovalDecisionRequestSchema>;
