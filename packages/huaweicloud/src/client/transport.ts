/**
 * The transport under every operation: validates the client options, builds the URL, query and scope header from
 * an OPERATIONS row, signs, sends with a time budget, retries GETs once, reads a bounded body and turns failures into
 * UpstreamError. Web APIs only (fetch, Headers, AbortSignal, crypto.subtle via the signer), so it runs on Node,
 * Workers, Deno and Bun; a runtime may hand it a cheaper HTTP exchange than fetch (`send`). It never logs.
 *
 * Retries: only GETs are retried, once, on 429 / 5xx / network failure after a short delay, within the same time
 * budget. Creates, price inquiries, pay and cancel are never retried (a blind retry could place a second order or
 * pay twice).
 */

import { DEFAULT_SITE, endpointFor, isSite, type Site } from '../endpoints/index.js';
import { ConfigError, type HeadersLike, headerOf, parseUpstreamError, UpstreamError } from '../errors/index.js';
import { isObject } from '../json.js';
import type { ServiceName } from '../services.js';
import { type Credentials, sign, urlEncode } from '../signer/index.js';
import { nonEmpty, OPERATIONS, type OperationName, type OperationSpec } from './operations.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_USER_AGENT = 'bwkit/0.1';
/** Delay before the single retry of a GET (unless Retry-After asks for more, up to MAX_RETRY_DELAY_MS). */
export const DEFAULT_RETRY_DELAY_MS = 200;
/** A Retry-After longer than this is not waited for: the error is returned instead. */
export const MAX_RETRY_DELAY_MS = 2_000;
/** Response bodies are read up to this size; a larger success body is a bad_response. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** As the Node SDK sends it, on GET too. */
export const CONTENT_TYPE = 'application/json;charset=UTF-8';

export interface HuaweiCloudClientOptions {
  credentials: Credentials;
  /** Account id, for the global services Cloud Connect and BSS (X-Domain-Id, and the path where it has one). */
  domainId: string;
  /** region → project id, for Workspace and VPC (X-Project-Id and the path). */
  projects: Record<string, string>;
  /** Base URL overrides per service; may contain `{region}`. */
  endpoints?: Partial<Record<ServiceName, string>>;
  /** The account's website: picks the default BSS host. Default 'international'. */
  site?: Site;
  /** Default globalThis.fetch (looked up at call time). */
  fetch?: typeof fetch;
  /**
   * Sends one request and reads its bounded answer instead of `fetch` (which is then unused). For runtimes with a
   * cheaper client than their fetch: on Node, fetch builds Web streams and Request/Response objects around every
   * call, several times the CPU of undici's `request()` (the gateway passes one built on it).
   */
  send?: HttpSend;
  /** Time budget of one client call, retry included. Default 10 000. */
  timeoutMs?: number;
  /** Signing clock. */
  now?: () => Date;
  /** Default 'bwkit/0.1'; '' sends none (browsers may not let a page set it, which would break the signature). */
  userAgent?: string;
  /** Delay before a GET's single retry. Default 200 ms. */
  retryDelayMs?: number;
}

export interface CallOptions {
  /** Caller's cancellation; when it fires the call rejects with the signal's reason (not an UpstreamError). */
  signal?: AbortSignal;
  /** Overrides the client's timeoutMs for this call. */
  timeoutMs?: number;
  /**
   * The caller's correlation id. Deliberately NOT sent upstream (the official SDKs send no X-Request-Id; the upstream
   * assigns its own, returned as `requestId`). Accepted so callers can pass their context uniformly; unused.
   */
  requestId?: string;
}

export interface UpstreamResult<T> {
  data: T;
  status: number;
  /** X-Request-Id response header, else `request_id` in the body. */
  requestId?: string;
  /** Whole call, retry included. */
  durationMs: number;
}

