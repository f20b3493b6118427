import type { AuditRecord, OperationName, RuleContext, Validation } from '@bwkit/contracts';
import { isValidIdempotencyKey } from '@bwkit/contracts';
import {
  ConfigError,
  type HuaweiCloudClient,
  isUpstreamError,
  OPERATIONS,
  type OperationName as UpstreamOperation,
  type UpstreamResult,
} from '@bwkit/huaweicloud';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApprovalRecord } from '../approvals/index.js';
import type { BffDeps, BffEnv } from '../context.js';
import { emitSafely } from '../events/index.js';
import {
  fingerprintOf,
  type IdempotencyEvent,
  type IdempotencyResult,
  type IdempotentCall,
  type RunResult,
  scopedKey,
  storeUnavailable,
  withIdempotency,
} from '../idempotency/index.js';
import type { Logger } from '../log/index.js';
import { problemFromUpstream } from '../mapping/index.js';
import type { Metrics } from '../metrics/index.js';
import {
  applyPolicy,
  isPolicyOperation,
  monthOf,
  releaseSpend,
  reserveSpend,
  spendCapProblem,
} from '../policy/index.js';
import { malformedRequest, ProblemError, problemParts, problemReply, validationProblem } from '../problem/index.js';
import { deferredRate, takesRateStep } from '../rate-limit/index.js';
import { type Reconciled, type ReconcileInput, reconcile } from '../reconcile/index.js';
import { StoreError } from '../store/guard.js';
import type { IdempotencyIntent, StoredResponse } from '../store/index.js';
import type { Tenant } from '../tenants/index.js';

export function ruleContext(tenant: Tenant): RuleContext {
  return { site: tenant.site, limits: tenant.limits, regions: tenant.regions.map((r) => r.id) };
}

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ProblemError('unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw malformedRequest('The body is not valid JSON.', [
      { path: '', code: 'invalid_type', message: 'The body is not valid JSON.' },
    ]);
  }
}

const isUpstreamOperation = (name: string): name is UpstreamOperation => Object.hasOwn(OPERATIONS, name);

/**
 * Calls the cloud once, counting it in /metrics (labelled with the operation and its OPERATIONS service) and
 * remembering its request id for the audit record.
 */
export async function callUpstream<T>(
  deps: BffDeps,
  c: Context<BffEnv>,
  operation: UpstreamOperation,
  fn: () => Promise<UpstreamResult<T>>,
): Promise<UpstreamResult<T>> {
  const { service } = OPERATIONS[operation];
  const started = performance.now();
  try {
    const r = await fn();
    deps.metrics.upstreamCalls.inc({ service, operation, outcome: 'ok' });
    if (r.requestId) c.set('upstreamRequestId', r.requestId);
    return r;
  } catch (e) {
    if (isUpstreamError(e)) {
      deps.metrics.upstreamCalls.inc({ service, operation, outcome: e.kind });
      deps.metrics.upstreamErrors.inc({ service, code: e.code });
      if (e.requestId) c.set('upstreamRequestId', e.requestId);
      deps.log({
        level: 'warn',
        msg: 'upstream error',
        requestId: c.get('requestId'),
        tenant: c.get('tenant')?.id,
        service,
        operation,
        upstreamStatus: e.status,
        upstreamCode: e.code,
        upstreamRequestId: e.requestId,
      });
    }
    throw e;
  } finally {
    const ms = performance.now() - started;
    c.set('upstreamMs', (c.get('upstreamMs') ?? 0) + ms);
    deps.metrics.upstreamLatency.observe({ service, operation }, ms / 1000);
  }
}

export interface PostSpec<T> {
  operation: OperationName;
  validate(body: unknown, ctx: RuleContext, c: Context<BffEnv>): Validation<T>;
  /** What the audit log keeps of the request: never a secret (there are none in these bodies, but keep it explicit). */
  summary(value: T, c: Context<BffEnv>): Record<string, unknown>;
  execute(
    value: T,
    client: HuaweiCloudClient,
    tenant: Tenant,
    c: Context<BffEnv>,
  ): Promise<{ status: number; body: unknown }>;
  /** The region the operation acts in, stored with the intent for reconciliation (default: `value.region` or the tenant's). */
  region?(value: T, tenant: Tenant): string;
}

