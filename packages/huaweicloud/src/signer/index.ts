/**
 * SDK-HMAC-SHA256 request signing, as the official Huawei Cloud SDKs do it.
 * Web Crypto only (crypto.subtle), so it runs on Node, Workers, Deno, Bun and browsers alike.
 */

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Upstream gateways accept X-Sdk-Date within this window of their own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface Credentials {
  ak: string;
  sk: string;
  /** Temporary credentials send it as X-Security-Token (signed like any other header). */
  securityToken?: string;
}

export interface SignableRequest {
  method: string;
  url: string | URL;
  /** Headers to send; every one of them is signed, plus host (as the Node SDK does). */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface SignedRequest {
  /** The headers to send: the caller's, plus Host, X-Sdk-Date (and X-Security-Token) and Authorization. */
  headers: Record<string, string>;
  authorization: string;
  signedHeaders: string;
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
}

const encoder = new TextEncoder();
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const PCT: string[] = Array.from({ length: 256 }, (_, i) => '%' + i.toString(16).padStart(2, '0').toUpperCase());

function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let out = '';
  // HEX has an entry for each of the 256 byte values.
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x30 && b <= 0x39) ||
    b === 0x5f /* _ */ ||
    b === 0x2d /* - */ ||
    b === 0x7e /* ~ */ ||
    b === 0x2e /* . */
  );
}

/** Percent-encodes everything but A-Z a-z 0-9 _ - ~ . with uppercase hex, UTF-8 first (space is %20). */
export function urlEncode(value: string): string {
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    if (!isUnreserved(value.charCodeAt(i))) {
      plain = false;
      break;
    }
  }
  if (plain) return value;
  let out = '';
  // PCT has an entry for each of the 256 byte values.
  for (const b of encoder.encode(value)) out += isUnreserved(b) ? String.fromCharCode(b) : PCT[b]!;
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Each path segment encoded, always ending in '/' (the request itself may omit it). */
export function canonicalUri(pathname: string): string {
  const path = pathname
    .split('/')
    .map((seg) => urlEncode(safeDecode(seg)))
    .join('/');
  return path.endsWith('/') ? path : path + '/';
}

/** Keys sorted by code unit, values of a repeated key sorted, empty values keep their '='. */
export function canonicalQuery(params: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of params) {
    const list = grouped.get(k);
    if (list) list.push(v);
    else grouped.set(k, [v]);
  }
  const parts: string[] = [];
  for (const [k, values] of [...grouped.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ek = urlEncode(k);
    for (const v of values.sort()) parts.push(ek + '=' + urlEncode(v));
  }
  return parts.join('&');
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses `YYYYMMDDTHHMMSSZ`; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  // The regex has six groups, all of them in every match.
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/**
 * Where the runtime offers node:crypto synchronously (Node ≥ 20.16 / 22.3, Bun, Deno: process.getBuiltinModule),
 * hashing a few hundred bytes costs a few µs there, against a Web Crypto job (promise + thread-pool round trip) that
 * costs tens. Browsers and Workers without it keep Web Crypto. Same results either way.
 */
interface NodeHash {
  update(data: string | Uint8Array): NodeHash;
  digest(encoding: 'hex'): string;
}
interface NodeCrypto {
  createHash(alg: 'sha256'): NodeHash;
  createHmac(alg: 'sha256', key: string): NodeHash;
}
const nodeCrypto: NodeCrypto | undefined = (() => {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const c = p?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return typeof c?.createHash === 'function' && typeof c.createHmac === 'function' ? c : undefined;
  } catch {
    return undefined;
  }
})();

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(data).digest('hex');
  return webSha256Hex(data);
}

/** The Web Crypto path, used where node:crypto is absent (exported so tests check both paths agree). */
export async function webSha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

// Importing an HMAC key costs more than the HMAC itself; a tenant signs many requests with one SK.
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_MAX = 256;

