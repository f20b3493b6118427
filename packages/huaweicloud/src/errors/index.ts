/**
 * The upstream error model: every failure of an upstream call becomes one UpstreamError with a stable `kind`, whatever
 * the service's error body looks like. Web APIs only.
 */

import { isObject, type JsonObject } from '../json.js';
import type { ServiceName } from '../services.js';

/**
 * - `rejected`     the upstream refused the request (4xx): the caller's input or account state; do not retry as is
 * - `conflict`     409: the resource is busy or in a conflicting state
 * - `rate_limited` 429, APIGW.0308 (gateway throttling) or CBC.0250 (BSS flow control); see `retryAfterSeconds`
 * - `unavailable`  5xx, or the connection failed/reset (code NETWORK); for a create the outcome is unknown
 * - `timeout`      no (complete) answer within the time budget (code TIMEOUT); for a create the outcome is unknown
 * - `bad_response` a success status with a body we cannot use, or an unexpected status (code BAD_RESPONSE)
 * - `auth`         API gateway 401/403 APIGW.03xx: bad signature, unknown or locked AK, clock skew — a configuration
 *                  fault of ours, not the end user's
 */
export const UPSTREAM_ERROR_KINDS = Object.freeze([
  'rejected',
  'conflict',
  'rate_limited',
  'unavailable',
  'timeout',
  'bad_response',
  'auth',
] as const);
export type UpstreamErrorKind = (typeof UPSTREAM_ERROR_KINDS)[number];

/** Codes we make up when there is no upstream code. `HTTP_<status>` is used for unparsable error bodies. */
export type SyntheticErrorCode = 'TIMEOUT' | 'NETWORK' | 'BAD_RESPONSE';

export interface UpstreamErrorInit {
  service: ServiceName;
  operation: string;
  status?: number;
  code: string;
  upstreamMessage: string;
  requestId?: string;
  kind: UpstreamErrorKind;
  retryAfterSeconds?: number;
  /** IAM's encoded explanation of a denied request (decodable by the account owner through IAM). */
  encodedAuthorizationMessage?: string;
  cause?: unknown;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly service: ServiceName;
  /** The op name (`createWorkspaceBandwidth`, …). */
  readonly operation: string;
  /** HTTP status; undefined for network failures and timeouts. */
  readonly status?: number;
  /** Upstream code (`WKS.0001`, `VPC.0301`, `CC.1001`, `CBC.99005003`, `APIGW.0301`, …), `HTTP_<status>`, or TIMEOUT/NETWORK/BAD_RESPONSE. */
  readonly code: string;
  /** The upstream's own message (trimmed, at most 500 characters), or ours for synthetic codes. */
  readonly upstreamMessage: string;
  /** X-Request-Id response header, else `request_id` in the body. */
  readonly requestId?: string;
  readonly kind: UpstreamErrorKind;
  readonly retryAfterSeconds?: number;
  /** `encoded_authorization_message` of the error body, when the upstream sent one (an opaque token, not text). */
  readonly encodedAuthorizationMessage?: string;

