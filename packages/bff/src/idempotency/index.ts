import type { AuditRecord } from '@bwkit/contracts';
import { sha256Hex } from '@bwkit/huaweicloud';
import { ProblemError } from '../problem/index.js';
import type { Reconciled } from '../reconcile/index.js';
import type {
  IdempotencyBegin,
  IdempotencyIntent,
  IdempotencyRecord,
  IdempotencyState,
  IdempotencyStore,
  Peeked,
  RateHit,
  RateStep,
  StoredResponse,
} from '../store/index.js';

/*
 * The idempotency state machine. A key moves
 *
 *   (new) ──begin──▶ running ──cloud answered──▶ succeeded | failed        (final: replayed for ttlMs)
 *                       │ └──certainly not sent/refused before acting──▶ released (the key may run again)
 *                       └──timeout, reset, unreadable 2xx, 5xx after sending, crash (lease ran out)──▶ unknown
 *   unknown ──reconcile with the cloud──▶ succeeded (answered with the real resource) | released (not created:
 *            run it now) | unknown (409 outcome_unknown, saying what to check)
 *
 * An unknown key is never re-executed blindly: only a lookup in the cloud (the source of truth) may free it.
 */

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long a claim blocks duplicates; if its owner dies the key turns unknown after this. */
  leaseMs: number;
  /** How long a final response is replayed (and how long an unknown key stays blocked). */
  ttlMs: number;
  /** How long a duplicate waits for the first request before answering 409 idempotency_in_progress. */
  waitMs: number;
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * How long an unknown outcome is left alone before it is reconciled: a request the cloud received late may still
   * be acting after our call gave up, and a lookup before it lands would wrongly say "not created". Default 3 s.
   */
  settleMs?: number;
  now?: () => number;
  /** Every state transition and reconciliation attempt, for /metrics and logs. */
  observe?: (event: IdempotencyEvent) => void;
}

export type IdempotencyEvent =
  | {
      type: 'transition';
      from: IdempotencyState | 'new';
      to: IdempotencyState | 'released';
      reason?: string;
      key: string;
    }
  | { type: 'reconcile'; result: 'succeeded' | 'not_created' | 'unknown' | 'error'; attempt: number; key: string }
  | {
      type: 'store_error';
      op: 'begin' | 'complete' | 'markUnknown' | 'release';
      error: string;
      key: string;
      willRetry: boolean;
    }
  | { type: 'store_recovered'; op: 'complete' | 'markUnknown'; key: string; attempts: number };

/** What one execution ended with, as far as the cloud is concerned. */
export type RunResult =
  /** The cloud answered: created (`succeeded`) or refused (`failed`). Final, replayed. */
  | { response: StoredResponse; outcome: 'succeeded' | 'failed' }
  /** Certainly nothing happened in the cloud (not sent, throttled, refused credentials): the key is given back. */
  | { response: StoredResponse; outcome: 'not_acted' }
  /** The cloud may have acted and we cannot tell: the key stays blocked until reconciled. */
  | { response: StoredResponse; outcome: 'unknown'; reason: string };

export interface IdempotencyResult {
  response: StoredResponse;
  /** The answer of an earlier execution (stored, or reconciled), not of one run now. */
  replayed: boolean;
  waited: boolean;
  /**
   * executed: ran now and the cloud answered; unknown: ran now, outcome unknown; not_acted: ran now, nothing happened;
   * replayed: a stored final answer; reconciled: an unknown outcome looked up in the cloud and found created.
   */
  outcome: 'executed' | 'failed' | 'unknown' | 'not_acted' | 'replayed' | 'reconciled';
  /** The call's audit record went into the store with its final outcome (IdempotentCall.audit). */
  audited?: boolean;
}

