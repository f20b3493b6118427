/**
 * One row per upstream operation: service, method, documented path, credential scope, success statuses, retry and
 * the minimal response check. The client (transport), the simulator (routing, counting) and the BFF derive from it;
 * adding an operation starts here.
 */
import { isObject, type JsonObject as Json } from '../json.js';
import type { ServiceName } from '../services.js';

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
  /**
   * Calling it can create, change, pay or cancel nothing (lists, shows, price inquiries): a caller may forget a failed
   * attempt of it, where a failed create leaves an unknown outcome.
   */
  readOnly: boolean;
  /** An empty success body is the documented answer (the client returns `data: {}`). */
  emptyBody: boolean;
  /** Minimal shape check of a success body: enough for a caller to rely on what it reads. */
  check: (body: unknown) => boolean;
  /** What `check` requires, for the bad_response message. */
  requiredFields: string;
}

export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
/** `key` holds an array of objects, each with a non-empty `idKey`. */
const listOf = (b: unknown, key: string, idKey: string): boolean =>
  isObject(b) && Array.isArray(b[key]) && (b[key] as unknown[]).every((x) => isObject(x) && nonEmpty(x[idKey]));
/** An empty answer, or an object that is not an error body (some CBC errors are documented with HTTP 200). */
const emptyAnswer = (b: unknown): boolean => isObject(b) && !('error_code' in b) && !('errorCode' in b);

const op = (spec: OperationSpec): Readonly<OperationSpec> =>
  Object.freeze({ ...spec, okStatuses: Object.freeze([...spec.okStatuses]) });

