import { createLocalJWKSet, createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';

/** A tenant's key server must answer quickly: a request waiting on it waits at most this long. */
export const JWKS_TIMEOUT_MS = 3_000;
/** A token naming a key id we do not hold refetches the set, at most once per this interval per tenant. */
export const JWKS_UNKNOWN_KID_COOLDOWN_MS = 5_000;
/** After a failed fetch, no new fetch for this long: requests use the last good set or fail fast. */
export const JWKS_ERROR_COOLDOWN_MS = 5_000;
/** A good set is refreshed after this long even if every token matches it (a revoked key stops verifying). */
export const JWKS_MAX_AGE_MS = 600_000;

/** The tenant's key server could not be reached and no earlier key set is held: nothing can be verified. */
export class KeysUnavailable extends Error {
  constructor(
    readonly url: string,
    readonly retryAfterSeconds: number,
    cause?: unknown,
  ) {
    super(`JWKS ${url} unavailable`, { cause });
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Token keys are trust anchors: fetched over https only, so nobody on the path can swap them. Plain http is
 * accepted for loopback addresses alone (tests, a key server on the same host).
 */
export function checkJwksUrl(raw: string, tenantId: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`tenant ${tenantId}: jwksUrl ${JSON.stringify(raw)} is not a URL; it must be an https URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  throw new Error(`tenant ${tenantId}: jwksUrl must be https (plain http only on loopback), got ${url.origin}`);
}

export type JwksFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The defaults above, overridable so a test need not wait ten minutes for a set to go stale. */
export interface RemoteKeySetOptions {
  fetch?: JwksFetch;
  timeoutMs?: number;
  unknownKidCooldownMs?: number;
  errorCooldownMs?: number;
  maxAgeMs?: number;
}

/**
 * jose's remote key set (timeout, one fetch in flight, refetch on an unknown `kid` with a cool-down, redirects not
 * followed: anything but 200 is an error), plus what it lacks: a cool-down after a failed fetch, so a dead or slow
 * key server costs one fetch per interval instead of one per token, and the last good set keeps verifying while
 * the key server is down.
 */
export function remoteKeySet(url: URL, opts: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  const errorCooldownMs = opts.errorCooldownMs ?? JWKS_ERROR_COOLDOWN_MS;
  const remote = createRemoteJWKSet(url, {
    timeoutDuration: opts.timeoutMs ?? JWKS_TIMEOUT_MS,
    cooldownDuration: opts.unknownKidCooldownMs ?? JWKS_UNKNOWN_KID_COOLDOWN_MS,
    cacheMaxAge: opts.maxAgeMs ?? JWKS_MAX_AGE_MS,
    ...(opts.fetch ? { [customFetch]: opts.fetch } : {}),
  });
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastGood: { text: string; keys: JWTVerifyGetKey } | undefined;
  const fallback = (cause: unknown): JWTVerifyGetKey => {
    const jwks = remote.jwks();
    if (jwks) {
      // jose hands out a copy of its set each time: rebuild the local verifier only when the set changed.
      const text = JSON.stringify(jwks);
      if (lastGood?.text !== text) lastGood = { text, keys: createLocalJWKSet(jwks) };
      return lastGood.keys;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((failedAt + errorCooldownMs - Date.now()) / 1000));
    throw new KeysUnavailable(url.href, retryAfterSeconds, cause);
  };
  return async (header, token) => {
    if (Date.now() - failedAt < errorCooldownMs) return fallback(undefined)(header, token);
    try {
      return await remote(header, token);
    } catch (e) {
      // The token names no key, or an unusable one: that is the token's problem, not the key server's.
      if (
        e instanceof errors.JWKSNoMatchingKey ||
        e instanceof errors.JWKSMultipleMatchingKeys ||
        e instanceof errors.JOSENotSupported
      )
        throw e;
      failedAt = Date.now();
      return fallback(e)(header, token);
    }
  };
}
