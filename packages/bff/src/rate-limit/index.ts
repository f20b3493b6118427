import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { COMPOSED_HANDLER } from 'hono/utils/constants';
import type { BffEnv } from '../context.js';
import { type RateInClaim, storeUnavailable } from '../idempotency/index.js';
import type { Logger } from '../log/index.js';
import { ProblemError } from '../problem/index.js';
import type { RateHit, RateLimitStore, RateStep } from '../store/index.js';

/*
 * The rate limit: one step of a sliding window per request, per tenant and portal user, counted in the store so the
 * limit holds across gateway instances. A refused request is not counted (hammering does not extend the block), is
 * answered 429 before anything else happens, and every answer says how much is left (RateLimit-* headers).
 *
 * A purchase POST takes its step inside its claim of the Idempotency-Key (one store round trip instead of two): the
 * middleware leaves the step to the handler, which takes it with the claim or, when it ends before claiming (no key,
 * an invalid body, an approval's replay), on its own before it answers.
 */

export interface RateLimitOptions {
  store: RateLimitStore;
  /** The sliding window (one minute; tests shorten it). */
  windowMs: number;
  now: () => Date;
  log: Logger;
}

/** The request's step: its user's counter, the tenant's limit. */
export function rateStep(c: Context<BffEnv>, windowMs: number, nowMs: number): RateStep {
  const tenant = c.get('tenant');
  return { key: `${tenant.id}:${c.get('subject')}`, windowMs, nowMs, limit: tenant.rateLimit.perMinute };
}

/** Puts a step's outcome on the answer (RateLimit-Limit/Remaining/Reset), and refuses with 429 when it was refused. */
export function applyRateHit(c: Context<BffEnv>, step: RateStep, hit: RateHit): void {
  const { limit } = step;
  const resetS = Math.max(1, Math.ceil((hit.resetAtMs - step.nowMs) / 1000));
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(Math.max(0, limit - hit.count)));
  c.header('RateLimit-Reset', String(resetS));
  if (!hit.allowed) {
    throw new ProblemError('rate_limited', `At most ${limit} requests a minute per user; retry in ${resetS} s.`, {
      headers: { 'retry-after': String(resetS) },
    });
  }
}

/** The store could not count the request: nothing was done, 503 (never a 500, never let through uncounted). */
export function rateStoreFailed(log: Logger, c: Context<BffEnv>, e: unknown): ProblemError {
  log({
    level: 'error',
    msg: 'rate limit store failed',
    requestId: c.get('requestId'),
    tenant: c.get('tenant')?.id,
    error: e instanceof Error ? e.message : String(e),
  });
  return storeUnavailable(
    'The gateway cannot reach its store right now; nothing was sent to the cloud. Retry shortly.',
  );
}

async function takeStep(o: RateLimitOptions, c: Context<BffEnv>, step: RateStep): Promise<RateHit> {
  try {
    return await o.store.hit(step.key, step.windowMs, step.nowMs, step.limit);
  } catch (e) {
    throw rateStoreFailed(o.log, c, e);
  }
}

// ---- the step left to a purchase handler ---------------------------------------------------------------------------

/**
 * A rate-limit step the middleware left to the route's handler. `state`: pending (not taken yet), sent (handed to a
 * claim: not taken again if the claim failed, the store being unreachable), allowed, refused, failed (the store
 * could not count it).
 */
export interface DeferredRate extends RateInClaim {
  readonly state: 'pending' | 'sent' | 'allowed' | 'refused' | 'failed';
  /** Takes the step on its own (a request that ends before its claim), if still pending; throws 429 or 503. */
  hit(): Promise<void>;
}

const stepTakers = new WeakSet<object>();
const deferred = new WeakMap<Context, DeferredRate>();

/** Marks a route handler that takes the rate limit's step itself (with its claim), so the middleware leaves it. */
export function takesRateStep<H extends (c: Context<BffEnv>) => Promise<Response>>(handler: H): H {
  stepTakers.add(handler);
  return handler;
}

/** The step the middleware left to this request's handler, if it did. */
export function deferredRate(c: Context<BffEnv>): DeferredRate | undefined {
  return deferred.get(c);
}

/** Whether the handler this request was routed to takes its step itself (the last matched route is the handler). */
function handlerTakesStep(c: Context<BffEnv>): boolean {
  if (c.req.method !== 'POST') return false;
  const handler = matchedRoutes(c).at(-1)?.handler as (object & { [COMPOSED_HANDLER]?: object }) | undefined;
  if (!handler) return false;
  // Mounted with app.route() under an app with its own error handler, the handler is wrapped, the original kept.
  return (
    stepTakers.has(handler) || (handler[COMPOSED_HANDLER] !== undefined && stepTakers.has(handler[COMPOSED_HANDLER]))
  );
}

function deferral(o: RateLimitOptions, c: Context<BffEnv>): DeferredRate {
  let state: DeferredRate['state'] = 'pending';
  let taken: RateStep | undefined;
  const apply = (hit: RateHit) => {
    state = hit.allowed ? 'allowed' : 'refused';
    applyRateHit(c, taken!, hit);
  };
  return {
    get state() {
      return state;
    },
    step() {
      state = 'sent';
      taken = rateStep(c, o.windowMs, o.now().getTime());
      return taken;
    },
    answer(hit) {
      // A store that took no step leaves it pending: the handler takes it on its own before answering.
      if (hit === undefined) state = 'pending';
      else apply(hit);
    },
    async hit() {
      if (state !== 'pending') return;
      state = 'sent';
      taken = rateStep(c, o.windowMs, o.now().getTime());
      let hit: RateHit;
      try {
        hit = await takeStep(o, c, taken);
      } catch (e) {
        state = 'failed';
        throw e;
      }
      apply(hit);
    },
  };
}

/**
 * The /v1 rate limit (after authentication). A purchase handler (takesRateStep) is left the step; if anything before
 * it answered instead (a route's own checks: scope, settings, ownership — reads only), the step is taken then, and a
 * refusal replaces that answer, as it would have come first.
 */
export function rateLimit(o: RateLimitOptions): MiddlewareHandler<BffEnv> {
  return async (c, next) => {
    if (handlerTakesStep(c)) {
      const d = deferral(o, c);
      deferred.set(c, d);
      await next();
      await d.hit();
      return;
    }
    const step = rateStep(c, o.windowMs, o.now().getTime());
    applyRateHit(c, step, await takeStep(o, c, step));
    await next();
  };
}