const json = (status: number, body: unknown, contentType = 'application/json'): StoredResponse => ({
  status,
  headers: { 'content-type': contentType },
  body: JSON.stringify(body),
});

/** Client methods that only read (`readOnly` in OPERATIONS): calling them can create nothing, so a failure among them frees the key. */
const readOnly = (method: string): boolean => isUpstreamOperation(method) && OPERATIONS[method].readOnly;

/** What the route did with the cloud while it ran: whether a changing call was sent, and how it ended. */
export interface SendTrack {
  sent: boolean;
  succeeded: boolean;
  error?: unknown;
}

/** Wraps the tenant's client so the state machine knows whether anything that could create was sent. */
export function trackedClient(client: HuaweiCloudClient): { client: HuaweiCloudClient; track: SendTrack } {
  const track: SendTrack = { sent: false, succeeded: false };
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || typeof prop !== 'string' || readOnly(prop)) return v;
      return (...args: unknown[]) => {
        track.sent = true;
        return Promise.resolve((v as (...a: unknown[]) => unknown).apply(target, args)).then(
          (r) => {
            track.succeeded = true;
            return r;
          },
          (e: unknown) => {
            if (track.error === undefined) track.error = e;
            throw e;
          },
        );
      };
    },
  });
  return { client: proxy, track };
}

/** Connection errors raised before a request could leave this host: nothing was sent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
function neverConnected(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Where a failed execution leaves the key. Only what certainly did not act frees it: nothing changing was sent, the
 * connection was never made, the API gateway throttled the call or refused our signature, or the service refused the
 * request (a 4xx: quota, balance, a busy or changed state, invalid values), so a user who fixes the cause can
 * resubmit the same values with the same key. Everything else after sending — timeout, reset, an unreadable 2xx, any
 * 5xx (an API gateway's 502/503 can come after the service acted), an error after the cloud answered — is unknown.
 */
export function outcomeOfFailure(
  track: SendTrack,
  thrown: unknown,
): { outcome: 'failed' | 'not_acted' } | { outcome: 'unknown'; reason: string } {
  if (!track.sent) return { outcome: 'not_acted' };
  if (track.succeeded) return { outcome: 'unknown', reason: 'error_after_success' };
  const e = track.error ?? thrown;
  if (e instanceof ConfigError) return { outcome: 'not_acted' }; // refused before any network call
  if (!isUpstreamError(e)) return { outcome: 'unknown', reason: 'error' };
  switch (e.kind) {
    case 'rejected':
    case 'conflict':
    case 'rate_limited':
    case 'auth':
      return { outcome: 'not_acted' };
    case 'timeout':
      return { outcome: 'unknown', reason: 'timeout' };
    case 'bad_response':
      return { outcome: 'unknown', reason: 'bad_response' };
    case 'unavailable':
      if (e.code === 'NETWORK')
        return neverConnected(e) ? { outcome: 'not_acted' } : { outcome: 'unknown', reason: 'reset' };
      return { outcome: 'unknown', reason: 'upstream_5xx' };
  }
}

/** State transitions and reconciliation attempts → /metrics and the log. */
export function idempotencyObserver(
  metrics: Metrics,
  log: Logger,
  context: Record<string, unknown> = {},
): (e: IdempotencyEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'transition':
        metrics.idempotencyTransitions.inc({ from: e.from, to: e.to, ...(e.reason ? { reason: e.reason } : {}) });
        if (e.to === 'unknown' || e.from === 'unknown') {
          log({
            level: e.to === 'unknown' ? 'warn' : 'info',
            msg: 'idempotency transition',
            from: e.from,
            to: e.to,
            reason: e.reason,
            ...context,
          });
        }
        break;
      case 'reconcile':
        metrics.reconcileAttempts.inc({ result: e.result });
        break;
      case 'store_error':
        metrics.storeErrors.inc({ op: e.op });
        log({
          level: 'error',
          msg: 'idempotency store write failed',
          op: e.op,
          error: e.error,
          willRetry: e.willRetry,
          ...context,
        });
        break;
      case 'store_recovered':
        log({
          level: 'info',
          msg: 'idempotency outcome stored after retrying',
          op: e.op,
          attempts: e.attempts,
          ...context,
        });
        break;
    }
  };
}

