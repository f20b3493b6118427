import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditRecord } from '@bwkit/contracts';
import type { AuditCursor, IdempotencyBegin, JobRef, OrderRef, Store, StoredResponse } from './index.js';

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
  db.exec(`
    CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, response TEXT, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS rate_limit (key TEXT PRIMARY KEY, count INTEGER NOT NULL, reset_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS audit (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS audit_by_tenant ON audit (tenant_id, at DESC, id DESC);
    CREATE TABLE IF NOT EXISTS jobs (
      job_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, region TEXT NOT NULL, created_at TEXT NOT NULL,
      expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS orders (
      order_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, ref TEXT NOT NULL, expires_at INTEGER NOT NULL);
  `);
  // Files written before job refs carried the optional fields get the column that holds them (JSON).
  const jobColumns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('jobs')").all();
  if (!jobColumns.some((c) => c.name === 'extra')) db.exec('ALTER TABLE jobs ADD COLUMN extra TEXT');

  const getIdem = db.prepare<[string], { fingerprint: string; state: string; response: string | null; expires_at: number }>(
    'SELECT fingerprint, state, response, expires_at FROM idempotency WHERE key = ?',
  );
  const putIdem = db.prepare(
    'INSERT OR REPLACE INTO idempotency (key, fingerprint, state, response, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const delIdem = db.prepare("DELETE FROM idempotency WHERE key = ? AND fingerprint = ? AND state = 'in_progress'");
  const sweepIdem = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
  const claim = db.transaction((key: string, fingerprint: string, leaseMs: number): IdempotencyBegin => {
    const row = getIdem.get(key);
    const t = now();
    if (!row || row.expires_at <= t) {
      putIdem.run(key, fingerprint, 'in_progress', null, t + leaseMs);
      return { state: 'acquired' };
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (row.state === 'completed') return { state: 'completed', response: JSON.parse(row.response!) as StoredResponse };
    return { state: 'in_progress' };
  });

  const getRate = db.prepare<[string], { count: number; reset_at: number }>('SELECT count, reset_at FROM rate_limit WHERE key = ?');
  const putRate = db.prepare('INSERT OR REPLACE INTO rate_limit (key, count, reset_at) VALUES (?, ?, ?)');
  const sweepRate = db.prepare('DELETE FROM rate_limit WHERE reset_at <= ?');
  const hit = db.transaction((key: string, windowMs: number, nowMs: number) => {
    const start = Math.floor(nowMs / windowMs) * windowMs;
    const row = getRate.get(key);
    const fresh = !row || row.reset_at <= nowMs;
    const count = fresh ? 1 : row.count + 1;
    const resetAtMs = fresh ? start + windowMs : row.reset_at;
    putRate.run(key, count, resetAtMs);
    return { count, resetAtMs };
  });

  const insertAudit = db.prepare('INSERT INTO audit (id, tenant_id, at, record) VALUES (?, ?, ?, ?)');
  const listAudit = db.prepare<[string, number], { record: string }>(
    'SELECT record FROM audit WHERE tenant_id = ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  const listAuditBefore = db.prepare<[string, string, string, string, number], { record: string }>(
    'SELECT record FROM audit WHERE tenant_id = ? AND (at < ? OR (at = ? AND id < ?)) ORDER BY at DESC, id DESC LIMIT ?',
  );

  const putJob = db.prepare(
    'INSERT OR REPLACE INTO jobs (job_id, tenant_id, region, created_at, extra, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const getJob = db.prepare<
    [string],
    { tenant_id: string; region: string; created_at: string; extra: string | null; expires_at: number }
  >('SELECT tenant_id, region, created_at, extra, expires_at FROM jobs WHERE job_id = ?');
  const putOrder = db.prepare('INSERT OR REPLACE INTO orders (order_id, tenant_id, ref, expires_at) VALUES (?, ?, ?, ?)');
  const getOrder = db.prepare<[string], { ref: string; expires_at: number }>(
    'SELECT ref, expires_at FROM orders WHERE order_id = ?',
  );

  // Expired rows are swept now and then rather than on every request.
  let sinceSweep = 0;
  const maybeSweep = () => {
    if (++sinceSweep < 1000) return;
    sinceSweep = 0;
    const t = now();
    sweepIdem.run(t);
    sweepRate.run(t);
  };

  return {
    kind: 'sqlite',
    async begin(key, fingerprint, leaseMs) {
      maybeSweep();
      return claim.immediate(key, fingerprint, leaseMs);
    },
    async complete(key, fingerprint, response: StoredResponse, ttlMs) {
      putIdem.run(key, fingerprint, 'completed', JSON.stringify(response), now() + ttlMs);
    },
    async release(key, fingerprint) {
      delIdem.run(key, fingerprint);
    },
    async hit(key, windowMs, nowMs) {
      return hit.immediate(key, windowMs, nowMs);
    },
    async append(record: AuditRecord) {
      insertAudit.run(record.id, record.tenantId, record.at, JSON.stringify(record));
    },
    async list(tenantId, { limit, before }: { limit: number; before?: AuditCursor }) {
      const rows = before
        ? listAuditBefore.all(tenantId, before.at, before.at, before.id, limit)
        : listAudit.all(tenantId, limit);
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
      db.close();
    },
  };
}
