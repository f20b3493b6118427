import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditRecord } from '@bwkit/contracts';
import Database from 'better-sqlite3';
import {
  type AuditCursor,
  DAY_MS,
  type IdempotencyBegin,
  type IdempotencyClaim,
  type JobRef,
  type OrderRef,
  parseRecordCursor,
  type RateHit,
  type RateStep,
  type RecordIndex,
  type Store,
  type StoredResponse,
  slidingWindowResult,
} from './index.js';
import { createLocalPubSub, type PubSub } from './pubsub.js';
import { type IdemRow, idemRecordOf, NO_LIMIT, type RecRow, stateOf, storedRecordOf } from './sql-rows.js';

/**
 * The audit table is keyed by what it is listed by (a tenant's records, newest first): one b-tree written per record.
 * A rowid table keyed by id with an index by tenant wrote three (table, id index, tenant index). A retried write of
 * the same record (same tenant, time and id) is still recognised by the key.
 */
const AUDIT_COLUMNS =
  'tenant_id TEXT NOT NULL, at TEXT NOT NULL, id TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (tenant_id, at, id)';

/** Notifications reach every store opened on the same file in this process (other processes are not told). */
const buses = new Map<string, { bus: ReturnType<typeof createLocalPubSub>; users: number }>();

/**
 * SQLite (a file) — the default store: survives restarts, and several processes on one host may share the file
 * (claims run in IMMEDIATE transactions, so two of them never both acquire a key).
 */
