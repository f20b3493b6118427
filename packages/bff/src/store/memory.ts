import type { AuditRecord } from '@bwkit/contracts';
import type { AuditCursor, IdempotencyBegin, JobRef, OrderRef, Store, StoredResponse } from './index.js';

interface IdemRow { fingerprint: string; state: 'in_progress' | 'completed'; response?: StoredResponse; expiresAt: number }

/** In-process store: for tests of single instances and for runtimes without SQLite or Redis. Not shared, not durable. */
export function createMemoryStore(now: () => number = Date.now): Store {
  const idem = new Map<string, IdemRow>();
  const counters = new Map<string, { count: number; resetAtMs: number }>();
  const audit: AuditRecord[] = [];
  const jobs = new Map<string, { ref: JobRef; expiresAt: number }>();
  const orders = new Map<string, { ref: OrderRef; expiresAt: number }>();

  return {
    kind: 'memory',
    async begin(key, fingerprint, leaseMs): Promise<IdempotencyBegin> {
      const row = idem.get(key);
      if (!row || row.expiresAt <= now()) {
        idem.set(key, { fingerprint, state: 'in_progress', expiresAt: now() + leaseMs });
        return { state: 'acquired' };
      }
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.state === 'completed') return { state: 'completed', response: row.response! };
      return { state: 'in_progress' };
    },
    async complete(key, fingerprint, response, ttlMs) {
      idem.set(key, { fingerprint, state: 'completed', response, expiresAt: now() + ttlMs });
    },
    async release(key, fingerprint) {
      const row = idem.get(key);
      if (row && row.fingerprint === fingerprint && row.state === 'in_progress') idem.delete(key);
    },
    async hit(key, windowMs, nowMs) {
      const start = Math.floor(nowMs / windowMs) * windowMs;
      const k = `${key}:${start}`;
      const c = counters.get(k) ?? { count: 0, resetAtMs: start + windowMs };
      c.count++;
      counters.set(k, c);
      if (counters.size > 10_000) for (const [ck, cv] of counters) if (cv.resetAtMs <= nowMs) counters.delete(ck);
      return { ...c };
    },
    async append(record) {
      audit.push(record);
    },
    async list(tenantId, { limit, before }: { limit: number; before?: AuditCursor }) {
      return audit
        .filter((r) => r.tenantId === tenantId && (!before || r.at < before.at || (r.at === before.at && r.id < before.id)))
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
        .slice(0, limit);
    },
    async putJob(jobId, ref, ttlMs) {
      jobs.set(jobId, { ref: { ...ref }, expiresAt: now() + ttlMs });
    },
    async getJob(jobId) {
      const j = jobs.get(jobId);
      return j && j.expiresAt > now() ? { ...j.ref } : undefined;
    },
    async putOrder(orderId, ref, ttlMs) {
      orders.set(orderId, { ref: { ...ref }, expiresAt: now() + ttlMs });
    },
    async getOrder(orderId) {
      const o = orders.get(orderId);
      return o && o.expiresAt > now() ? { ...o.ref } : undefined;
    },
    async ping() {
      return true;
    },
    async close() {},
  };
}
