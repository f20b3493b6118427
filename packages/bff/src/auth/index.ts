import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { jwt, decode } from 'hono/jwt';
import { jwk } from 'hono/jwk';
import { JwtTokenExpired } from 'hono/utils/jwt/types';
import { SCOPES, TOKEN_AUDIENCE, TOKEN_MAX_TTL_SECONDS, parseScopes, type Scope } from '@bwkit/contracts';
import { ProblemError } from '../problem/index.js';
import type { Tenant, TenantTokenKey } from '../tenants/index.js';

export interface AuthVariables {
  tenant: Tenant;
  subject: string;
  scopes: Scope[];
}

type JwksFetch = (url: string) => Promise<Response>;

/** Hono's own jwt / jwk middleware, one per tenant, chosen by the token's (unverified) issuer. */
function verifierFor(tenant: Tenant, fetchJwks: JwksFetch): MiddlewareHandler {
  const verification = { aud: TOKEN_AUDIENCE, iss: tenant.id, iat: true, exp: true, nbf: true };
  const key: TenantTokenKey = tenant.token;
  if (key.alg === 'HS256') return jwt({ secret: key.secret, alg: 'HS256', verification });
  if ('publicKeyPem' in key) return jwt({ secret: key.publicKeyPem, alg: key.alg, verification });
  if ('jwks' in key) return jwk({ keys: key.jwks.keys as never, verification, alg: [key.alg] } as never);
  // Remote JWKS: cached for ten minutes so a token check is not a network round trip.
  let cached: { at: number; keys: unknown[] } | undefined;
  const keys = async () => {
    if (!cached || Date.now() - cached.at > 600_000) {
      const res = await fetchJwks(key.jwksUrl);
      if (!res.ok) throw new Error(`JWKS ${key.jwksUrl} answered ${res.status}`);
      cached = { at: Date.now(), keys: ((await res.json()) as { keys: unknown[] }).keys };
    }
    return cached.keys as never;
  };
  return jwk({ keys, verification, alg: [key.alg] } as never);
}

export interface AuthOptions {
  tenants: Map<string, Tenant>;
  fetchJwks?: JwksFetch;
}

/**
 * Verifies the widget token and pins the request to its tenant. Also refuses a browser Origin that this tenant did
 * not allow: the CORS preflight can only check against all tenants (it carries no token), this is the real check.
 */
export function authenticate(opts: AuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const fetchJwks = opts.fetchJwks ?? ((u: string) => fetch(u));
  const verifiers = new Map<string, MiddlewareHandler>();
  for (const t of opts.tenants.values()) verifiers.set(t.id, verifierFor(t, fetchJwks));

  const verifiedTokens = new Map<string, { tenantId: string; payload: Record<string, unknown>; expMs: number }>();
  const MAX_VERIFIED_TOKENS = 10_000;

  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ProblemError(401, 'token_missing', 'Send the widget token as "Authorization: Bearer <token>".');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ProblemError(401, 'token_invalid', 'The Authorization header must be "Bearer <token>".');
    const token = m[1]!;
    // A widget sends the same token with every call until it expires: verify its signature once, then trust the
    // cached result until `exp` (the entry is keyed by the whole token, signature included).
    let tenant: Tenant | undefined;
    let payload: Record<string, unknown> = {};
    const hit = verifiedTokens.get(token);
    if (hit && Date.now() < hit.expMs) {
      tenant = opts.tenants.get(hit.tenantId);
      payload = hit.payload;
    }
    if (!tenant) {
      let iss: unknown;
      try {
        iss = decode(token).payload.iss;
      } catch {
        throw new ProblemError(401, 'token_invalid', 'The token is not a JWT.');
      }
      tenant = typeof iss === 'string' ? opts.tenants.get(iss) : undefined;
      const verifier = tenant && verifiers.get(tenant.id);
      if (!tenant || !verifier) throw new ProblemError(401, 'token_invalid', 'The token\'s issuer is not a known tenant.');

      try {
        await verifier(c as unknown as Context, async () => {});
      } catch (e) {
        const cause = e instanceof HTTPException ? e.cause : e;
        if (cause instanceof JwtTokenExpired) throw new ProblemError(401, 'token_expired', 'The widget token has expired; fetch a new one.');
        throw new ProblemError(401, 'token_invalid', 'The token\'s signature, audience or dates do not verify for this tenant.');
      }
      payload = c.get('jwtPayload' as never) as Record<string, unknown>;
      if (typeof payload['exp'] === 'number') {
        if (verifiedTokens.size >= MAX_VERIFIED_TOKENS) verifiedTokens.delete(verifiedTokens.keys().next().value!);
        verifiedTokens.set(token, { tenantId: tenant.id, payload, expMs: payload['exp'] * 1000 });
      }
    }
    const { sub, iat, exp, scope } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) {
      throw new ProblemError(401, 'token_invalid', 'The token needs a "sub" naming the portal user.');
    }
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > TOKEN_MAX_TTL_SECONDS) {
      throw new ProblemError(401, 'token_invalid', `Widget tokens must carry iat and expire at most ${TOKEN_MAX_TTL_SECONDS / 60} minutes after it.`);
    }
    const origin = c.req.header('origin');
    if (origin && !tenant.allowedOrigins.includes(origin)) {
      throw new ProblemError(403, 'origin_forbidden', `Origin ${origin} is not on this tenant's allowed list.`);
    }
    const allowed = new Set<Scope>(tenant.scopes ?? SCOPES);
    c.set('tenant', tenant);
    c.set('subject', sub);
    c.set('scopes', parseScopes(typeof scope === 'string' ? scope : '').filter((s) => allowed.has(s)));
    await next();
  };
}

export function requireScope(scope: Scope): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    if (!c.get('scopes').includes(scope)) {
      throw new ProblemError(403, 'scope_missing', `This call needs the "${scope}" scope in the widget token.`);
    }
    await next();
  };
}
