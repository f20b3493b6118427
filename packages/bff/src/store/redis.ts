import type { AuditRecord } from '@bwkit/contracts';
import { Redis } from 'ioredis';
import {
  type AuditCursor,
  DAY_MS,
  type IdempotencyBegin,
  type IdempotencyClaim,
  type IdempotencyRecord,
  type IdempotencyState,
  type JobRef,
  type OrderRef,
  type Peeked,
  type RecordIndex,
  recordCursor,
  type Store,
  type StoredRecord,
  type StoredResponse,
  slidingWindowResult,
} from './index.js';
import { createFanout } from './pubsub.js';

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
if ARGV[6] then
  redis.call('HSET', KEYS[3], ARGV[6], ARGV[7])
  redis.call('ZADD', KEYS[4], 0, ARGV[8])
end
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
// The rate limit's step, then the claim, in one script (one round trip): {prev, curr, ok, BEGIN's answer...}; a
// refused step claims nothing. The two keys are read by name, so (like the other scripts) this suits a single Redis.
const RATED_BEGIN = `
local function hit(KEYS, ARGV)${HIT}
end
local function begin(KEYS, ARGV)${BEGIN}
end
local r = hit({KEYS[3]}, {ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]})
if r[3] == 0 then return {r[1], r[2], 0, 'rate_limited'} end
local out = {r[1], r[2], r[3]}
for _, v in ipairs(begin(KEYS, ARGV)) do table.insert(out, v) end
return out`;

/**
 * `lua` (BEGIN or RATED_BEGIN) with the record hash named by its last key read in the same script (BeginOptions.peek):
 * {v, ver, ix (each false when absent), lua's answer...}.
 */
const peeked = (lua: string) => `
local function claim(KEYS, ARGV)${lua}
end
local p = redis.call('HMGET', KEYS[#KEYS], 'v', 'ver', 'ix')
local out = {p[1], p[2], p[3]}
for _, v in ipairs(claim(KEYS, ARGV)) do table.insert(out, v) end
return out`;
const PEEKED_BEGIN = peeked(BEGIN);
const PEEKED_RATED_BEGIN = peeked(RATED_BEGIN);

/*
 * A record is a hash (v: value JSON, ver, ix: index JSON, m: its list member `${at}|${id}`, sets: the index sets it
 * is listed in) that expires with the record. Lexicographic sorted sets (all, by tenant, by state, by both) hold the
 * members, so a page is one ZREVRANGEBYLEX from the cursor; a sorted set scored by dueAtMs holds the ids that fall
 * due. Index entries of an expired record are dropped when a listing meets them, and an index expires with the
 * longest-lived record it holds. The scripts read record hashes by
 * name (prefix + id), so they suit a single Redis (or a replicated one), not Redis Cluster.
 */
