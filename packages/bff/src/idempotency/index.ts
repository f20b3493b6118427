import { sha256Hex } from '@bwkit/huaweicloud';
import type { IdempotencyStore, StoredResponse } from '../store/index.js';
import { ProblemError } from '../problem/index.js';

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long a claim blocks duplicates if its owner dies mid-request. */
  leaseMs: number;
  /** How long a finished response is replayed. */
  ttlMs: number;
  /** How long a duplicate waits for the first request before answering 409 idempotency_in_progress. */
  waitMs: number;
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RunResult {
  response: StoredResponse;
  /**
   * false when the cloud certainly did not act (validation, throttling, a 5xx answer): the key is released so the
   * same submission can be retried. true whenever something may have been created: then every retry replays.
   */
  keep: boolean;
}

export type IdempotencyResult = { response: StoredResponse; replayed: boolean; waited: boolean };

/** Runs `run` at most once per (tenant-scoped) key; duplicates wait for it, replay it, or are refused. */
export async function withIdempotency(
  opts: IdempotencyOptions,
  key: string,
  fingerprint: string,
  run: () => Promise<RunResult>,
): Promise<IdempotencyResult> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + opts.waitMs;
  let waited = false;
  for (;;) {
    const claim = await opts.store.begin(key, fingerprint, opts.leaseMs);
    switch (claim.state) {
      case 'mismatch':
        throw new ProblemError(422, 'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key for a new submission.');
      case 'completed':
        return { response: claim.response, replayed: true, waited };
      case 'acquired': {
        let result: RunResult;
        try {
          result = await run();
        } catch (e) {
          await opts.store.release(key, fingerprint);
          throw e;
        }
        if (result.keep) await opts.store.complete(key, fingerprint, result.response, opts.ttlMs);
        else await opts.store.release(key, fingerprint);
        return { response: result.response, replayed: false, waited };
      }
      case 'in_progress':
        if (Date.now() >= deadline) {
          throw new ProblemError(409, 'idempotency_in_progress',
            'A request with this Idempotency-Key is still running; retry shortly to get its result.',
            { headers: { 'retry-after': '1' } });
        }
        waited = true;
        await sleep(opts.pollMs);
    }
  }
}

/** Stable JSON (sorted keys), so the same request always has the same fingerprint. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}

export async function fingerprintOf(parts: unknown): Promise<string> {
  return sha256Hex(stableStringify(parts));
}