export interface IdempotentCall {
  /** Recorded with the claim before anything is sent (intentAt is set here). */
  intent?: Omit<IdempotencyIntent, 'intentAt'>;
  /** Looks an unknown outcome up in the cloud. Without it an unknown key answers 409 outcome_unknown. */
  reconcile?: (intent: IdempotencyIntent) => Promise<Reconciled>;
  /** The audit record of a run that ended final (succeeded/failed), written in the same store step as its outcome. */
  audit?: (result: { response: StoredResponse; outcome: 'succeeded' | 'failed' }) => AuditRecord;
  /** The request's rate-limit step, taken by the first claim in the same store step (one round trip less). */
  rate?: RateInClaim;
  /** A record read by the first claim in the same store step and judged before the claim is acted on. */
  peek?: PeekInClaim;
}

/** A record read with the first claim (BeginOptions.peek): a round trip less than reading it before the claim. */
export interface PeekInClaim {
  kind: string;
  id: string;
  /**
   * Judges what the first claim read — right after the rate step's answer, before the claim's own answer is acted on.
   * `peeked` is undefined when the store did not read the record (a store that ignores BeginOptions.peek): read it
   * yourself. A response stops here and is answered as a replay, nothing run; throwing stops here too. Either way a
   * claim this request had just taken is given back first: a new one released (as an outcome that certainly did not
   * act), an unknown one handed out for reconciliation put back unknown, free for the next attempt at once.
   */
  check(peeked: Peeked | undefined): Promise<StoredResponse | undefined>;
}

/** A rate-limit step left to the claim (BeginOptions.rate). */
export interface RateInClaim {
  /** The step to take; asked for once, right before the first claim is sent (not on the polls that follow it). */
  step(): RateStep;
  /**
   * The claim's answer to the step, before anything else is done with the claim: it throws (429) to refuse. Undefined
   * when the store answered without taking the step.
   */
  answer(hit: RateHit | undefined): void;
}

export const SETTLED_HEADER = 'idempotency-settled';

/**
 * Runs `run` at most once per key, and never again while its outcome is unknown; duplicates wait for it, replay it,
 * have it reconciled, or are refused.
 */