function hmacKey(sk: string): Promise<CryptoKey> {
  let key = keyCache.get(sk);
  if (!key) {
    // The cache is full, so it has an oldest key.
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
    key = crypto.subtle.importKey('raw', encoder.encode(sk), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(sk, key);
  }
  return key;
}

export async function hmacSha256Hex(sk: string, data: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHmac('sha256', sk).update(data).digest('hex');
  return webHmacSha256Hex(sk, data);
}

export async function webHmacSha256Hex(sk: string, data: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', await hmacKey(sk), encoder.encode(data)));
}

interface CanonicalParts {
  method: string;
  url: URL;
  /** lower-cased name → value, only the headers to be signed */
  signed: Map<string, string>;
  payloadHash: string;
}

function buildCanonicalRequest(p: CanonicalParts): { canonical: string; signedHeaders: string } {
  const names = [...p.signed.keys()].sort();
  let headers = '';
  for (const n of names) headers += n + ':' + p.signed.get(n) + '\n';
  const signedHeaders = names.join(';');
  const canonical = [
    p.method.toUpperCase(),
    canonicalUri(p.url.pathname),
    canonicalQuery(p.url.searchParams),
    headers,
    signedHeaders,
    p.payloadHash,
  ].join('\n');
  return { canonical, signedHeaders };
}

async function payloadHashOf(headers: Map<string, string>, body: string | Uint8Array | undefined): Promise<string> {
  const declared = headers.get('x-sdk-content-sha256');
  if (declared) return declared;
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return sha256Hex(body);
}

/**
 * Signs a request. The date comes from an X-Sdk-Date header when the caller set one (that is how the vectors pin
 * it), else from `now`.
 */
export async function sign(req: SignableRequest, creds: Credentials, now: Date = new Date()): Promise<SignedRequest> {
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  const out: Record<string, string> = { ...req.headers };
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(out)) lower.set(k.toLowerCase(), v);

  if (!lower.has('x-sdk-date')) {
    const d = formatSdkDate(now);
    out['X-Sdk-Date'] = d;
    lower.set('x-sdk-date', d);
  }
  if (!lower.has('host')) {
    out['Host'] = url.host;
    lower.set('host', url.host);
  }
  if (creds.securityToken && !lower.has('x-security-token')) {
    out['X-Security-Token'] = creds.securityToken;
    lower.set('x-security-token', creds.securityToken);
  }
  // Multipart bodies are signed without their content-type, as the Node SDK does.
  if (lower.get('content-type')?.includes('multipart/form-data')) lower.delete('content-type');

  const payloadHash = await payloadHashOf(lower, req.body);
  const { canonical, signedHeaders } = buildCanonicalRequest({ method: req.method, url, signed: lower, payloadHash });
  const date = lower.get('x-sdk-date')!; // set above when the caller sent none
  const stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(canonical)}`;
  const signature = await hmacSha256Hex(creds.sk, stringToSign);
  const authorization = `${ALGORITHM} Access=${creds.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  out['Authorization'] = authorization;
  return { headers: out, authorization, signedHeaders, signature, canonicalRequest: canonical, stringToSign };
}

export interface ParsedAuthorization {
  ak: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string | null | undefined): ParsedAuthorization | undefined {
  if (!value || !value.startsWith(ALGORITHM + ' ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const ak = fields.get('Access');
  const sh = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!ak || !sh || !signature) return undefined;
  return {
    ak,
    signedHeaders: sh
      .split(';')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    signature,
  };
}

export type VerifyResult =
  | { ok: true; ak: string }
  | { ok: false; code: 'APIGW.0301' | 'APIGW.0303'; reason: string; ak?: string };

export interface VerifiableRequest {
  method: string;
  url: string | URL;
  headers: Headers;
  body: string | Uint8Array;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Server side: recomputes the signature over the headers the client declares in SignedHeaders (the SDKs differ in
 * which ones they sign, so a fixed list would reject real clients).
 */
export async function verify(
  req: VerifiableRequest,
  secretFor: (ak: string) => string | undefined,
  now: Date = new Date(),
  maxSkewMs: number = MAX_CLOCK_SKEW_MS,
): Promise<VerifyResult> {
  const auth = parseAuthorization(req.headers.get('authorization'));
  if (!auth)
    return { ok: false, code: 'APIGW.0301', reason: 'missing or malformed SDK-HMAC-SHA256 Authorization header' };
  const sk = secretFor(auth.ak);
  if (sk === undefined) return { ok: false, code: 'APIGW.0301', reason: 'unknown access key', ak: auth.ak };
  const dateHeader = req.headers.get('x-sdk-date');
  const date = dateHeader ? parseSdkDate(dateHeader) : undefined;
  if (!dateHeader || !date)
    return { ok: false, code: 'APIGW.0301', reason: 'missing or malformed X-Sdk-Date', ak: auth.ak };
  if (!auth.signedHeaders.includes('x-sdk-date') || !auth.signedHeaders.includes('host')) {
    return { ok: false, code: 'APIGW.0301', reason: 'host and x-sdk-date must be signed', ak: auth.ak };
  }
  const signed = new Map<string, string>();
  for (const name of auth.signedHeaders) {
    const v = req.headers.get(name);
    if (v === null) return { ok: false, code: 'APIGW.0301', reason: `signed header ${name} is missing`, ak: auth.ak };
    signed.set(name, v);
  }
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  const payloadHash = await payloadHashOf(signed.has('x-sdk-content-sha256') ? signed : new Map(), req.body);
  const { canonical } = buildCanonicalRequest({ method: req.method, url, signed, payloadHash });
  const stringToSign = `${ALGORITHM}\n${dateHeader}\n${await sha256Hex(canonical)}`;
  const expected = await hmacSha256Hex(sk, stringToSign);
  if (!timingSafeEqual(expected, auth.signature.toLowerCase())) {
    return { ok: false, code: 'APIGW.0301', reason: 'verify aksk signature fail', ak: auth.ak };
  }
  // Checked after the signature so an attacker cannot probe the clock with unsigned requests.
  if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) {
    return {
      ok: false,
      code: 'APIGW.0303',
      reason: 'X-Sdk-Date is more than 15 minutes from server time',
      ak: auth.ak,
    };
  }
  return { ok: true, ak: auth.ak };
}
