/**
 * Purchases held for approval: stored durably (record kind `approval`) with the requester's Idempotency-Key, values,
 * path parameters, region and quote; decided by an approver; approved ones run EXACTLY ONCE through the same
 * idempotency machinery as a direct purchase, under the stored key and the requester's name.
 *
 * States: pending → approving (an approver said yes; the purchase runs under the stored key) → approved (its answer)
 * or failed (its problem); pending → rejected (with a reason) or expired. A crash or a cloud fault while approving
 * leaves `approving`: approving again re-enters the same key, so the purchase is reconciled, never sent twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Approval, AuditRecord, Problem, Quote, QuoteOperation } from '@bwkit/contracts';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../context.js';
import { emitSafely } from '../events/index.js';
import { scopedKey } from '../idempotency/index.js';
import { type PostSpec, runPurchase } from '../operation/index.js';
import { ProblemError } from '../problem/index.js';
import type { Peeked, StoredRecord } from '../store/index.js';
import type { Tenant } from '../tenants/index.js';

export const APPROVAL_KIND = 'approval';
/** Decided approvals stay readable this long (the requester's widget, the approver's list, the audit trail). */
export const APPROVAL_TTL_MS = 90 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const CAS_ATTEMPTS = 20;

/** What the store keeps of an approval: the public view plus what running the purchase needs. */
export interface ApprovalRecord extends Approval {
  tenantId: string;
  idempotencyKey: string;
  fingerprint: string;
  path: string;
  summary: Record<string, unknown>;
  /** The approve request's Idempotency-Key (a retry of the same decision replays it). */
  decisionKey?: string;
}

export interface ApprovalRequest {
  tenant: Tenant;
  subject: string;
  key: string;
  fingerprint: string;
  operation: QuoteOperation;
  value: Record<string, unknown>;
  params: Record<string, string>;
  region: string;
  path: string;
  summary: Record<string, unknown>;
  reasons: string[];
  requestId: string;
  quote?: Quote;
}

export interface Decider {
  subject: string;
}
export type Decision = { kind: 'approve'; reason?: string } | { kind: 'reject'; reason: string };
/** What an approve/reject call answers: the approval (200), or the purchase's problem while it is still approving. */
export type DecisionAnswer =
  | { status: 200; approval: Approval; replayed: boolean }
  | { status: number; problem: Problem; headers: Record<string, string> };

export interface Approvals {
  /** The purchase specs by operation, registered by postHandler so an approval can run the purchase it holds. */
  readonly specs: Map<string, PostSpec<unknown>>;
  /** Where the approval a requester's key may hold is stored: its id for `get`, and what BeginOptions.peek reads. */
  recordOf(tenant: Tenant, subject: string, key: string): { kind: string; id: string };
  /**
   * The approval with this id in this tenant, if any (expired on read). `peeked`: its record as a claim already read
   * it (BeginOptions.peek with `recordOf`), so it is not read again.
   */
  get(tenant: Tenant, id: string, peeked?: Peeked): Promise<ApprovalRecord | undefined>;
  list(tenant: Tenant, q: { state?: string; limit: number; before?: string }): Promise<StoredRecord<ApprovalRecord>[]>;
  request(r: ApprovalRequest): Promise<Approval>;
  decide(
    tenant: Tenant,
    decider: Decider,
    id: string,
    key: string,
    decision: Decision,
    requestId: string,
  ): Promise<DecisionAnswer>;
  view(r: ApprovalRecord): Approval;
  /** Expires pending approvals whose time is up (the periodic sweep); returns how many. */
  sweep(limit?: number): Promise<number>;
}

/** Approval ids follow from the requester's scoped key, so the same key always finds the same approval. */
export const approvalIdOf = (tenantId: string, subject: string, key: string): string =>
  `apr_${createHash('sha256')
    .update(scopedKey(tenantId, subject, key))
    .digest('hex')
    .slice(0, 26)}`;
