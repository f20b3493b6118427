import { Redis } from 'ioredis';
import type { AuditRecord } from '@bwkit/contracts';
import {
  DAY_MS, slidingWindowResult, type AuditCursor, type IdempotencyBegin, type IdempotencyRecord, type IdempotencyState,
  type JobRef, type OrderRef, type Store, type StoredResponse,
} from './index.js';

/*
 * An idempotency record is a hash (fp, state, intent, response, lease, attempts, reason) that expires with the
 * record; a sorted set of the keys not yet final, scored by lease end, lets the sweeper find the ones to reconcile.
 * Records written by earlier versions were JSON strings ({fingerprint, state: in_progress|completed, response}):
 * they are still read (and replaced when settled).
 */
const LEGACY_FP = `local ok, v = pcall(cjson.decode, redis.call('GET', KEYS[1])) if not ok then v = {} end`;
const BEGIN = `
local t = redis.call('TYPE', KEYS[1]).ok
if t == 'string' then return {'legacy', redis.call('GET', KEYS[1])} end
local now = tonumber(ARGV[3]) local lease = tonumber(ARGV[4])
if t == 'none' then
  redis.call('HSET', KEYS[1], 'fp', ARGV[2], 'state', 'running', 'lease', now + lease, 'attempts', 0)
  if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'intent', ARGV[6]) end
  redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[5]), lease))
  redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
  return {'acquired'}
end
local h = redis.call('HMGET', KEYS[1], 'fp', 'state', 'lease')
if h[1] ~= ARGV[2] then return {'mismatch'} end
if h[2] == 'succeeded' or h[2] == 'failed' then return {'completed', redis.call('HGET', KEYS[1], 'response')} end
if tonumber(h[3]) > now then return {'in_progress'} end
if h[2] == 'running' then redis.call('HSET', KEYS[1], 'reason', 'lease_expired') end
redis.call('HSET', KEYS[1], 'state', 'unknown', 'lease', now + lease)
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
table.insert(all, 1, 'unknown')
return all`;
const COMPLETE = `
local t = redis.call('TYPE', KEYS[1]).ok
if t == 'hash' then
  if redis.call('HGET', KEYS[1], 'fp') ~= ARGV[2] then return 0 end
elseif t == 'string' then
  ${LEGACY_FP}
  if v.fingerprint ~= ARGV[2] then return 0 end
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], 'fp', ARGV[2], 'state', ARGV[5], 'response', ARGV[3], 'lease', 0)
redis.call('HSETNX', KEYS[1], 'attempts', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;
const UNKNOWN = `
local t = redis.call('TYPE', KEYS[1]).ok
local now = tonumber(ARGV[4]) local hold = tonumber(ARGV[5]) local ttl = tonumber(ARGV[6])
if t == 'hash' then
  local h = redis.call('HMGET', KEYS[1], 'fp', 'state')
  if h[1] ~= ARGV[2] or h[2] == 'succeeded' or h[2] == 'failed' then return 0 end
  redis.call('HSET', KEYS[1], 'state', 'unknown', 'reason', ARGV[3], 'lease', now + hold)
  if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
else
  if t == 'string' then
    ${LEGACY_FP}
    if v.fingerprint ~= ARGV[2] or v.state == 'completed' then return 0 end
    redis.call('DEL', KEYS[1])
  end
  redis.call('HSET', KEYS[1], 'fp', ARGV[2], 'state', 'unknown', 'reason', ARGV[3], 'lease', now + hold, 'attempts', 0)
  if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'intent', ARGV[7]) end
  redis.call('PEXPIRE', KEYS[1], ttl)
end
redis.call('ZADD', KEYS[2], now + hold, ARGV[1])
return 1`;
const RELEASE = `
local t = redis.call('TYPE', KEYS[1]).ok
if t == 'hash' then
  local h = redis.call('HMGET', KEYS[1], 'fp', 'state')
  if h[1] ~= ARGV[2] or (h[2] ~= 'running' and h[2] ~= 'unknown') then return 0 end
elseif t == 'string' then
  ${LEGACY_FP}
  if v.fingerprint ~= ARGV[2] or v.state ~= 'in_progress' then return 0 end
else
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;
// The sliding-window step: roll the two fixed windows forward, decide against the limit, count — atomically.
const HIT = `
local h = redis.call('HMGET', KEYS[1], 'start', 'prev', 'curr')
local s = tonumber(ARGV[1]) local w = tonumber(ARGV[2]) local r = tonumber(ARGV[3]) local limit = tonumber(ARGV[4])
local start = tonumber(h[1]) local prev = 0 local curr = 0
if start then
  if start >= s then prev = tonumber(h[2]) curr = tonumber(h[3]) s = start
  elseif start == s - w then prev = tonumber(h[3]) end
end
local ok = 0
if prev * r + curr + 1 <= limit + 1e-9 then ok = 1 curr = curr + 1 end
redis.call('HSET', KEYS[1], 'start', s, 'prev', prev, 'curr', curr)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {prev, curr, ok}`;

