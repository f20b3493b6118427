import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkJwksUrl, type ProductCodes, type Tenant } from '@bwkit/bff';
import {
  AREAS,
  BILLING_MODE_IDS,
  DEFAULT_LIMITS,
  type Limits,
  limitsSchema,
  PERIOD_TYPES,
  QUOTE_OPERATIONS,
  SCOPES,
  SITES,
  themeSchema,
  WEBHOOK_EVENT_TYPES,
  WORKSPACE_CHARGE_MODES,
} from '@bwkit/contracts';
import * as z from 'zod';
import { DEFAULT_PRICING, SIMULATOR_PRICING } from './pricing.js';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)');
const origin = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}, 'must be an origin such as https://portal.example.com (scheme, host and port only, no path or trailing slash)');
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL');

const tokenSchema = z.discriminatedUnion('alg', [
  z.object({ alg: z.literal('HS256'), secretEnv: envName }).strict(),
  z
    .object({
      alg: z.enum(['ES256', 'RS256']),
      publicKeyPem: z.string().includes('PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
      jwksUrl: httpUrl.optional(),
    })
    .strict()
    .refine((t) => Boolean(t.publicKeyPem) !== Boolean(t.jwksUrl), 'give exactly one of publicKeyPem or jwksUrl'),
]);

/** BSS price-inquiry codes of one purchase (the rating APIs' product_infos). */
const productCodesSchema = z
  .object({
    cloudServiceType: z.string().min(1),
    resourceType: z.string().min(1),
    resourceSpec: z
      .string()
      .min(1)
      .describe("may be {specCode} (the package's) or {chargeMode} (the Workspace charge mode)"),
    sizeMeasureId: z.number().int().min(0).optional(),
    usageFactor: z.string().min(1).optional(),
    usageMeasureId: z.number().int().min(0).optional(),
  })
  .strict();

const pricingSchema = z
  .object({
    createSharedBandwidth: productCodesSchema,
    createWorkspaceBandwidth: productCodesSchema,
    changeWorkspaceBandwidth: productCodesSchema,
    createBandwidthPackage: productCodesSchema,
  })
  .partial()
  .strict();

const operationPolicySchema = z
  .object({
    maxSizeMbps: z.number().int().min(1).optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    areas: z.array(z.enum(AREAS)).min(1).optional(),
    billingModes: z.array(z.literal(BILLING_MODE_IDS)).min(1).optional(),
    periodTypes: z.array(z.enum(PERIOD_TYPES)).min(1).optional(),
    maxPeriodCount: z.number().int().min(1).optional(),
    chargeModes: z.array(z.enum(WORKSPACE_CHARGE_MODES)).min(1).optional(),
  })
  .strict();

/** Tenant policy: per-operation limits, a monthly spend cap (quoted amounts), and when a purchase waits for an approver. */
const policySchema = z
  .object({
    operations: z.partialRecord(z.enum(QUOTE_OPERATIONS), operationPolicySchema).optional(),
    monthlySpendCap: z
      .object({
        amount: z.number().positive(),
        currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
      })
      .strict()
      .optional(),
    approval: z
      .object({
        aboveAmount: z.number().min(0).optional(),
        aboveSizeMbps: z.number().int().min(1).optional(),
        subjects: z.array(z.string().min(1)).optional(),
        expiresAfterHours: z
          .number()
          .positive()
          .max(24 * 90)
          .default(72),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A portal backend endpoint for signed webhooks (Standard Webhooks); the signing secret comes from the environment. */
const webhookSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a slug (a-z, 0-9, _ and -)'),
    url: httpUrl,
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1),
    secretEnv: envName,
  })
  .strict();

const tenantSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug (a-z, 0-9, -)'),
    name: z.string().min(1).max(100),
    allowedOrigins: z.array(origin).min(1, 'list at least one portal origin'),
    token: tokenSchema,
    credentials: z
      .object({
        akEnv: envName,
        skEnv: envName,
        securityTokenEnv: envName.optional(),
        domainId: z.string().min(1),
        projects: z.record(z.string().min(1), z.string().min(1)),
      })
      .strict(),
    site: z.enum(SITES),
    regions: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) }).strict()).min(1),
    defaultRegion: z.string().min(1),
    enterpriseProjectId: z.string().optional(),
    theme: z.unknown().optional(),
    limits: z
      .object({
        sharedBandwidth: z.object({ minMbps: z.number(), maxMbps: z.number() }).partial().optional(),
        workspaceBandwidth: z
          .object({ minMbps: z.number(), maxMbps: z.number(), nameMaxLength: z.number() })
          .partial()
          .optional(),
        bandwidthPackage: z.object({ minMbps: z.number(), maxMbps: z.number() }).partial().optional(),
      })
      .strict()
      .optional(),
    rateLimit: z
      .object({ perMinute: z.number().int().min(1).max(100_000) })
      .strict()
      .default({ perMinute: 120 }),
    scopes: z.array(z.enum(SCOPES)).optional(),
    /** Paying orders from the widget: off unless allowPay; billingUrl is where the widget sends people otherwise. */
    orders: z
      .object({ allowPay: z.boolean().default(false), billingUrl: httpUrl.optional() })
      .strict()
      .optional(),
    /** Product codes for price quotes, per purchase (in simulator mode the simulator's are the defaults). */
    pricing: pricingSchema.optional(),
    policy: policySchema.optional(),
    webhooks: z.array(webhookSchema).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const regionIds = t.regions.map((r) => r.id);
    if (!regionIds.includes(t.defaultRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultRegion'],
        message: `must be one of regions (${regionIds.join(', ')})`,
      });
    }
    for (const id of regionIds) {
      if (!t.credentials.projects[id]) {
        ctx.addIssue({
          code: 'custom',
          path: ['credentials', 'projects', id],
          message: `region ${id} needs a project id`,
        });
      }
    }
    for (const [op, p] of Object.entries(t.policy?.operations ?? {})) {
      for (const r of p?.regions ?? []) {
        if (!regionIds.includes(r))
          ctx.addIssue({
            code: 'custom',
            path: ['policy', 'operations', op, 'regions'],
            message: `region ${r} is not one of regions (${regionIds.join(', ')})`,
          });
      }
    }
    // Quotes come in the site's currency (BSS: CNY on the Chinese mainland site, USD on the international one).
    const currency = t.site === 'chinese-mainland' ? 'CNY' : 'USD';
    if (t.policy?.monthlySpendCap && t.policy.monthlySpendCap.currency !== currency) {
      ctx.addIssue({
        code: 'custom',
        path: ['policy', 'monthlySpendCap', 'currency'],
        message: `must be ${currency}, the currency prices are quoted in on the ${t.site} site`,
      });
    }
    const hookIds = new Set<string>();
    t.webhooks?.forEach((w, i) => {
      if (hookIds.has(w.id))
        ctx.addIssue({ code: 'custom', path: ['webhooks', i, 'id'], message: `duplicate webhook id "${w.id}"` });
      hookIds.add(w.id);
    });
  });

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    server: z
      .object({ port: z.number().int().min(0).max(65535).default(8787), host: z.string().default('127.0.0.1') })
      .strict()
      .default({ port: 8787, host: '127.0.0.1' }),
    upstream: z.discriminatedUnion('mode', [
      z
        .object({
          mode: z.literal('simulator'),
          port: z.number().int().min(0).max(65535).default(0),
          jobRunningAfterMs: z.number().int().min(0).optional(),
          jobDoneAfterMs: z.number().int().min(0).optional(),
          admin: z.boolean().default(false),
          quotaSharedBandwidths: z.number().int().min(1).optional(),
          timeoutMs: z.number().int().min(100).max(120_000).optional(),
        })
        .strict(),
      z
        .object({
          mode: z.literal('huaweicloud'),
          endpoints: z
            .object({ workspace: httpUrl, vpc: httpUrl, cc: httpUrl, bss: httpUrl })
            .partial()
            .strict()
            .optional(),
          timeoutMs: z.number().int().min(100).max(120_000).optional(),
        })
        .strict(),
    ]),
    store: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sqlite'), path: z.string().min(1) }).strict(),
      z
        .object({
          kind: z.literal('redis'),
          url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
        })
        .strict(),
      z
        .object({
          kind: z.literal('postgres'),
          url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
        })
        .strict(),
      z.object({ kind: z.literal('memory') }).strict(),
    ]),
    /**
     * Idempotency keys: how long a claim is held before another instance may settle it (leaseMs: above the upstream
     * timeout; shorter only for tests), how long a retry looks an unknown outcome up before answering outcome_unknown
     * (settleMs), and how often unknown outcomes nobody retried are settled in the background (sweepIntervalMs, 0 = off).
     */
    idempotency: z
      .object({
        leaseMs: z.number().int().min(100).max(3_600_000).optional(),
        settleMs: z.number().int().min(0).max(60_000).optional(),
        sweepIntervalMs: z.number().int().min(0).max(3_600_000).optional(),
      })
      .strict()
      .optional(),
    tenants: z.array(tenantSchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.tenants.forEach((t, i) => {
      if (seen.has(t.id))
        ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `duplicate tenant id "${t.id}"` });
      seen.add(t.id);
    });
  });

