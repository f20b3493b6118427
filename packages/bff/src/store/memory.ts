import type { AuditRecord } from '@bwkit/contracts';
import {
  type AuditCursor,
  type BeginOptions,
  DAY_MS,
  type IdempotencyBegin,
  type IdempotencyClaim,
  type IdempotencyRecord,
  isBeforeCursor,
  type JobRef,
  type OrderRef,
  parseRecordCursor,
  type RateHit,
  type RecordIndex,
  type Store,
  type StoredRecord,
  slidingWindowAllows,
  slidingWindowResult,
} from './index.js';
import { createLocalPubSub } from './pubsub.js';

interface IdemRow extends IdempotencyRecord {
  expiresAt: number;
}

const copy = (r: IdemRow): IdempotencyRecord => {
  const { expiresAt: _e, ...rec } = r;
  return structuredClone(rec);
};

interface RecRow {
  value: string;
  version: number;
  index: RecordIndex;
  expiresAt: number;
}

/** Values are kept as JSON, so a caller sees exactly what a networked store would give back. */
const indexOf = (i: RecordIndex): RecordIndex => ({
  tenantId: i.tenantId,
  at: i.at,
  ...(i.state !== undefined ? { state: i.state } : {}),
  ...(i.dueAtMs !== undefined ? { dueAtMs: i.dueAtMs } : {}),
});

