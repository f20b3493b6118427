/**
 * The widgets' only way to the BFF: the bearer token its `TokenController` gives (asked again once on 401
 * token_expired / token_invalid), the Idempotency-Key on POSTs, problem+json errors thrown as `BwkitProblem` errors.
 */
import type { Problem } from '@bwkit/contracts';
import type { TokenController } from './token-controller.js';

/** Codes of failures the widgets detect themselves (the BFF never sends these). */
export type BwkitOwnCode =
  | 'network_error'
  | 'timeout'
  | 'job_failed'
  /** An attribute the element needs is missing or has a value it does not know (see `message`). */
  | 'attribute_invalid';

/** The fields of a problem: the BFF's problem+json, or one the widget made for a failure the BFF could not answer. */
export type BwkitProblemInit = Omit<Problem, 'code' | 'type' | 'title'> & {
  code: Problem['code'] | BwkitOwnCode;
  type?: string;
  title?: string;
  /** Seconds from the Retry-After header, when the answer had one. */
  retryAfter?: number;
};

/**
 * What the widgets throw and send as the `bwkit-error` / `bwkit-loaderror` detail: an `Error` (so it has a stack and
 * `instanceof` works) carrying the problem's fields. `message` is for developers (the console, logs); the end user
 * sees the element's own text for `code`.
 */
export class BwkitProblem extends Error {
  declare status: number;
  declare code: BwkitProblemInit['code'];
  declare type?: string;
  declare title?: string;
  declare detail?: string;
  declare requestId?: string;
  declare fields?: Problem['fields'];
  declare upstream?: Problem['upstream'];
  declare retryAfter?: number;

  constructor(init: BwkitProblemInit, message?: string) {
    super(message ?? init.detail ?? `${init.code} (${init.status})`);
    this.name = 'BwkitProblem';
    Object.assign(this, init);
  }

  /** Any failure as a problem: problems pass through, anything else is a network error. */
  static from(e: unknown): BwkitProblem {
    return e instanceof BwkitProblem
      ? e
      : isProblem(e)
        ? new BwkitProblem(e)
        : new BwkitProblem({ status: 0, code: 'network_error' });
  }
}

export interface ClientHost {
  /** BFF base URL. */
  readonly apiBase: string;
}

/** Milliseconds before a call gives up (the BFF answers 504 itself well before). */
const TIMEOUT_MS = 30_000;

export const isProblem = (e: unknown): e is BwkitProblem =>
  typeof e === 'object' && e !== null && 'code' in e && 'status' in e;

const made = (status: number, code: BwkitProblem['code']): BwkitProblem => new BwkitProblem({ status, code });

export class BffClient {
  constructor(
    private readonly host: ClientHost,
    /** @internal */
    readonly tokens: TokenController,
  ) {}

  /**
   * GET (no body) or POST (body + Idempotency-Key) a path under the API base; resolves with the JSON
   * body of a 2xx answer, rejects with a `BwkitProblem`.
   */
  async call<T>(path: string, body?: unknown, idempotencyKey?: string, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get(attempt > 0);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      let res: Response;
      try {
        res = await fetch(this.host.apiBase.replace(/\/+$/, '') + path, {
          method: body === undefined ? 'GET' : 'POST',
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          // The default cache mode: with no-store, no-cache or reload Chromium also skips its CORS-preflight cache
          // (Access-Control-Max-Age), and every call would wait for a preflight of its own. The BFF marks each answer
          // that must not be reused (GET /v1/config `private, no-cache` + `Vary: Authorization`; jobs, orders, lists
          // and quotes `no-store`), so a poll is never answered from the HTTP cache.
          credentials: 'omit',
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (e) {
        // A caller's abort (a stale price request) is passed on as it is.
        if (signal?.aborted) throw e;
        throw made(0, (e as Error).name === 'TimeoutError' ? 'timeout' : 'network_error');
      }
      const json: unknown = await res.json().catch(() => undefined);
      if (res.ok) return json as T;
      const problem: BwkitProblem = isProblem(json)
        ? new BwkitProblem(json as BwkitProblemInit)
        : made(res.status, res.status >= 500 ? 'upstream_unavailable' : 'internal_error');
      const retryAfter = Number(res.headers.get('retry-after'));
      if (retryAfter > 0) problem.retryAfter = retryAfter;
      const expired = res.status === 401 && (problem.code === 'token_expired' || problem.code === 'token_invalid');
      if (!expired || attempt > 0 || !this.tokens.canRefresh) throw problem;
    }
  }
}

/** A v4 UUID, also on pages that are not a secure context (where `crypto.randomUUID` is missing). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
