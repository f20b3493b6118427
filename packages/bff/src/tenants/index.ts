import type {
  Limits,
  QuoteOperation,
  Scope,
  Site,
  TenantPolicy,
  TenantTheme,
  WebhookEventType,
} from '@bwkit/contracts';

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
  /** Paying orders from the widget (`allowPay`, off by default), else the link shown (`billingUrl`). */
  orders?: TenantOrders;
  /** BSS product codes per purchase, for POST /v1/quotes; an operation without codes has no price. */
  pricing?: Partial<Record<QuoteOperation, ProductCodes>>;
  /** Limits narrower than the rules, a monthly spend cap, and when a purchase waits for an approver. */
  policy?: TenantPolicy;
  /** The portal backend's webhook endpoints; `secret` is the Standard Webhooks signing secret (whsec_…), resolved. */
  webhooks?: TenantWebhook[];
}

export interface TenantWebhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
}

export interface TenantOrders {
  allowPay: boolean;
  billingUrl?: string;
}

/**
 * The BSS price-inquiry codes of one purchase (`product_infos[]` of the rating APIs). `resourceSpec` may be
 * `{specCode}` (the package's spec code) or `{chargeMode}` (the Workspace charge mode) to follow the request.
 */
export interface ProductCodes {
  cloudServiceType: string;
  resourceType: string;
  resourceSpec: string;
  /** 15 = Mbit/s. */
  sizeMeasureId?: number;
  /** Pay-per-use ratings: what is metered (bandwidth: `Duration`). */
  usageFactor?: string;
  /** Pay-per-use ratings: the unit of one usage (the hour's code; 4 is INFERRED). */
  usageMeasureId?: number;
}
