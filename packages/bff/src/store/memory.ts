import type { AuditRecord } from '@bwkit/contracts';
import {
  DAY_MS, slidingWindowAllows, slidingWindowResult, type AuditCursor, type IdempotencyBegin, type IdempotencyRecord,
  type JobRef, type OrderRef, type Store,
} from './index.js';

interface IdemRow extends IdempotencyRecord { expiresAt: number }

const copy = (r: IdemRow): IdempotencyRecord => {
  const { expiresAt: _e, ...rec } = r;
  return structuredClone(rec);
};

export function createMemoryStore(now: () => number = Date.now): Store {
  const idem = new Map<string, IdemRow>();
  const counters = new Map<string, { start: number; prev: number; curr: number }>();
  const audit: AuditRecord[] = [];
  const jobs = new Map<string, { ref: JobRef; expiresAt: number }>();
  const orders = new Map<string, { ref: OrderRef; expiresAt: number }>();

  return {
    kind: 'memory',
    async begin(key, fingerprint, leaseMs, opts = {}): Promise<IdempotencyBegin> {
      const t = now();
      const row = idem.get(key);
      if (!row || row.expiresAt <= t) {
        idem.set(key, {
          key, fingerprint, state: 'running', leaseUntil: t + leaseMs, attempts: 0,
          ...(opts.intent ? { intent: structuredClone(opts.intent) } : {}),
          expiresAt: t + Math.max(opts.ttlMs ?? DAY_MS, leaseMs),
        });
        return { state: 'acquired' };
      }
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      // A settled row always carries its response (settle writes both).
      if (row.state === 'succeeded' || row.state === 'failed') return { state: 'completed', response: structuredClone(row.response!) };
      if (row.leaseUntil > t) return { state: 'in_progress' };
      if (row.state === 'running') row.reason = 'lease_expired';
      row.state = 'unknown';
      row.leaseUntil = t + leaseMs;
      row.attempts++;
      return { state: 'unknown', record: copy(row) };
    },
    async complete(key, fingerprint, response, ttlMs, state = 'succeeded') {
      const row = idem.get(key);
      if (row && row.expiresAt > now() && row.fingerprint !== fingerprint) return;
      idem.set(key, {
        key, fingerprint, state, response: structuredClone(response), leaseUntil: 0, attempts: row?.attempts ?? 0,
        ...(row?.intent ? { intent: row.intent } : {}), ...(row?.reason ? { reason: row.reason } : {}),
        expiresAt: now() + ttlMs,
      });
    },
    async markUnknown(key, fingerprint, { reason, holdMs, ttlMs, intent }) {
      const t = now();
      const row = idem.get(key);
      if (row && row.expiresAt > t) {
        if (row.fingerprint !== fingerprint || row.state === 'succeeded' || row.state === 'failed') return;
        Object.assign(row, { state: 'unknown', reason, leaseUntil: t + holdMs, expiresAt: Math.max(row.expiresAt, t + ttlMs) });
        return;
      }
      idem.set(key, {
        key, fingerprint, state: 'unknown', reason, leaseUntil: t + holdMs, attempts: 0,
        ...(intent ? { intent: structuredClone(intent) } : {}), expiresAt: t + ttlMs,
      });
    },
    async release(key, fingerprint) {
      const row = idem.get(key);
      if (row && row.fingerprint === fingerprint && (row.state === 'running' || row.state === 'unknown')) idem.delete(key);
    },
    async listUnsettled(nowMs, limit) {
      return [...idem.values()]
        .filter((r) => (r.state === 'running' || r.state === 'unknown') && r.leaseUntil <= nowMs && r.expiresAt > nowMs)
        .sort((a, b) => a.leaseUntil - b.leaseUntil)
        .slice(0, limit)
        .map(copy);
    },
    async inspect(key) {
      const row = idem.get(key);
      return row && row.expiresAt > now() ? copy(row) : undefined;
    },
    async hit(key, windowMs, nowMs, limit) {
      const start = Math.floor(nowMs / windowMs) * windowMs;
      const c = counters.get(key);
      const prev = !c ? 0 : c.start >= start ? c.prev : c.start === start - windowMs ? c.curr : 0;
      const curr = c && c.start >= start ? c.curr : 0;
      const ok = slidingWindowAllows(prev, curr, (windowMs - (nowMs - start)) / windowMs, limit);
      const next = { start: Math.max(start, c?.start ?? start), prev, curr: curr + (ok ? 1 : 0) };
      counters.set(key, next);
      if (counters.size > 10_000) for (const [ck, cv] of counters) if (cv.start + 2 * windowMs <= nowMs) counters.delete(ck);
      return slidingWindowResult(next.prev, next.curr, ok, start, windowMs, nowMs, limit);
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