export async function withIdempotency(
  opts: IdempotencyOptions,
  key: string,
  fingerprint: string,
  run: () => Promise<RunResult>,
  call: IdempotentCall = {},
): Promise<IdempotencyResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const observe = opts.observe ?? (() => {});
  const settleMs = opts.settleMs ?? 3000;
  const deadline = now() + opts.waitMs;
  const writes = writerFor(opts.store);
  let waited = false;
  let rate = call.rate;
  let peek = call.peek;
  for (;;) {
    // An outcome this process knows but could not store yet is the truth, whatever the store says (or fails to).
    const pending = writes.finalFor(key, fingerprint);
    if (pending) {
      return { response: pending, replayed: true, waited, outcome: 'replayed' };
    }
    const intent: IdempotencyIntent | undefined = call.intent
      ? { ...call.intent, intentAt: new Date(now()).toISOString() }
      : undefined;
    const step = rate?.step();
    let claim: IdempotencyBegin;
    try {
      claim = await opts.store.begin(key, fingerprint, opts.leaseMs, {
        ...(intent ? { intent } : {}),
        ttlMs: opts.ttlMs,
        ...(step ? { rate: step } : {}),
        ...(peek ? { peek: { kind: peek.kind, id: peek.id } } : {}),
      });
    } catch (e) {
      observe({ type: 'store_error', op: 'begin', error: errorText(e), key, willRetry: false });
      throw storeUnavailable();
    }
    if (rate) {
      const r = rate;
      rate = undefined;
      r.answer(claim.rate); // throws when the step was refused
    }
    if (peek) {
      const p = peek;
      peek = undefined;
      let stop: StoredResponse | undefined;
      try {
        stop = await p.check(claim.peeked);
      } catch (e) {
        await giveBack(opts, key, fingerprint, claim);
        throw e;
      }
      if (stop) {
        await giveBack(opts, key, fingerprint, claim);
        return { response: stop, replayed: true, waited, outcome: 'replayed' };
      }
    }
    switch (claim.state) {
      case 'rate_limited': {
        // answer() refuses first; this only guards a caller whose answer() does not.
        const retryS = Math.max(1, Math.ceil((claim.rate.resetAtMs - now()) / 1000));
        throw new ProblemError('rate_limited', `Too many requests; retry in ${retryS} s.`, {
          headers: { 'retry-after': String(retryS) },
        });
      }
      case 'mismatch':
        throw new ProblemError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key for a new submission.',
        );
      case 'completed':
        return { response: claim.response, replayed: true, waited, outcome: 'replayed' };
      case 'in_progress':
        if (now() >= deadline) {
          throw new ProblemError(
            'idempotency_in_progress',
            'A request with this Idempotency-Key is still running, or its outcome is being checked with the cloud; retry shortly to get its result.',
            { headers: { 'retry-after': '1' } },
          );
        }
        waited = true;
        await sleep(opts.pollMs);
        continue;
      case 'acquired': {
        observe({ type: 'transition', from: 'new', to: 'running', key });
        const leaseEnds = now() + opts.leaseMs;
        let result: RunResult;
        try {
          result = await run();
        } catch (e) {
          // run() classifies every failure it understands; anything escaping it may have happened after the call
          // was sent, so the key stays blocked rather than risk a second order.
          await markUnknown(opts, key, fingerprint, 'error', settleMs, intent, leaseEnds);
          throw e;
        }
        switch (result.outcome) {
          case 'succeeded':
          case 'failed':
            observe({ type: 'transition', from: 'running', to: result.outcome, key });
            await writes.final(key, fingerprint, result.response, result.outcome, opts, call.audit?.(result));
            return {
              response: result.response,
              replayed: false,
              waited,
              outcome: result.outcome === 'succeeded' ? 'executed' : 'failed',
              audited: call.audit !== undefined,
            };
          case 'not_acted':
            observe({ type: 'transition', from: 'running', to: 'released', key });
            await releaseClaim(opts, key, fingerprint);
            return { response: result.response, replayed: false, waited, outcome: 'not_acted' };
          case 'unknown':
            await markUnknown(opts, key, fingerprint, result.reason, settleMs, intent, leaseEnds);
            return { response: result.response, replayed: false, waited, outcome: 'unknown' };
        }
        break;
      }
      case 'unknown': {
        const settled = await reconcileClaim(opts, claim.record, call.reconcile);
        if (settled.state === 'succeeded')
          return { response: settled.response, replayed: true, waited, outcome: 'reconciled' };
        if (settled.state === 'unknown') {
          throw new ProblemError(
            'outcome_unknown',
            `Whether this request went through is not known yet, and it will not be sent again until it is. ${settled.check}`,
            { headers: { 'retry-after': String(Math.max(1, Math.ceil(settleMs / 1000))) } },
          );
        }
        // not_created: the key was released; the next pass claims it and runs the request now.
        continue;
      }
    }
  }
}

/**
 * Settles a key handed out as unknown (by a retry or the sweeper): the caller holds it for leaseMs. Returns the
 * stored answer when the cloud shows the resource, `not_created` after releasing the key, or `unknown` with what to check.
 */
export async function reconcileClaim(
  opts: IdempotencyOptions,
  record: IdempotencyRecord,
  reconcile: ((intent: IdempotencyIntent) => Promise<Reconciled>) | undefined,
): Promise<
  { state: 'succeeded'; response: StoredResponse } | { state: 'not_created' } | { state: 'unknown'; check: string }
