import { createHash } from 'node:crypto';
import type { AuditRecord } from '@bwkit/contracts';
import pg from 'pg';
import {
  type AuditCursor,
  DAY_MS,
  type IdempotencyBegin,
  type IdempotencyClaim,
  type JobRef,
  type OrderRef,
  type Peeked,
  parseRecordCursor,
  type RateHit,
  type RecordIndex,
  type Store,
  type StoredResponse,
  slidingWindowResult,
} from './index.js';
import { createFanout } from './pubsub.js';
import { type IdemRow, idemRecordOf, NO_LIMIT, type RecRow, storedRecordOf } from './sql-rows.js';

/**
 * PostgreSQL — the durable shared store for several gateway instances: every claim, outcome and counter is one
 * atomic statement (an upsert or a conditional update), committed before the call returns, so a crash of a gateway
 * or of the database (with its default fsync and synchronous_commit) loses nothing that was acknowledged.
 * Synchronous like createRedisStore: it connects, and creates its tables (IF NOT EXISTS), on first use.
 */
export function createPostgresStore(url: string, opts: { schema?: string; poolSize?: number } = {}): Store {
  const schema = opts.schema;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  const t = (name: string) => (schema ? `"${schema}".${name}` : name);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    // A database that went away must fail requests quickly (503 store_unavailable), not hold them.
    connectionTimeoutMillis: 5000,
    query_timeout: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by a restarting server is reported here; the next query reconnects.
  pool.on('error', () => {});

  let ready: Promise<void> | undefined;
  const init = () => {
    ready ??= (async () => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        // Several instances starting together must not race on CREATE TABLE IF NOT EXISTS (it is not atomic).
        await c.query('SELECT pg_advisory_xact_lock(8347120951)');
        if (schema) await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await c.query(`
          CREATE TABLE IF NOT EXISTS ${t('idempotency')} (
            key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, intent TEXT, response TEXT,
            lease_until BIGINT NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT, expires_at BIGINT NOT NULL);
          CREATE INDEX IF NOT EXISTS idempotency_unsettled ON ${t('idempotency')} (lease_until) WHERE state IN ('running', 'unknown');
          CREATE INDEX IF NOT EXISTS idempotency_expiry ON ${t('idempotency')} (expires_at);
          CREATE TABLE IF NOT EXISTS ${t('rate_window')} (
            key TEXT PRIMARY KEY, start BIGINT NOT NULL, prev INTEGER NOT NULL, curr INTEGER NOT NULL, ok BOOLEAN NOT NULL,
            expires_at BIGINT NOT NULL);
          CREATE TABLE IF NOT EXISTS ${t('audit')} (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
          CREATE INDEX IF NOT EXISTS audit_by_tenant ON ${t('audit')} (tenant_id, at DESC, id DESC);
          CREATE TABLE IF NOT EXISTS ${t('jobs')} (job_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, ref TEXT NOT NULL, expires_at BIGINT NOT NULL);
          CREATE TABLE IF NOT EXISTS ${t('orders')} (order_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, ref TEXT NOT NULL, expires_at BIGINT NOT NULL);
          -- "C" collation: pages are ordered by the bytes of the ISO time and id, as in every other store.
          CREATE TABLE IF NOT EXISTS ${t('records')} (
            kind TEXT NOT NULL, id TEXT COLLATE "C" NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
            tenant_id TEXT NOT NULL, state TEXT, at TEXT COLLATE "C" NOT NULL, due_at BIGINT, expires_at BIGINT NOT NULL,
            PRIMARY KEY (kind, id));
          CREATE INDEX IF NOT EXISTS records_by_tenant ON ${t('records')} (kind, tenant_id, at DESC, id DESC);
          CREATE INDEX IF NOT EXISTS records_by_state ON ${t('records')} (kind, state, at DESC, id DESC);
          CREATE INDEX IF NOT EXISTS records_by_at ON ${t('records')} (kind, at DESC, id DESC);
          CREATE INDEX IF NOT EXISTS records_due ON ${t('records')} (kind, due_at) WHERE due_at IS NOT NULL;
          CREATE INDEX IF NOT EXISTS records_expiry ON ${t('records')} (expires_at);
          CREATE TABLE IF NOT EXISTS ${t('leases')} (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL);
        `);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    })().catch((e: unknown) => {
      ready = undefined; // try again on the next call
      throw e;
    });
    return ready;
  };
  // Every statement is a named prepared statement: each connection parses and plans it once, then only binds values.
  const names = new Map<string, string>();
  const q = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> => {
    await init();
    let name = names.get(sql);
    if (!name) names.set(sql, (name = `bwkit_${names.size}`));
    return (await pool.query<R>({ name, text: sql, values: params })).rows;
  };

  // Expired rows are swept now and then rather than on every request.
  let sinceSweep = 0;
  const maybeSweep = () => {
    if (++sinceSweep < 1000) return;
    sinceSweep = 0;
    const now = Date.now();
    void q(`DELETE FROM ${t('idempotency')} WHERE expires_at <= $1`, [now]).catch(() => {});
    void q(`DELETE FROM ${t('rate_window')} WHERE expires_at <= $1`, [now]).catch(() => {});
    void q(`DELETE FROM ${t('jobs')} WHERE expires_at <= $1`, [now]).catch(() => {});
    void q(`DELETE FROM ${t('orders')} WHERE expires_at <= $1`, [now]).catch(() => {});
    void q(`DELETE FROM ${t('records')} WHERE expires_at <= $1`, [now]).catch(() => {});
    void q(`DELETE FROM ${t('leases')} WHERE expires_at <= $1`, [now]).catch(() => {});
  };
  const recs = t('records');
  const recParams = (kind: string, id: string, value: unknown, index: RecordIndex) => [
    kind,
    id,
    JSON.stringify(value) ?? 'null',
    index.tenantId,
    index.state ?? null,
    index.at,
    index.dueAtMs ?? null,
    Date.now(),
  ];

  // LISTEN holds a session, so it gets a dedicated client of its own (a pooled one would hand the session on), opened on
  // the first subscribe and reconnected (listening again) when the connection drops; NOTIFY goes through the pool.
  // A channel name becomes an identifier, limited to 63 bytes and case-folded unless quoted: a hash of schema and
  // name (hex, so quoting is trivially safe) keeps any name legal and keeps schemas (deployments) apart.
  const pgChannel = (channel: string) =>
    'bwkit_' +
    createHash('sha256')
      .update(`${schema ?? ''}\0${channel}`)
      .digest('hex')
      .slice(0, 48);
  const listened = new Map<string, string>(); // hashed name -> channel
  let listener: Promise<pg.Client> | undefined;
  let pubsubClosed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  const connectListener = (): Promise<pg.Client> => {
    if (listener) return listener;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    const attempt: Promise<pg.Client> = (async () => {
      c.on('error', () => {}); // followed by 'end', handled below
      c.on('notification', (n) => {
        const channel = listened.get(n.channel);
        if (channel !== undefined) pubsub.dispatch(channel, n.payload ?? '');
      });
      c.on('end', () => {
        if (listener !== attempt) return;
        listener = undefined;
        if (!pubsubClosed && listened.size > 0) scheduleReconnect();
      });
      await c.connect();
      for (const name of listened.keys()) await c.query(`LISTEN "${name}"`);
      return c;
    })();
    listener = attempt;
    attempt.catch(() => {
      if (listener === attempt) listener = undefined;
      void c.end().catch(() => {});
    });
    return attempt;
  };
  // Messages published while the listener is away are missed (delivery is at most once); subscribers come back.
  const scheduleReconnect = () => {
    if (reconnectTimer || pubsubClosed) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (!pubsubClosed && listened.size > 0) connectListener().catch(() => scheduleReconnect());
    }, 1000);
    reconnectTimer.unref();
  };
  const pubsub = createFanout({
    async publish(channel, message) {
      // NOTIFY's payload must be shorter than 8000 bytes: the fanout refuses longer messages before this.
      await q('SELECT pg_notify($1, $2)', [pgChannel(channel), message]);
    },
    async listen(channel) {
      const name = pgChannel(channel);
      listened.set(name, channel);
      try {
        await (await connectListener()).query(`LISTEN "${name}"`);
      } catch (e) {
        listened.delete(name);
        throw e;
      }
    },
    async unlisten(channel) {
      const name = pgChannel(channel);
      listened.delete(name);
      const l = listener;
      if (l) await (await l).query(`UNLISTEN "${name}"`).catch(() => {});
    },
    async close() {
      pubsubClosed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const l = listener;
      listener = undefined;
      const c = await l?.catch(() => undefined);
      await c?.end().catch(() => {});
    },
  });

  const idem = t('idempotency');
  // A new claim, or the take-over of a record that expired: one statement, so two claimants never both win.
  const CLAIM = `INSERT INTO ${idem} AS i (key, fingerprint, state, intent, response, lease_until, attempts, reason, expires_at)
    VALUES ($1, $2, 'running', $3, NULL, $4::bigint + $5::bigint, 0, NULL, $4::bigint + $6::bigint)
    ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = 'running', intent = EXCLUDED.intent,
      response = NULL, lease_until = EXCLUDED.lease_until, attempts = 0, reason = NULL, expires_at = EXCLUDED.expires_at
    WHERE i.expires_at <= $4::bigint
    RETURNING key`;
  // An unknown outcome, or a running claim whose owner's lease ran out, handed to one reconciler.
  const TAKE = `UPDATE ${idem} SET state = 'unknown', lease_until = $3::bigint + $4::bigint, attempts = attempts + 1,
      reason = CASE WHEN state = 'unknown' THEN reason ELSE 'lease_expired' END
    WHERE key = $1 AND fingerprint = $2 AND state IN ('running', 'unknown') AND lease_until <= $3::bigint AND expires_at > $3::bigint
    RETURNING *`;

  // The whole sliding-window step in one statement: roll the two fixed windows forward, decide, count. Its parameters
  // start at $n: key, the current fixed window's start, the window, the share of the previous one still inside, limit.
  const hitUpsert = (n: number) => {
    const [key, s, w, r, limit] = [0, 1, 2, 3, 4].map((i) => `$${n + i}`);
    const prev = `CASE WHEN r.start >= ${s}::bigint THEN r.prev WHEN r.start = ${s}::bigint - ${w}::bigint THEN r.curr ELSE 0 END`;
    const curr = `CASE WHEN r.start >= ${s}::bigint THEN r.curr ELSE 0 END`;
    const allowed = `(${prev}) * ${r}::float8 + (${curr}) + 1 <= ${limit}::float8 + 1e-9`;
    return `INSERT INTO ${t('rate_window')} AS r (key, start, prev, curr, ok, expires_at)
        VALUES (${key}, ${s}::bigint, 0, CASE WHEN 1 <= ${limit}::float8 THEN 1 ELSE 0 END, 1 <= ${limit}::float8,
          ${s}::bigint + 2 * ${w}::bigint)
      ON CONFLICT (key) DO UPDATE SET
        prev = ${prev},
        curr = (${curr}) + (CASE WHEN ${allowed} THEN 1 ELSE 0 END),
        ok = ${allowed},
        start = GREATEST(r.start, ${s}::bigint), expires_at = GREATEST(r.expires_at, EXCLUDED.expires_at)
      RETURNING prev, curr, ok`;
  };
  const hitParams = (windowMs: number, nowMs: number, limit: number | undefined) => {
    const s = Math.floor(nowMs / windowMs) * windowMs;
    return { s, params: [s, windowMs, (windowMs - (nowMs - s)) / windowMs, limit ?? NO_LIMIT] };
  };
  // The rate limit's step and then CLAIM in one statement (one round trip): the claim's row is written only when the
  // step was allowed (a data-modifying CTE sees the other's RETURNING rows, not its table changes; they touch different tables).
  const RATED_CLAIM = `WITH hit AS (${hitUpsert(7)}),
    claim AS (
      INSERT INTO ${idem} AS i (key, fingerprint, state, intent, response, lease_until, attempts, reason, expires_at)
      SELECT $1, $2, 'running', $3, NULL, $4::bigint + $5::bigint, 0, NULL, $4::bigint + $6::bigint FROM hit WHERE hit.ok
      ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = 'running', intent = EXCLUDED.intent,
        response = NULL, lease_until = EXCLUDED.lease_until, attempts = 0, reason = NULL, expires_at = EXCLUDED.expires_at
      WHERE i.expires_at <= $4::bigint
      RETURNING key)
    SELECT hit.prev, hit.curr, hit.ok, EXISTS (SELECT 1 FROM claim) AS claimed FROM hit`;
  const HIT = hitUpsert(1);
  // BeginOptions.peek: the record read by the claim's own statement (its two parameters follow the claim's), as
  // getRecord() reads it — one round trip instead of two. It reads another table, so it sees the statement's snapshot.
  const peekJoin = (n: number) =>
    `LEFT JOIN ${t('records')} p ON p.kind = $${n} AND p.id = $${n + 1} AND p.expires_at > $4::bigint`;
  const CLAIM_PEEKED = `WITH claim AS (${CLAIM})
    SELECT EXISTS (SELECT 1 FROM claim) AS claimed, p.* FROM (SELECT 1) AS one ${peekJoin(7)}`;
  const RATED_CLAIM_PEEKED = `${RATED_CLAIM.replace(/ FROM hit$/, '')}, p.* FROM hit ${peekJoin(12)}`;
  const peekedOf = (row: Partial<RecRow<string>>): Peeked => ({
    record: row.kind == null ? undefined : storedRecordOf<unknown>(row as RecRow<string>),
  });

  return {
    kind: 'postgres',
    pubsub,
    // Each write is one statement (an upsert whose update applies only over an expired row, or a conditional update
    // on the version), so two instances never both win.
    async createRecord(kind, id, value, index, ttlMs) {
      maybeSweep();
      const rows = await q(
        `INSERT INTO ${recs} AS r (kind, id, value, version, tenant_id, state, at, due_at, expires_at)
          VALUES ($1, $2, $3, 1, $4, $5, $6, $7::bigint, $8::bigint + $9::bigint)
        ON CONFLICT (kind, id) DO UPDATE SET value = EXCLUDED.value, version = 1, tenant_id = EXCLUDED.tenant_id,
          state = EXCLUDED.state, at = EXCLUDED.at, due_at = EXCLUDED.due_at, expires_at = EXCLUDED.expires_at
        WHERE r.expires_at <= $8::bigint
        RETURNING 1`,
        [...recParams(kind, id, value, index), ttlMs],
      );
      return rows.length > 0;
    },
    async getRecord<T>(kind: string, id: string) {
      const [row] = await q<RecRow<string>>(`SELECT * FROM ${recs} WHERE kind = $1 AND id = $2 AND expires_at > $3`, [
        kind,
        id,
        Date.now(),
      ]);
      return row ? storedRecordOf<T>(row) : undefined;
    },
    async updateRecord(kind, id, expectedVersion, value, index, ttlMs) {
      const rows = await q(
        `UPDATE ${recs} SET value = $3, version = version + 1, tenant_id = $4, state = $5, at = $6,
          due_at = $7::bigint, expires_at = CASE WHEN $10::bigint IS NULL THEN expires_at ELSE $8::bigint + $10::bigint END
        WHERE kind = $1 AND id = $2 AND version = $9 AND expires_at > $8::bigint
        RETURNING 1`,
        [...recParams(kind, id, value, index), expectedVersion, ttlMs ?? null],
      );
      return rows.length > 0;
    },
    async listRecords<T>(kind: string, o: { tenantId?: string; state?: string; limit: number; before?: string }) {
      const params: unknown[] = [kind, Date.now()];
      const where = ['kind = $1', 'expires_at > $2'];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      if (o.tenantId !== undefined) where.push(`tenant_id = ${p(o.tenantId)}`);
      if (o.state !== undefined) where.push(`state = ${p(o.state)}`);
      if (o.before !== undefined) {
        const c = parseRecordCursor(o.before);
        where.push(`(at, id) < (${p(c.at)}::text COLLATE "C", ${p(c.id)}::text COLLATE "C")`);
      }
      const rows = await q<RecRow<string>>(
        `SELECT * FROM ${recs} WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC
        LIMIT ${p(Math.max(0, o.limit))}`,
        params,
      );
      return rows.map((r) => storedRecordOf<T>(r));
    },
    async listDue<T>(kind: string, nowMs: number, limit: number) {
      const rows = await q<RecRow<string>>(
        `SELECT * FROM ${recs} WHERE kind = $1 AND due_at IS NOT NULL AND due_at <= $2::bigint
        AND expires_at > $3::bigint ORDER BY due_at, id LIMIT $4`,
        [kind, nowMs, Date.now(), Math.max(0, limit)],
      );
      return rows.map((r) => storedRecordOf<T>(r));
    },
    async acquireLease(name, owner, ttlMs) {
      const now = Date.now();
      const rows = await q(
        `INSERT INTO ${t('leases')} AS l (name, owner, expires_at) VALUES ($1, $2, $3::bigint + $4::bigint)
        ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
        WHERE l.owner = EXCLUDED.owner OR l.expires_at <= $3::bigint
        RETURNING 1`,
        [name, owner, now, ttlMs],
      );
      return rows.length > 0;
    },
    async releaseLease(name, owner) {
      await q(`DELETE FROM ${t('leases')} WHERE name = $1 AND owner = $2`, [name, owner]);
    },
    async begin(key, fingerprint, leaseMs, o = {}): Promise<IdempotencyBegin> {
      maybeSweep();
      // The rate limit's step is taken once, with the first CLAIM.
      let rate: RateHit | undefined;
      // Read with the first CLAIM only.
      let peeked: Peeked | undefined;
      const answer = (c: IdempotencyClaim): IdempotencyBegin => ({
        ...c,
        ...(rate ? { rate } : {}),
        ...(peeked ? { peeked } : {}),
      });
      for (let attempt = 0; attempt < 3; attempt++) {
        const now = Date.now();
        const args = [
          key,
          fingerprint,
          o.intent ? JSON.stringify(o.intent) : null,
          now,
          leaseMs,
          Math.max(o.ttlMs ?? DAY_MS, leaseMs),
        ];
        let claimed: boolean;
        const peek = o.peek && !peeked ? [o.peek.kind, o.peek.id] : undefined;
        if (o.rate && !rate) {
          const { key: rateKey, windowMs, nowMs, limit } = o.rate;
          const { s, params } = hitParams(windowMs, nowMs, limit);
          const [row] = await q<
            { prev: number; curr: number; ok: boolean; claimed: boolean } & Partial<RecRow<string>>
          >(peek ? RATED_CLAIM_PEEKED : RATED_CLAIM, [...args, rateKey, ...params, ...(peek ?? [])]);
          // The hit's upsert always yields its row.
          if (peek) peeked = peekedOf(row!);
          rate = slidingWindowResult(row!.prev, row!.curr, row!.ok, s, windowMs, nowMs, limit);
          if (!rate.allowed) return { state: 'rate_limited', rate, ...(peeked ? { peeked } : {}) };
          claimed = row!.claimed;
        } else if (peek) {
          // One row always (the join is a LEFT JOIN of a one-row select).
          const [row] = await q<{ claimed: boolean } & Partial<RecRow<string>>>(CLAIM_PEEKED, [...args, ...peek]);
          peeked = peekedOf(row!);
          claimed = row!.claimed;
        } else {
          claimed = (await q(CLAIM, args)).length > 0;
        }
        if (claimed) return answer({ state: 'acquired' });
        const taken = await q<IdemRow<string>>(TAKE, [key, fingerprint, now, leaseMs]);
        const [took] = taken;
        if (took) return answer({ state: 'unknown', record: idemRecordOf(took) });
        const [row] = await q<IdemRow<string>>(`SELECT * FROM ${idem} WHERE key = $1`, [key]);
        if (!row || Number(row.expires_at) <= now) continue; // settled away or expired meanwhile: claim again
        if (row.fingerprint !== fingerprint) return answer({ state: 'mismatch' });
        // A settled row always carries its response (settle writes both).
        if (row.state === 'succeeded' || row.state === 'failed')
          return answer({ state: 'completed', response: JSON.parse(row.response!) as StoredResponse });
        if (Number(row.lease_until) > now) return answer({ state: 'in_progress' });
        // its lease ended between the statements: take it on the next pass
      }
      return answer({ state: 'in_progress' });
    },
    async complete(key, fingerprint, response, ttlMs, state = 'succeeded', audit) {
      const now = Date.now();
      // With an audit record: one statement (a data-modifying CTE runs whether or not the outcome row was written); a
      // retried write (the first one's answer was lost) finds its audit row already there.
      const withAudit = audit
        ? `WITH audit_row AS (INSERT INTO ${t('audit')} (id, tenant_id, at, record) VALUES ($7, $8, $9, $10) ON CONFLICT (id) DO NOTHING) `
        : '';
      await q(
        `${withAudit}INSERT INTO ${idem} AS i (key, fingerprint, state, intent, response, lease_until, attempts, reason, expires_at)
        VALUES ($1, $2, $3, NULL, $4, 0, 0, NULL, $5::bigint + $6::bigint)
        ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = EXCLUDED.state, response = EXCLUDED.response,
          lease_until = 0, expires_at = EXCLUDED.expires_at,
          intent = CASE WHEN i.expires_at <= $5::bigint THEN NULL ELSE i.intent END,
          attempts = CASE WHEN i.expires_at <= $5::bigint THEN 0 ELSE i.attempts END,
          reason = CASE WHEN i.expires_at <= $5::bigint THEN NULL ELSE i.reason END
        WHERE i.fingerprint = EXCLUDED.fingerprint OR i.expires_at <= $5::bigint`,
        [
          key,
          fingerprint,
          state,
          JSON.stringify(response),
          now,
          ttlMs,
          ...(audit ? [audit.id, audit.tenantId, audit.at, JSON.stringify(audit)] : []),
        ],
      );
    },
    async markUnknown(key, fingerprint, { reason, holdMs, ttlMs, intent }) {
      const now = Date.now();
      await q(
        `INSERT INTO ${idem} AS i (key, fingerprint, state, intent, response, lease_until, attempts, reason, expires_at)
        VALUES ($1, $2, 'unknown', $3, NULL, $4::bigint + $5::bigint, 0, $6, $4::bigint + $7::bigint)
        ON CONFLICT (key) DO UPDATE SET state = 'unknown', reason = EXCLUDED.reason, lease_until = EXCLUDED.lease_until,
          fingerprint = EXCLUDED.fingerprint,
          intent = CASE WHEN i.expires_at <= $4::bigint THEN EXCLUDED.intent ELSE COALESCE(i.intent, EXCLUDED.intent) END,
          attempts = CASE WHEN i.expires_at <= $4::bigint THEN 0 ELSE i.attempts END,
          response = CASE WHEN i.expires_at <= $4::bigint THEN NULL ELSE i.response END,
          expires_at = GREATEST(CASE WHEN i.expires_at <= $4::bigint THEN 0 ELSE i.expires_at END, EXCLUDED.expires_at)
        WHERE i.expires_at <= $4::bigint OR (i.fingerprint = EXCLUDED.fingerprint AND i.state IN ('running', 'unknown'))`,
        [key, fingerprint, intent ? JSON.stringify(intent) : null, now, holdMs, reason, ttlMs],
      );
    },
    async release(key, fingerprint) {
      await q(`DELETE FROM ${idem} WHERE key = $1 AND fingerprint = $2 AND state IN ('running', 'unknown')`, [
        key,
        fingerprint,
      ]);
    },
    async listUnsettled(nowMs, limit) {
      const rows = await q<IdemRow<string>>(
        `SELECT * FROM ${idem} WHERE state IN ('running', 'unknown') AND lease_until <= $1
        AND expires_at > $1 ORDER BY lease_until LIMIT $2`,
        [nowMs, limit],
      );
      return rows.map(idemRecordOf);
    },
    async inspect(key) {
      const [row] = await q<IdemRow<string>>(`SELECT * FROM ${idem} WHERE key = $1 AND expires_at > $2`, [
        key,
        Date.now(),
      ]);
      return row ? idemRecordOf(row) : undefined;
    },
    async hit(key, windowMs, nowMs, limit) {
      const { s, params } = hitParams(windowMs, nowMs, limit);
      const [row] = await q<{ prev: number; curr: number; ok: boolean }>(HIT, [key, ...params]);
      // An upsert with RETURNING always yields its row.
      return slidingWindowResult(row!.prev, row!.curr, row!.ok, s, windowMs, nowMs, limit);
    },
    async append(record: AuditRecord) {
      await q(`INSERT INTO ${t('audit')} (id, tenant_id, at, record) VALUES ($1, $2, $3, $4)`, [
        record.id,
        record.tenantId,
        record.at,
        JSON.stringify(record),
      ]);
    },
    async list(tenantId, { limit, before }: { limit: number; before?: AuditCursor }) {
      const rows = before
        ? await q<{ record: string }>(
            `SELECT record FROM ${t('audit')} WHERE tenant_id = $1 AND (at < $2 OR (at = $2 AND id < $3))
            ORDER BY at DESC, id DESC LIMIT $4`,
            [tenantId, before.at, before.id, limit],
          )
        : await q<{ record: string }>(
            `SELECT record FROM ${t('audit')} WHERE tenant_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
            [tenantId, limit],
          );
      return rows.map((r) => JSON.parse(r.record) as AuditRecord);
    },
    async putJob(jobId, ref: JobRef, ttlMs) {
      await q(
        `INSERT INTO ${t('jobs')} (job_id, tenant_id, ref, expires_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (job_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, ref = EXCLUDED.ref, expires_at = EXCLUDED.expires_at`,
        [jobId, ref.tenantId, JSON.stringify(ref), Date.now() + ttlMs],
      );
    },
    async getJob(jobId) {
      const [row] = await q<{ ref: string }>(`SELECT ref FROM ${t('jobs')} WHERE job_id = $1 AND expires_at > $2`, [
        jobId,
        Date.now(),
      ]);
      return row ? (JSON.parse(row.ref) as JobRef) : undefined;
    },
    async putOrder(orderId, ref: OrderRef, ttlMs) {
      await q(
        `INSERT INTO ${t('orders')} (order_id, tenant_id, ref, expires_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (order_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, ref = EXCLUDED.ref, expires_at = EXCLUDED.expires_at`,
        [orderId, ref.tenantId, JSON.stringify(ref), Date.now() + ttlMs],
      );
    },
    async getOrder(orderId) {
      const [row] = await q<{ ref: string }>(`SELECT ref FROM ${t('orders')} WHERE order_id = $1 AND expires_at > $2`, [
        orderId,
        Date.now(),
      ]);
      return row ? (JSON.parse(row.ref) as OrderRef) : undefined;
    },
    async ping() {
      try {
        return (await q<{ ok: number }>('SELECT 1 AS ok'))[0]?.ok === 1;
      } catch {
        return false;
      }
    },
    async close() {
      await pubsub.close();
      await pool.end().catch(() => {});
    },
  };
}