  constructor(init: UpstreamErrorInit) {
    const status = init.status === undefined ? '' : ` (HTTP ${init.status})`;
    super(
      `${init.service} ${init.operation} failed: ${init.code}${status}: ${init.upstreamMessage}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.service = init.service;
    this.operation = init.operation;
    if (init.status !== undefined) this.status = init.status;
    this.code = init.code;
    this.upstreamMessage = init.upstreamMessage;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    this.kind = init.kind;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.encodedAuthorizationMessage !== undefined)
      this.encodedAuthorizationMessage = init.encodedAuthorizationMessage;
  }

  /** A plain, log-safe view (no cause, no stack). */
  toJSON(): Omit<UpstreamErrorInit, 'cause'> & { name: 'UpstreamError'; message: string } {
    return {
      name: this.name,
      message: this.message,
      service: this.service,
      operation: this.operation,
      ...(this.status === undefined ? {} : { status: this.status }),
      code: this.code,
      upstreamMessage: this.upstreamMessage,
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      kind: this.kind,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.encodedAuthorizationMessage === undefined
        ? {}
        : { encodedAuthorizationMessage: this.encodedAuthorizationMessage }),
    };
  }
}

export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError;
}

/** A client misconfiguration found before any network call (unknown region, missing project id, bad endpoint). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// ---- parsing ----------------------------------------------------------------------------------------------------

export type HeadersLike = Headers | Record<string, string | undefined> | undefined | null;

/** A header's value from a Headers object or a plain record (any case). */
export function headerOf(headers: HeadersLike, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | undefined>)) {
    if (k.toLowerCase() === lower && typeof v === 'string') return v;
  }
  return undefined;
}

const MAX_MESSAGE = 500;

/** One line, no control characters, bounded length. */
export function cleanMessage(value: string, max: number = MAX_MESSAGE): string {
  // eslint-disable-next-line no-control-regex
  const flat = value
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/**
 * Retry-After as whole seconds (delta-seconds or an HTTP date, relative to `now`); undefined when absent/invalid.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  if (!/^[A-Za-z]{3},/.test(v)) return undefined; // HTTP-date (IMF-fixdate), not whatever Date.parse accepts
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.ceil((t - now.getTime()) / 1000));
}

/** The kind for an HTTP error status and (optional) upstream code, as documented on UpstreamErrorKind. */
export function kindFor(status: number, code?: string): UpstreamErrorKind {
  if (status === 429 || code === 'APIGW.0308' || code === 'CBC.0250') return 'rate_limited';
  if ((status === 401 || status === 403) && code !== undefined && /^APIGW\.03\d\d$/.test(code)) return 'auth';
  if (status === 409) return 'conflict';
  if (status >= 400 && status < 500) return 'rejected';
  if (status >= 500 && status < 600) return 'unavailable';
  // 1xx/3xx/opaque (0) or an unexpected 2xx: nothing we can act on.
  return 'bad_response';
}

type Json = JsonObject;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

interface Extracted {
  code?: string;
  message?: string;
  requestId?: string;
  encodedAuthorizationMessage?: string;
}

/** How deep nested objects are searched for a code/message pair (as the official SDKs' exception handlers do). */
const MAX_NESTING = 4;

/**
 * Recognises, in order (the official SDKs' exception handler order, plus the older VPC/Neutron shapes):
 * - `{error_code, error_msg}`: Workspace (`error_detail?`), Cloud Connect / APIGW (`request_id`), BSS (`CBC.…`)
 * - `{errorCode, errorMsg}`
 * - VPC `{code, message}`
 * - older VPC `{error: {code, message}}` and Neutron `{NeutronError: {type, message, detail?}}`
 * - any other nested object carrying one of the pairs above
 * `encoded_authorization_message` is taken from the top level, else from the object that carried the code.
 */
function extract(body: Json, depth = 0): Extracted | undefined {
  const requestId = str(body['request_id']);
  const encoded =
    typeof body['encoded_authorization_message'] === 'string' ? body['encoded_authorization_message'] : undefined;
  const withEncoded = (e: Extracted): Extracted => {
    const enc = encoded ?? e.encodedAuthorizationMessage;
    return enc === undefined || enc.trim() === '' ? e : { ...e, encodedAuthorizationMessage: enc };
  };
  const errorCode = str(body['error_code']);
  if (errorCode !== undefined || typeof body['error_msg'] === 'string') {
    const msg = str(body['error_msg']) ?? str(body['error_message']) ?? str(body['message']);
    const detail = str(body['error_detail']);
    const message = msg && detail && detail !== msg ? `${msg} (${detail})` : (msg ?? detail);
    return withEncoded({ code: errorCode, message, requestId });
  }
  const camelCode = str(body['errorCode']);
  if (camelCode !== undefined || typeof body['errorMsg'] === 'string') {
    return withEncoded({ code: camelCode, message: str(body['errorMsg']), requestId });
  }
  const code = str(body['code']);
  if (code !== undefined && (typeof body['message'] === 'string' || /^[A-Z][A-Za-z]*\.\d+$/.test(code))) {
    return withEncoded({ code, message: str(body['message']), requestId });
  }
  const nested = body['error'];
  if (isObject(nested)) {
    return withEncoded({
      code: str(nested['code']) ?? str(nested['error_code']) ?? str(nested['type']),
      message: str(nested['message']) ?? str(nested['error_msg']),
      requestId: requestId ?? str(nested['request_id']),
      ...(typeof nested['encoded_authorization_message'] === 'string'
        ? { encodedAuthorizationMessage: nested['encoded_authorization_message'] }
        : {}),
    });
  }
  const neutron = body['NeutronError'];
  if (isObject(neutron)) {
    const msg = str(neutron['message']);
    const detail = str(neutron['detail']);
    return withEncoded({
      code: str(neutron['type']),
      message: msg && detail && detail !== msg ? `${msg} (${detail})` : (msg ?? detail),
      requestId,
    });
  }
  if (depth < MAX_NESTING) {
    for (const value of Object.values(body)) {
      if (!isObject(value)) continue;
      const inner = extract(value, depth + 1);
      if (inner?.code !== undefined) return withEncoded({ ...inner, requestId: requestId ?? inner.requestId });
    }
  }
  if (requestId === undefined && encoded === undefined) return undefined;
  return withEncoded({ ...(requestId === undefined ? {} : { requestId }) });
}

/** The encoded message is an opaque token the account owner decodes through IAM: kept whole, up to this size. */
const MAX_ENCODED_AUTHORIZATION_MESSAGE = 16_384;

export interface ParseUpstreamErrorOptions {
  /** Strings to blank out of the upstream message if it ever echoes them (the client passes SK and token). */
  redact?: readonly string[];
  /** Reference time for an HTTP-date Retry-After. */
  now?: Date;
}

function redactAll(message: string, secrets: readonly string[] | undefined): string {
  if (!secrets) return message;
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Turns an upstream error answer into an UpstreamError. Understands every documented error body; anything else
 * (HTML, empty, truncated JSON, an unknown shape) yields code `HTTP_<status>` with the kind from the status alone.
 * The message never contains the request, and the response body only through the upstream's own message field.
 */
export function parseUpstreamError(
  service: ServiceName,
  operation: string,
  status: number,
  headers: HeadersLike,
  bodyText: string,
  options: ParseUpstreamErrorOptions = {},
): UpstreamError {
  let parsed: Extracted | undefined;
  const text = typeof bodyText === 'string' ? bodyText.trim() : '';
  if (text.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(text);
      if (isObject(json)) parsed = extract(json);
    } catch {
      parsed = undefined;
    }
  }
  const upstreamCode = parsed?.code === undefined ? undefined : cleanMessage(parsed.code, 64);
  const code = upstreamCode ?? `HTTP_${status}`;
  let message = parsed?.message;
  if (message === undefined) {
    const type = headerOf(headers, 'content-type')?.split(';')[0]?.trim();
    message = upstreamCode
      ? 'no message'
      : text === ''
        ? `HTTP ${status} with an empty body`
        : `HTTP ${status} with an unrecognised body${type ? ` (${type})` : ''}`;
  }
  const requestId = str(headerOf(headers, 'x-request-id')) ?? parsed?.requestId;
  const retryAfterSeconds = parseRetryAfter(headerOf(headers, 'retry-after'), options.now);
  // eslint-disable-next-line no-control-regex
  const encodedRaw = parsed?.encodedAuthorizationMessage?.replace(/[\u0000-\u001f\u007f]+/g, '').trim();
  // A cut token cannot be decoded: an oversized one is dropped rather than truncated.
  const encoded =
    encodedRaw === undefined || encodedRaw.length > MAX_ENCODED_AUTHORIZATION_MESSAGE
      ? undefined
      : redactAll(encodedRaw, options.redact);
  return new UpstreamError({
    service,
    operation,
    status,
    code,
    upstreamMessage: cleanMessage(redactAll(message, options.redact)),
    ...(requestId === undefined ? {} : { requestId: cleanMessage(requestId, 128) }),
    kind: kindFor(status, upstreamCode),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(encoded === undefined || encoded === '' ? {} : { encodedAuthorizationMessage: encoded }),
  });
}