export const OPERATIONS: Readonly<Record<OperationName, Readonly<OperationSpec>>> = Object.freeze({
  createWorkspaceBandwidth: op({
    service: 'workspace',
    method: 'POST',
    path: '/v2/{project_id}/bandwidths',
    credentials: 'project',
    okStatuses: [200],
    readOnly: false,
    retried: false,
    emptyBody: false,
    check: (b) => isObject(b) && nonEmpty(b['job_id']),
    requiredFields: 'job_id',
  }),
  showWorkspaceJob: op({
    service: 'workspace',
    method: 'GET',
    path: '/v2/{project_id}/workspace-jobs/{job_id}',
    credentials: 'project',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) => isObject(b) && nonEmpty(b['id']) && nonEmpty(b['status']),
    requiredFields: 'id and status',
  }),
  changeWorkspaceBandwidth: op({
    service: 'workspace',
    method: 'POST',
    path: '/v2/{project_id}/bandwidths/{bandwidth_id}/periodic/change/order',
    credentials: 'project',
    okStatuses: [200],
    readOnly: false,
    retried: false,
    emptyBody: false,
    check: (b) => isObject(b) && nonEmpty(b['order_id']),
    requiredFields: 'order_id',
  }),
  // The API page only says "see Status Codes"; the SDK answers 200. 201 accepted as well.
  createSharedBandwidth: op({
    service: 'vpc',
    method: 'POST',
    path: '/v2.0/{project_id}/bandwidths',
    credentials: 'project',
    okStatuses: [200, 201],
    readOnly: false,
    retried: false,
    emptyBody: false,
    check: (b) => isObject(b) && isObject(b['bandwidth']) && nonEmpty(b['bandwidth']['id']),
    requiredFields: 'bandwidth.id',
  }),
  createBandwidthPackage: op({
    service: 'cc',
    method: 'POST',
    path: '/v3/{domain_id}/ccaas/bandwidth-packages',
    credentials: 'domain',
    okStatuses: [201, 200],
    readOnly: false,
    retried: false,
    emptyBody: false,
    check: (b) => isObject(b) && isObject(b['bandwidth_package']) && nonEmpty(b['bandwidth_package']['id']),
    requiredFields: 'bandwidth_package.id',
  }),
  // The SDK models every list field as optional; the documented answers always carry the list, and an answer
  // without it (an error body sent with 200, say) must not read as "nothing there".
  listWorkspaceSubnets: op({
    service: 'workspace',
    method: 'GET',
    path: '/v2/{project_id}/subnets',
    credentials: 'project',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) => listOf(b, 'subnets', 'id'),
    requiredFields: 'subnets[] with id',
  }),
  listWorkspaceBandwidths: op({
    service: 'workspace',
    method: 'GET',
    path: '/v2/{project_id}/bandwidths',
    credentials: 'project',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) => listOf(b, 'bandwidths', 'bandwidth_id'),
    requiredFields: 'bandwidths[] with bandwidth_id',
  }),
  listSharedBandwidths: op({
    service: 'vpc',
    method: 'GET',
    path: '/v1/{project_id}/bandwidths',
    credentials: 'project',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) => listOf(b, 'bandwidths', 'id'),
    requiredFields: 'bandwidths[] with id',
  }),
  listCloudConnections: op({
    service: 'cc',
    method: 'GET',
    path: '/v3/{domain_id}/ccaas/cloud-connections',
    credentials: 'domain',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) => listOf(b, 'cloud_connections', 'id') && isObject((b as Json)['page_info']),
    requiredFields: 'cloud_connections[] with id, and page_info',
  }),
  listBandwidthPackages: op({
    service: 'cc',
    method: 'GET',
    path: '/v3/{domain_id}/ccaas/bandwidth-packages',
    credentials: 'domain',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) => listOf(b, 'bandwidth_packages', 'id') && isObject((b as Json)['page_info']),
    requiredFields: 'bandwidth_packages[] with id, and page_info',
  }),
  // Price inquiries change nothing, but only GETs are retried: one rule for every operation.
  // Every response field is optional in the SDK; a price without its official amount is no price.
  ratePeriodProducts: op({
    service: 'bss',
    method: 'POST',
    path: '/v2/bills/ratings/period-resources/subscribe-rate',
    credentials: 'domain',
    okStatuses: [200],
    readOnly: true,
    retried: false,
    emptyBody: false,
    check: (b) =>
      isObject(b) &&
      isObject(b['official_website_rating_result']) &&
      isNumber(b['official_website_rating_result']['official_website_amount']),
    requiredFields: 'official_website_rating_result.official_website_amount',
  }),
  rateOnDemandProducts: op({
    service: 'bss',
    method: 'POST',
    path: '/v2/bills/ratings/on-demand-resources',
    credentials: 'domain',
    okStatuses: [200],
    readOnly: true,
    retried: false,
    emptyBody: false,
    check: (b) => isObject(b) && isNumber(b['official_website_amount']),
    requiredFields: 'official_website_amount',
  }),
  showOrder: op({
    service: 'bss',
    method: 'GET',
    path: '/v2/orders/customer-orders/details/{order_id}',
    credentials: 'domain',
    okStatuses: [200],
    readOnly: true,
    retried: true,
    emptyBody: false,
    check: (b) =>
      isObject(b) &&
      isObject(b['order_info']) &&
      nonEmpty(b['order_info']['order_id']) &&
      Number.isInteger(b['order_info']['status']),
    requiredFields: 'order_info.order_id and order_info.status',
  }),
  // The response models of pay and cancel have no fields and the SDK names no status: 204 is an assumption
  // (INFERRED), 200 is accepted too, and either may come with an empty body.
  payOrder: op({
    service: 'bss',
    method: 'POST',
    path: '/v3/orders/customer-orders/pay',
    credentials: 'domain',
    okStatuses: [204, 200],
    readOnly: false,
    retried: false,
    emptyBody: true,
    check: emptyAnswer,
    requiredFields: 'an empty body or an object without error_code',
  }),
  cancelOrder: op({
    service: 'bss',
    method: 'PUT',
    path: '/v2/orders/customer-orders/cancel',
    credentials: 'domain',
    okStatuses: [204, 200],
    readOnly: false,
    retried: false,
    emptyBody: true,
    check: emptyAnswer,
    requiredFields: 'an empty body or an object without error_code',
  }),
});

export const OPERATION_NAMES = Object.freeze(Object.keys(OPERATIONS) as OperationName[]);

export interface MatchedOperation {
  operation: OperationName;
  /** Path parameters by their template name (`project_id`, `domain_id`, `job_id`, `order_id`, …), percent-decoded. */
  params: Record<string, string>;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MATCHERS: readonly { operation: OperationName; method: HttpMethod; re: RegExp; names: string[] }[] =
  OPERATION_NAMES.map((name) => {
    const names: string[] = [];
    const source = OPERATIONS[name].path
      .split(/(\{[a-z_]+\})/)
      .map((part) => {
        const m = /^\{([a-z_]+)\}$/.exec(part);
        if (!m?.[1]) return escapeRe(part);
        names.push(m[1]);
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
      const raw = hit[i + 1] ?? ''; // every group of the template's regex takes part in a match
      try {
        params[n] = decodeURIComponent(raw);
      } catch {
        params[n] = raw;
      }
    });
    return { operation: m.operation, params };
  }
  return undefined;
}