export function createMemoryStore(now: () => number = Date.now): Store {
  const idem = new Map<string, IdemRow>();
  const counters = new Map<string, { start: number; prev: number; curr: number }>();
  const audit: AuditRecord[] = [];
  const jobs = new Map<string, { ref: JobRef; expiresAt: number }>();
  const orders = new Map<string, { ref: OrderRef; expiresAt: number }>();
  const records = new Map<string, Map<string, RecRow>>();
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const pubsub = createLocalPubSub();
  const kindOf = (kind: string) => {
    let m = records.get(kind);
    if (!m) records.set(kind, (m = new Map()));
    return m;
  };
  const live = (kind: string): [string, RecRow][] => {
    const t = now();
    const m = kindOf(kind);
    for (const [id, r] of m) if (r.expiresAt <= t) m.delete(id); // listing walks them all anyway
    return [...m];
  };
  const out = <T>(kind: string, id: string, r: RecRow): StoredRecord<T> => ({
    kind,
    id,
    value: JSON.parse(r.value) as T,
    version: r.version,
    index: { ...r.index },
  });

  const readRecord = <T>(kind: string, id: string): StoredRecord<T> | undefined => {
    const r = kindOf(kind).get(id);
    return r && r.expiresAt > now() ? out<T>(kind, id, r) : undefined;
  };
  const claim = (key: string, fingerprint: string, leaseMs: number, opts: BeginOptions): IdempotencyClaim => {
    const t = now();
    const row = idem.get(key);
    if (!row || row.expiresAt <= t) {
      idem.set(key, {
        key,
        fingerprint,
        state: 'running',
        leaseUntil: t + leaseMs,
        attempts: 0,
        ...(opts.intent ? { intent: structuredClone(opts.intent) } : {}),
        expiresAt: t + Math.max(opts.ttlMs ?? DAY_MS, leaseMs),
      });
      return { state: 'acquired' };
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    // A settled row always carries its response (settle writes both).
    if (row.state === 'succeeded' || row.state === 'failed')
      return { state: 'completed', response: structuredClone(row.response!) };
    if (row.leaseUntil > t) return { state: 'in_progress' };
    if (row.state === 'running') row.reason = 'lease_expired';
    row.state = 'unknown';
    row.leaseUntil = t + leaseMs;
    row.attempts++;
    return { state: 'unknown', record: copy(row) };
  };
  const hit = (key: string, windowMs: number, nowMs: number, limit?: number): RateHit => {
    const start = Math.floor(nowMs / windowMs) * windowMs;
    const c = counters.get(key);
    const prev = !c ? 0 : c.start >= start ? c.prev : c.start === start - windowMs ? c.curr : 0;
    const curr = c && c.start >= start ? c.curr : 0;
    const ok = slidingWindowAllows(prev, curr, (windowMs - (nowMs - start)) / windowMs, limit);
    const next = { start: Math.max(start, c?.start ?? start), prev, curr: curr + (ok ? 1 : 0) };
    counters.set(key, next);
    if (counters.size > 10_000)
      for (const [ck, cv] of counters) if (cv.start + 2 * windowMs <= nowMs) counters.delete(ck);
    return slidingWindowResult(next.prev, next.curr, ok, start, windowMs, nowMs, limit);
  };

  return {
    kind: 'memory',
    pubsub,
    async createRecord(kind, id, value, index, ttlMs) {
      const m = kindOf(kind);
      const r = m.get(id);
      if (r && r.expiresAt > now()) return false;
      m.set(id, { value: JSON.stringify(value), version: 1, index: indexOf(index), expiresAt: now() + ttlMs });
      return true;
    },
    async getRecord<T>(kind: string, id: string) {
      return readRecord<T>(kind, id);
    },
    async updateRecord(kind, id, expectedVersion, value, index, ttlMs) {
      const r = kindOf(kind).get(id);
      if (!r || r.expiresAt <= now() || r.version !== expectedVersion) return false;
      Object.assign(r, {
        value: JSON.stringify(value),
        version: r.version + 1,
        index: indexOf(index),
        expiresAt: ttlMs === undefined ? r.expiresAt : now() + ttlMs,
      });
      return true;
    },
    async listRecords<T>(kind: string, q: { tenantId?: string; state?: string; limit: number; before?: string }) {
      const c = q.before === undefined ? undefined : parseRecordCursor(q.before);
      return live(kind)
        .filter(
          ([id, r]) =>
            (q.tenantId === undefined || r.index.tenantId === q.tenantId) &&
            (q.state === undefined || r.index.state === q.state) &&
            (!c || isBeforeCursor(r.index.at, id, c)),
        )
        .sort(([ia, a], [ib, b]) =>
          a.index.at === b.index.at ? (ia < ib ? 1 : ia > ib ? -1 : 0) : a.index.at < b.index.at ? 1 : -1,
        )
        .slice(0, Math.max(0, q.limit))
        .map(([id, r]) => out<T>(kind, id, r));
    },
    async listDue<T>(kind: string, nowMs: number, limit: number) {
      return live(kind)
        .filter(([, r]) => r.index.dueAtMs !== undefined && r.index.dueAtMs <= nowMs)
        .sort(([ia, a], [ib, b]) => a.index.dueAtMs! - b.index.dueAtMs! || (ia < ib ? -1 : ia > ib ? 1 : 0))
        .slice(0, Math.max(0, limit))
        .map(([id, r]) => out<T>(kind, id, r));
    },
    async acquireLease(name, owner, ttlMs) {
      const l = leases.get(name);
      if (l && l.expiresAt > now() && l.owner !== owner) return false;
      leases.set(name, { owner, expiresAt: now() + ttlMs });
      return true;
    },
    async releaseLease(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async begin(key, fingerprint, leaseMs, opts = {}): Promise<IdempotencyBegin> {
      const p = opts.peek;
      const peeked = p ? { peeked: { record: readRecord(p.kind, p.id) } } : {};
      if (!opts.rate) return { ...claim(key, fingerprint, leaseMs, opts), ...peeked };
      const { key: rateKey, windowMs, nowMs, limit } = opts.rate;
      const rate = hit(rateKey, windowMs, nowMs, limit);
      if (!rate.allowed) return { state: 'rate_limited', rate, ...peeked };
      return { ...claim(key, fingerprint, leaseMs, opts), rate, ...peeked };
    },
    async complete(key, fingerprint, response, ttlMs, state = 'succeeded', auditRecord) {
      if (auditRecord) audit.push(auditRecord); // (this store's writes cannot fail, so none is ever retried)
      const row = idem.get(key);
      if (row && row.expiresAt > now() && row.fingerprint !== fingerprint) return;
      idem.set(key, {
        key,
        fingerprint,
        state,
        response: structuredClone(response),
        leaseUntil: 0,
        attempts: row?.attempts ?? 0,
        ...(row?.intent ? { intent: row.intent } : {}),
        ...(row?.reason ? { reason: row.reason } : {}),
        expiresAt: now() + ttlMs,
      });
    },
    async markUnknown(key, fingerprint, { reason, holdMs, ttlMs, intent }) {
      const t = now();
      const row = idem.get(key);
      if (row && row.expiresAt > t) {
        if (row.fingerprint !== fingerprint || row.state === 'succeeded' || row.state === 'failed') return;
        Object.assign(row, {
          state: 'unknown',
          reason,
          leaseUntil: t + holdMs,
          expiresAt: Math.max(row.expiresAt, t + ttlMs),
        });
        return;
      }
      idem.set(key, {
        key,
        fingerprint,
        state: 'unknown',
        reason,
        leaseUntil: t + holdMs,
        attempts: 0,
        ...(intent ? { intent: structuredClone(intent) } : {}),
        expiresAt: t + ttlMs,
      });
    },
    async release(key, fingerprint) {
      const row = idem.get(key);
      if (row && row.fingerprint === fingerprint && (row.state === 'running' || row.state === 'unknown'))
        idem.delete(key);
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
      return hit(key, windowMs, nowMs, limit);
    },
    async append(record) {
      audit.push(record);
    },
    async list(tenantId, { limit, before }: { limit: number; before?: AuditCursor }) {
      return audit
        .filter(
          (r) => r.tenantId === tenantId && (!before || r.at < before.at || (r.at === before.at && r.id < before.id)),
        )
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
    async close() {
      pubsub.close();
    },
  };
}
