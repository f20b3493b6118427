import {
  type FieldIssue,
  MALFORMED_REQUEST_STATUS,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_STATUS,
  type Problem,
} from '@bwkit/contracts';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

type ProblemCode = Problem['code'];

const TITLES: Record<string, string> = {
  outcome_unknown: 'Whether the purchase went through cannot be told yet',
  store_unavailable: 'The gateway cannot record requests right now',
  insufficient_balance: 'The account balance is too low to pay this order',
  order_state_changed: 'The order is no longer waiting for payment',
  payment_not_allowed: 'Orders cannot be paid here for this tenant',
  policy_violation: "The purchase is outside the tenant's policy",
  spend_cap_exceeded: 'The purchase would exceed the monthly spend cap',
  approval_not_pending: 'The approval request has already been decided',
  validation_failed: 'The request has invalid fields',
  token_missing: 'A widget token is required',
  token_invalid: 'The widget token is not valid',
  token_expired: 'The widget token has expired',
  scope_missing: 'The widget token lacks the scope for this operation',
  tenant_unknown: 'Unknown tenant',
  origin_forbidden: "This page's origin is not allowed for the tenant",
  rate_limited: 'Too many requests',
  idempotency_key_missing: 'An Idempotency-Key header is required',
  idempotency_key_reused: 'This Idempotency-Key was used for a different request',
  idempotency_in_progress: 'A request with this Idempotency-Key is still running',
  not_found: 'Not found',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'The request body must be JSON',
  upstream_rejected: 'The cloud refused the request',
  upstream_conflict: 'The cloud reported a conflict',
  upstream_unavailable: 'The cloud service is unavailable',
  upstream_timeout: 'The cloud service did not answer in time',
  upstream_rate_limited: 'The cloud service is throttling requests',
  upstream_bad_response: 'The cloud service answered with something unreadable',
  internal_error: 'Internal error',
};

export interface ProblemExtra {
  fields?: FieldIssue[];
  upstream?: Problem['upstream'];
  headers?: Record<string, string>;
  /** `validation_failed` for a request that cannot be read at all: MALFORMED_REQUEST_STATUS (400) instead of 422. */
  malformed?: boolean;
}

/**
 * Thrown anywhere in a request; the app's error handler turns it into application/problem+json. The status comes
 * from the code (PROBLEM_STATUS in @bwkit/contracts), so a code always answers with the same status.
 */
export class ProblemError extends Error {
  readonly problem: Omit<Problem, 'requestId'>;
  readonly headers: Record<string, string>;
  constructor(code: ProblemCode, detail?: string, extra: ProblemExtra = {}) {
    super(detail ?? TITLES[code] ?? code);
    this.name = 'ProblemError';
    const status = extra.malformed && code === 'validation_failed' ? MALFORMED_REQUEST_STATUS : PROBLEM_STATUS[code];
    const problem: Omit<Problem, 'requestId'> = {
      type: `https://bwkit.dev/problems/${code.replace(/_/g, '-')}`,
      title: TITLES[code] ?? code,
      status,
      code,
    };
    if (detail) problem.detail = detail;
    if (extra.fields) problem.fields = extra.fields;
    if (extra.upstream) problem.upstream = extra.upstream;
    this.problem = problem;
    this.headers = extra.headers ?? {};
  }
}

/** The problem as an answer's status, headers and body text (what a stored response keeps, too). */
export function problemParts(
  err: ProblemError,
  requestId: string | undefined,
): { status: number; headers: Record<string, string>; body: string } {
  const body: Problem = requestId ? { ...err.problem, requestId } : err.problem;
  return {
    status: err.problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...err.headers },
    body: JSON.stringify(body),
  };
}

/**
 * The problem as the answer of a request, through `c.body` so the headers middleware set before the handler ran
 * (X-Request-Id, RateLimit-*) are kept without re-wrapping the response.
 */
export function problemReply(c: Context, err: ProblemError, requestId: string | undefined): Response {
  const { status, headers, body } = problemParts(err, requestId);
  return c.body(body, status as ContentfulStatusCode, headers);
}

export function problemResponse(err: ProblemError, requestId: string | undefined): Response {
  const { status, headers, body } = problemParts(err, requestId);
  return new Response(body, { status, headers });
}

export const validationProblem = (fields: FieldIssue[], detail = 'Some fields need attention.') =>
  new ProblemError('validation_failed', detail, { fields });

/** `validation_failed` with status 400: the request cannot be read at all (not JSON, a malformed cursor). */
export const malformedRequest = (detail: string, fields: FieldIssue[]) =>
  new ProblemError('validation_failed', detail, { fields, malformed: true });
