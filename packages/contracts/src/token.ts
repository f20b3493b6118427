/** Widget tokens: short-lived JWTs the portal's backend mints for its signed-in user (docs/purchase-flow.md). */
import * as z from 'zod/mini';
import { SCOPES, type Scope } from './enums.js';
import { checked, integer } from './schema-util.js';

/** The `aud` every widget token carries. */
export const TOKEN_AUDIENCE = 'bwkit';
/** `exp` is at most 15 minutes after `iat`. */
export const TOKEN_MAX_TTL_SECONDS = 900;

/**
 * The claims of a widget token: `iss` = tenant id, `sub` = portal user, `aud` = 'bwkit', `iat`/`exp`
 * in seconds with exp − iat in (0, 900], `scope` space-separated scopes. Signature and expiry against
 * the clock are the verifier's job.
 */
export const WidgetTokenClaimsSchema = checked(
  z.object({
    iss: checked(z.string(), z.minLength(1)),
    sub: checked(z.string(), z.minLength(1)),
    aud: z.literal(TOKEN_AUDIENCE),
    iat: integer(),
    exp: integer(),
    scope: z.string(),
  }),
  z.refine((c) => c.exp > c.iat && c.exp - c.iat <= TOKEN_MAX_TTL_SECONDS, {
    message: `exp must be after iat and at most ${TOKEN_MAX_TTL_SECONDS} s later`,
    path: ['exp'],
  }),
);
export type WidgetTokenClaims = z.infer<typeof WidgetTokenClaimsSchema>;

/** The known scopes in a space-separated `scope` claim, deduplicated, in the order given; unknown ones are dropped. */
export function parseScopes(scope: string): Scope[] {
  const out: Scope[] = [];
  for (const s of scope.split(/\s+/))
    if ((SCOPES as readonly string[]).includes(s) && !out.includes(s as Scope)) out.push(s as Scope);
  return out;
}

/** The `scope` claim for a list of scopes. */
export function formatScopes(scopes: readonly Scope[]): string {
  return scopes.join(' ');
}