export type GatewayConfig = z.infer<typeof configSchema>;
export type TenantConfig = GatewayConfig['tenants'][number];

/** A configuration problem, phrased for the person who edits the file: which file, which field, what is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function pathText(path: readonly PropertyKey[], raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const p of path) {
    if (typeof p === 'number') {
      const id = (node as unknown[] | undefined)?.[p] as { id?: unknown } | undefined;
      out += `[${p}]${typeof id?.id === 'string' && out === 'tenants' ? ` (${id.id})` : ''}`;
    } else out += (out ? '.' : '') + String(p);
    node = (node as Record<PropertyKey, unknown> | undefined)?.[p];
  }
  return out || '(root)';
}

export interface ResolvedConfig {
  config: GatewayConfig;
  tenants: Tenant[];
  /** Base directory for relative paths (the config file's folder). */
  baseDir: string;
}

export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv,
  file?: string,
  baseDir = process.cwd(),
): ResolvedConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${pathText(i.path, raw)}: ${i.message}`),
      file,
    );
  }
  const config = parsed.data;
  if (env['DATABASE_URL']) {
    if (!/^postgres(ql)?:\/\//.test(env['DATABASE_URL']))
      throw new ConfigError(['DATABASE_URL: must be a postgres:// or postgresql:// URL'], file);
    config.store = { kind: 'postgres', url: env['DATABASE_URL'] };
  } else if (env['REDIS_URL']) config.store = { kind: 'redis', url: env['REDIS_URL'] };
  if (env['PORT']) {
    const port = Number(env['PORT']);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError([`PORT: "${env['PORT']}" is not a port number`], file);
    config.server.port = port;
  }

  const problems: string[] = [];
  const tenants: Tenant[] = config.tenants.map((t, i) => {
    const where = `tenants[${i}] (${t.id})`;
    const secret = (name: string | undefined, field: string): string => {
      if (!name) return '';
      const v = env[name];
      if (!v) problems.push(`${where}.${field}: environment variable ${name} is not set`);
      return v ?? '';
    };
    const theme = themeSchema.safeParse(t.theme ?? {});
    if (!theme.success)
      for (const is of theme.error.issues) problems.push(`${where}.theme.${is.path.join('.')}: ${is.message}`);
    const limits: Limits = {
      sharedBandwidth: { ...DEFAULT_LIMITS.sharedBandwidth, ...t.limits?.sharedBandwidth },
      workspaceBandwidth: { ...DEFAULT_LIMITS.workspaceBandwidth, ...t.limits?.workspaceBandwidth },
      bandwidthPackage: { ...DEFAULT_LIMITS.bandwidthPackage, ...t.limits?.bandwidthPackage },
    };
    const lim = limitsSchema.safeParse(limits);
    if (!lim.success)
      for (const is of lim.error.issues) problems.push(`${where}.limits.${is.path.join('.')}: ${is.message}`);
    const token: Tenant['token'] =
      t.token.alg === 'HS256'
        ? { alg: 'HS256', secret: secret(t.token.secretEnv, 'token.secretEnv') }
        : t.token.publicKeyPem
          ? { alg: t.token.alg, publicKeyPem: t.token.publicKeyPem }
          : { alg: t.token.alg, jwksUrl: t.token.jwksUrl! };
    if ('jwksUrl' in token) {
      // Token keys are trust anchors: https only (plain http on loopback alone), refused here rather than at first use.
      try {
        checkJwksUrl(token.jwksUrl, t.id);
      } catch (e) {
        problems.push(`${where}.token.jwksUrl: ${(e as Error).message.replace(/^tenant [^:]*: (jwksUrl )?/, '')}`);
      }
    }
    if (token.alg === 'HS256' && token.secret && token.secret.length < 32) {
      problems.push(
        `${where}.token.secretEnv: the secret in ${t.token.alg === 'HS256' ? t.token.secretEnv : ''} must be at least 32 characters`,
      );
    }
    const securityToken = secret(t.credentials.securityTokenEnv, 'credentials.securityTokenEnv');
    return {
      id: t.id,
      name: t.name,
      allowedOrigins: t.allowedOrigins,
      token,
      credentials: {
        ak: secret(t.credentials.akEnv, 'credentials.akEnv'),
        sk: secret(t.credentials.skEnv, 'credentials.skEnv'),
        ...(securityToken ? { securityToken } : {}),
        domainId: t.credentials.domainId,
        projects: t.credentials.projects,
      },
      site: t.site,
      regions: t.regions,
      defaultRegion: t.defaultRegion,
      ...(t.enterpriseProjectId ? { enterpriseProjectId: t.enterpriseProjectId } : {}),
      theme: theme.success ? theme.data : {},
      limits,
      rateLimit: t.rateLimit,
      ...(t.scopes ? { scopes: t.scopes } : {}),
      orders: {
        allowPay: t.orders?.allowPay ?? false,
        ...(t.orders?.billingUrl ? { billingUrl: t.orders.billingUrl } : {}),
      },
      pricing: pricingFor(config.upstream.mode, t.pricing),
      ...(t.policy ? { policy: t.policy } : {}),
      ...(t.webhooks
        ? {
            webhooks: t.webhooks.map((w, j) => {
              const s = secret(w.secretEnv, `webhooks[${j}].secretEnv`);
              if (s && !isWebhookSecret(s))
                problems.push(
                  `${where}.webhooks[${j}].secretEnv: ${w.secretEnv} must be whsec_ followed by 24–64 random bytes in base64`,
                );
              return { id: w.id, url: w.url, events: w.events, secret: s };
            }),
          }
        : {}),
    };
  });
  if (problems.length) throw new ConfigError(problems, file);
  return { config, tenants, baseDir };
}

/** A Standard Webhooks signing secret: `whsec_` and base64 of 24–64 bytes (the spec's recommended sizes). */
function isWebhookSecret(s: string): boolean {
  const b64 = s.startsWith('whsec_') ? s.slice(6) : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  const bytes = Buffer.from(b64, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * The tenant's product codes over the defaults: in simulator mode the simulator's own codes for every purchase; in
 * huaweicloud mode only what the Huawei Cloud documentation gives (shared bandwidth), so other purchases show "price
 * unavailable" until configured.
 */
function pricingFor(
  mode: GatewayConfig['upstream']['mode'],
  configured: Partial<Record<string, ProductCodes>> | undefined,
): Tenant['pricing'] {
  return { ...(mode === 'simulator' ? SIMULATOR_PRICING : DEFAULT_PRICING), ...configured };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultPath?: string): ResolvedConfig {
  const file = resolve(env['BWKIT_CONFIG'] ?? defaultPath ?? 'bwkit.config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      [code === 'ENOENT' ? 'file not found (set BWKIT_CONFIG to its path)' : `cannot read it (${code})`],
      file,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`not valid JSON: ${(e as Error).message}`], file);
  }
  return parseConfig(raw, env, file, dirname(file));
}