function recordOf(key: string, flat: string[]): IdempotencyRecord {
  const h: Record<string, string> = {};
  // HGETALL answers field, value pairs; the loop stops before an odd tail.
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  return {
    key, fingerprint: h['fp'] ?? '', state: h['state'] as IdempotencyState, leaseUntil: Number(h['lease'] ?? 0),
    attempts: Number(h['attempts'] ?? 0),
    ...(h['intent'] ? { intent: JSON.parse(h['intent']) } : {}),
    ...(h['response'] ? { response: JSON.parse(h['response']) as StoredResponse } : {}),
    ...(h['reason'] ? { reason: h['reason'] } : {}),
  };
}

function legacyBegin(raw: string, fingerprint: string): IdempotencyBegin {
  const v = JSON.parse(raw) as { fingerprint: string; state: string; response?: StoredResponse };
  if (v.fingerprint !== fingerprint) return { state: 'mismatch' };
  // A completed legacy entry was always written with its response.
  if (v.state === 'completed') return { state: 'completed', response: v.response! };
  return { state: 'in_progress' };
}

/** Redis — for several gateway instances: claims, counters, audit and job ownership are shared. */
export function createRedisStore(url: string, opts: { prefix?: string } = {}): Store {
  const prefix = opts.prefix ?? 'bwkit:';
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  // A connection error is reported by the failing command; an unhandled 'error' event would crash the process.
  redis.on('error', () => {});
  const k = (...parts: string[]) => prefix + parts.join(':');
  const unsettledKey = k('idem-unsettled');

  return {
    kind: 'redis',
    async begin(key, fingerprint, leaseMs, opts = {}): Promise<IdempotencyBegin> {
      const r = (await redis.eval(BEGIN, 2, k('idem', key), unsettledKey, key, fingerprint, String(Date.now()), String(leaseMs),
        String(opts.ttlMs ?? DAY_MS), opts.intent ? JSON.stringify(opts.intent) : '')) as string[];
      switch (r[0]) {
        // BEGIN answers 'legacy' and 'completed' with the stored value as the second element.
        case 'legacy': return legacyBegin(r[1]!, fingerprint);
        case 'completed': return { state: 'completed', response: JSON.parse(r[1]!) as StoredResponse };
        case 'unknown': return { state: 'unknown', record: recordOf(key, r.slice(1)) };
        default: return { state: r[0] as 'acquired' | 'in_progress' | 'mismatch' };
      }
    },
    async complete(key, fingerprint, response, ttlMs, state = 'succeeded') {
      await redis.eval(COMPLETE, 2, k('idem', key), unsettledKey, key, fingerprint, JSON.stringify(response), String(ttlMs), state);
    },
    async markUnknown(key, fingerprint, { reason, holdMs, ttlMs, intent }) {
      await redis.eval(UNKNOWN, 2, k('idem', key), unsettledKey, key, fingerprint, reason, String(Date.now()), String(holdMs),
        String(ttlMs), intent ? JSON.stringify(intent) : '');
    },
    async release(key, fingerprint) {
      await redis.eval(RELEASE, 2, k('idem', key), unsettledKey, key, fingerprint);
    },
    async listUnsettled(nowMs, limit) {
      const keys = await redis.zrangebyscore(unsettledKey, '-inf', nowMs, 'LIMIT', 0, limit);
      const out: IdempotencyRecord[] = [];
      for (const key of keys) {
        const flat = await redis.hgetall(k('idem', key)).catch(() => null); // a legacy string record: WRONGTYPE
        if (!flat || Object.keys(flat).length === 0) {
          await redis.zrem(unsettledKey, key); // expired
          continue;
        }
        const rec = recordOf(key, Object.entries(flat).flat());
        if ((rec.state === 'running' || rec.state === 'unknown') && rec.leaseUntil <= nowMs) out.push(rec);
      }
      return out;
    },
    async inspect(key) {
      const flat = await redis.hgetall(k('idem', key));
      return Object.keys(flat).length ? recordOf(key, Object.entries(flat).flat()) : undefined;
    },
    async hit(key, windowMs, nowMs, limit) {
      const s = Math.floor(nowMs / windowMs) * windowMs;
      const [prev, curr, ok] = (await redis.eval(HIT, 1, k('rate', key), String(s), String(windowMs),
        String((windowMs - (nowMs - s)) / windowMs), String(limit ?? 1e15), String(2 * windowMs))) as number[];
      // HIT always returns {prev, curr, ok}.
      return slidingWindowResult(prev!, curr!, ok === 1, s, windowMs, nowMs, limit);
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
