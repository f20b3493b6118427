import type { AuditRecord } from '@bwkit/contracts';

/** What a finished request looked like, so a duplicate can be answered with exactly the same bytes. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  /** This caller owns the key now and must call complete() or release(). */
  | { state: 'acquired' }
  /** Another request with the same key is running. */
  | { state: 'in_progress' }
  /** Same key, same request: answer with the stored response. */
  | { state: 'completed'; response: StoredResponse }
  /** Same key, different request body or path. */
  | { state: 'mismatch' };

export interface IdempotencyStore {
  /**
   * Atomically claims `key` for a request with `fingerprint`. `leaseMs` bounds how long an in-progress claim blocks
   * others if its owner dies; `ttlMs` is how long a completed record is kept.
   */
  begin(key: string, fingerprint: string, leaseMs: number): Promise<IdempotencyBegin>;
  complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void>;
  /** Gives the key up (nothing was created upstream), so a retry with it runs again. */
  release(key: string, fingerprint: string): Promise<void>;
}

export interface RateLimitStore {
  /** Counts one hit in the fixed window that contains `nowMs`; returns the count so far and when the window ends. */
  hit(key: string, windowMs: number, nowMs: number): Promise<{ count: number; resetAtMs: number }>;
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

export interface Store extends IdempotencyStore, RateLimitStore, AuditStore, JobStore, OrderStore {
  readonly kind: string;
  /** Cheap liveness check for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