/** The reconciler of one tenant, as the state machine calls it. */
export function reconcilerFor(deps: Pick<BffDeps, 'clientFor'>, tenant: Tenant) {
  return (intent: IdempotencyIntent): Promise<Reconciled> =>
    reconcile(
      {
        operation: intent.operation as ReconcileInput['operation'],
        value: intent.value,
        params: intent.params,
        region: intent.region,
        intentAt: intent.intentAt,
        tenant,
      },
      deps.clientFor(tenant),
    );
}

/** One purchase, ready to run under its Idempotency-Key: what a POST or an approval supplies. */
export interface PurchaseInput<T> {
  tenant: Tenant;
  /** The portal user who asked for it (the key is scoped to them). */
  subject: string;
  key: string;
  fingerprint: string;
  value: T;
  params: Record<string, string>;
  region: string;
  requestId: string;
  summary: Record<string, unknown>;
  /** The amount the spend cap reserves before anything is sent (given back when the purchase certainly did not happen). */
  spend?: Spend;
  /**
   * Decides, once the key is claimed for a run (a new key, or one given back), whether the purchase may go ahead: the
   * tenant's policy. Checking after the claim rather than before costs nothing on the common path (a key seen before
   * replays without being judged again, as before) and saves asking the store whether the key is new.
   */
  admit?: () => Promise<Admission>;
  /** The audit record of a final outcome, stored in the same step as the outcome. */
  audit?: IdempotentCall['audit'];
  /** The request's rate-limit step, taken with the first claim (a POST; an approver's decision has none here). */
  rate?: IdempotentCall['rate'];
  /** A record read with the first claim and judged before it is acted on (a POST: the approval its key may hold). */
  peek?: IdempotentCall['peek'];
}

export interface Spend {
  amount: number;
  currency: string;
  cap: number;
}

/** What admission decided: go ahead (with the spend to reserve), or answer now — nothing was sent, the key is given back. */
export type Admission = { admitted: true; spend?: Spend } | { admitted: false; response: StoredResponse };

/**
 * Runs a validated purchase at most once per key (an unknown outcome is reconciled with the cloud, never re-sent
 * blindly), with the intent stored before the upstream call. `c` is the request's context, or one made for work
 * that has no request of its own (an approval running the purchase it held).
 */