export const APPROVAL_ID = /^apr_[0-9a-f]{26}$/;

const FINAL = new Set(['approved', 'failed', 'rejected', 'expired']);

export function toApprovalView(r: ApprovalRecord): Approval {
  return {
    id: r.id,
    state: r.state,
    operation: r.operation,
    values: r.values,
    ...(r.params && Object.keys(r.params).length ? { params: r.params } : {}),
    ...(r.region ? { region: r.region } : {}),
    ...(r.quote ? { quote: r.quote } : {}),
    reasons: r.reasons,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    expiresAt: r.expiresAt,
    ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}),
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.result ? { result: r.result } : {}),
    ...(r.problem ? { problem: r.problem } : {}),
  };
}

const indexOf = (r: ApprovalRecord) => ({
  tenantId: r.tenantId,
  state: r.state,
  at: r.requestedAt,
  // Only a pending approval falls due (to expire); listDue no longer returns it once decided.
  ...(r.state === 'pending' ? { dueAtMs: Date.parse(r.expiresAt) } : {}),
});

/**
 * A request context for work that has no request of its own: the approved purchase runs as its requester, with the
 * stored path parameters, so the routes' execute() reads exactly what it read when the purchase was asked for.
 */
function contextFor(
  tenant: Tenant,
  subject: string,
  requestId: string,
  params: Record<string, string>,
  path: string,
): Context<BffEnv> {
  const vars = new Map<string, unknown>([
    ['tenant', tenant],
    ['subject', subject],
    ['scopes', []],
    ['requestId', requestId],
  ]);
  const ctx = {
    get: (k: string) => vars.get(k),
    set: (k: string, v: unknown) => {
      vars.set(k, v);
    },
    req: {
      path,
      param: (name?: string) => (name === undefined ? { ...params } : params[name]),
      header: () => undefined,
      query: () => undefined,
    },
  };
  // Only get/set and req.path/param/header are used by the purchase routes' validate/summary/execute.
  return ctx as unknown as Context<BffEnv>;
}

/** Problems that leave an approved purchase worth retrying rather than failed: nothing happened, and only for now. */
const TRANSIENT = new Set([
  'idempotency_in_progress',
  'outcome_unknown',
  'store_unavailable',
  'upstream_rate_limited',
  'upstream_unavailable',
  'upstream_timeout',
  'rate_limited',
]);

