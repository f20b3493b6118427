/**
 * Test support: a BFF built in-process with createBff, the memory store and the simulator's app.fetch as the
 * upstream fetch, so `app.request()` drives the whole stack (auth, validation, idempotency, signing, the simulated
 * cloud) without a port. Tokens are HS256, signed as a portal backend would.
 */

import { type CloudSim, type CloudSimOptions, createCloudSim } from '@bwkit/cloud-sim';
import { DEFAULT_LIMITS, SCOPES, type Scope, TOKEN_AUDIENCE } from '@bwkit/contracts';
import { sign } from 'hono/jwt';
import { type Bff, type BffOptions, createBff } from '../index.js';
import type { Store } from '../store/index.js';
import { createMemoryStore } from '../store/memory.js';
import type { Tenant } from '../tenants/index.js';

export const ORIGIN = 'https://portal.acme.test';
export const REGION = 'ap-southeast-1';
export const PROJECT_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const DOMAIN_ID = 'f9e8d7c6b5a4938271605f4e3d2c1b0a';
const AK = 'INPROCESSTESTAK00001';
const SK = 'in-process-test-secret-key-0000000000';
const SECRET = 'in-process-token-secret-at-least-32-bytes!';

export function testTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: 'acme',
    name: 'Acme',
    allowedOrigins: [ORIGIN],
    token: { alg: 'HS256', secret: SECRET },
    credentials: { ak: AK, sk: SK, domainId: DOMAIN_ID, projects: { [REGION]: PROJECT_ID } },
    site: 'international',
    regions: [{ id: REGION, name: 'Singapore' }],
    defaultRegion: REGION,
    theme: {},
    limits: DEFAULT_LIMITS,
    rateLimit: { perMinute: 1000 },
    orders: { allowPay: true },
    ...overrides,
  };
}

export interface InProcess {
  bff: Bff;
  sim: CloudSim;
  store: Store;
  tenant: Tenant;
  /** A widget token for the tenant: every scope unless told, valid for five minutes. */
  token(opts?: {
    scopes?: readonly Scope[];
    sub?: string;
    iss?: string;
    expiresIn?: number;
    secret?: string;
  }): Promise<string>;
  /** `bff.request()` with the token, the tenant's origin and a JSON body when one is given. */
  call(
    path: string,
    init?: { method?: string; token?: string | null; body?: unknown; key?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function inProcessBff(
  opts: { tenant?: Partial<Tenant>; sim?: Partial<CloudSimOptions>; bff?: Partial<BffOptions>; store?: Store } = {},
): Promise<InProcess> {
  const tenant = testTenant(opts.tenant);
  const sim = createCloudSim({
    credentials: [{ ak: tenant.credentials.ak, sk: tenant.credentials.sk, site: tenant.site }],
    admin: true,
    projectRegions: { [PROJECT_ID]: REGION },
    ...opts.sim,
  });
  const store = opts.store ?? createMemoryStore();
  // No endpoint overrides: the client signs for the real Huawei Cloud hosts, and this fetch hands the request to the
  // simulator instead of the network (with the Host header a network fetch would add, as it was signed).
  const upstreamFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    request.headers.set('host', new URL(request.url).host);
    return sim.app.fetch(request);
  };
  const bff = createBff({
    tenants: [tenant],
    store,
    upstream: { fetch: upstreamFetch, timeoutMs: 5_000 },
    log: () => undefined,
    listCacheTtlMs: 0,
    idempotency: { sweepIntervalMs: 0 },
    ...opts.bff,
  });
  const token: InProcess['token'] = async (t = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return sign(
      {
        iss: t.iss ?? tenant.id,
        aud: TOKEN_AUDIENCE,
        sub: t.sub ?? 'user-1',
        iat: now,
        exp: now + (t.expiresIn ?? 300),
        scope: (t.scopes ?? SCOPES).join(' '),
      },
      t.secret ?? SECRET,
      'HS256',
    );
  };
  const call: InProcess['call'] = async (path, init = {}) => {
    const headers: Record<string, string> = { origin: ORIGIN, ...init.headers };
    const tok = init.token === undefined ? await token() : init.token;
    if (tok !== null) headers['authorization'] = `Bearer ${tok}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    if (init.key) headers['idempotency-key'] = init.key;
    return bff.request(path, {
      method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
      headers,
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });
  };
  return { bff, sim, store, tenant, token, call, close: () => bff.close() };
}
