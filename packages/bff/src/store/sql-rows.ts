/**
 * Rows of the SQL stores (SQLite and PostgreSQL share their table shapes) read back as the store's types. No driver
 * here: each adapter runs its own statements and hands the rows to these.
 */
import { type IdempotencyRecord, type IdempotencyState, type StoredRecord, type StoredResponse } from './index.js';

/** A `records` row; `N` is how BIGINT columns come back: strings from PostgreSQL, numbers from SQLite. */
export interface RecRow<N extends number | string = number> {
  kind: string;
  id: string;
  value: string;
  version: number;
  tenant_id: string;
  state: string | null;
  at: string;
  due_at: N | null;
}

export function storedRecordOf<T>(row: RecRow<number | string>): StoredRecord<T> {
  return {
    kind: row.kind,
    id: row.id,
    value: JSON.parse(row.value) as T,
    version: Number(row.version),
    index: {
      tenantId: row.tenant_id,
      at: row.at,
      ...(row.state !== null ? { state: row.state } : {}),
      ...(row.due_at !== null ? { dueAtMs: Number(row.due_at) } : {}),
    },
  };
}

/** An idempotency row (`N` as for RecRow). */
export interface IdemRow<N extends number | string = number> {
  key: string;
  fingerprint: string;
  state: string;
  intent: string | null;
  response: string | null;
  lease_until: N;
  attempts: number;
  reason: string | null;
  expires_at: N;
}

/** Rows written by earlier versions (SQLite files) said in_progress/completed. */
export const stateOf = (s: string): IdempotencyState =>
  s === 'completed' ? 'succeeded' : s === 'in_progress' ? 'running' : (s as IdempotencyState);

export function idemRecordOf(row: IdemRow<number | string>): IdempotencyRecord {
  return {
    key: row.key,
    fingerprint: row.fingerprint,
    state: stateOf(row.state),
    leaseUntil: Number(row.lease_until),
    attempts: Number(row.attempts),
    ...(row.intent ? { intent: JSON.parse(row.intent) } : {}),
    ...(row.response ? { response: JSON.parse(row.response) as StoredResponse } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}

/** Larger than any limit, for rate hits counted without one. */
export const NO_LIMIT = 1e15;
