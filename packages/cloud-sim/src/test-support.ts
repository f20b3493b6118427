/**
 * Helpers for the simulator's own tests (not exported by the package): a fake clock and a client that signs requests
 * by hand with the project's signer and sends them over real HTTP with fetch.
 */

import type { Credentials } from '@bwkit/huaweicloud';
import { sign } from '@bwkit/huaweicloud';
import type { RunningCloudSim, StartCloudSimOptions } from './server.js';
import { startCloudSim } from './server.js';

export const INTL = { ak: 'TESTAKINTERNATIONAL1', sk: 'test-sk-international-0000000000000000' };
export const CN = { ak: 'TESTAKCHINAMAINLAND1', sk: 'test-sk-chinese-mainland-00000000000000' };
export const SIM_CREDENTIALS = [
  { ...INTL, site: 'international' as const },
  { ...CN, site: 'chinese-mainland' as const },
];

export interface FakeClock {
  now: () => Date;
  advance(ms: number): void;
}

export function fakeClock(start = '2026-11-25T10:00:00Z'): FakeClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface CallOptions {
  method?: string;
  /** JSON-encoded unless rawBody is given */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  cred?: Credentials;
  /** signing time (default: the client's clock) */
  date?: Date;
  /** X-Project-Id / X-Domain-Id: default derived from the path; null omits it; a string overrides it */
  scopeHeader?: string | null;
  /** send without Authorization */
  unsigned?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** parsed body, undefined when it is not JSON */
  json: any;
}

/** The domain BSS requests name in X-Domain-Id unless a test says otherwise (BSS paths carry no id). */
export const BSS_DOMAIN = 'dom-bss-default';

/** X-Project-Id for /v1/{p}/…, /v2/{p}/… and /v2.0/{p}/…, X-Domain-Id for /v3/{d}/… and BSS paths. */
export function scopeHeaderFor(path: string): [string, string] | undefined {
  if (/^\/(v2\/bills|v2\/orders|v3\/orders)\//.test(path)) return ['X-Domain-Id', BSS_DOMAIN];
  const m = /^\/(v1|v2|v2\.0|v3)\/([^/?]+)/.exec(path);
  if (!m?.[2]) return undefined;
  return [m[1] === 'v3' ? 'X-Domain-Id' : 'X-Project-Id', decodeURIComponent(m[2])];
}

export async function toResult(res: Response): Promise<CallResult> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function makeClient(base: string, defaults: { cred?: Credentials; now?: () => Date } = {}) {
  return async function call(path: string, opts: CallOptions = {}): Promise<CallResult> {
    const method = opts.method ?? (opts.body !== undefined || opts.rawBody !== undefined ? 'POST' : 'GET');
    const url = base + path;
    const body = opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json;charset=UTF-8';
    const scope = scopeHeaderFor(path);
    if (opts.scopeHeader !== null && scope) headers[scope[0]] = opts.scopeHeader ?? scope[1];
    Object.assign(headers, opts.headers);
    let sent = headers;
    if (!opts.unsigned) {
      const when = opts.date ?? defaults.now?.() ?? new Date();
      sent = (await sign({ method, url, headers, body }, opts.cred ?? defaults.cred ?? INTL, when)).headers;
    }
    const res = await fetch(url, { method, headers: sent, body });
    return toResult(res);
  };
}

export type Call = ReturnType<typeof makeClient>;

export interface TestSim {
  running: RunningCloudSim;
  base: string;
  call: Call;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<CallResult>;
  close(): Promise<void>;
}

/** Starts a simulator on a free port with the two test credentials (admin on unless told otherwise). */
export async function startTestSim(options: Partial<StartCloudSimOptions> = {}): Promise<TestSim> {
  const running = await startCloudSim({ credentials: SIM_CREDENTIALS, admin: true, ...options });
  const clientDefaults: { now?: () => Date } = {};
  if (options.now) clientDefaults.now = options.now;
  const call = makeClient(running.url, clientDefaults);
  return {
    running,
    base: running.url,
    call,
    admin: async (path, init = {}) => {
      const method = init.method ?? (init.body !== undefined ? 'POST' : 'GET');
      const res = await fetch(running.url + path, {
        method,
        headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : {},
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
      return toResult(res);
    },
    close: () => running.close(),
  };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const REQUEST_ID_RE = /^[0-9a-f]{32}$/;
export const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
