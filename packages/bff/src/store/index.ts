import type { AuditRecord } from '@bwkit/contracts';
import type { PubSub } from './pubsub.js';

/** What a finished request looked like, so a duplicate can be answered with exactly the same bytes. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Where a key stands:
 * - `running`    the intent is recorded and its owner holds a lease while it calls the cloud
 * - `succeeded`  final: the cloud's answer (or a reconciled one) is stored and replayed
 * - `failed`     final: the cloud refused the request (it acted on nothing); the refusal is replayed
 * - `unknown`    the call may or may not have acted (timeout, reset, unreadable 2xx, 5xx after sending, a crash seen
 *                as an expired lease, a store failure mid-call): never run again until reconciled with the cloud
 */
export type IdempotencyState = 'running' | 'succeeded' | 'failed' | 'unknown';

/** What was about to be done, stored before the upstream call so an unknown outcome can be looked up later. */
export interface IdempotencyIntent {
  operation: string;
  /** The validated public request body. */
  value: unknown;
  /** Path parameters, e.g. { bandwidthId }. */
  params: Record<string, string>;
  /** Resolved region (tenant default applied). */
  region: string;
  /** ISO time the intent was recorded, before the upstream call. */
  intentAt: string;
  tenantId: string;
  subject: string;
  /** The audit summary of the request, so a background settlement can be audited like the request was. */
  summary?: Record<string, unknown>;
  /** The caller's own key (the stored key is scoped by tenant and subject). */
  idempotencyKey?: string;
}

export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  state: IdempotencyState;
  intent?: IdempotencyIntent;
  response?: StoredResponse;
  /** Epoch ms until which the owner (caller or reconciler) holds the key; 0 when nobody does. */
  leaseUntil: number;
  /** How many times the key was taken up for reconciliation. */
  attempts: number;
  /** Why the outcome is unknown (timeout, reset, lease_expired, …). */
  reason?: string;
}

/** What a claim found (IdempotencyBegin without the rate limit's step). */
export type IdempotencyClaim =
  /** This caller owns the key now and must settle it: complete(), markUnknown() or release(). */
  | { state: 'acquired' }
  /** Another request with the same key is running (or its unknown outcome is being looked up, or left to settle). */
  | { state: 'in_progress' }
  /** Same key, same request, final outcome: answer with the stored response. */
  | { state: 'completed'; response: StoredResponse }
  /** Same key, different request body or path. */
  | { state: 'mismatch' }
  /**
   * The outcome is unknown (marked so, or its owner's lease ran out): this caller now holds the key (for `leaseMs`)
   * to reconcile it with the cloud, and must settle it: complete(), release() (certainly not created) or
   * markUnknown() again. The record is as it was, with `attempts` already counting this one.
   */
  | { state: 'unknown'; record: IdempotencyRecord };

/**
 * begin()'s answer. With `BeginOptions.rate`, every answer carries the rate limit's step (`rate`), and a refused step
 * is `rate_limited`: nothing was claimed or changed, the key's record is untouched. With `BeginOptions.peek`, every
 * answer (`rate_limited` too) carries `peeked`: the record read in the same atomic step (`record` undefined when
 * there is none or it expired). A store that does not read it leaves `peeked` out; the caller then reads it itself.
 */
export type IdempotencyBegin = ((IdempotencyClaim & { rate?: RateHit }) | { state: 'rate_limited'; rate: RateHit }) & {
  peeked?: Peeked;
};

/** A record begin() read with its claim (BeginOptions.peek), exactly as getRecord() would have answered. */
export interface Peeked {
  record: StoredRecord<unknown> | undefined;
}

/** One request's step of the rate limit, as RateLimitStore.hit takes it (`limit` required: a step can refuse). */
export interface RateStep {
  key: string;
  windowMs: number;
  nowMs: number;
  limit: number;
}

export interface BeginOptions {
  /** Stored with a new claim, for reconciliation. */
  intent?: IdempotencyIntent;
  /** How long the record of a new claim is kept (default one day): an unknown outcome must outlive its lease. */
  ttlMs?: number;
  /**
   * The request's rate-limit step, taken first in the same atomic step as the claim (one round trip, one commit,
   * instead of hit() then begin()): counted exactly as hit() counts it. Refused: nothing is claimed.
   */
  rate?: RateStep;
  /**
   * A record to read in the same atomic step as the claim (one round trip instead of getRecord() then begin()): it
   * comes back as `peeked` on every answer. Read only; the claim does not depend on it.
   */
  peek?: { kind: string; id: string };
}

