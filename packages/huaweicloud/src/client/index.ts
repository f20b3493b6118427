/**
 * Typed client for the upstream operations. Web APIs only (fetch, Headers, AbortSignal, crypto.subtle via the
 * signer), so it runs on Node, Workers, Deno and Bun. It never logs.
 *
 * Everything per operation (service, method, path, credentials, success statuses, retry, response check) comes from
 * one row of OPERATIONS. Retries: only GETs are retried, once, on 429 / 5xx / network failure after a short delay,
 * within the same time budget. Creates, price inquiries, pay and cancel are never retried (a blind retry could place
 * a second order or pay twice).
 */
import { sign, urlEncode, type Credentials } from '../signer/index.js';
import type {
  CancelOrderBody,
  CancelOrderResponse,
  ChangeWorkspaceBandwidthBody,
  ChangeWorkspaceBandwidthResponse,
  CreateBandwidthPackageBody,
  CreateBandwidthPackageResponse,
  CreateSharedBandwidthBody,
  CreateSharedBandwidthResponse,
  CreateWorkspaceBandwidthBody,
  CreateWorkspaceBandwidthResponse,
  ListBandwidthPackagesQuery,
  ListBandwidthPackagesResponse,
  ListCloudConnectionsQuery,
  ListCloudConnectionsResponse,
  ListSharedBandwidthsQuery,
  ListSharedBandwidthsResponse,
  ListWorkspaceBandwidthsQuery,
  ListWorkspaceBandwidthsResponse,
  ListWorkspaceSubnetsQuery,
  ListWorkspaceSubnetsResponse,
  PayOrderBody,
  PayOrderResponse,
  RateOnDemandProductsBody,
  RateOnDemandProductsResponse,
  RatePeriodProductsBody,
  RatePeriodProductsResponse,
  ServiceName,
  ShowOrderQuery,
  ShowOrderResponse,
  ShowWorkspaceJobResponse,
} from '../wire/index.js';
import { DEFAULT_SITE, endpointFor, isSite, type Site } from '../endpoints/index.js';
import { ConfigError, UpstreamError, parseUpstreamError } from '../errors/index.js';

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

