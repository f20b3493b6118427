import type { Limits, Scope, Site, TenantTheme } from '@bwkit/contracts';

export type TenantTokenKey =
  | { alg: 'HS256'; secret: string }
  | { alg: 'ES256' | 'RS256'; publicKeyPem: string }
  | { alg: 'ES256' | 'RS256'; jwksUrl: string }
  | { alg: 'ES256' | 'RS256'; jwks: { keys: JsonWebKey[] } };

/** A tenant as the BFF runs it: secrets already resolved (the gateway reads them from the environment). */
export interface Tenant {
  id: string;
  name: string;
  allowedOrigins: string[];
  token: TenantTokenKey;
  credentials: {
    ak: string;
    sk: string;
    securityToken?: string;
    /** Account id: Cloud Connect is a global service addressed by domain. */
    domainId: string;
    /** region id → project id */
    projects: Record<string, string>;
  };
  site: Site;
  regions: { id: string; name: string }[];
  defaultRegion: string;
  enterpriseProjectId?: string;
  theme: TenantTheme;
  limits: Limits;
  rateLimit: { perMinute: number };
  /** Scopes this tenant's tokens may carry at most (all by default). */
  scopes?: Scope[];
}
