import { Redis } from 'ioredis';
import type { AuditRecord } from '@bwkit/contracts';
import type { AuditCursor, IdempotencyBegin, JobRef, OrderRef, Store, StoredResponse } from './index.js';

interface IdemValue { fingerprint: string; state: 'in_progress' | 'completed'; response?: StoredResponse }

// Release only our own in-progress claim: compare the exact value we wrote.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// Count a hit in a fixed window; the key expires with the window.
const HIT = `local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c`;

/** Redis — for several gateway instances: claims, counters, audit and job ownership are shared. */
export function createRedisStore(url: string, opts: { prefix?: string } = {}): Store {
  const prefix = opts.prefix ?? 'bwkit:';
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  // A connection error is reported by the failing command; an unhandled 'error' event would crash the process.
  redis.on('error', () => {});
  const k = (...parts: string[]) => prefix + parts.join(':');
  const inProgress = (fingerprint: string) => JSON.stringify({ fingerprint, state: 'in_progress' } satisfies IdemValue);

  return {
    kind: 'redis',
    async begin(key, fingerprint, leaseMs): Promise<IdempotencyBegin> {
      const rk = k('idem', key);
      for (let attempt = 0; attempt < 3; attempt++) {
        const ok = await redis.set(rk, inProgress(fingerprint), 'PX', leaseMs, 'NX');
        if (ok === 'OK') return { state: 'acquired' };
        const raw = await redis.get(rk);
        if (raw === null) continue; // expired between the two calls: try to claim again
        const v = JSON.parse(raw) as IdemValue;
        if (v.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (v.state === 'completed') return { state: 'completed', response: v.response! };
        return { state: 'in_progress' };
      }
      return { state: 'in_progress' };
    },
    async complete(key, fingerprint, response, ttlMs) {
      const v: IdemValue = { fingerprint, state: 'completed', response };
      await redis.set(k('idem', key), JSON.stringify(v), 'PX', ttlMs);
    },
    async release(key, fingerprint) {
      await redis.eval(RELEASE, 1, k('idem', key), inProgress(fingerprint));
    },
    async hit(key, windowMs, nowMs) {
      const start = Math.floor(nowMs / windowMs) * windowMs;
      const count = Number(await redis.eval(HIT, 1, k('rate', key, String(start)), String(windowMs)));
      return { count, resetAtMs: start + windowMs };
    },
    async append(record: AuditRecord) {
      // ISO timestamps sort as text, so a lexicographic index gives newest-first pages with a stable cursor.
      await redis
        .multi()
        .hset(k('audit', record.tenantId, 'records'), record.id, JSON.stringify(record))
        .zadd(k('audit', record.tenantId, 'index'), 0, `${record.at}|${record.id}`)
        .exec();
    },
    async list(tenantId, { limit, before }: { limit: number; before?: AuditCursor }) {
      const max = before ? `(${before.at}|${before.id}` : '+';
      const members = await redis.zrevrangebylex(k('audit', tenantId, 'index'), max, '-', 'LIMIT', 0, limit);
      if (members.length === 0) return [];
      const ids = members.map((m) => m.slice(m.indexOf('|') + 1));
      const raws = await redis.hmget(k('audit', tenantId, 'records'), ...ids);
      return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as AuditRecord);
    },
    async putJob(jobId, ref: JobRef, ttlMs) {
      await redis.set(k('job', jobId), JSON.stringify(ref), 'PX', ttlMs);
    },
    async getJob(jobId) {
      const raw = await redis.get(k('job', jobId));
      return raw ? (JSON.parse(raw) as JobRef) : undefined;
    },
    async putOrder(orderId, ref: OrderRef, ttlMs) {
      await redis.set(k('order', orderId), JSON.stringify(ref), 'PX', ttlMs);
    },
    async getOrder(orderId) {
      const raw = await redis.get(k('order', orderId));
      return raw ? (JSON.parse(raw) as OrderRef) : undefined;
    },
    async ping() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