export function createSqliteStore(path: string, now: () => number = Date.now): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // A checkpoint copies each page in the WAL to the file once, however often it was written since the last one, and
  // syncs twice (blocking the process): every 4000 pages instead of the default 1000, the hot pages (the rate window,
  // the last leaves of the tables and indexes) are copied a quarter as often. Measured per purchase (begin with rate +
  // complete with audit, 20000 in a row): file pages 0.68 -> 0.50 (sequential keys), 1.50 -> 0.91 (random keys);
  // fsyncs 0.035 -> 0.009. 10000 pages saved a little more (0.46, 0.66) for a 2.5x larger WAL and 2.5x longer stalls.
  // The WAL stays under ~17 MB (4000 x (4096 + 24) bytes); one that grew past 64 MB while a long read held the
  // checkpoint back is cut back to that size when it next restarts.
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma('journal_size_limit = 67108864');
  db.exec(`
    CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, response TEXT, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS rate_window (
      key TEXT PRIMARY KEY, start INTEGER NOT NULL, prev INTEGER NOT NULL, curr INTEGER NOT NULL, ok INTEGER NOT NULL,
      expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS audit (${AUDIT_COLUMNS}) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS jobs (
      job_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, region TEXT NOT NULL, created_at TEXT NOT NULL,
      expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS orders (
      order_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, ref TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS records (
      kind TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL, tenant_id TEXT NOT NULL,
      state TEXT, at TEXT NOT NULL, due_at INTEGER, expires_at INTEGER NOT NULL, PRIMARY KEY (kind, id));
    CREATE INDEX IF NOT EXISTS records_by_tenant ON records (kind, tenant_id, at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS records_by_state ON records (kind, state, at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS records_by_at ON records (kind, at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS records_due ON records (kind, due_at) WHERE due_at IS NOT NULL;
    CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
  `);
  // Files written by earlier versions kept the audit in a rowid table keyed by id, with an index by tenant: three
  // b-trees written per record. It is copied once into the table above (the order it is listed in is its key), in a
  // write transaction that looks again, so two processes opening the same old file do it once. An index an earlier
  // version creates again on the new table (it runs CREATE INDEX IF NOT EXISTS) is dropped: it would only cost writes.
  const auditTableSql = () =>
    db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'audit'").get()
      ?.sql ?? '';
  if (!/WITHOUT ROWID/i.test(auditTableSql())) {
    db.transaction(() => {
      if (/WITHOUT ROWID/i.test(auditTableSql())) return;
      db.exec(`
        CREATE TABLE audit_by_key (${AUDIT_COLUMNS}) WITHOUT ROWID;
        INSERT OR IGNORE INTO audit_by_key (tenant_id, at, id, record) SELECT tenant_id, at, id, record FROM audit;
        DROP TABLE audit;
        ALTER TABLE audit_by_key RENAME TO audit;
      `);
    }).immediate();
  }
  db.exec('DROP INDEX IF EXISTS audit_by_tenant');
  // Files written by earlier versions get the columns added since (job ref extras; intent, lease and reconciliation).
  const addColumns = (table: string, columns: Record<string, string>) => {
    const have = new Set(
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((c) => c.name),
    );
    for (const [name, type] of Object.entries(columns))
      if (!have.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  };
  addColumns('jobs', { extra: 'TEXT' });
  addColumns('idempotency', {
    intent: 'TEXT',
    lease_until: 'INTEGER NOT NULL DEFAULT 0',
    attempts: 'INTEGER NOT NULL DEFAULT 0',
    reason: 'TEXT',
  });
  db.exec(
    "CREATE INDEX IF NOT EXISTS idempotency_unsettled ON idempotency (lease_until) WHERE state IN ('running', 'unknown', 'in_progress')",
  );

  const getIdem = db.prepare<[string], IdemRow>('SELECT * FROM idempotency WHERE key = ?');
  const insertIdem = db.prepare(
    'INSERT INTO idempotency (key, fingerprint, state, intent, response, lease_until, attempts, reason, expires_at) ' +
      'VALUES (@key, @fingerprint, @state, @intent, @response, @lease_until, @attempts, @reason, @expires_at) ' +
      'ON CONFLICT (key) DO NOTHING',
  );
  const takeForReconcile = db.prepare(
    "UPDATE idempotency SET state = 'unknown', lease_until = ?, attempts = attempts + 1, " +
      "reason = CASE WHEN state = 'unknown' THEN reason ELSE 'lease_expired' END WHERE key = ?",
  );
  const setUnknown = db.prepare(
    "UPDATE idempotency SET state = 'unknown', reason = ?, lease_until = ?, expires_at = MAX(expires_at, ?) WHERE key = ?",
  );
  const delIdem = db.prepare(
    "DELETE FROM idempotency WHERE key = ? AND fingerprint = ? AND state IN ('running', 'unknown', 'in_progress')",
  );
  const unsettled = db.prepare<[number, number, number], IdemRow>(
    "SELECT * FROM idempotency WHERE state IN ('running', 'unknown', 'in_progress') AND lease_until <= ? AND expires_at > ? " +
      'ORDER BY lease_until LIMIT ?',
  );
  const sweepIdem = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
  // A new key is one INSERT (its table, key and unsettled-index pages); a key whose record expired is taken over by an
  // UPDATE in place, not INSERT OR REPLACE, which deletes and re-inserts the row (a new rowid: the old leaf rebalanced
  // with its siblings, the key index rewritten) and so wrote several more WAL pages per claim.
  const renewIdem = db.prepare(
    'UPDATE idempotency SET fingerprint = @fingerprint, state = @state, intent = @intent, response = NULL, ' +
      'lease_until = @lease_until, attempts = 0, reason = @reason, expires_at = @expires_at WHERE key = @key',
  );
  /** Writes a fresh record for `key`: over `row` (expired) when there is one, else a new row. */
  const freshIdem = (row: IdemRow | undefined, p: Record<string, unknown>) =>
    row ? renewIdem.run(p) : insertIdem.run({ ...p, response: null, attempts: 0 });
  const claimRow = (
    key: string,
    fingerprint: string,
    leaseMs: number,
    intent: string | null,
    ttlMs: number,
  ): IdempotencyClaim => {
    const t = now();
    const fresh = {
      key,
      fingerprint,
      state: 'running',
      intent,
      lease_until: t + leaseMs,
      reason: null,
      expires_at: t + Math.max(ttlMs, leaseMs),
    };
    // The common case (a key never seen) in one statement; the row is read only when the key exists.
    if (insertIdem.run({ ...fresh, response: null, attempts: 0 }).changes > 0) return { state: 'acquired' };
    const row = getIdem.get(key)!; // exists: the insert above met it, in this same transaction
    if (row.expires_at <= t) {
      renewIdem.run(fresh);
      return { state: 'acquired' };
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    const state = stateOf(row.state);
    // A settled row always carries its response (settle writes both).
    if (state === 'succeeded' || state === 'failed')
      return { state: 'completed', response: JSON.parse(row.response!) as StoredResponse };
    if (row.lease_until > t) return { state: 'in_progress' };
    takeForReconcile.run(t + leaseMs, key);
    return { state: 'unknown', record: idemRecordOf(getIdem.get(key)!) }; // read in this same transaction above
  };
  // The outcome is written by an UPDATE of the key's own row (its intent, attempts and reason stay as they are), so
  // only the row's leaf and the unsettled index (the row leaves it) are rewritten; a row that is another request's
  // live key is not touched. Only when no row is left (swept, or the store lost it) is one inserted.
  const settleIdem = db.prepare(
    'UPDATE idempotency SET fingerprint = @fingerprint, state = @state, response = @response, lease_until = 0, ' +
      'expires_at = @expires_at WHERE key = @key AND (fingerprint = @fingerprint OR expires_at <= @now)',
  );
  const settle = db.transaction(
    (key: string, fingerprint: string, response: StoredResponse, ttlMs: number, state: string) => {
      const t = now();
      const p = { key, fingerprint, state, response: JSON.stringify(response), expires_at: t + ttlMs, now: t };
      if (settleIdem.run(p).changes > 0) return;
      // No row, or another request's live one (then this insert does nothing).
      insertIdem.run({ ...p, intent: null, lease_until: 0, attempts: 0, reason: null });
    },
  );
  const unknown = db.transaction(
    (key: string, fingerprint: string, reason: string, holdMs: number, ttlMs: number, intent: string | null) => {
      const row = getIdem.get(key);
      const t = now();
      if (row && row.expires_at > t) {
        const state = stateOf(row.state);
        if (row.fingerprint !== fingerprint || state === 'succeeded' || state === 'failed') return;
        setUnknown.run(reason, t + holdMs, t + ttlMs, key);
        return;
      }
      freshIdem(row, {
        key,
        fingerprint,
        state: 'unknown',
        intent,
        lease_until: t + holdMs,
        reason,
        expires_at: t + ttlMs,
      });
    },
  );

  // The whole sliding-window step in one statement: roll the two fixed windows forward, decide, count.
  const allowed =
    '(CASE WHEN start >= @s THEN prev WHEN start = @s - @w THEN curr ELSE 0 END) * @r + ' +
    '(CASE WHEN start >= @s THEN curr ELSE 0 END) + 1 <= @limit + 1e-9';
  const hitStmt = db.prepare<
    { key: string; s: number; w: number; r: number; limit: number; exp: number },
    { prev: number; curr: number; ok: number }
  >(
    `INSERT INTO rate_window (key, start, prev, curr, ok, expires_at) VALUES (@key, @s, 0, CASE WHEN 1 <= @limit THEN 1 ELSE 0 END,
       CASE WHEN 1 <= @limit THEN 1 ELSE 0 END, @exp)
     ON CONFLICT(key) DO UPDATE SET
       prev = CASE WHEN start >= @s THEN prev WHEN start = @s - @w THEN curr ELSE 0 END,
       curr = (CASE WHEN start >= @s THEN curr ELSE 0 END) + (CASE WHEN ${allowed} THEN 1 ELSE 0 END),
       ok = CASE WHEN ${allowed} THEN 1 ELSE 0 END,
       start = MAX(start, @s), expires_at = MAX(expires_at, @exp)
     RETURNING prev, curr, ok`,
  );
  const sweepRate = db.prepare('DELETE FROM rate_window WHERE expires_at <= ?');
  const hit = (key: string, windowMs: number, nowMs: number, limit?: number): RateHit => {
    const s = Math.floor(nowMs / windowMs) * windowMs;
    // An upsert with RETURNING always yields its row.
    const row = hitStmt.get({
      key,
      s,
      w: windowMs,
      r: (windowMs - (nowMs - s)) / windowMs,
      limit: limit ?? NO_LIMIT,
      exp: s + 2 * windowMs,
    })!;
    return slidingWindowResult(row.prev, row.curr, row.ok === 1, s, windowMs, nowMs, limit);
  };
  // The claim in one IMMEDIATE transaction (one commit): with BeginOptions.rate the rate limit's step is taken in it
  // first (a refused step claims nothing), with BeginOptions.peek the record is read in it, as getRecord() answers.
  const claim = db.transaction(
    (
      key: string,
      fingerprint: string,
      leaseMs: number,
      intent: string | null,
      ttlMs: number,
      r: RateStep | undefined,
      peek: { kind: string; id: string } | undefined,
    ): IdempotencyBegin => {
      const rec = peek && getRec.get(peek.kind, peek.id, now());
      const peeked = peek ? { peeked: { record: rec ? storedRecordOf<unknown>(rec) : undefined } } : {};
      if (!r) return { ...claimRow(key, fingerprint, leaseMs, intent, ttlMs), ...peeked };
      const rate = hit(r.key, r.windowMs, r.nowMs, r.limit);
      if (!rate.allowed) return { state: 'rate_limited', rate, ...peeked };
      return { ...claimRow(key, fingerprint, leaseMs, intent, ttlMs), rate, ...peeked };
    },
  );

  const insertAudit = db.prepare('INSERT INTO audit (id, tenant_id, at, record) VALUES (?, ?, ?, ?)');
  // The outcome and its audit record in one transaction (one commit instead of two). A retried write (the first one's
  // answer was lost) must not fail on the record it already stored.
  const insertAuditOnce = db.prepare('INSERT OR IGNORE INTO audit (id, tenant_id, at, record) VALUES (?, ?, ?, ?)');
  const settleAudited = db.transaction(
    (key: string, fingerprint: string, response: StoredResponse, ttlMs: number, state: string, a: AuditRecord) => {
      settle(key, fingerprint, response, ttlMs, state);
      insertAuditOnce.run(a.id, a.tenantId, a.at, JSON.stringify(a));
    },
  );
  const listAudit = db.prepare<[string, number], { record: string }>(
    'SELECT record FROM audit WHERE tenant_id = ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  const listAuditBefore = db.prepare<[string, string, string, number], { record: string }>(
    'SELECT record FROM audit WHERE tenant_id = ? AND (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?',
  );

  const putJob = db.prepare(
    'INSERT OR REPLACE INTO jobs (job_id, tenant_id, region, created_at, extra, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const getJob = db.prepare<
    [string],
    { tenant_id: string; region: string; created_at: string; extra: string | null; expires_at: number }
  >('SELECT tenant_id, region, created_at, extra, expires_at FROM jobs WHERE job_id = ?');
  const putOrder = db.prepare(
    'INSERT OR REPLACE INTO orders (order_id, tenant_id, ref, expires_at) VALUES (?, ?, ?, ?)',
  );
  const getOrder = db.prepare<[string], { ref: string; expires_at: number }>(
    'SELECT ref, expires_at FROM orders WHERE order_id = ?',
  );

  // Records: each write is one statement (an upsert whose update applies only over an expired row, or a
  // conditional update on the version), so two writers never both win.
  const createRec = db.prepare(
    `INSERT INTO records (kind, id, value, version, tenant_id, state, at, due_at, expires_at)
       VALUES (@kind, @id, @value, 1, @tenant, @state, @at, @due, @now + @ttl)
     ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value, version = 1, tenant_id = excluded.tenant_id,
       state = excluded.state, at = excluded.at, due_at = excluded.due_at, expires_at = excluded.expires_at
     WHERE records.expires_at <= @now`,
  );
  const updateRec = db.prepare(
    `UPDATE records SET value = @value, version = version + 1, tenant_id = @tenant, state = @state, at = @at, due_at = @due,
       expires_at = CASE WHEN @ttl IS NULL THEN expires_at ELSE @now + @ttl END
     WHERE kind = @kind AND id = @id AND version = @version AND expires_at > @now`,
  );
  const getRec = db.prepare<[string, string, number], RecRow>(
    'SELECT * FROM records WHERE kind = ? AND id = ? AND expires_at > ?',
  );
  const dueRecs = db.prepare<[string, number, number, number], RecRow>(
    'SELECT * FROM records WHERE kind = ? AND due_at IS NOT NULL AND due_at <= ? AND expires_at > ? ORDER BY due_at, id LIMIT ?',
  );
  const takeLease = db.prepare(
    `INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @now + @ttl)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE leases.owner = excluded.owner OR leases.expires_at <= @now`,
  );
  const dropLease = db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
  const sweepRecs = db.prepare('DELETE FROM records WHERE expires_at <= ?');
  const sweepLeases = db.prepare('DELETE FROM leases WHERE expires_at <= ?');
  const recParams = (kind: string, id: string, value: unknown, index: RecordIndex) => ({
    kind,
    id,
    value: JSON.stringify(value) ?? 'null',
    tenant: index.tenantId,
    state: index.state ?? null,
    at: index.at,
    due: index.dueAtMs ?? null,
    now: now(),
  });

  const busKey = path === ':memory:' ? Symbol('private') : path;
  let pubsub: PubSub;
  if (typeof busKey === 'string') {
    const shared = buses.get(busKey) ?? { bus: createLocalPubSub(), users: 0 };
    shared.users++;
    buses.set(busKey, shared);
    pubsub = shared.bus;
  } else {
    pubsub = createLocalPubSub();
  }
  let closed = false;

  // Expired rows are swept now and then rather than on every request.
  let sinceSweep = 0;
  const maybeSweep = () => {
    if (++sinceSweep < 1000) return;
    sinceSweep = 0;
    const t = now();
    sweepIdem.run(t);
    sweepRate.run(t);
    sweepRecs.run(t);
    sweepLeases.run(t);
  };

  return {
    kind: 'sqlite',
    pubsub,
    async createRecord(kind, id, value, index, ttlMs) {
      maybeSweep();
      return createRec.run({ ...recParams(kind, id, value, index), ttl: ttlMs }).changes > 0;
    },
    async getRecord<T>(kind: string, id: string) {
      const row = getRec.get(kind, id, now());
      return row ? storedRecordOf<T>(row) : undefined;
    },
    async updateRecord(kind, id, expectedVersion, value, index, ttlMs) {
      return (
        updateRec.run({ ...recParams(kind, id, value, index), version: expectedVersion, ttl: ttlMs ?? null }).changes >
        0
      );
    },
    async listRecords<T>(kind: string, q: { tenantId?: string; state?: string; limit: number; before?: string }) {
      const where = ['kind = ?', 'expires_at > ?'];
      const params: unknown[] = [kind, now()];
      if (q.tenantId !== undefined) {
        where.push('tenant_id = ?');
        params.push(q.tenantId);
      }
      if (q.state !== undefined) {
        where.push('state = ?');
        params.push(q.state);
      }
      if (q.before !== undefined) {
        const c = parseRecordCursor(q.before);
        where.push('(at < ? OR (at = ? AND id < ?))');
        params.push(c.at, c.at, c.id);
      }
      params.push(Math.max(0, q.limit));
      const rows = db
        .prepare<unknown[], RecRow>(
          `SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(...params);
      return rows.map((r) => storedRecordOf<T>(r));
    },
    async listDue<T>(kind: string, nowMs: number, limit: number) {
      return dueRecs.all(kind, nowMs, now(), Math.max(0, limit)).map((r) => storedRecordOf<T>(r));
    },
    async acquireLease(name, owner, ttlMs) {
      return takeLease.run({ name, owner, ttl: ttlMs, now: now() }).changes > 0;
    },
    async releaseLease(name, owner) {
      dropLease.run(name, owner);
    },
    async begin(key, fingerprint, leaseMs, opts = {}): Promise<IdempotencyBegin> {
      maybeSweep();
      const intent = opts.intent ? JSON.stringify(opts.intent) : null;
      const ttlMs = opts.ttlMs ?? DAY_MS;
      return claim.immediate(key, fingerprint, leaseMs, intent, ttlMs, opts.rate, opts.peek);
    },
    async complete(key, fingerprint, response: StoredResponse, ttlMs, state = 'succeeded', audit) {
      if (audit) settleAudited.immediate(key, fingerprint, response, ttlMs, state, audit);
      else settle.immediate(key, fingerprint, response, ttlMs, state);
    },
    async markUnknown(key, fingerprint, { reason, holdMs, ttlMs, intent }) {
      unknown.immediate(key, fingerprint, reason, holdMs, ttlMs, intent ? JSON.stringify(intent) : null);
    },
    async release(key, fingerprint) {
      delIdem.run(key, fingerprint);
    },
    async listUnsettled(nowMs, limit) {
      return unsettled.all(nowMs, nowMs, limit).map(idemRecordOf);
    },
    async inspect(key) {
      const row = getIdem.get(key);
      return row && row.expires_at > now() ? idemRecordOf(row) : undefined;
    },
    async hit(key, windowMs, nowMs, limit) {
      return hit(key, windowMs, nowMs, limit);
    },
    async append(record: AuditRecord) {
      insertAudit.run(record.id, record.tenantId, record.at, JSON.stringify(record));
    },
    async list(tenantId, { limit, before }: { limit: number; before?: AuditCursor }) {
      const rows = before ? listAuditBefore.all(tenantId, before.at, before.id, limit) : listAudit.all(tenantId, limit);
      return rows.map((r) => JSON.parse(r.record) as AuditRecord);
    },
    async putJob(jobId, ref: JobRef, ttlMs) {
      const { tenantId, region, createdAt, ...extra } = ref;
      putJob.run(jobId, tenantId, region, createdAt, JSON.stringify(extra), now() + ttlMs);
    },
    async getJob(jobId) {
      const row = getJob.get(jobId);
      if (!row || row.expires_at <= now()) return undefined;
      const extra = row.extra ? (JSON.parse(row.extra) as Partial<JobRef>) : {};
      return { ...extra, tenantId: row.tenant_id, region: row.region, createdAt: row.created_at };
    },
    async putOrder(orderId, ref: OrderRef, ttlMs) {
      putOrder.run(orderId, ref.tenantId, JSON.stringify(ref), now() + ttlMs);
    },
    async getOrder(orderId) {
      const row = getOrder.get(orderId);
      if (!row || row.expires_at <= now()) return undefined;
      return JSON.parse(row.ref) as OrderRef;
    },
    async ping() {
      return db.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (typeof busKey === 'string') {
        const shared = buses.get(busKey);
        if (shared && --shared.users === 0) {
          shared.bus.close();
          buses.delete(busKey);
        }
      } else {
        (pubsub as ReturnType<typeof createLocalPubSub>).close();
      }
      db.close();
    },
  };
}
