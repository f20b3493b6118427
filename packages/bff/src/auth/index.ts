import { parseScopes, SCOPES, type Scope, TOKEN_AUDIENCE, TOKEN_MAX_TTL_SECONDS } from '@bwkit/contracts';
import type { MiddlewareHandler } from 'hono';
import { createLocalJWKSet, decodeJwt, errors, importSPKI, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { ProblemError } from '../problem/index.js';
import type { Tenant, TenantTokenKey } from '../tenants/index.js';
import { checkJwksUrl, type JwksFetch, KeysUnavailable, remoteKeySet } from './jwks.js';

export {
  checkJwksUrl,
  JWKS_ERROR_COOLDOWN_MS,
  JWKS_MAX_AGE_MS,
  JWKS_TIMEOUT_MS,
  JWKS_UNKNOWN_KID_COOLDOWN_MS,
  KeysUnavailable,
} from './jwks.js';

/**
 * What authenticate() puts in the Hono context (typed through the app's Env `Variables`, as hono/jwt types its
 * `jwtPayload`): read with `c.get('tenant')` etc. in any handler after it.
 */
export interface AuthVariables {
  tenant: Tenant;
  subject: string;
  scopes: Scope[];
  /** Set when the token was fine but the page's Origin is not the tenant's: the CORS grant is withdrawn. */
  originForbidden?: boolean;
}

/**
 * Portal backends and the gateway keep their own clocks: iat, nbf and exp are checked with this much slack
 * (RFC 7519 §4.1.4 allows "some small leeway"), so a backend a few seconds fast does not lock its users out.
 */
export const CLOCK_LEEWAY_SECONDS = 30;

type Verify = (token: string) => Promise<JWTPayload>;

/** One jose verifier per tenant: its own key, its own algorithm only (no algorithm confusion), its id as issuer. */
function verifierFor(tenant: Tenant, fetchJwks: JwksFetch | undefined): Verify {
  const key: TenantTokenKey = tenant.token;
  const options = {
    issuer: tenant.id,
    audience: TOKEN_AUDIENCE,
    algorithms: [key.alg],
    clockTolerance: CLOCK_LEEWAY_SECONDS,
  };
  if (key.alg === 'HS256') {
    const secret = new TextEncoder().encode(key.secret);
    return async (token) => (await jwtVerify(token, secret, options)).payload;
  }
  if ('publicKeyPem' in key) {
    let publicKey: ReturnType<typeof importSPKI> | undefined;
    return async (token) =>
      (await jwtVerify(token, await (publicKey ??= importSPKI(key.publicKeyPem, key.alg)), options)).payload;
  }
  const keys =
    'jwks' in key
      ? createLocalJWKSet(key.jwks as JSONWebKeySet)
      : remoteKeySet(checkJwksUrl(key.jwksUrl, tenant.id), fetchJwks ? { fetch: fetchJwks } : {});
  return async (token) => (await jwtVerify(token, keys, options)).payload;
}

export interface AuthOptions {
  tenants: Map<string, Tenant>;
  /** Fetch used for tenants' JWKS URLs (default: global fetch); called with jose's init (timeout signal, no redirects). */
  fetchJwks?: JwksFetch;
}

/**
 * Verifies the widget token and pins the request to its tenant. Also refuses a browser Origin that this tenant did
 * not allow: the CORS preflight can only check against all tenants (it carries no token), this is the real check.
 */
export function authenticate(opts: AuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const verifiers = new Map<string, Verify>();
  for (const t of opts.tenants.values()) verifiers.set(t.id, verifierFor(t, opts.fetchJwks));

  const verifiedTokens = new Map<string, { tenantId: string; payload: Record<string, unknown>; expMs: number }>();
  const MAX_VERIFIED_TOKENS = 10_000;

  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ProblemError('token_missing', 'Send the widget token as "Authorization: Bearer <token>".');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ProblemError('token_invalid', 'The Authorization header must be "Bearer <token>".');
    const [, token = ''] = m;
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
        iss = decodeJwt(token).iss;
      } catch {
        throw new ProblemError('token_invalid', 'The token is not a JWT.');
      }
      tenant = typeof iss === 'string' ? opts.tenants.get(iss) : undefined;
      const verify = tenant && verifiers.get(tenant.id);
      if (!tenant || !verify) throw new ProblemError('token_invalid', "The token's issuer is not a known tenant.");

      try {
        payload = await verify(token);
      } catch (e) {
        if (e instanceof errors.JWTExpired)
          throw new ProblemError('token_expired', 'The widget token has expired; fetch a new one.');
        if (e instanceof KeysUnavailable) {
          // Not the token's fault: a 401 would send the widget into a token-refresh loop against a dead key server.
          throw new ProblemError(
            'upstream_unavailable',
            "The tenant's token signing keys (JWKS) could not be fetched; retry shortly.",
            {
              headers: { 'retry-after': String(e.retryAfterSeconds) },
            },
          );
        }
        throw new ProblemError(
          'token_invalid',
          "The token's signature, audience or dates do not verify for this tenant.",
        );
      }
      // jose checks iat only against a maximum age; a token issued in the future (beyond the leeway) is refused here.
      if (typeof payload['iat'] === 'number' && payload['iat'] > Date.now() / 1000 + CLOCK_LEEWAY_SECONDS) {
        throw new ProblemError('token_invalid', "The token's iat is in the future; check the portal backend's clock.");
      }
      if (typeof payload['exp'] === 'number') {
        if (verifiedTokens.size >= MAX_VERIFIED_TOKENS) {
          const oldest = verifiedTokens.keys().next();
          if (!oldest.done) verifiedTokens.delete(oldest.value);
        }
        verifiedTokens.set(token, {
          tenantId: tenant.id,
          payload,
          expMs: (payload['exp'] + CLOCK_LEEWAY_SECONDS) * 1000,
        });
      }
    }
    const { sub, iat, exp, scope } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) {
      throw new ProblemError('token_invalid', 'The token needs a "sub" naming the portal user.');
    }
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > TOKEN_MAX_TTL_SECONDS) {
      throw new ProblemError(
        'token_invalid',
        `Widget tokens must carry iat and expire at most ${TOKEN_MAX_TTL_SECONDS / 60} minutes after it.`,
      );
    }
    const origin = c.req.header('origin');
    if (origin && !tenant.allowedOrigins.includes(origin)) {
      c.set('originForbidden', true);
      throw new ProblemError('origin_forbidden', `Origin ${origin} is not on this tenant's allowed list.`);
    }
    const allowed = new Set<Scope>(tenant.scopes ?? SCOPES);
    c.set('tenant', tenant);
    c.set('subject', sub);
    c.set(
      'scopes',
      parseScopes(typeof scope === 'string' ? scope : '').filter((s) => allowed.has(s)),
    );
    await next();
  };
}

export function requireScope(scope: Scope): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    if (!c.get('scopes').includes(scope)) {
      throw new ProblemError('scope_missing', `This call needs the "${scope}" scope in the widget token.`);
    }
    await next();
  };
}
