import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCOPES, type Scope } from '@bwkit/contracts';
import { sign } from 'hono/jwt';
import { parseConfig } from '../config/index.js';
import { type GatewayOptions, type RunningGateway, startGateway } from '../gateway.js';
import { type OpenApiDocument, ResponseValidator, recordCoverage } from './openapi.js';

export { checkAnswer, checkSchema, type OpenApiDocument, ResponseValidator } from './openapi.js';

/** Test support for the gateway: a real gateway on a free loopback port, the real simulator behind it, real tokens. */

const here = fileURLToPath(new URL('.', import.meta.url));
export const DEMO_CONFIG_PATH = join(here, '../../bwkit.config.json');

export function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
export const DEMO_ENV = readEnvFile(join(here, '../../demo.env'));

export const TEST_ORIGIN = 'https://portal.acme.test';
export const GLOBEX_ORIGIN = 'https://portal.globex.test';

/** The committed demo config, with test origins and a chosen store and upstream. */
export function testConfig(opts: { store?: unknown; upstream?: unknown; mutate?: (raw: any) => void } = {}): any {
  const raw = JSON.parse(readFileSync(DEMO_CONFIG_PATH, 'utf8'));
  raw.server = { port: 0, host: '127.0.0.1' };
  raw.store = opts.store ?? { kind: 'memory' };
  raw.upstream = opts.upstream ?? { mode: 'simulator', admin: true, jobRunningAfterMs: 100, jobDoneAfterMs: 400 };
  raw.tenants[0].allowedOrigins = [TEST_ORIGIN];
  raw.tenants[1].allowedOrigins = [GLOBEX_ORIGIN];
  opts.mutate?.(raw);
  return raw;
}

export interface CallInit {
  method?: string;
  token?: string;
  body?: unknown;
  key?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  unchecked?: boolean;
}

export interface TestGateway extends RunningGateway {
  logs: string[];
  env: Record<string, string>;
  /** Checks every answer `call` receives against the gateway's OpenAPI document (a drift throws). */
  validator: ResponseValidator;
  /**
   * Fetch against the gateway with a JSON body and a token. The answer is checked against the OpenAPI document
   * (status documented for the path and method, body valid against its schema, documented headers); pass
   * `unchecked: true` only for answers the document cannot describe (e.g. a deliberately broken request line).
   */
  call(path: string, init?: CallInit): Promise<Response>;
  simState(): Promise<{ counts: Record<string, number>; requests: Record<string, number> }>;
  fault(f: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  simUrlFor(): string;
  /** Sets the simulated BSS balance of one account (domain), or of every account; used to make a payment fail. */
  setBalance(amount: number, domainId?: string): Promise<void>;
}

export async function startTestGateway(
  opts: {
    raw?: any;
    env?: Record<string, string>;
    simUrl?: string;
    demo?: boolean;
    gateway?: Partial<GatewayOptions>;
  } = {},
): Promise<TestGateway> {
  const env = { ...DEMO_ENV, ...opts.env };
  const raw = opts.raw ?? testConfig();
  const resolved = parseConfig(raw, env, 'test-config.json', mkdtempSync(join(tmpdir(), 'bwkit-gw-')));
  const logs: string[] = [];
  const gw = await startGateway({ resolved, demo: opts.demo ?? false, log: (l) => logs.push(l), ...opts.gateway });
  const simUrl = opts.simUrl ?? gw.simUrl;
  const sim = async (path: string, init?: RequestInit) => {
    if (!simUrl) throw new Error('no simulator');
    return fetch(simUrl + path, init);
  };
  const validator = new ResponseValidator(
    async () => (await fetch(`${gw.url}/openapi.json`)).json() as Promise<OpenApiDocument>,
  );
  recordCoverage(validator);
  return Object.assign(gw, {
    validator,
    logs,
    env,
    simUrlFor: () => simUrl!,
    async call(path: string, init: CallInit = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers['authorization'] = `Bearer ${init.token}`;
      if (init.body !== undefined) headers['content-type'] ??= 'application/json';
      if (init.key) headers['idempotency-key'] = init.key;
      const method = init.method ?? (init.body !== undefined ? 'POST' : 'GET');
      const res = await fetch(gw.url + path, {
        method,
        headers,
        ...(init.body !== undefined
          ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
          : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      if (!init.unchecked) await validator.check(method, gw.url + path, res);
      return res;
    },
    async simState() {
      return (await (await sim('/_sim/state')).json()) as {
        counts: Record<string, number>;
        requests: Record<string, number>;
      };
    },
    async fault(f: Record<string, unknown>) {
      const r = await sim('/_sim/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(f),
      });
      if (r.status !== 201) throw new Error(`fault refused: ${r.status} ${await r.text()}`);
    },
    async clearFaults() {
      await sim('/_sim/faults', { method: 'DELETE' });
    },
    async setBalance(amount: number, domainId?: string) {
      const r = await sim('/_sim/balance', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount, ...(domainId ? { domainId } : {}) }),
      });
      if (r.status !== 200) throw new Error(`balance refused: ${r.status} ${await r.text()}`);
    },
  });
}

/** A widget token signed like a portal backend would, with knobs for every way one can be wrong. */
export async function mintToken(
  opts: {
    tenant?: string;
    secret?: string;
    sub?: string;
    aud?: string;
    scopes?: readonly Scope[] | string;
    iat?: number;
    exp?: number;
    ttl?: number;
    alg?: 'HS256';
    env?: Record<string, string>;
    extra?: Record<string, unknown>;
  } = {},
): Promise<string> {
  const tenant = opts.tenant ?? 'acme';
  const env = opts.env ?? DEMO_ENV;
  const secret = opts.secret ?? env[`${tenant.toUpperCase()}_WIDGET_TOKEN_SECRET`]!;
  const iat = opts.iat ?? Math.floor(Date.now() / 1000);
  const exp = opts.exp ?? iat + (opts.ttl ?? 600);
  const scope = typeof opts.scopes === 'string' ? opts.scopes : (opts.scopes ?? SCOPES).join(' ');
  return sign(
    { iss: tenant, sub: opts.sub ?? 'user-1', aud: opts.aud ?? 'bwkit', iat, exp, scope, ...opts.extra },
    secret,
    'HS256',
  );
}

let n = 0;
export const newKey = (p = 'key') => `${p}-${process.pid}-${Date.now()}-${n++}`;
export const SUBNET = '2fe2cebf-fb0c-40a6-8daa-f60bef147583';
export const YEARLY_BANDWIDTHS = [
  '3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
  '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
  '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
];
export const PAY_PER_USE_BANDWIDTH = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
