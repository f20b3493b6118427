// Widget tokens. A real portal asks its own backend, which mints a short-lived JWT for the signed-in user
// (see README "Portal backend"); in demo mode the gateway's POST /demo/token stands in for that backend.

/** Renew a token this long before it expires. */
const EARLY_MS = 60_000;

/** @type {Map<string, { token: string, expiresAtMs: number } | Promise<{ token: string, expiresAtMs: number }>>} */
const cache = new Map();

/**
 * A widget token for `tenant` / `subject` with `scopes` (all scopes when omitted), cached until about a minute
 * before it expires; concurrent callers share one request.
 * @param {{ tenant: string, subject: string, scopes?: string[] }} who
 * @returns {Promise<string>}
 */
export async function getToken({ tenant, subject, scopes }) {
  const key = `${tenant}|${subject}|${scopes ? [...scopes].sort().join(' ') : '*'}`;
  const hit = cache.get(key);
  if (hit && !(hit instanceof Promise) && hit.expiresAtMs - EARLY_MS > Date.now()) return hit.token;
  if (hit instanceof Promise) return (await hit).token;

  const request = (async () => {
    const res = await fetch('/demo/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant, subject, ...(scopes ? { scopes } : {}) }),
      credentials: 'same-origin',
    });
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
    const body = /** @type {{ token: string, expiresAt: string }} */ (await res.json());
    return { token: body.token, expiresAtMs: Date.parse(body.expiresAt) };
  })();
  cache.set(key, request);
  try {
    const fresh = await request;
    cache.set(key, fresh);
    return fresh.token;
  } catch (e) {
    cache.delete(key);
    throw e;
  }
}

/** Forgets every cached token (on sign-out or organisation switch). */
export function clearTokens() {
  cache.clear();
}