> {
  const observe = opts.observe ?? (() => {});
  const { key, fingerprint } = record;
  let r: Reconciled;
  let errored = false;
  if (!record.intent || !reconcile) {
    r = {
      state: 'unknown',
      check:
        'What it was about to do was not recorded: look for the resource in the cloud console before submitting it again with a new key.',
    };
  } else {
    try {
      r = await reconcile(record.intent);
    } catch (e) {
      errored = true;
      r = {
        state: 'unknown',
        check: `The cloud could not be asked just now (${errorText(e)}); retry with the same Idempotency-Key shortly.`,
      };
    }
  }
  observe({ type: 'reconcile', result: errored ? 'error' : r.state, attempt: record.attempts, key });
  switch (r.state) {
    case 'succeeded': {
      const response: StoredResponse = {
        status: r.response.status,
        headers: { 'content-type': 'application/json', [SETTLED_HEADER]: 'reconciled' },
        body: JSON.stringify(r.response.body),
      };
      observe({ type: 'transition', from: 'unknown', to: 'succeeded', reason: 'reconciled', key });
      await writerFor(opts.store).final(key, fingerprint, response, 'succeeded', opts);
      return { state: 'succeeded', response };
    }
    case 'not_created':
      try {
        await opts.store.release(key, fingerprint);
      } catch (e) {
        observe({ type: 'store_error', op: 'release', error: errorText(e), key, willRetry: false });
        throw storeUnavailable();
      }
      observe({ type: 'transition', from: 'unknown', to: 'released', reason: 'not_created', key });
      return { state: 'not_created' };
    case 'unknown':
      // Free for the next attempt at once (the retry's Retry-After paces it), still blocked for execution.
      await opts.store
        .markUnknown(key, fingerprint, { reason: record.reason ?? 'unknown', holdMs: 0, ttlMs: opts.ttlMs })
        .catch((e: unknown) =>
          observe({ type: 'store_error', op: 'markUnknown', error: errorText(e), key, willRetry: false }),
        );
      observe({ type: 'transition', from: 'unknown', to: 'unknown', reason: record.reason ?? 'unknown', key });
      return { state: 'unknown', check: r.check };
  }
}

/**
 * Gives back a claim taken for nothing (PeekInClaim.check stopped the request): a new one is released, as an outcome
 * that certainly did not act; an unknown one stays unknown, free for the next attempt at once (as an inconclusive
 * reconciliation leaves it) — releasing it could let a purchase that may have happened run again. A failure to give
 * it back is safe: the claim's lease runs out and the key turns unknown, then reconciliation settles it.
 */
async function giveBack(opts: IdempotencyOptions, key: string, fingerprint: string, claim: IdempotencyBegin) {
  const observe = opts.observe ?? (() => {});
  if (claim.state === 'acquired') {
    observe({ type: 'transition', from: 'new', to: 'running', key });
    observe({ type: 'transition', from: 'running', to: 'released', key });
    await releaseClaim(opts, key, fingerprint);
  } else if (claim.state === 'unknown') {
    const reason = claim.record.reason ?? 'unknown';
    await opts.store
      .markUnknown(key, fingerprint, { reason, holdMs: 0, ttlMs: opts.ttlMs })
      .catch((e: unknown) =>
        observe({ type: 'store_error', op: 'markUnknown', error: errorText(e), key, willRetry: false }),
      );
    observe({ type: 'transition', from: 'unknown', to: 'unknown', reason, key });
  }
}

/**
 * Frees a claim whose run certainly did not act. If this fails the claim's lease runs out, the key turns unknown and
 * reconciliation frees it: safe, so the failure is only observed.
 */
async function releaseClaim(opts: IdempotencyOptions, key: string, fingerprint: string): Promise<void> {
  await opts.store
    .release(key, fingerprint)
    .catch((e: unknown) =>
      opts.observe?.({ type: 'store_error', op: 'release', error: errorText(e), key, willRetry: false }),
    );
}

async function markUnknown(
  opts: IdempotencyOptions,
  key: string,
  fingerprint: string,
  reason: string,
  holdMs: number,
  intent: IdempotencyIntent | undefined,
  leaseEnds: number,
): Promise<void> {
  (opts.observe ?? (() => {}))({ type: 'transition', from: 'running', to: 'unknown', reason, key });
  await writerFor(opts.store).unknown(
    key,
    fingerprint,
    { reason, holdMs, ttlMs: opts.ttlMs, ...(intent ? { intent } : {}) },
    leaseEnds,
    opts,
  );
}

