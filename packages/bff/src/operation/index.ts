import type { Context } from 'hono';
import type { AuditRecord, OperationName, RuleContext, Validation } from '@bwkit/contracts';
import { isValidIdempotencyKey } from '@bwkit/contracts';
import { isUpstreamError, type HuaweiCloudClient, type ServiceName, type UpstreamResult } from '@bwkit/huaweicloud';
import type { BffDeps, BffEnv } from '../context.js';
import { fingerprintOf, withIdempotency, type RunResult } from '../idempotency/index.js';
import { mayHaveActed, problemFromUpstream } from '../mapping/index.js';
import { ProblemError, problemResponse, validationProblem } from '../problem/index.js';
import type { StoredResponse } from '../store/index.js';
import type { Tenant } from '../tenants/index.js';

export function ruleContext(tenant: Tenant): RuleContext {
  return { site: tenant.site, limits: tenant.limits, regions: tenant.regions.map((r) => r.id) };
}

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ProblemError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'validation_failed', 'The body is not valid JSON.', {
      fields: [{ path: '', code: 'invalid_type', message: 'The body is not valid JSON.' }],
    });
  }
}

/** Calls the cloud once, counting it in /metrics and remembering its request id for the audit record. */
export async function callUpstream<T>(
  deps: BffDeps, c: Context<BffEnv>, service: ServiceName, operation: OperationName,
  fn: () => Promise<UpstreamResult<T>>,
): Promise<UpstreamResult<T>> {
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
      deps.log({ level: 'warn', msg: 'upstream error', requestId: c.get('requestId'), tenant: c.get('tenant')?.id,
        service, operation, upstreamStatus: e.status, upstreamCode: e.code, upstreamRequestId: e.requestId });
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
  service: ServiceName;
  validate(body: unknown, ctx: RuleContext, c: Context<BffEnv>): Validation<T>;
  /** What the audit log keeps of the request: never a secret (there are none in these bodies, but keep it explicit). */
  summary(value: T, c: Context<BffEnv>): Record<string, unknown>;
  execute(value: T, client: HuaweiCloudClient, tenant: Tenant, c: Context<BffEnv>): Promise<{ status: number; body: unknown }>;
}

const json = (status: number, body: unknown, contentType = 'application/json'): StoredResponse => ({
  status, headers: { 'content-type': contentType }, body: JSON.stringify(body),
});

/**
 * The shape of every POST: Idempotency-Key, validation against the tenant's rules (before the key is claimed, so a
 * corrected resubmission may reuse it), at most one upstream call per key, mapping, and an audit record.
 */
export function postHandler<T>(deps: BffDeps, spec: PostSpec<T>) {
  return async (c: Context<BffEnv>): Promise<Response> => {
    const started = performance.now();
    const tenant = c.get('tenant');
    const key = c.req.header('idempotency-key');
    let outcome: AuditRecord['outcome'] = 'failed';
    let status = 500;
    let problemCode: string | undefined;
    let summary: Record<string, unknown> = {};
    try {
      if (key === undefined) {
        throw new ProblemError(400, 'idempotency_key_missing', 'Send an Idempotency-Key header (1–255 characters) with every POST.');
      }
      if (!isValidIdempotencyKey(key)) {
        throw new ProblemError(400, 'idempotency_key_missing', 'The Idempotency-Key must be 1–255 printable ASCII characters.');
      }
      const body = await readJson(c);
      const v = spec.validate(body, ruleContext(tenant), c);
      if (!v.ok) {
        // The refused values themselves are not kept: which fields were wrong is what an operator needs.
        summary = { invalidFields: v.issues.map((i) => i.path) };
        throw validationProblem(v.issues);
      }
      summary = spec.summary(v.value, c);
      const fingerprint = await fingerprintOf([spec.operation, c.req.path, v.value]);
      const scopedKey = `${tenant.id}:${key}`;
      const result = await withIdempotency({ store: deps.store, ...deps.idempotency }, scopedKey, fingerprint, async (): Promise<RunResult> => {
        try {
          const r = await spec.execute(v.value, deps.clientFor(tenant), tenant, c);
          return { response: json(r.status, r.body), keep: true };
        } catch (e) {
          if (!isUpstreamError(e)) throw e;
          const p = problemFromUpstream(e);
          const res = { status: p.problem.status, headers: { 'content-type': 'application/problem+json', ...p.headers },
            body: JSON.stringify({ ...p.problem, requestId: c.get('requestId') }) };
          return { response: res, keep: mayHaveActed(e) };
        }
      });
      deps.metrics.idempotency.inc({ result: result.replayed ? 'replayed' : result.waited ? 'waited' : 'executed' });
      status = result.response.status;
      outcome = result.replayed ? 'replayed' : status < 400 ? 'succeeded' : 'failed';
      if (status >= 400) problemCode = (JSON.parse(result.response.body) as { code?: string }).code;
      const headers = new Headers(result.response.headers);
      if (result.replayed) headers.set('idempotent-replayed', 'true');
      return new Response(result.response.body, { status, headers });
    } catch (e) {
      if (e instanceof ProblemError) {
        status = e.problem.status;
        problemCode = e.problem.code;
        return problemResponse(e, c.get('requestId'));
      }
      throw e;
    } finally {
      const at = deps.now().toISOString();
      const upstreamMs = c.get('upstreamMs');
      const upstreamRequestId = c.get('upstreamRequestId');
      const record: AuditRecord = {
        id: `${at}-${crypto.randomUUID().slice(0, 8)}`,
        at,
        tenantId: tenant.id,
        subject: c.get('subject'),
        operation: spec.operation,
        ...(key !== undefined && isValidIdempotencyKey(key) ? { idempotencyKey: key } : {}),
        requestSummary: summary,
        ...(upstreamRequestId ? { upstreamRequestId } : {}),
        outcome,
        status,
        ...(problemCode ? { problemCode } : {}),
        durationMs: Math.round(performance.now() - started),
        ...(upstreamMs !== undefined ? { upstreamMs: Math.round(upstreamMs) } : {}),
      } as AuditRecord;
      await deps.store.append(record).catch((err: unknown) =>
        deps.log({ level: 'error', msg: 'audit write failed', requestId: c.get('requestId'), tenant: tenant.id, error: String(err) }));
    }
  };
}

export function regionOf(tenant: Tenant, region: string | undefined): string {
  return region ?? tenant.defaultRegion;
}