export type OperationName =
  | 'createWorkspaceBandwidth'
  | 'showWorkspaceJob'
  | 'changeWorkspaceBandwidth'
  | 'createSharedBandwidth'
  | 'createBandwidthPackage'
  | 'listWorkspaceSubnets'
  | 'listWorkspaceBandwidths'
  | 'listSharedBandwidths'
  | 'listCloudConnections'
  | 'listBandwidthPackages'
  | 'ratePeriodProducts'
  | 'rateOnDemandProducts'
  | 'showOrder'
  | 'payOrder'
  | 'cancelOrder';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface OperationSpec {
  service: ServiceName;
  method: HttpMethod;
  /** Path template as documented. */
  path: string;
  /**
   * `project`: X-Project-Id and `{project_id}` from the region's project (the SDKs' BasicCredentials);
   * `domain`: X-Domain-Id, and `{domain_id}` where the path has one (GlobalCredentials).
   */
  credentials: 'project' | 'domain';
  /** Statuses treated as success (the first one is the documented or assumed one). */
  okStatuses: readonly number[];
  /** Whether the client retries it (once): GETs only. */
  retried: boolean;
  /** An empty success body is the documented answer (the client returns `data: {}`). */
  emptyBody: boolean;
  /** Minimal shape check of a success body: enough for a caller to rely on what it reads. */
  check: (body: unknown) => boolean;
  /** What `check` requires, for the bad_response message. */
  requiredFields: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
/** `key` holds an array of objects, each with a non-empty `idKey`. */
const listOf = (b: unknown, key: string, idKey: string): boolean =>
  isObject(b) && Array.isArray(b[key]) && (b[key] as unknown[]).every((x) => isObject(x) && nonEmpty(x[idKey]));
/** An empty answer, or an object that is not an error body (some CBC errors are documented with HTTP 200). */
const emptyAnswer = (b: unknown): boolean => isObject(b) && !('error_code' in b) && !('errorCode' in b);

const op = (spec: OperationSpec): Readonly<OperationSpec> => Object.freeze({ ...spec, okStatuses: Object.freeze([...spec.okStatuses]) });

export const OPERATIONS: Readonly<Record<OperationName, Readonly<OperationSpec>>> = Object.freeze({
  createWorkspaceBandwidth: op({
    service: 'workspace', method: 'POST', path: '/v2/{project_id}/bandwidths', credentials: 'project',
    okStatuses: [200], retried: false, emptyBody: false,
    check: (b) => isObject(b) && nonEmpty(b['job_id']), requiredFields: 'job_id',
  }),
  showWorkspaceJob: op({
    service: 'workspace', method: 'GET', path: '/v2/{project_id}/workspace-jobs/{job_id}', credentials: 'project',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => isObject(b) && nonEmpty(b['id']) && nonEmpty(b['status']), requiredFields: 'id and status',
  }),
  changeWorkspaceBandwidth: op({
    service: 'workspace', method: 'POST', path: '/v2/{project_id}/bandwidths/{bandwidth_id}/periodic/change/order',
    credentials: 'project', okStatuses: [200], retried: false, emptyBody: false,
    check: (b) => isObject(b) && nonEmpty(b['order_id']), requiredFields: 'order_id',
  }),
  // The API page only says "see Status Codes"; the SDK answers 200. 201 accepted as well.
  createSharedBandwidth: op({
    service: 'vpc', method: 'POST', path: '/v2.0/{project_id}/bandwidths', credentials: 'project',
    okStatuses: [200, 201], retried: false, emptyBody: false,
    check: (b) => isObject(b) && isObject(b['bandwidth']) && nonEmpty(b['bandwidth']['id']), requiredFields: 'bandwidth.id',
  }),
  createBandwidthPackage: op({
    service: 'cc', method: 'POST', path: '/v3/{domain_id}/ccaas/bandwidth-packages', credentials: 'domain',
    okStatuses: [201, 200], retried: false, emptyBody: false,
    check: (b) => isObject(b) && isObject(b['bandwidth_package']) && nonEmpty(b['bandwidth_package']['id']),
    requiredFields: 'bandwidth_package.id',
  }),
  // The SDK models every list field as optional; the documented answers always carry the list, and an answer
  // without it (an error body sent with 200, say) must not read as "nothing there".
  listWorkspaceSubnets: op({
    service: 'workspace', method: 'GET', path: '/v2/{project_id}/subnets', credentials: 'project',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => listOf(b, 'subnets', 'id'), requiredFields: 'subnets[] with id',
  }),
  listWorkspaceBandwidths: op({
    service: 'workspace', method: 'GET', path: '/v2/{project_id}/bandwidths', credentials: 'project',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => listOf(b, 'bandwidths', 'bandwidth_id'), requiredFields: 'bandwidths[] with bandwidth_id',
  }),
  listSharedBandwidths: op({
    service: 'vpc', method: 'GET', path: '/v1/{project_id}/bandwidths', credentials: 'project',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => listOf(b, 'bandwidths', 'id'), requiredFields: 'bandwidths[] with id',
  }),
  listCloudConnections: op({
    service: 'cc', method: 'GET', path: '/v3/{domain_id}/ccaas/cloud-connections', credentials: 'domain',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => listOf(b, 'cloud_connections', 'id') && isObject((b as Json)['page_info']),
    requiredFields: 'cloud_connections[] with id, and page_info',
  }),
  listBandwidthPackages: op({
    service: 'cc', method: 'GET', path: '/v3/{domain_id}/ccaas/bandwidth-packages', credentials: 'domain',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => listOf(b, 'bandwidth_packages', 'id') && isObject((b as Json)['page_info']),
    requiredFields: 'bandwidth_packages[] with id, and page_info',
  }),
  // Price inquiries change nothing, but only GETs are retried: one rule for every operation.
  // Every response field is optional in the SDK; a price without its official amount is no price.
  ratePeriodProducts: op({
    service: 'bss', method: 'POST', path: '/v2/bills/ratings/period-resources/subscribe-rate', credentials: 'domain',
    okStatuses: [200], retried: false, emptyBody: false,
    check: (b) => isObject(b) && isObject(b['official_website_rating_result'])
      && isNumber(b['official_website_rating_result']['official_website_amount']),
    requiredFields: 'official_website_rating_result.official_website_amount',
  }),
  rateOnDemandProducts: op({
    service: 'bss', method: 'POST', path: '/v2/bills/ratings/on-demand-resources', credentials: 'domain',
    okStatuses: [200], retried: false, emptyBody: false,
    check: (b) => isObject(b) && isNumber(b['official_website_amount']), requiredFields: 'official_website_amount',
  }),
  showOrder: op({
    service: 'bss', method: 'GET', path: '/v2/orders/customer-orders/details/{order_id}', credentials: 'domain',
    okStatuses: [200], retried: true, emptyBody: false,
    check: (b) => isObject(b) && isObject(b['order_info']) && nonEmpty(b['order_info']['order_id'])
      && Number.isInteger(b['order_info']['status']),
    requiredFields: 'order_info.order_id and order_info.status',
  }),
  // The response models of pay and cancel have no fields and the SDK names no status: 204 is an assumption
  // (INFERRED), 200 is accepted too, and either may come with an empty body.
  payOrder: op({
    service: 'bss', method: 'POST', path: '/v3/orders/customer-orders/pay', credentials: 'domain',
    okStatuses: [204, 200], retried: false, emptyBody: true,
    check: emptyAnswer, requiredFields: 'an empty body or an object without error_code',
  }),
  cancelOrder: op({
    service: 'bss', method: 'PUT', path: '/v2/orders/customer-orders/cancel', credentials: 'domain',
    okStatuses: [204, 200], retried: false, emptyBody: true,
    check: emptyAnswer, requiredFields: 'an empty body or an object without error_code',
  }),
});

export const OPERATION_NAMES = Object.freeze(Object.keys(OPERATIONS) as OperationName[]);

export interface MatchedOperation {
  operation: OperationName;
  /** Path parameters by their template name (`project_id`, `domain_id`, `job_id`, `order_id`, …), percent-decoded. */
  params: Record<string, string>;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MATCHERS: readonly { operation: OperationName; method: HttpMethod; re: RegExp; names: string[] }[] = OPERATION_NAMES.map((name) => {
  const names: string[] = [];
  const source = OPERATIONS[name].path
    .split(/(\{[a-z_]+\})/)
    .map((part) => {
      const m = /^\{([a-z_]+)\}$/.exec(part);
      if (!m) return escapeRe(part);
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('');
  return { operation: name, method: OPERATIONS[name].method, re: new RegExp(`^${source}/?$`), names };
});

/**
 * The operation a request is for, from its method and path (without query or base-path prefix), e.g. for a simulator
 * or a forwarder that counts or routes by operation name. The documented paths never overlap for one method.
 */
export function matchOperation(method: string, pathname: string): MatchedOperation | undefined {
  const upper = method.toUpperCase();
  for (const m of MATCHERS) {
    if (m.method !== upper) continue;
    const hit = m.re.exec(pathname);
    if (!hit) continue;
    const params: Record<string, string> = {};
    m.names.forEach((n, i) => {
      const raw = hit[i + 1]!;
      try { params[n] = decodeURIComponent(raw); } catch { params[n] = raw; }
    });
    return { operation: m.operation, params };
  }
  return undefined;
}

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

export interface CreateWorkspaceBandwidthInput { region: string; body: CreateWorkspaceBandwidthBody }
export interface ShowWorkspaceJobInput { region: string; jobId: string }
export interface ChangeWorkspaceBandwidthInput { region: string; bandwidthId: string; body: ChangeWorkspaceBandwidthBody }
export interface CreateSharedBandwidthInput { region: string; body: CreateSharedBandwidthBody }
/** Global service: no region; `body.bandwidth_package.project_id` is filled by the caller. */
export interface CreateBandwidthPackageInput { body: CreateBandwidthPackageBody }
export interface ListWorkspaceSubnetsInput { region: string; query?: ListWorkspaceSubnetsQuery }
export interface ListWorkspaceBandwidthsInput { region: string; query?: ListWorkspaceBandwidthsQuery }
export interface ListSharedBandwidthsInput { region: string; query?: ListSharedBandwidthsQuery }
export interface ListCloudConnectionsInput { query?: ListCloudConnectionsQuery }
export interface ListBandwidthPackagesInput { query?: ListBandwidthPackagesQuery }
/** `body.project_id` is the project of the priced region, filled by the caller. */
export interface RatePeriodProductsInput { body: RatePeriodProductsBody }
export interface RateOnDemandProductsInput { body: RateOnDemandProductsBody }
export interface ShowOrderInput {
  orderId: string;
  query?: ShowOrderQuery;
  /** Sent as X-Language (the upstream defaults to zh_CN). */
  language?: 'zh_CN' | 'en_US';
}
export interface PayOrderInput { body: PayOrderBody }
export interface CancelOrderInput { body: CancelOrderBody }

export interface HuaweiCloudClient {
  createWorkspaceBandwidth(input: CreateWorkspaceBandwidthInput, opts?: CallOptions): Promise<UpstreamResult<CreateWorkspaceBandwidthResponse>>;
  showWorkspaceJob(input: ShowWorkspaceJobInput, opts?: CallOptions): Promise<UpstreamResult<ShowWorkspaceJobResponse>>;
  changeWorkspaceBandwidth(input: ChangeWorkspaceBandwidthInput, opts?: CallOptions): Promise<UpstreamResult<ChangeWorkspaceBandwidthResponse>>;
  createSharedBandwidth(input: CreateSharedBandwidthInput, opts?: CallOptions): Promise<UpstreamResult<CreateSharedBandwidthResponse>>;
  createBandwidthPackage(input: CreateBandwidthPackageInput, opts?: CallOptions): Promise<UpstreamResult<CreateBandwidthPackageResponse>>;
  listWorkspaceSubnets(input: ListWorkspaceSubnetsInput, opts?: CallOptions): Promise<UpstreamResult<ListWorkspaceSubnetsResponse>>;
  listWorkspaceBandwidths(input: ListWorkspaceBandwidthsInput, opts?: CallOptions): Promise<UpstreamResult<ListWorkspaceBandwidthsResponse>>;
  listSharedBandwidths(input: ListSharedBandwidthsInput, opts?: CallOptions): Promise<UpstreamResult<ListSharedBandwidthsResponse>>;
  listCloudConnections(input?: ListCloudConnectionsInput, opts?: CallOptions): Promise<UpstreamResult<ListCloudConnectionsResponse>>;
  listBandwidthPackages(input?: ListBandwidthPackagesInput, opts?: CallOptions): Promise<UpstreamResult<ListBandwidthPackagesResponse>>;
  ratePeriodProducts(input: RatePeriodProductsInput, opts?: CallOptions): Promise<UpstreamResult<RatePeriodProductsResponse>>;
  rateOnDemandProducts(input: RateOnDemandProductsInput, opts?: CallOptions): Promise<UpstreamResult<RateOnDemandProductsResponse>>;
  showOrder(input: ShowOrderInput, opts?: CallOptions): Promise<UpstreamResult<ShowOrderResponse>>;
  payOrder(input: PayOrderInput, opts?: CallOptions): Promise<UpstreamResult<PayOrderResponse>>;
  cancelOrder(input: CancelOrderInput, opts?: CallOptions): Promise<UpstreamResult<CancelOrderResponse>>;
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
    dispose: () => { for (const f of cleanups) f(); },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(signal.reason); return; }
    const onAbort = () => { clearTimeout(t); reject(signal.reason); };
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
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
  for (const c of chunks) { all.set(c, off); off += c.byteLength; }
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

// ---- the client -------------------------------------------------------------------------------------------------

export function createHuaweiCloudClient(options: HuaweiCloudClientOptions): HuaweiCloudClient {
  const creds = options.credentials;
  if (!creds || !nonEmpty(creds.ak) || !nonEmpty(creds.sk)) throw new ConfigError('credentials need a non-empty ak and sk');
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
  const redact = [creds.sk, creds.securityToken].filter((s): s is string => typeof s === 'string');

  function projectFor(region: unknown): string {
    if (typeof region !== 'string' || !Object.prototype.hasOwnProperty.call(projects, region)) {
      throw new ConfigError(`no project id configured for region ${JSON.stringify(String(region))}`);
    }
    return projects[region]!;
  }

  interface Prepared {
    url: string;
    /** X-Project-Id or X-Domain-Id, plus any operation header (X-Language) */
    extraHeaders: Record<string, string>;
    body?: string;
  }

  async function run<T>(op: OperationName, prepared: Prepared, opts: CallOptions | undefined): Promise<UpstreamResult<T>> {
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
          const delay = err.retryAfterSeconds === undefined ? retryDelayMs : Math.max(retryDelayMs, err.retryAfterSeconds * 1000);
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
    const fetchImpl = options.fetch ?? globalThis.fetch;

    const transportError = (cause: unknown): unknown => {
      if (deadline.callerAborted()) return deadline.callerReason(); // the caller's own abort: not an upstream failure
      if (deadline.timedOut()) {
        return new UpstreamError({
          service, operation: op, code: 'TIMEOUT', kind: 'timeout',
          upstreamMessage: 'no complete answer within the time budget', cause,
        });
      }
      return new UpstreamError({
        service, operation: op, code: 'NETWORK', kind: 'unavailable',
        // The cause stays attached but its text is not copied: runtime messages may quote header values.
        upstreamMessage: 'connection failed or was reset',
        cause,
      });
    };

    let res: Response;
    let body: { text: string; truncated: boolean };
    try {
      const init: RequestInit = {
        method: spec.method,
        headers: withoutHost(signed.headers),
        signal: deadline.signal,
        redirect: 'manual',
      };
      if (prepared.body !== undefined) init.body = prepared.body;
      res = await fetchImpl(prepared.url, init);
      body = await readBody(res, MAX_RESPONSE_BYTES);
    } catch (err) {
      throw transportError(err);
    }

    const headerRequestId = res.headers.get('x-request-id') ?? undefined;
    if (!spec.okStatuses.includes(res.status)) {
      if (res.status >= 200 && res.status < 300) {
        throw badResponse(op, service, res.status, headerRequestId, `unexpected success status ${res.status}`);
      }
      throw parseUpstreamError(service, op, res.status, res.headers, body.text, { redact });
    }
    if (body.truncated) {
      throw badResponse(op, service, res.status, headerRequestId, `response body larger than ${MAX_RESPONSE_BYTES} bytes`);
    }
    let data: unknown;
    if (spec.emptyBody && body.text.trim() === '') {
      data = {};
    } else {
      try {
        data = JSON.parse(body.text);
      } catch {
        throw badResponse(op, service, res.status, headerRequestId, 'response body is not JSON');
      }
    }
    const bodyRequestId = isObject(data) && nonEmpty(data['request_id']) ? (data['request_id'] as string) : undefined;
    if (!spec.check(data)) {
      throw badResponse(op, service, res.status, headerRequestId ?? bodyRequestId, `response body lacks ${spec.requiredFields}`);
    }
    const requestId = headerRequestId ?? bodyRequestId;
    return { data: data as T, status: res.status, ...(requestId === undefined ? {} : { requestId }) };
  }

  function badResponse(op: OperationName, service: ServiceName, status: number, requestId: string | undefined, message: string): UpstreamError {
    return new UpstreamError({
      service, operation: op, status, code: 'BAD_RESPONSE', kind: 'bad_response', upstreamMessage: message,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  interface CallInput {
    region?: string;
    params?: Record<string, string>;
    query?: object | undefined;
    body?: unknown;
    headers?: Record<string, string>;
  }

  /** Builds URL, query and scope header from the operation's row; throws ConfigError/TypeError before any network call. */
  function prepare(op: OperationName, input: CallInput): Prepared {
    const spec = OPERATIONS[op];
    let extraHeaders: Record<string, string>;
    let path = spec.path;
    if (spec.credentials === 'domain') {
      if (!nonEmpty(domainId)) throw new ConfigError(`no domainId configured (needed for the global ${spec.service} service)`);
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
    const base = endpointFor(spec.service, input.region ?? '', endpoints, site);
    const body = input.body;
    if (spec.method !== 'GET' && !isObject(body)) throw new TypeError(`${op}: body must be an object`);
    const prepared: Prepared = { url: base + path + query, extraHeaders: { ...extraHeaders, ...input.headers } };
    if (spec.method !== 'GET') prepared.body = JSON.stringify(body);
    return prepared;
  }

  function call<T>(op: OperationName, input: CallInput, opts: CallOptions | undefined): Promise<UpstreamResult<T>> {
    return run<T>(op, prepare(op, input), opts);
  }

  return {
    async createWorkspaceBandwidth(input, opts) {
      return call('createWorkspaceBandwidth', { region: input.region, body: input.body }, opts);
    },
    async showWorkspaceJob(input, opts) {
      return call('showWorkspaceJob', { region: input.region, params: { job_id: input.jobId } }, opts);
    },
    async changeWorkspaceBandwidth(input, opts) {
      return call('changeWorkspaceBandwidth', { region: input.region, params: { bandwidth_id: input.bandwidthId }, body: input.body }, opts);
    },
    async createSharedBandwidth(input, opts) {
      return call('createSharedBandwidth', { region: input.region, body: input.body }, opts);
    },
    async createBandwidthPackage(input, opts) {
      return call('createBandwidthPackage', { body: input.body }, opts);
    },
    async listWorkspaceSubnets(input, opts) {
      return call('listWorkspaceSubnets', { region: input.region, query: input.query }, opts);
    },
    async listWorkspaceBandwidths(input, opts) {
      return call('listWorkspaceBandwidths', { region: input.region, query: input.query }, opts);
    },
    async listSharedBandwidths(input, opts) {
      return call('listSharedBandwidths', { region: input.region, query: input.query }, opts);
    },
    async listCloudConnections(input = {}, opts) {
      return call('listCloudConnections', { query: input.query }, opts);
    },
    async listBandwidthPackages(input = {}, opts) {
      return call('listBandwidthPackages', { query: input.query }, opts);
    },
    async ratePeriodProducts(input, opts) {
      return call('ratePeriodProducts', { body: input.body }, opts);
    },
    async rateOnDemandProducts(input, opts) {
      return call('rateOnDemandProducts', { body: input.body }, opts);
    },
    async showOrder(input, opts) {
      const language = input.language;
      if (language !== undefined && language !== 'zh_CN' && language !== 'en_US') {
        throw new TypeError(`showOrder: language must be 'zh_CN' or 'en_US'`);
      }
      return call('showOrder', {
        params: { order_id: input.orderId },
        query: input.query,
        ...(language === undefined ? {} : { headers: { 'X-Language': language } }),
      }, opts);
    },
    async payOrder(input, opts) {
      return call('payOrder', { body: input.body }, opts);
    },
    async cancelOrder(input, opts) {
      return call('cancelOrder', { body: input.body }, opts);
    },
  };
}