/** One upstream exchange as the transport makes it: the signed request, and how much of the answer to read. */
export interface HttpExchange {
  method: string;
  url: string;
  /** Signed headers, Host left out (the runtime sets it from the URL: the value that was signed). */
  headers: Record<string, string>;
  body?: string;
  /** The call's time budget and the caller's cancellation: aborts the exchange, body reading included. */
  signal: AbortSignal;
  /** Read at most this many bytes of the body; more is `truncated` (the rest is discarded). */
  maxBodyBytes: number;
  /** Redirects are answers, never followed (a 3xx is an error of the operation). */
}

export interface HttpAnswer {
  status: number;
  headers: HeadersLike;
  text: string;
  truncated: boolean;
}

/** Sends one request; rejects only when no complete answer came (connection refused or reset, aborted). */
export type HttpSend = (exchange: HttpExchange) => Promise<HttpAnswer>;

/** The default exchange: Web fetch, redirects not followed, the body read up to its bound. */
export function fetchSend(fetchImpl?: typeof fetch): HttpSend {
  return async (x) => {
    const init: RequestInit = { method: x.method, headers: x.headers, signal: x.signal, redirect: 'manual' };
    if (x.body !== undefined) init.body = x.body;
    const res = await (fetchImpl ?? globalThis.fetch)(x.url, init);
    const body = await readBody(res, x.maxBodyBytes);
    return { status: res.status, headers: res.headers, ...body };
  };
}

// ---- helpers ----------------------------------------------------------------------------------------------------

/** Printable ASCII without spaces: project/domain ids and the AK go into headers (and a path). */
const HEADER_ID_RE = /^[\x21-\x7e]{1,256}$/;
/** Path parameters are percent-encoded, so any text goes, but no control characters. */
// eslint-disable-next-line no-control-regex
const PATH_PARAM_RE = /^[^\u0000-\u001f\u007f]{1,256}$/;

function checkId(value: unknown, what: string, ErrorType: new (m: string) => Error): string {
  if (typeof value !== 'string' || !HEADER_ID_RE.test(value) || value === '.' || value === '..') {
    throw new ErrorType(`${what} must be a non-empty printable ASCII string without spaces`);
  }
  return value;
}

/** `.` and `..` would be resolved away by the URL parser even when percent-encoded (`%2e%2e`). */
function checkPathParam(value: unknown, what: string): string {
  if (typeof value !== 'string' || !PATH_PARAM_RE.test(value) || value === '.' || value === '..') {
    throw new TypeError(`${what} must be 1–256 characters without control characters, and not "." or ".."`);
  }
  return value;
}

function checkTimeout(ms: unknown, what: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > 2_147_483_647) {
    throw new ConfigError(`${what} must be a positive number of milliseconds`);
  }
  return ms;
}

const clockMs = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

interface Deadline {
  signal: AbortSignal;
  callerAborted(): boolean;
  callerReason(): unknown;
  timedOut(): boolean;
  dispose(): void;
}