export interface UnknownOptions {
  /** Why: timeout, reset, bad_response, upstream_5xx, error, store_failure, … */
  reason: string;
  /** Nobody may reconcile the key for this long (the cloud may still be acting on a request it received late). */
  holdMs: number;
  ttlMs: number;
  /** Written when the record itself was lost (a store restarted without its data), so the key stays blocked. */
  intent?: IdempotencyIntent;
}

export interface IdempotencyStore {
  /**
   * Atomically claims `key` for a request with `fingerprint`. `leaseMs` bounds how long the claim is held; once it
   * runs out without an outcome the key becomes `unknown` (the owner may have crashed after calling the cloud).
   * With `opts.rate`, the rate limit's step is taken first, in the same atomic step (see BeginOptions.rate).
   */
  begin(key: string, fingerprint: string, leaseMs: number, opts?: BeginOptions): Promise<IdempotencyBegin>;
  /**
   * Final outcome (`succeeded` by default, or `failed`), replayed for `ttlMs`. Never overwrites another request's key.
   * With `audit`, the request's audit record is appended in the same atomic step (always, even when the key turned out
   * to be another request's): one round trip instead of two, and no stored outcome without its audit record.
   */
  complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
    state?: 'succeeded' | 'failed',
    audit?: AuditRecord,
  ): Promise<void>;
  /** The call may have acted and its outcome is not known: keep the key blocked until it is reconciled. */
  markUnknown(key: string, fingerprint: string, opts: UnknownOptions): Promise<void>;
  /** Gives the key up (certainly nothing was created upstream), so a retry with it runs again. Final keys stay. */
  release(key: string, fingerprint: string): Promise<void>;
  /** Keys that need reconciling now: unknown or running with no live lease, oldest lease first. */
  listUnsettled(nowMs: number, limit: number): Promise<IdempotencyRecord[]>;
  /** The record of a key, for the sweeper, tests and operators. */
  inspect(key: string): Promise<IdempotencyRecord | undefined>;
}

/** One request's step of the rate limit. */
export interface RateHit {
  /** Requests in the sliding window, this one included when it was allowed (rounded up). */
  count: number;
  /** When the next request would be allowed (with `limit`), or when the count drops by one (without); at most one window away. */
  resetAtMs: number;
  /** false when `limit` was given and this request would exceed it (then it was not counted). */
  allowed: boolean;
}

export interface RateLimitStore {
  /**
   * Counts one hit in a sliding window of `windowMs` ending at `nowMs`, in one atomic step. The window is
   * approximated from two fixed windows (the previous one weighted by how much of it still overlaps), so a burst at
   * the end of one minute and another at the start of the next are counted together. With `limit`, a hit that
   * would exceed it is refused and not counted (hammering does not extend the block).
   */
  hit(key: string, windowMs: number, nowMs: number, limit?: number): Promise<RateHit>;
}

/** The sliding-window arithmetic every store shares: `prev` and `curr` are the two fixed windows' counts after the step. */
export function slidingWindowResult(
  prev: number,
  curr: number,
  ok: boolean,
  windowStart: number,
  windowMs: number,
  nowMs: number,
  limit?: number,
): RateHit {
  const remaining = (windowMs - (nowMs - windowStart)) / windowMs;
  const est = prev * remaining + curr + (ok ? 0 : 1);
  const count = Math.ceil(est - 1e-9);
  const target = (limit ?? count) - 1; // the estimate at which one more request fits
  let resetAtMs: number;
  if (est - (ok ? 0 : 1) <= target) resetAtMs = nowMs;
  else if (curr <= target && prev > 0) resetAtMs = windowStart + windowMs * (1 - (target - curr) / prev);
  else if (target <= 0 || curr === 0) resetAtMs = windowStart + 2 * windowMs;
  else resetAtMs = windowStart + windowMs + windowMs * (1 - target / curr);
  // The two-window estimate spreads the previous window's hits evenly, so a burst early in a window still counts,
  // fading, until up to two windows after its start: the time named is when the estimate lets one more request
  // through, even when that is more than one window from now (a client told less would be refused again).
  return { count, resetAtMs: Math.max(nowMs, Math.ceil(resetAtMs)), allowed: ok };
}

/** Whether a hit fits: the SQL and Lua versions compute exactly this expression. */
export function slidingWindowAllows(prev: number, curr: number, remaining: number, limit: number | undefined): boolean {
  return limit === undefined || prev * remaining + curr + 1 <= limit + 1e-9;
}