export function createApprovals(deps: BffDeps): Approvals {
  const specs = new Map<string, PostSpec<unknown>>();
  const now = () => deps.now();

  /** Moves an approval to a new value by compare-and-set; undefined when someone else changed it first. */
  async function update(
    rec: StoredRecord<ApprovalRecord>,
    value: ApprovalRecord,
  ): Promise<StoredRecord<ApprovalRecord> | undefined> {
    const index = indexOf(value);
    const ok = await deps.store.updateRecord(APPROVAL_KIND, rec.id, rec.version, value, index);
    return ok ? { ...rec, value, version: rec.version + 1, index } : undefined;
  }

  async function decided(v: ApprovalRecord, requestId?: string): Promise<void> {
    await emitSafely(
      deps,
      v.tenantId,
      'approval.decided',
      {
        approvalId: v.id,
        state: v.state,
        operation: v.operation,
        requestedBy: v.requestedBy,
        ...(v.decidedBy ? { decidedBy: v.decidedBy } : {}),
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.result ? { result: v.result } : {}),
        ...(v.problem ? { problem: v.problem } : {}),
      },
      { dedupeKey: `approval:${v.id}:${v.state}` },
      requestId,
    );
    if (v.state === 'failed') {
      await emitSafely(
        deps,
        v.tenantId,
        'purchase.failed',
        {
          operation: v.operation,
          subject: v.requestedBy,
          idempotencyKey: v.idempotencyKey,
          approvalId: v.id,
          ...(v.problem ? { status: v.problem.status, code: v.problem.code } : {}),
        },
        { dedupeKey: `purchase:${v.requestedBy}:${v.idempotencyKey}:failed` },
        requestId,
      );
    }
  }

  /** A pending approval whose time is up becomes `expired` (on every read, and by the sweep). */
  async function expireIfDue(rec: StoredRecord<ApprovalRecord>): Promise<StoredRecord<ApprovalRecord>> {
    let cur = rec;
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      if (cur.value.state !== 'pending' || Date.parse(cur.value.expiresAt) > now().getTime()) return cur;
      const next = await update(cur, { ...cur.value, state: 'expired', decidedAt: now().toISOString() });
      if (next) {
        await decided(next.value);
        return next;
      }
      const fresh = await deps.store.getRecord<ApprovalRecord>(APPROVAL_KIND, rec.id);
      if (!fresh) return cur;
      cur = fresh;
    }
    return cur;
  }

  async function load(tenant: Tenant, id: string, peeked?: Peeked): Promise<StoredRecord<ApprovalRecord> | undefined> {
    if (!APPROVAL_ID.test(id)) return undefined;
    const rec = peeked
      ? (peeked.record as StoredRecord<ApprovalRecord> | undefined)
      : await deps.store.getRecord<ApprovalRecord>(APPROVAL_KIND, id);
    if (!rec || rec.value.tenantId !== tenant.id) return undefined;
    return settleFromKey(await expireIfDue(rec));
  }

  /** Moves an approving approval to approved/failed with the purchase's answer; undefined after too many conflicts. */
  async function finish(
    rec: StoredRecord<ApprovalRecord>,
    status: number,
    body: unknown,
    requestId?: string,
  ): Promise<{ rec: StoredRecord<ApprovalRecord>; changed: boolean } | undefined> {
    let cur: StoredRecord<ApprovalRecord> | undefined = rec;
    for (let i = 0; i < CAS_ATTEMPTS && cur; i++) {
      if (cur.value.state !== 'approving') return { rec: cur, changed: false };
      const final: ApprovalRecord =
        status < 400
          ? { ...cur.value, state: 'approved', result: { status, body } }
          : { ...cur.value, state: 'failed', problem: body as Problem };
      const next = await update(cur, final);
      if (next) {
        await decided(next.value, requestId);
        return { rec: next, changed: true };
      }
      cur = await deps.store.getRecord<ApprovalRecord>(APPROVAL_KIND, rec.id);
    }
    return undefined;
  }

  /**
   * An approving approval whose purchase has a final answer under its key (the approver's call ended before the
   * approval was updated: a crash, a lost connection) takes that answer on read, so the requester sees the result.
   */
  async function settleFromKey(rec: StoredRecord<ApprovalRecord>): Promise<StoredRecord<ApprovalRecord>> {
    if (rec.value.state !== 'approving') return rec;
    const k = await deps.store
      .inspect(scopedKey(rec.value.tenantId, rec.value.requestedBy, rec.value.idempotencyKey))
      .catch(() => undefined);
    if (!k?.response || (k.state !== 'succeeded' && k.state !== 'failed') || k.fingerprint !== rec.value.fingerprint)
      return rec;
    const body = JSON.parse(k.response.body) as unknown;
    if (k.response.status >= 400 && TRANSIENT.has((body as Problem).code)) return rec;
    return (await finish(rec, k.response.status, body))?.rec ?? rec;
  }

  /** Runs the held purchase under its stored key and settles the approval with its answer. */
  async function run(tenant: Tenant, rec: StoredRecord<ApprovalRecord>, requestId: string): Promise<DecisionAnswer> {
    const v = rec.value;
    const spec = specs.get(v.operation);
    if (!spec) throw new ProblemError('internal_error', `No purchase route for ${v.operation} is registered.`);
    const c = contextFor(tenant, v.requestedBy, requestId, v.params ?? {}, v.path);
    const cap = tenant.policy?.monthlySpendCap;
    const spend =
      cap && v.quote?.available && v.quote.currency === cap.currency
        ? { amount: v.quote.amount, currency: cap.currency, cap: cap.amount }
        : undefined;
    const started = performance.now();
    let status = 500;
    let outcome: AuditRecord['outcome'] = 'failed';
    let problemCode: string | undefined;
    try {
      let response;
      try {
        const r = await runPurchase(
          deps,
          spec,
          {
            tenant,
            subject: v.requestedBy,
            key: v.idempotencyKey,
            fingerprint: v.fingerprint,
            value: v.values,
            params: v.params ?? {},
            region: v.region ?? tenant.defaultRegion,
            requestId,
            summary: { ...v.summary, approvalId: v.id, approvedBy: v.decidedBy },
            ...(spend ? { spend } : {}),
          },
          c,
        );
        response = r.response;
        outcome =
          r.outcome === 'replayed'
            ? 'replayed'
            : r.outcome === 'reconciled'
              ? 'reconciled'
              : r.outcome === 'unknown'
                ? 'unknown'
                : r.response.status < 400
                  ? 'succeeded'
                  : 'failed';
      } catch (e) {
        if (!(e instanceof ProblemError)) throw e;
        status = e.problem.status;
        problemCode = e.problem.code;
        if (problemCode === 'outcome_unknown') outcome = 'unknown';
        return { status, problem: { ...e.problem, requestId }, headers: e.headers };
      }
      status = response.status;
      const body = JSON.parse(response.body) as unknown;
      if (status >= 400) {
        const problem = body as Problem;
        problemCode = problem.code;
        // The cloud may have acted, or nothing happened only for now: stay approving, so approving again settles it.
        if (outcome === 'unknown' || TRANSIENT.has(problem.code)) {
          const headers: Record<string, string> = {};
          for (const [k, val] of Object.entries(response.headers))
            if (k.toLowerCase() === 'retry-after') headers['retry-after'] = val;
          return { status, problem, headers };
        }
      }
      const done = await finish(rec, status, body, requestId);
      if (done) return { status: 200, approval: toApprovalView(done.rec.value), replayed: !done.changed };
      throw new ProblemError(
        'idempotency_in_progress',
        'This approval is being updated by another request; retry shortly.',
        { headers: { 'retry-after': '1' } },
      );
    } finally {
      const at = now().toISOString();
      await deps.store
        .append({
          id: `${at}-${randomUUID().slice(0, 8)}`,
          at,
          tenantId: tenant.id,
          subject: v.requestedBy,
          operation: v.operation,
          idempotencyKey: v.idempotencyKey,
          requestSummary: { ...v.summary, approvalId: v.id, approvedBy: v.decidedBy },
          outcome,
          status,
          ...(problemCode ? { problemCode } : {}),
          durationMs: Math.round(performance.now() - started),
        })
        .catch((err: unknown) =>
          deps.log({ level: 'error', msg: 'audit write failed', requestId, tenant: tenant.id, error: String(err) }),
        );
    }
  }

  return {
    specs,
    view: toApprovalView,

    recordOf(tenant, subject, key) {
      return { kind: APPROVAL_KIND, id: approvalIdOf(tenant.id, subject, key) };
    },

    async get(tenant, id, peeked) {
      return (await load(tenant, id, peeked))?.value;
    },

    async list(tenant, q) {
      const page = await deps.store.listRecords<ApprovalRecord>(APPROVAL_KIND, {
        tenantId: tenant.id,
        ...(q.state ? { state: q.state } : {}),
        limit: q.limit,
        ...(q.before ? { before: q.before } : {}),
      });
      return Promise.all(page.map(async (r) => settleFromKey(await expireIfDue(r))));
    },

    async request(r) {
      const at = now();
      const hours = r.tenant.policy?.approval?.expiresAfterHours ?? 72;
      const value: ApprovalRecord = {
        id: approvalIdOf(r.tenant.id, r.subject, r.key),
        state: 'pending',
        operation: r.operation,
        values: r.value,
        ...(Object.keys(r.params).length ? { params: r.params } : {}),
        region: r.region,
        ...(r.quote ? { quote: r.quote } : {}),
        reasons: r.reasons,
        requestedBy: r.subject,
        requestedAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + hours * HOUR_MS).toISOString(),
        tenantId: r.tenant.id,
        idempotencyKey: r.key,
        fingerprint: r.fingerprint,
        path: r.path,
        summary: r.summary,
      };
      if (!(await deps.store.createRecord(APPROVAL_KIND, value.id, value, indexOf(value), APPROVAL_TTL_MS))) {
        // Two requests with the same key at once: the first one stored it, and this one answers with it.
        const existing = await load(r.tenant, value.id);
        if (!existing)
          throw new ProblemError('idempotency_in_progress', 'This request is being stored; retry shortly.', {
            headers: { 'retry-after': '1' },
          });
        if (existing.value.fingerprint !== r.fingerprint) {
          throw new ProblemError(
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request. Use a new key for a new submission.',
          );
        }
        return toApprovalView(existing.value);
      }
      await emitSafely(
        deps,
        r.tenant.id,
        'approval.requested',
        {
          approvalId: value.id,
          operation: value.operation,
          values: value.values,
          requestedBy: value.requestedBy,
          reasons: value.reasons,
          expiresAt: value.expiresAt,
          ...(value.quote ? { quote: value.quote } : {}),
        },
        { dedupeKey: `approval:${value.id}:requested` },
        r.requestId,
      );
      return toApprovalView(value);
    },

    async decide(tenant, decider, id, key, decision, requestId) {
      for (let i = 0; i < CAS_ATTEMPTS; i++) {
        const rec = await load(tenant, id);
        if (!rec) throw new ProblemError('not_found', 'No such approval for this tenant.');
        const v = rec.value;
        if (FINAL.has(v.state)) {
          // The same decision asked again (a retry after a lost answer) replays it; anything else is too late.
          if (v.decisionKey === key && v.decidedBy === decider.subject)
            return { status: 200, approval: toApprovalView(v), replayed: true };
          throw new ProblemError('approval_not_pending', `This request is ${v.state} already.`);
        }
        if (v.state === 'approving') {
          if (decision.kind === 'reject')
            throw new ProblemError('approval_not_pending', 'This request was approved and its purchase is running.');
          // A retry after a crash or a fault: the purchase re-enters its own Idempotency-Key (replayed or reconciled, never sent twice).
          return run(tenant, rec, requestId);
        }
        if (v.requestedBy === decider.subject) {
          throw new ProblemError('scope_missing', 'An approver cannot decide their own request.');
        }
        const next = await update(rec, {
          ...v,
          state: decision.kind === 'approve' ? 'approving' : 'rejected',
          decidedBy: decider.subject,
          decidedAt: now().toISOString(),
          decisionKey: key,
          ...(decision.reason ? { reason: decision.reason } : {}),
        });
        if (!next) continue;
        if (decision.kind === 'reject') {
          await decided(next.value, requestId);
          return { status: 200, approval: toApprovalView(next.value), replayed: false };
        }
        return run(tenant, next, requestId);
      }
      throw new ProblemError(
        'idempotency_in_progress',
        'This approval is being updated by another request; retry shortly.',
        { headers: { 'retry-after': '1' } },
      );
    },

    async sweep(limit = 100) {
      const due = await deps.store.listDue<ApprovalRecord>(APPROVAL_KIND, now().getTime(), limit);
      let n = 0;
      for (const rec of due)
        if ((await expireIfDue(rec)).value.state === 'expired' && rec.value.state === 'pending') n++;
      return n;
    },
  };
}
