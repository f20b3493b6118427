/** RFC 9457 problem details (`application/problem+json`), as the BFF answers every error. */
import * as z from 'zod/mini';
import { checked, integer } from './schema-util.js';

/** Stable problem codes. */
export const PROBLEM_CODES = [
  'validation_failed',
  'token_missing',
  'token_invalid',
  'token_expired',
  'scope_missing',
  'tenant_unknown',
  'origin_forbidden',
  'rate_limited',
  'idempotency_key_missing',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'upstream_rejected',
  'upstream_conflict',
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_rate_limited',
  'upstream_bad_response',
  'internal_error',
  'insufficient_balance',
  'order_state_changed',
  'payment_not_allowed',
  'outcome_unknown',
  'store_unavailable',
  'policy_violation',
  'spend_cap_exceeded',
  'approval_not_pending',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * The HTTP status each code goes with: the cloud refusing (upstream 4xx) → 422, or 409 for a conflict; the cloud
 * failing (5xx, timeouts) → 502/504; the same Idempotency-Key with another body → 422; only internal_error is 500.
 * The one exception is MALFORMED_REQUEST_STATUS.
 */
export const PROBLEM_STATUS = {
  validation_failed: 422,
  token_missing: 401,
  token_invalid: 401,
  token_expired: 401,
  scope_missing: 403,
  tenant_unknown: 401,
  origin_forbidden: 403,
  rate_limited: 429,
  idempotency_key_missing: 400,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upstream_rejected: 422,
  upstream_conflict: 409,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  upstream_rate_limited: 503,
  upstream_bad_response: 502,
  internal_error: 500,
  insufficient_balance: 409,
  order_state_changed: 409,
  payment_not_allowed: 403,
  /** An earlier attempt with this Idempotency-Key may have placed the order and the cloud cannot tell yet. */
  outcome_unknown: 409,
  /** The BFF's own store (rate limits, idempotency keys) cannot be reached; nothing was sent to the cloud. */
  store_unavailable: 503,
  /** The values break the tenant's policy (`fields` name the field and the rule); the form can be corrected. */
  policy_violation: 422,
  /** This purchase would take the tenant's spend this month (UTC) over its cap. */
  spend_cap_exceeded: 403,
  /** The approval was already decided, or it expired. */
  approval_not_pending: 409,
} as const satisfies Record<ProblemCode, number>;

/**
 * `validation_failed` for a request that cannot be read at all (a body that is not JSON, a cursor or paging
 * parameter that is no value of its type) is 400; a readable request that breaks a rule is 422 (PROBLEM_STATUS).
 */
export const MALFORMED_REQUEST_STATUS = 400;

/** The upstream services a problem's `upstream.service` names (the same four as ServiceName in @bwkit/huaweicloud). */
export const UPSTREAM_SERVICES = ['workspace', 'vpc', 'cc', 'bss'] as const;
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number];

function isParams(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)))
  );
}

/** `FieldIssue` as a schema (inside `Problem.fields`). */
export const FieldIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  params: z.optional(z.custom<Record<string, string | number>>(isParams)),
});

export const ProblemSchema = z.object({
  /** A URI naming the problem type (e.g. `about:blank` or a docs link). */
  type: z.string(),
  title: z.string(),
  status: checked(integer(), z.gte(100), z.lte(599)),
  code: z.enum(PROBLEM_CODES),
  detail: z.optional(z.string()),
  requestId: z.optional(z.string()),
  /** Field issues, for validation_failed (path, code, message, params?). */
  fields: z.optional(z.array(FieldIssueSchema)),
  /** What the cloud service said, for upstream_* codes. */
  upstream: z.optional(
    z.object({
      service: z.enum(UPSTREAM_SERVICES),
      status: z.optional(integer()),
      code: z.optional(z.string()),
      message: z.optional(z.string()),
      requestId: z.optional(z.string()),
      /** The cloud's `encoded_authorization_message` (an IAM policy denial, decodable by the account's admin). */
      encodedAuthorizationMessage: z.optional(z.string()),
    }),
  ),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** The media type problems are sent with. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