const REC_WRITE = `
local now_sets = cjson.decode(ARGV[5])
if ARGV[9] == 'create' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
  redis.call('HSET', KEYS[1], 'ver', 1)
else
  local ver = redis.call('HGET', KEYS[1], 'ver')
  if not ver or tonumber(ver) ~= tonumber(ARGV[1]) then return 0 end
  local old = redis.call('HMGET', KEYS[1], 'm', 'sets')
  for _, s in ipairs(cjson.decode(old[2])) do redis.call('ZREM', s, old[1]) end
  redis.call('HINCRBY', KEYS[1], 'ver', 1)
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'ix', ARGV[3], 'm', ARGV[4], 'sets', ARGV[5])
if ARGV[6] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[6]) end
for _, s in ipairs(now_sets) do redis.call('ZADD', s, 0, ARGV[4]) end
if ARGV[7] ~= '' then redis.call('ZADD', KEYS[2], ARGV[7], ARGV[8]) else redis.call('ZREM', KEYS[2], ARGV[8]) end
-- An index lives as long as its longest-lived record, so the entries of records that all expired go with it.
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  table.insert(now_sets, KEYS[2])
  for _, s in ipairs(now_sets) do
    local cur = redis.call('PTTL', s)
    if cur == -1 or (cur >= 0 and cur < ttl) then redis.call('PEXPIRE', s, ttl) end
  end
end
return 1`;
const REC_LIST = `
local out = {} local limit = tonumber(ARGV[2]) local max = ARGV[1]
local want_t = ARGV[4] == '1' local want_s = ARGV[6] == '1'
while #out < limit * 4 do
  local batch = redis.call('ZREVRANGEBYLEX', KEYS[1], max, '-', 'LIMIT', 0, limit + 10)
  if #batch == 0 then break end
  for _, m in ipairs(batch) do
    local id = string.sub(m, string.find(m, '|', 1, true) + 1)
    local h = redis.call('HMGET', ARGV[3] .. id, 'v', 'ver', 'ix', 'm')
    local ok = h[1] and h[4] == m
    if ok and (want_t or want_s) then
      local ix = cjson.decode(h[3])
      if (want_t and ix.tenantId ~= ARGV[5]) or (want_s and ix.state ~= ARGV[7]) then ok = false end
    end
    if ok then
      table.insert(out, id) table.insert(out, h[1]) table.insert(out, h[2]) table.insert(out, h[3])
      if #out >= limit * 4 then break end
    else
      redis.call('ZREM', KEYS[1], m)
    end
  end
  if #batch < limit + 10 then break end
  max = '(' .. batch[#batch]
end
return out`;
const REC_DUE = `
local out = {} local limit = tonumber(ARGV[2])
while #out < limit * 4 do
  local batch = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit + 10)
  if #batch == 0 then break end
  local stale = 0
  for _, id in ipairs(batch) do
    local h = redis.call('HMGET', ARGV[3] .. id, 'v', 'ver', 'ix')
    if h[1] then
      table.insert(out, id) table.insert(out, h[1]) table.insert(out, h[2]) table.insert(out, h[3])
      if #out >= limit * 4 then break end
    else
      redis.call('ZREM', KEYS[1], id) stale = stale + 1
    end
  end
  if stale == 0 or #batch < limit + 10 then break end
  out = {}
end
return out`;
const LEASE = `
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const UNLEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

function storedRecordsOf<T>(kind: string, flat: string[]): StoredRecord<T>[] {
  const out: StoredRecord<T>[] = [];
  for (let i = 0; i + 3 < flat.length; i += 4) {
    out.push({
      kind,
      id: flat[i]!,
      value: JSON.parse(flat[i + 1]!) as T,
      version: Number(flat[i + 2]),
      index: JSON.parse(flat[i + 3]!) as RecordIndex,
    });
  }
  return out;
}

const indexOf = (i: RecordIndex): RecordIndex => ({
  tenantId: i.tenantId,
  at: i.at,
  ...(i.state !== undefined ? { state: i.state } : {}),
  ...(i.dueAtMs !== undefined ? { dueAtMs: i.dueAtMs } : {}),
});

function recordOf(key: string, flat: string[]): IdempotencyRecord {
  const h: Record<string, string> = {};
  // HGETALL answers field, value pairs; the loop stops before an odd tail.
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  return {
    key,
    fingerprint: h['fp'] ?? '',
    state: h['state'] as IdempotencyState,
    leaseUntil: Number(h['lease'] ?? 0),
    attempts: Number(h['attempts'] ?? 0),
    ...(h['intent'] ? { intent: JSON.parse(h['intent']) } : {}),
    ...(h['response'] ? { response: JSON.parse(h['response']) as StoredResponse } : {}),
    ...(h['reason'] ? { reason: h['reason'] } : {}),
  };
}

function legacyBegin(raw: string, fingerprint: string): IdempotencyClaim {
  const v = JSON.parse(raw) as { fingerprint: string; state: string; response?: StoredResponse };
  if (v.fingerprint !== fingerprint) return { state: 'mismatch' };
  // A completed legacy entry was always written with its response.
  if (v.state === 'completed') return { state: 'completed', response: v.response! };
  return { state: 'in_progress' };
}

/** BEGIN's answer as a claim. */
function claimOf(key: string, fingerprint: string, r: string[]): IdempotencyClaim {
  switch (r[0]) {
    // BEGIN answers 'legacy' and 'completed' with the stored value as the second element.
    case 'legacy':
      return legacyBegin(r[1]!, fingerprint);
    case 'completed':
      return { state: 'completed', response: JSON.parse(r[1]!) as StoredResponse };
    case 'unknown':
      return { state: 'unknown', record: recordOf(key, r.slice(1)) };
    default:
      return { state: r[0] as 'acquired' | 'in_progress' | 'mismatch' };
  }
}

/** The sliding-window step's arguments (HIT's ARGV) and the start of the current fixed window. */
function hitArgs(windowMs: number, nowMs: number, limit: number | undefined): { s: number; args: string[] } {
  const s = Math.floor(nowMs / windowMs) * windowMs;
  const r = (windowMs - (nowMs - s)) / windowMs;
  return { s, args: [String(s), String(windowMs), String(r), String(limit ?? 1e15), String(2 * windowMs)] };
}

/** Redis — for several gateway instances: claims, counters, audit and job ownership are shared. */
export function createRedisStore(url: string, opts: { prefix?: string } = {}): Store {
  const prefix = opts.prefix ?? 'bwkit:';
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  // Each script is sent once and then called by its SHA (EVALSHA; ioredis sends the source again after a NOSCRIPT,
  // e.g. when Redis restarted): a purchase no longer ships ~2 kB of Lua source with its commands.
  const commands = new Map<string, string>();
  const script = (lua: string, ...args: (string | number)[]): Promise<unknown> => {
    let name = commands.get(lua);
    if (!name) {
      name = `bwkit${commands.size}`;
      redis.defineCommand(name, { lua });
      commands.set(lua, name);
    }
    return (redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>)[name]!(...args);
  };
  // ISO timestamps sort as text, so a lexicographic index gives newest-first pages with a stable cursor.
  const auditEntry = (r: AuditRecord) =>
    [k('audit', r.tenantId, 'records'), k('audit', r.tenantId, 'index'), `${r.at}|${r.id}`, JSON.stringify(r)] as const;
  // A connection error is reported by the failing command; an unhandled 'error' event would crash the process.
  redis.on('error', () => {});
  const k = (...parts: string[]) => prefix + parts.join(':');
  const unsettledKey = k('idem-unsettled');
  // Kinds, tenants and states are encoded (encodeURIComponent escapes ':'), so no two of them share a key.
  const e = encodeURIComponent;
  const recPrefix = (kind: string) => `${prefix}rec:${e(kind)}:`;
  const dueKey = (kind: string) => `${prefix}rdue:${e(kind)}`;
  const setKey = (kind: string, tenantId?: string, state?: string) =>
    `${prefix}rix:${e(kind)}${tenantId !== undefined ? `:t:${e(tenantId)}` : ''}${state !== undefined ? `:s:${e(state)}` : ''}`;
  const setsOf = (kind: string, i: RecordIndex) => [
    setKey(kind),
    setKey(kind, i.tenantId),
    ...(i.state !== undefined ? [setKey(kind, undefined, i.state), setKey(kind, i.tenantId, i.state)] : []),
  ];
  const writeRecord = async (
    mode: 'create' | 'update',
    kind: string,
    id: string,
    expected: number,
    value: unknown,
    index: RecordIndex,
    ttlMs: number | undefined,
  ): Promise<boolean> => {
    const ix = indexOf(index);
    const r = await script(
      REC_WRITE,
      2,
      recPrefix(kind) + id,
      dueKey(kind),
      String(expected),
      JSON.stringify(value) ?? 'null',
      JSON.stringify(ix),
      recordCursor({ id, index: ix }),
      JSON.stringify(setsOf(kind, ix)),
      ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs))),
      ix.dueAtMs === undefined ? '' : String(ix.dueAtMs),
      id,
      mode,
    );
    return r === 1;
  };
  // A connection in subscriber mode can run no other command, so subscriptions get a second connection, opened on
  // the first subscribe; ioredis subscribes it again by itself after a reconnect. Channels carry the prefix, so
  // deployments sharing a Redis under different prefixes do not hear each other.
  const channelPrefix = k('ps') + ':';
  let subscriber: Redis | undefined;
  const pubsub = createFanout({
    async publish(channel, message) {
      await redis.publish(channelPrefix + channel, message);
    },
    async listen(channel) {
      if (!subscriber) {
        const s = (subscriber = redis.duplicate());
        s.on('error', () => {});
        s.on('message', (ch: string, message: string) => {
          if (ch.startsWith(channelPrefix)) pubsub.dispatch(ch.slice(channelPrefix.length), message);
        });
      }
      await subscriber.subscribe(channelPrefix + channel);
    },
    async unlisten(channel) {
      await subscriber?.unsubscribe(channelPrefix + channel);
    },
    async close() {
      const s = subscriber;
      subscriber = undefined;
      if (s) await s.quit().catch(() => s.disconnect());
    },
  });

  return {
    kind: 'redis',
    pubsub,
    async createRecord(kind, id, value, index, ttlMs) {
      return writeRecord('create', kind, id, 0, value, index, ttlMs);
    },
    async getRecord<T>(kind: string, id: string) {
      const [v, ver, ix] = await redis.hmget(recPrefix(kind) + id, 'v', 'ver', 'ix');
      return v == null || ver == null || ix == null
        ? undefined
        : { kind, id, value: JSON.parse(v) as T, version: Number(ver), index: JSON.parse(ix) as RecordIndex };
    },
    async updateRecord(kind, id, expectedVersion, value, index, ttlMs) {
      return writeRecord('update', kind, id, expectedVersion, value, index, ttlMs);
    },
    async listRecords<T>(kind: string, q: { tenantId?: string; state?: string; limit: number; before?: string }) {
      if (q.limit <= 0) return [];
      const flat = (await script(
        REC_LIST,
        1,
        setKey(kind, q.tenantId, q.state),
        q.before === undefined ? '+' : `(${q.before}`,
        String(q.limit),
        recPrefix(kind),
        q.tenantId === undefined ? '0' : '1',
        q.tenantId ?? '',
        q.state === undefined ? '0' : '1',
        q.state ?? '',
      )) as string[];
      return storedRecordsOf<T>(kind, flat);
    },
    async listDue<T>(kind: string, nowMs: number, limit: number) {
      if (limit <= 0) return [];
      const flat = (await script(REC_DUE, 1, dueKey(kind), String(nowMs), String(limit), recPrefix(kind))) as string[];
      return storedRecordsOf<T>(kind, flat);
    },
    async acquireLease(name, owner, ttlMs) {
      return (await script(LEASE, 1, k('lease', name), owner, String(Math.max(1, Math.ceil(ttlMs))))) === 1;
    },
    async releaseLease(name, owner) {
      await script(UNLEASE, 1, k('lease', name), owner);
    },
    async begin(key, fingerprint, leaseMs, opts = {}): Promise<IdempotencyBegin> {
      const args = [
        key,
        fingerprint,
        String(Date.now()),
        String(leaseMs),
        String(opts.ttlMs ?? DAY_MS),
        opts.intent ? JSON.stringify(opts.intent) : '',
      ];
      // With a rate step, its window is the third key and its arguments follow the claim's; with a peek, the record's
      // hash is the last key and its fields lead the answer.
      const p = opts.peek;
      const rated = opts.rate;
      const step = rated ? hitArgs(rated.windowMs, rated.nowMs, rated.limit) : undefined;
      const keys = [
        k('idem', key),
        unsettledKey,
        ...(rated ? [k('rate', rated.key)] : []),
        ...(p ? [recPrefix(p.kind) + p.id] : []),
      ];
      const lua = rated ? (p ? PEEKED_RATED_BEGIN : RATED_BEGIN) : p ? PEEKED_BEGIN : BEGIN;
      let r = (await script(lua, keys.length, ...keys, ...args, ...(step?.args ?? []))) as (string | number | null)[];
      let withPeek: { peeked?: Peeked } = {};
      if (p) {
        const [v, ver, ix] = r as (string | null)[];
        const record =
          v == null || ver == null || ix == null
            ? undefined
            : {
                kind: p.kind,
                id: p.id,
                value: JSON.parse(v),
                version: Number(ver),
                index: JSON.parse(ix) as RecordIndex,
              };
        withPeek = { peeked: { record } };
        r = r.slice(3);
      }
      if (!rated || !step) return { ...claimOf(key, fingerprint, r as string[]), ...withPeek };
      // RATED_BEGIN always starts with {prev, curr, ok}.
      const { windowMs, nowMs, limit } = rated;
      const rate = slidingWindowResult(Number(r[0]), Number(r[1]), r[2] === 1, step.s, windowMs, nowMs, limit);
      if (!rate.allowed) return { state: 'rate_limited', rate, ...withPeek };
      return { ...claimOf(key, fingerprint, r.slice(3) as string[]), rate, ...withPeek };
    },
    async complete(key, fingerprint, response, ttlMs, state = 'succeeded', audit) {
      const args = [key, fingerprint, JSON.stringify(response), String(ttlMs), state];
      if (!audit) await script(COMPLETE, 2, k('idem', key), unsettledKey, ...args);
      else {
        const [records, index, member, json] = auditEntry(audit);
        await script(COMPLETE, 4, k('idem', key), unsettledKey, records, index, ...args, audit.id, json, member);
      }
    },
    async markUnknown(key, fingerprint, { reason, holdMs, ttlMs, intent }) {
      await script(
        UNKNOWN,
        2,
        k('idem', key),
        unsettledKey,
        key,
        fingerprint,
        reason,
        String(Date.now()),
        String(holdMs),
        String(ttlMs),
        intent ? JSON.stringify(intent) : '',
      );
    },
    async release(key, fingerprint) {
      await script(RELEASE, 2, k('idem', key), unsettledKey, key, fingerprint);
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
      const { s, args } = hitArgs(windowMs, nowMs, limit);
      const [prev, curr, ok] = (await script(HIT, 1, k('rate', key), ...args)) as number[];
      // HIT always returns {prev, curr, ok}.
      return slidingWindowResult(prev!, curr!, ok === 1, s, windowMs, nowMs, limit);
    },
    async append(record: AuditRecord) {
      const [records, index, member, json] = auditEntry(record);
      await redis.multi().hset(records, record.id, json).zadd(index, 0, member).exec();
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
      await pubsub.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