export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  /** Newest first. `before` is an opaque cursor from a previous page. */
  list(tenantId: string, opts: { limit: number; before?: AuditCursor }): Promise<AuditRecord[]>;
}

export interface AuditCursor {
  at: string;
  id: string;
}

/** Which tenant a Workspace job belongs to, so job ids never leak across tenants. */
export interface JobRef {
  tenantId: string;
  region: string;
  createdAt: string;
  /** What the job route needs to find the bandwidth a finished create job made (the job itself never names it). */
  subnetId?: string;
  bandwidthName?: string;
  chargeMode?: string;
  bandwidthId?: string;
  orderId?: string;
}

export interface JobStore {
  putJob(jobId: string, ref: JobRef, ttlMs: number): Promise<void>;
  getJob(jobId: string): Promise<JobRef | undefined>;
}

/** Which tenant placed a cloud order through this BFF, so order ids never leak across tenants. */
export interface OrderRef {
  tenantId: string;
  operation: string;
  region?: string;
  resourceId?: string;
  createdAt: string;
}

export interface OrderStore {
  putOrder(orderId: string, ref: OrderRef, ttlMs: number): Promise<void>;
  getOrder(orderId: string): Promise<OrderRef | undefined>;
}

/** How a record is found: by tenant and/or state (newest first by `at`), and by when it falls due. */
export interface RecordIndex {
  tenantId: string;
  state?: string;
  /** ISO time, the sort key of listRecords (text order, so every writer must use the same ISO format). */
  at: string;
  /** Epoch ms at which listDue starts returning the record (outbox deliveries, expiring approvals). */
  dueAtMs?: number;
}

export interface StoredRecord<T> {
  kind: string;
  id: string;
  value: T;
  /** 1 when created, +1 on every update: the token for compare-and-set. */
  version: number;
  index: RecordIndex;
}

export interface ListRecordsQuery {
  tenantId?: string;
  state?: string;
  limit: number;
  /** The cursor of the previous page's last item: `${index.at}|${id}` (see recordCursor). */
  before?: string;
}

/** Durable small documents (JSON values) with optimistic concurrency, shared by every instance on the same store. */
export interface RecordStore {
  /** Inserts when absent (or expired); false when the id exists. */
  createRecord(kind: string, id: string, value: unknown, index: RecordIndex, ttlMs: number): Promise<boolean>;
  getRecord<T>(kind: string, id: string): Promise<StoredRecord<T> | undefined>;
  /**
   * Compare-and-set on `version` (returned by get/list; starts at 1); false on conflict or absence. Without `ttlMs`
   * the record keeps its expiry; with it, it expires `ttlMs` from now.
   */
  updateRecord(
    kind: string,
    id: string,
    expectedVersion: number,
    value: unknown,
    index: RecordIndex,
    ttlMs?: number,
  ): Promise<boolean>;
  /** Newest first by index.at (then id); filters by tenant and/or state; `before` = the last item's `${at}|${id}`. */
  listRecords<T>(kind: string, q: ListRecordsQuery): Promise<StoredRecord<T>[]>;
  /** Records whose index.dueAtMs <= nowMs, oldest due first (outbox deliveries, expiring approvals). */
  listDue<T>(kind: string, nowMs: number, limit: number): Promise<StoredRecord<T>[]>;
  /**
   * A named lease held by one owner at a time across instances: true when `owner` holds it now (taken because it was
   * free or had expired, or renewed for another `ttlMs` because `owner` already held it).
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, only when `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
}

/** The listRecords cursor of a record: pass the last item's to `before` for the next page. */
export const recordCursor = (r: { id: string; index: { at: string } }): string => `${r.index.at}|${r.id}`;

/** Splits a cursor at its first `|` (an ISO time never contains one; an id may). */
export function parseRecordCursor(before: string): { at: string; id: string } {
  const i = before.indexOf('|');
  return i < 0 ? { at: before, id: '' } : { at: before.slice(0, i), id: before.slice(i + 1) };
}

/** Whether (at, id) sorts before the cursor, i.e. belongs on a later newest-first page. */
export const isBeforeCursor = (at: string, id: string, c: { at: string; id: string }): boolean =>
  at < c.at || (at === c.at && id < c.id);

export type { PubSub };

export interface Store extends IdempotencyStore, RateLimitStore, AuditStore, JobStore, OrderStore, RecordStore {
  readonly kind: string;
  /** Cross-instance notifications (live progress): as wide as the store is shared. */
  readonly pubsub: PubSub;
  /** Cheap liveness check for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
