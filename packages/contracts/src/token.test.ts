import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCOPES } from './enums.js';
import { formatScopes, parseScopes, TOKEN_AUDIENCE, TOKEN_MAX_TTL_SECONDS, WidgetTokenClaimsSchema } from './token.js';

describe('widget token claims', () => {
  const iat = 1_700_000_000;
  const claims = {
    iss: 'acme',
    sub: 'user-1',
    aud: TOKEN_AUDIENCE,
    iat,
    exp: iat + 900,
    scope: 'shared-bandwidth:create',
  };

  it('accepts a 15-minute token', () => {
    assert.equal(TOKEN_MAX_TTL_SECONDS, 900);
    assert.ok(WidgetTokenClaimsSchema.safeParse(claims).success);
  });
  const bad: [string, object][] = [
    ['lives longer than 15 minutes', { exp: iat + 901 }],
    ['expires before it is issued', { exp: iat - 1 }],
    ['other audience', { aud: 'portal' }],
    ['no subject', { sub: '' }],
    ['fractional time', { iat: iat + 0.5 }],
  ];
  for (const [name, patch] of bad) {
    it(`refuses a token that ${name}`, () =>
      assert.equal(WidgetTokenClaimsSchema.safeParse({ ...claims, ...patch }).success, false));
  }
});

describe('parseScopes', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['audit:read', ['audit:read']],
    ['  shared-bandwidth:create   audit:read ', ['shared-bandwidth:create', 'audit:read']],
    ['audit:read audit:read', ['audit:read']],
    ['admin audit:read workspace-bandwidth:*', ['audit:read']],
    [SCOPES.join(' '), [...SCOPES]],
  ];
  for (const [scope, expected] of cases) {
    it(JSON.stringify(scope), () => assert.deepEqual(parseScopes(scope), expected));
  }
  it('round-trips with formatScopes', () => assert.deepEqual(parseScopes(formatScopes(SCOPES)), [...SCOPES]));
});