/** Our own store cannot be reached before anything was sent: a temporary outage, never a 500. */
export function storeUnavailable(
  detail = 'The gateway cannot record this request right now, so it was not sent to the cloud. Retry shortly with the same Idempotency-Key.',
): ProblemError {
  return new ProblemError('store_unavailable', detail, { headers: { 'retry-after': '2' } });
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

// ---- writes that must not be lost ----------------------------------------------------------------------------------

/**
 * Outcomes the store refused to take are retried in the background, and a final one is answered from memory
 * meanwhile: the cloud has acted, so the caller gets the cloud's answer even while the store is down, and a retry of
 * the key on this instance replays it instead of running it again.
 */
interface PendingWriter {
  finalFor(key: string, fingerprint: string): StoredResponse | undefined;
  final(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    state: 'succeeded' | 'failed',
    opts: IdempotencyOptions,
    audit?: AuditRecord,
  ): Promise<void>;
  /** Retried only while this instance's claim lasts: after that the key is unknown anyway, and another owner may hold it. */
  unknown(
    key: string,
    fingerprint: string,
    u: Parameters<IdempotencyStore['markUnknown']>[2],
    until: number,
    opts: IdempotencyOptions,
  ): Promise<void>;
  /** How many outcomes wait for the store (tests, readiness). */
  readonly size: number;
}

const writers = new WeakMap<IdempotencyStore, PendingWriter>();
const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 30_000;

export function writerFor(store: IdempotencyStore): PendingWriter {
  let w = writers.get(store);
  if (w) return w;
  const finals = new Map<string, { fingerprint: string; response: StoredResponse }>();
  const retry = (
    op: 'complete' | 'markUnknown',
    key: string,
    attempt: () => Promise<void>,
    opts: IdempotencyOptions,
    stillWanted: () => boolean,
    done: () => void,
  ) => {
    let delay = RETRY_FIRST_MS;
    let attempts = 1;
    const tick = () => {
      if (!stillWanted()) return done();
      attempts++;
      attempt().then(
        () => {
          done();
          opts.observe?.({ type: 'store_recovered', op, key, attempts });
        },
        () => {
          delay = Math.min(RETRY_MAX_MS, delay * 2);
          setTimeout(tick, delay).unref?.();
        },
      );
    };
    setTimeout(tick, delay).unref?.();
  };
  w = {
    finalFor(key, fingerprint) {
      const f = finals.get(key);
      return f && f.fingerprint === fingerprint ? f.response : undefined;
    },
    async final(key, fingerprint, response, state, opts, audit) {
      const write = () => store.complete(key, fingerprint, response, opts.ttlMs, state, audit);
      try {
        await write();
      } catch (e) {
        const started = (opts.now ?? Date.now)();
        opts.observe?.({ type: 'store_error', op: 'complete', error: errorText(e), key, willRetry: true });
        finals.set(key, { fingerprint, response });
        retry(
          'complete',
          key,
          write,
          opts,
          () => (opts.now ?? Date.now)() - started < opts.ttlMs,
          () => {
            if (finals.get(key)?.response === response) finals.delete(key);
          },
        );
      }
    },
    async unknown(key, fingerprint, u, until, opts) {
      const write = () => store.markUnknown(key, fingerprint, u);
      try {
        await write();
      } catch (e) {
        opts.observe?.({ type: 'store_error', op: 'markUnknown', error: errorText(e), key, willRetry: true });
        retry(
          'markUnknown',
          key,
          write,
          opts,
          () => (opts.now ?? Date.now)() < until,
          () => {},
        );
      }
    },
    get size() {
      return finals.size;
    },
  };
  writers.set(store, w);
  return w;
}

// ---- fingerprints --------------------------------------------------------------------------------------------------

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

/**
 * The stored key: the caller's Idempotency-Key scoped by tenant AND portal user, so one user can neither replay
 * nor block another's submission by sending the same key. Parts are escaped so no two scopes can collide.
 */
export function scopedKey(tenantId: string, subject: string, key: string): string {
  return `${encodeURIComponent(tenantId)}:${encodeURIComponent(subject)}:${key}`;
}