export async function runPurchase<T>(
  deps: BffDeps,
  spec: PostSpec<T>,
  input: PurchaseInput<T>,
  c: Context<BffEnv>,
): Promise<IdempotencyResult> {
  const { tenant, subject, key, fingerprint, value, params, region, requestId, summary } = input;
  return withIdempotency(
    {
      store: deps.store,
      ...deps.idempotency,
      observe: idempotencyObserver(deps.metrics, deps.log, { requestId, tenant: tenant.id }),
    },
    scopedKey(tenant.id, subject, key),
    fingerprint,
    async (): Promise<RunResult> => {
      let spend = input.spend;
      if (input.admit) {
        let a: Admission;
        try {
          a = await input.admit();
        } catch (e) {
          // Nothing was sent: whatever went wrong deciding, the key is given back.
          deps.log({
            level: 'error',
            msg: 'admission failed',
            requestId,
            tenant: tenant.id,
            error: e instanceof Error ? e.message : String(e),
          });
          return {
            response: problemParts(e instanceof ProblemError ? e : storeUnavailable(), requestId),
            outcome: 'not_acted',
          };
        }
        if (!a.admitted) return { response: a.response, outcome: 'not_acted' };
        spend = a.spend;
      }
      const month = monthOf(deps.now());
      if (spend) {
        // Reserved before sending so that two purchases at once cannot both slip under the cap.
        try {
          const r = await reserveSpend(
            deps.store,
            tenant.id,
            month,
            spend.amount,
            spend.currency,
            spend.cap,
            deps.now().toISOString(),
          );
          if (!r.ok)
            return {
              response: problemParts(spendCapProblem(spend.cap, spend.currency, r.spent, spend.amount), requestId),
              outcome: 'not_acted',
            };
        } catch (e) {
          deps.log({
            level: 'error',
            msg: 'spend record failed',
            requestId,
            tenant: tenant.id,
            error: e instanceof Error ? e.message : String(e),
          });
          return { response: problemParts(storeUnavailable(), requestId), outcome: 'not_acted' };
        }
      }
      const result = await executeOnce(deps, spec, value, tenant, c, requestId);
      // Only a purchase that certainly did not happen gives its amount back; an unknown one stays counted.
      if (spend && (result.outcome === 'failed' || result.outcome === 'not_acted')) {
        await releaseSpend(deps.store, tenant.id, month, spend.amount, deps.now().toISOString()).catch((e: unknown) =>
          deps.log({
            level: 'error',
            msg: 'spend release failed',
            requestId,
            tenant: tenant.id,
            error: e instanceof Error ? e.message : String(e),
          }),
        );
      }
      return result;
    },
    {
      intent: {
        operation: spec.operation,
        value,
        params,
        region,
        tenantId: tenant.id,
        subject,
        summary,
        idempotencyKey: key,
      },
      reconcile: reconcilerFor(deps, tenant),
      ...(input.audit ? { audit: input.audit } : {}),
      ...(input.rate ? { rate: input.rate } : {}),
      ...(input.peek ? { peek: input.peek } : {}),
    },
  );
}

async function executeOnce<T>(
  deps: BffDeps,
  spec: PostSpec<T>,
  value: T,
  tenant: Tenant,
  c: Context<BffEnv>,
  requestId: string,
): Promise<RunResult> {
  const { client, track } = trackedClient(deps.clientFor(tenant));
  try {
    const r = await spec.execute(value, client, tenant, c);
    return { response: json(r.status, r.body), outcome: r.status < 400 ? 'succeeded' : 'failed' };
  } catch (e) {
    const o = outcomeOfFailure(track, e);
    let p: ProblemError;
    if (e instanceof ProblemError) p = e;
    else if (isUpstreamError(e)) p = problemFromUpstream(e);
    else {
      deps.log({
        level: 'error',
        msg: 'unhandled error',
        requestId,
        tenant: tenant.id,
        error: e instanceof Error ? e.message : String(e),
      });
      p = new ProblemError(
        'internal_error',
        o.outcome === 'unknown'
          ? 'Something went wrong on our side after the request reached the cloud; retry with the same Idempotency-Key to see its result.'
          : 'Something went wrong on our side; the request id helps the operator find it.',
      );
    }
    return o.outcome === 'unknown'
      ? { response: problemParts(p, requestId), outcome: 'unknown', reason: o.reason }
      : { response: problemParts(p, requestId), outcome: o.outcome };
  }
}

const codeOf = (r: StoredResponse): string | undefined => (JSON.parse(r.body) as { code?: string }).code;

/** The fingerprint of a purchase under its key: the same operation, path and values. */
export const purchaseFingerprint = (operation: OperationName, path: string, value: unknown): Promise<string> =>
  fingerprintOf([operation, path, value]);

/**
 * The shape of every POST: Idempotency-Key, validation against the tenant's rules and then its policy (before the key
 * is claimed, so a corrected resubmission may reuse it), a purchase that needs approval stored and answered 202, the
 * intent stored before the upstream call, at most one upstream call per key (runPurchase), and an audit record.
 * The rate limit's step is taken with the claim (one store round trip less), or on its own before answering when the
 * request ends before its claim: counted once either way, and a refusal (429) answers before anything else.
 */