/** AbortSignal.timeout combined with the caller's signal (AbortSignal.any), with fallbacks for older runtimes. */
function deadlineSignal(timeoutMs: number, caller?: AbortSignal): Deadline {
  const cleanups: (() => void)[] = [];
  let timeout: AbortSignal;
  if (typeof AbortSignal.timeout === 'function') {
    timeout = AbortSignal.timeout(timeoutMs);
  } else {
    const c = new AbortController();
    const t = setTimeout(() => c.abort(new DOMException('The operation timed out.', 'TimeoutError')), timeoutMs);
    cleanups.push(() => clearTimeout(t));
    timeout = c.signal;
  }
  let signal = timeout;
  if (caller) {
    if (typeof AbortSignal.any === 'function') {
      signal = AbortSignal.any([caller, timeout]);
    } else {
      const c = new AbortController();
      const onCaller = () => c.abort(caller.reason);
      const onTimeout = () => c.abort(timeout.reason);
      if (caller.aborted) onCaller();
      caller.addEventListener('abort', onCaller, { once: true });
      timeout.addEventListener('abort', onTimeout, { once: true });
      cleanups.push(() => {
        caller.removeEventListener('abort', onCaller);
        timeout.removeEventListener('abort', onTimeout);
      });
      signal = c.signal;
    }
  }
  return {
    signal,
    timedOut: () => timeout.aborted && !caller?.aborted,
    callerAborted: () => caller?.aborted === true,
    callerReason: () => caller?.reason,
    dispose: () => {
      for (const f of cleanups) f();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads at most `max` bytes of the body; `truncated` when there was more (the rest is cancelled). */
async function readBody(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > max) {
      chunks.push(value.subarray(0, max - total));
      total = max;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.byteLength;
  }
  return { text: new TextDecoder().decode(all), truncated };
}

function withoutHost(headers: Record<string, string>): Record<string, string> {
  // The runtime sets Host from the URL (the same value that was signed); browsers refuse to let us set it.
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'host') out[k] = v;
  return out;
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/**
 * `?k=v&…` in the caller's key order, or '' when nothing is left. Undefined/null values and empty lists are dropped;
 * lists are comma-joined (the upstreams' `csv` collection format). Keys and values are percent-encoded the way the
 * signer canonicalises them, so the signed query is the sent one.
 */
export function buildQuery(query: object | undefined, what = 'query'): string {
  if (query === undefined || query === null) return '';
  if (!isObject(query)) throw new TypeError(`${what} must be an object`);
  const parts: string[] = [];
  const scalar = (key: string, v: unknown): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return String(v);
    throw new TypeError(`${what}.${key} must be a string, a finite number, a boolean or a list of those`);
  };
  for (const [key, raw] of Object.entries(query as Record<string, QueryValue>)) {
    if (raw === undefined || raw === null) continue;
    if (key === '') throw new TypeError(`${what} has an empty key`);
    let value: string;
    if (Array.isArray(raw)) {
      const items = (raw as unknown[]).filter((x) => x !== undefined && x !== null).map((x) => scalar(key, x));
      if (items.length === 0) continue;
      value = items.join(',');
    } else {
      value = scalar(key, raw);
    }
    parts.push(`${urlEncode(key)}=${urlEncode(value)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

// ---- the transport ----------------------------------------------------------------------------------------------

/** What an operation method hands the transport: the region (project-scoped services), path parameters, query, body. */
export interface CallInput {
  region?: string;
  params?: Record<string, string>;
  query?: object | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Transport {
  /** One upstream call of `op` as its OPERATIONS row describes it. */
  call<T>(op: OperationName, input: CallInput, opts: CallOptions | undefined): Promise<UpstreamResult<T>>;
}

/** Validates the options (ConfigError) and returns the transport every operation method calls. */
export function createTransport(options: HuaweiCloudClientOptions): Transport {
  const creds = options.credentials;
  if (!creds || !nonEmpty(creds.ak) || !nonEmpty(creds.sk))
    throw new ConfigError('credentials need a non-empty ak and sk');
  checkId(creds.ak, 'credentials.ak', ConfigError);
  if (creds.securityToken !== undefined && !/^[\x20-\x7e]+$/.test(creds.securityToken)) {
    throw new ConfigError('credentials.securityToken must be printable ASCII');
  }
  const projects: Record<string, string> = Object.create(null);
  for (const [region, projectId] of Object.entries(options.projects ?? {})) {
    projects[region] = checkId(projectId, `the project id of region ${JSON.stringify(region)}`, ConfigError);
  }
  const domainId = options.domainId;
  if (domainId !== undefined && domainId !== '') checkId(domainId, 'domainId', ConfigError);
  const defaultTimeout = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) throw new ConfigError('retryDelayMs must be >= 0');
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (!/^[\x20-\x7e]*$/.test(userAgent)) throw new ConfigError('userAgent must be printable ASCII');
  const endpoints = options.endpoints ? { ...options.endpoints } : undefined;
  const site: Site = options.site ?? DEFAULT_SITE;
  if (!isSite(site)) throw new ConfigError(`site must be 'international' or 'chinese-mainland'`);
  const clock = options.now ?? (() => new Date());
  // Without options.fetch, globalThis.fetch is looked up per call (a fetch installed later, a test's, is the one used).
  const send: HttpSend = options.send ?? fetchSend(options.fetch);
  const redact = [creds.sk, creds.securityToken].filter((s): s is string => typeof s === 'string');

  function projectFor(region: unknown): string {
    const projectId = typeof region === 'string' && Object.hasOwn(projects, region) ? projects[region] : undefined;
    if (projectId === undefined)
      throw new ConfigError(`no project id configured for region ${JSON.stringify(String(region))}`);
    return projectId;
  }

  interface Prepared {
    url: string;
    /** X-Project-Id or X-Domain-Id, plus any operation header (X-Language) */
    extraHeaders: Record<string, string>;
    body?: string;
  }

  async function run<T>(
    op: OperationName,
    prepared: Prepared,
    opts: CallOptions | undefined,
  ): Promise<UpstreamResult<T>> {
    const spec = OPERATIONS[op];
    const timeoutMs = opts?.timeoutMs === undefined ? defaultTimeout : checkTimeout(opts.timeoutMs, 'timeoutMs');
    const caller = opts?.signal;
    if (caller?.aborted) throw caller.reason;
    const started = clockMs();
    const deadline = deadlineSignal(timeoutMs, caller);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await attemptOnce<T>(op, spec, prepared, deadline);
          return { ...r, durationMs: Math.round(clockMs() - started) };
        } catch (err) {
          if (!spec.retried || attempt >= 2 || !(err instanceof UpstreamError)) throw err;
          if (err.kind !== 'rate_limited' && err.kind !== 'unavailable') throw err;
          const delay =
            err.retryAfterSeconds === undefined ? retryDelayMs : Math.max(retryDelayMs, err.retryAfterSeconds * 1000);
          const remaining = timeoutMs - (clockMs() - started);
          if (delay > MAX_RETRY_DELAY_MS || delay >= remaining) throw err;
          try {
            await sleep(delay, deadline.signal);
          } catch {
            if (caller?.aborted) throw caller.reason;
            throw err;
          }
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  async function attemptOnce<T>(
    op: OperationName,
    spec: OperationSpec,
    prepared: Prepared,
    deadline: Deadline,
  ): Promise<Omit<UpstreamResult<T>, 'durationMs'>> {
    const { service } = spec;
    const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE, ...prepared.extraHeaders };
    if (userAgent !== '') headers['User-Agent'] = userAgent;
    // Signed afresh on every attempt (new X-Sdk-Date); body = exactly the string sent.
    const signed = await sign({ method: spec.method, url: prepared.url, headers, body: prepared.body }, creds, clock());

    const transportError = (cause: unknown): unknown => {
      if (deadline.callerAborted()) return deadline.callerReason(); // the caller's own abort: not an upstream failure
      if (deadline.timedOut()) {
        return new UpstreamError({
          service,
          operation: op,
          code: 'TIMEOUT',
          kind: 'timeout',
          upstreamMessage: 'no complete answer within the time budget',
          cause,
        });
      }
      return new UpstreamError({
        service,
        operation: op,
        code: 'NETWORK',
        kind: 'unavailable',
        // The cause stays attached but its text is not copied: runtime messages may quote header values.
        upstreamMessage: 'connection failed or was reset',
        cause,
      });
    };

    let res: HttpAnswer;
    try {
      const exchange: HttpExchange = {
        method: spec.method,
        url: prepared.url,
        headers: withoutHost(signed.headers),
        signal: deadline.signal,
        maxBodyBytes: MAX_RESPONSE_BYTES,
      };
      if (prepared.body !== undefined) exchange.body = prepared.body;
      res = await send(exchange);
    } catch (err) {
      throw transportError(err);
    }

    const headerRequestId = headerOf(res.headers, 'x-request-id');
    if (!spec.okStatuses.includes(res.status)) {
      if (res.status >= 200 && res.status < 300) {
        throw badResponse(op, service, res.status, headerRequestId, `unexpected success status ${res.status}`);
      }
      throw parseUpstreamError(service, op, res.status, res.headers, res.text, { redact });
    }
    if (res.truncated) {
      throw badResponse(
        op,
        service,
        res.status,
        headerRequestId,
        `response body larger than ${MAX_RESPONSE_BYTES} bytes`,
      );
    }
    let data: unknown;
    if (spec.emptyBody && res.text.trim() === '') {
      data = {};
    } else {
      try {
        data = JSON.parse(res.text);
      } catch {
        throw badResponse(op, service, res.status, headerRequestId, 'response body is not JSON');
      }
    }
    const bodyRequestId = isObject(data) && nonEmpty(data['request_id']) ? (data['request_id'] as string) : undefined;
    if (!spec.check(data)) {
      throw badResponse(
        op,
        service,
        res.status,
        headerRequestId ?? bodyRequestId,
        `response body lacks ${spec.requiredFields}`,
      );
    }
    const requestId = headerRequestId ?? bodyRequestId;
    return { data: data as T, status: res.status, ...(requestId === undefined ? {} : { requestId }) };
  }

  function badResponse(
    op: OperationName,
    service: ServiceName,
    status: number,
    requestId: string | undefined,
    message: string,
  ): UpstreamError {
    return new UpstreamError({
      service,
      operation: op,
      status,
      code: 'BAD_RESPONSE',
      kind: 'bad_response',
      upstreamMessage: message,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  // endpointFor checks its result by parsing it as a URL: once per service and region is enough (the options are
  // fixed). A failing lookup is not remembered, so it throws again on every call.
  const bases = new Map<string, string>();
  function baseFor(service: ServiceName, region: string): string {
    const k = `${service}\u0000${region}`;
    let base = bases.get(k);
    if (base === undefined) {
      base = endpointFor(service, region, endpoints, site);
      bases.set(k, base);
    }
    return base;
  }

  /** Builds URL, query and scope header from the operation's row; throws ConfigError/TypeError before any network call. */
  function prepare(op: OperationName, input: CallInput): Prepared {
    const spec = OPERATIONS[op];
    let extraHeaders: Record<string, string>;
    let path = spec.path;
    if (spec.credentials === 'domain') {
      if (!nonEmpty(domainId))
        throw new ConfigError(`no domainId configured (needed for the global ${spec.service} service)`);
      extraHeaders = { 'X-Domain-Id': domainId };
      path = path.replace('{domain_id}', urlEncode(domainId));
    } else {
      const projectId = projectFor(input.region);
      extraHeaders = { 'X-Project-Id': projectId };
      path = path.replace('{project_id}', urlEncode(projectId));
    }
    for (const [name, value] of Object.entries(input.params ?? {})) {
      path = path.replace(`{${name}}`, urlEncode(checkPathParam(value, name)));
    }
    const query = buildQuery(input.query, `${op}: query`);
    const base = baseFor(spec.service, input.region ?? '');
    const body = input.body;
    if (spec.method !== 'GET' && !isObject(body)) throw new TypeError(`${op}: body must be an object`);
    const prepared: Prepared = { url: base + path + query, extraHeaders: { ...extraHeaders, ...input.headers } };
    if (spec.method !== 'GET') prepared.body = JSON.stringify(body);
    return prepared;
  }

  function call<T>(op: OperationName, input: CallInput, opts: CallOptions | undefined): Promise<UpstreamResult<T>> {
    return run<T>(op, prepare(op, input), opts);
  }
  return { call };
}
