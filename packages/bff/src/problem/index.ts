import type { FieldIssue, Problem } from '@bwkit/contracts';

type ProblemCode = Problem['code'];

const TITLES: Record<string, string> = {
  validation_failed: 'The request has invalid fields',
  token_missing: 'A widget token is required',
  token_invalid: 'The widget token is not valid',
  token_expired: 'The widget token has expired',
  scope_missing: 'The widget token lacks the scope for this operation',
  tenant_unknown: 'Unknown tenant',
  origin_forbidden: 'This page\'s origin is not allowed for the tenant',
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

/** Thrown anywhere in a request; the app's error handler turns it into application/problem+json. */
export class ProblemError extends Error {
  readonly problem: Omit<Problem, 'requestId'>;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: ProblemCode,
    detail?: string,
    extra: { fields?: FieldIssue[]; upstream?: Problem['upstream']; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? TITLES[code] ?? code);
    this.problem = {
      type: `https://bwkit.dev/problems/${code.replace(/_/g, '-')}`,
      title: TITLES[code] ?? code,
      status,
      code,
      ...(detail ? { detail } : {}),
      ...(extra.fields ? { fields: extra.fields } : {}),
      ...(extra.upstream ? { upstream: extra.upstream } : {}),
    } as Omit<Problem, 'requestId'>;
    this.headers = extra.headers ?? {};
  }
}

export function problemResponse(err: ProblemError, requestId: string | undefined): Response {
  const body: Problem = { ...err.problem, ...(requestId ? { requestId } : {}) } as Problem;
  return new Response(JSON.stringify(body), {
    status: err.problem.status,
    headers: { 'content-type': 'application/problem+json', ...err.headers },
  });
}

export const validationProblem = (fields: FieldIssue[], detail = 'Some fields need attention.') =>
  new ProblemError(422, 'validation_failed', detail, { fields });