export function postHandler<T>(deps: BffDeps, spec: PostSpec<T>) {
  // An approval runs the purchase it holds with this same spec.
  deps.approvals.specs.set(spec.operation, spec as PostSpec<unknown>);
  return takesRateStep(async (c: Context<BffEnv>): Promise<Response> => {
    const started = performance.now();
    // Left by the /v1 rate limiter (absent when the app has none).
    const rate = deferredRate(c);
    const tenant = c.get('tenant');
    const subject = c.get('subject');
    const key = c.req.header('idempotency-key');
    let outcome: AuditRecord['outcome'] = 'failed';
    let status = 500;
    let problemCode: string | undefined;
    let summary: Record<string, unknown> = {};
    let audited = false;
    const auditRecord = (
      status: number,
      outcome: AuditRecord['outcome'],
      problemCode: string | undefined,
    ): AuditRecord => {
      const at = deps.now().toISOString();
      const upstreamMs = c.get('upstreamMs');
      const upstreamRequestId = c.get('upstreamRequestId');
      return {
        id: `${at}-${crypto.randomUUID().slice(0, 8)}`,
        at,
        tenantId: tenant.id,
        subject,
        operation: spec.operation,
        ...(key !== undefined && isValidIdempotencyKey(key) ? { idempotencyKey: key } : {}),
        requestSummary: summary,
        ...(upstreamRequestId ? { upstreamRequestId } : {}),
        outcome,
        status,
        ...(problemCode ? { problemCode } : {}),
        durationMs: Math.round(performance.now() - started),
        ...(upstreamMs !== undefined ? { upstreamMs: Math.round(upstreamMs) } : {}),
      };
    };
    try {
      if (key === undefined) {
        throw new ProblemError(
          'idempotency_key_missing',
          'Send an Idempotency-Key header (1–255 characters) with every POST.',
        );
      }
      if (!isValidIdempotencyKey(key)) {
        throw new ProblemError(
          'idempotency_key_missing',
          'The Idempotency-Key must be 1–255 printable ASCII characters.',
        );
      }
      const body = await readJson(c);
      const v = spec.validate(body, ruleContext(tenant), c);
      if (!v.ok) {
        // The refused values themselves are not kept: which fields were wrong is what an operator needs.
        summary = { invalidFields: v.issues.map((i) => i.path) };
        throw validationProblem(v.issues);
      }
      summary = spec.summary(v.value, c);
      const fingerprint = await purchaseFingerprint(spec.operation, c.req.path, v.value);
      const requestId = c.get('requestId');
      const params = c.req.param() as Record<string, string>;
      const region = spec.region
        ? spec.region(v.value, tenant)
        : regionOf(tenant, (v.value as { region?: string }).region);
      let admit: (() => Promise<Admission>) | undefined;
      let peek: PurchaseInput<T>['peek'];
      // The approval this key holds, found by the claim's peek: this request replays it.
      let held: ApprovalRecord | undefined;
      // Set when admission answered instead of the cloud (a policy refusal or a held purchase): no purchase.failed event.
      let admission: 'refused' | 'held' | undefined;
      if (tenant.policy && isPolicyOperation(spec.operation)) {
        const operation = spec.operation;
        // The approval a key may hold is read by the claim itself (one store round trip less) and judged before the
        // claim is acted on: the same key asks again — the request waiting for (or decided by) an approver, never a
        // second request. A claim taken meanwhile is given back untouched (the held purchase leaves its key free).
        const where = deps.approvals.recordOf(tenant, subject, key);
        peek = {
          ...where,
          check: async (peeked) => {
            const found = await deps.approvals.get(tenant, where.id, peeked);
            if (!found) return undefined;
            if (found.fingerprint !== fingerprint) {
              throw new ProblemError(
                'idempotency_key_reused',
                'This Idempotency-Key was already used for a different request. Use a new key for a new submission.',
              );
            }
            held = found;
            return json(202, { approval: deps.approvals.view(found) });
          },
        };
        // Judged only when the key is claimed for a run: a key seen before replays (or settles) its own answer.
        admit = async (): Promise<Admission> => {
          let decision: Awaited<ReturnType<typeof applyPolicy>>;
          try {
            decision = await applyPolicy(deps, c, tenant, subject, operation, v.value, params, region);
          } catch (e) {
            if (!(e instanceof ProblemError)) throw e;
            admission = 'refused';
            return { admitted: false, response: problemParts(e, requestId) };
          }
          if (decision.approvalReasons.length) {
            const approval = await deps.approvals.request({
              tenant,
              subject,
              key,
              fingerprint,
              operation,
              value: v.value as Record<string, unknown>,
              params,
              region,
              path: c.req.path,
              summary,
              reasons: decision.approvalReasons,
              requestId,
              ...(decision.quote ? { quote: decision.quote } : {}),
            });
            admission = 'held';
            summary = { ...summary, approvalId: approval.id };
            return { admitted: false, response: json(202, { approval }) };
          }
          return { admitted: true, ...(decision.spend ? { spend: decision.spend } : {}) };
        };
      }
      const result = await runPurchase(
        deps,
        spec,
        {
          tenant,
          subject,
          key,
          fingerprint,
          value: v.value,
          params,
          region,
          requestId,
          summary,
          ...(admit ? { admit } : {}),
          ...(rate ? { rate } : {}),
          ...(peek ? { peek } : {}),
          // A final outcome is stored together with this request's audit record: one store write instead of two.
          audit: (r) => {
            audited = true;
            return auditRecord(r.response.status, r.outcome, r.outcome === 'failed' ? codeOf(r.response) : undefined);
          },
        },
        c,
      );
      // An answer this process still holds for the store came without a claim: the step is taken now.
      await rate?.hit();
      if (held) {
        status = 202;
        outcome = 'replayed';
        summary = { ...summary, approvalId: held.id };
        return c.json({ approval: deps.approvals.view(held) }, 202, { 'idempotent-replayed': 'true' });
      }
      if (admission !== 'held')
        deps.metrics.idempotency.inc({
          result:
            result.outcome === 'reconciled'
              ? 'reconciled'
              : result.replayed
                ? 'replayed'
                : result.waited
                  ? 'waited'
                  : 'executed',
        });
      status = result.response.status;
      outcome =
        result.outcome === 'replayed'
          ? 'replayed'
          : result.outcome === 'reconciled'
            ? 'reconciled'
            : result.outcome === 'unknown'
              ? 'unknown'
              : status < 400
                ? 'succeeded'
                : 'failed';
      if (status >= 400) problemCode = codeOf(result.response);
      if (status >= 400 && !result.replayed && result.outcome !== 'unknown' && admission === undefined) {
        await emitSafely(
          deps,
          tenant.id,
          'purchase.failed',
          { operation: spec.operation, subject, idempotencyKey: key, status, code: problemCode },
          { dedupeKey: `purchase:${subject}:${key}:failed` },
          requestId,
        );
      }
      const headers = result.replayed
        ? { ...result.response.headers, 'idempotent-replayed': 'true' }
        : result.response.headers;
      return c.body(result.response.body, status as ContentfulStatusCode, headers);
    } catch (e) {
      // Ended before its claim (no key, an invalid body, …): the step is taken now, so the request counts and a
      // refusal answers instead of this error, as when the limiter ran first.
      await rate?.hit();
      // A store that failed on the way (the approval lookup, say) failed before anything was sent: a 503 the client
      // retries with the same key, audited as such, never a 500.
      if (e instanceof StoreError) {
        deps.log({ level: 'error', msg: 'store failed', op: e.op, requestId: c.get('requestId'), error: e.message });
        e = storeUnavailable();
      }
      if (e instanceof ProblemError) {
        status = e.problem.status;
        problemCode = e.problem.code;
        if (problemCode === 'outcome_unknown') outcome = 'unknown';
        return problemReply(c, e, c.get('requestId'));
      }
      throw e;
    } finally {
      // A request the rate limit refused (or could not count) did nothing: no audit record, as before it reached here.
      if (!audited && rate?.state !== 'refused' && rate?.state !== 'failed') {
        await deps.store.append(auditRecord(status, outcome, problemCode)).catch((err: unknown) =>
          deps.log({
            level: 'error',
            msg: 'audit write failed',
            requestId: c.get('requestId'),
            tenant: tenant.id,
            error: String(err),
          }),
        );
      }
    }
  });
}

export function regionOf(tenant: Tenant, region: string | undefined): string {
  return region ?? tenant.defaultRegion;
}
