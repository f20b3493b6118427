/**
 * How the BFF documents itself (OpenAPI 3.1): named component schemas generated from the contracts' own zod/mini
 * schemas, the widget-token security scheme, the headers every answer may carry, the operational paths, and the
 * `servers` entry (which carries the prefix when createBff is mounted under one in a parent Hono app).
 */

import {
  AuditPageSchema,
  BandwidthPackageCreatedSchema,
  ChangeOrderCreatedSchema,
  ChangeWorkspaceBandwidthRequestSchema,
  CloudConnectionListSchema,
  CreateBandwidthPackageRequestSchema,
  CreateSharedBandwidthRequestSchema,
  CreateWorkspaceBandwidthRequestSchema,
  JobSchema,
  OrderActionRequestSchema,
  OrderSchema,
  ProblemSchema,
  QuoteRequestSchema,
  QuoteSchema,
  type Scope,
  SharedBandwidthCreatedSchema,
  SubnetListSchema,
  TenantConfigViewSchema,
  WorkspaceBandwidthAcceptedSchema,
  WorkspaceBandwidthListSchema,
} from '@bwkit/contracts';
import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { toJSONSchema } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { requireScope } from '../auth/index.js';

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a contract schema, from zod's own converter: the
 * document describes exactly what validates. `input` for request bodies (defaults optional), `output` for answers.
 */
export function jsonSchemaOf(s: $ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...schema } = toJSONSchema(s, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    io,
  }) as JsonSchema;
  return schema;
}

/**
 * A contract answer schema as @hono/zod-openapi wants it: its generator and its handler types need classic zod, the
 * contracts are zod/mini (they ship to browsers). `z.unknown().pipe(contract)` is a classic schema whose output type is
 * the contract's, so handlers are type-checked against it; `.openapi(name, …)` makes it a named component whose body
 * is the contract's JSON Schema. Only used for responses (a request body given as zod would add a validator).
 */
function component<S extends $ZodType>(name: string, s: S) {
  return z.unknown().pipe(s).openapi(name, jsonSchemaOf(s, 'output'));
}

/** The named answer schemas (#/components/schemas/<name>). */
export const Schemas = {
  Problem: component('Problem', ProblemSchema),
  TenantConfigView: component('TenantConfigView', TenantConfigViewSchema),
  WorkspaceBandwidthList: component('WorkspaceBandwidthList', WorkspaceBandwidthListSchema),
  WorkspaceBandwidthAccepted: component('WorkspaceBandwidthAccepted', WorkspaceBandwidthAcceptedSchema),
  ChangeOrderCreated: component('ChangeOrderCreated', ChangeOrderCreatedSchema),
  Job: component('Job', JobSchema),
  SharedBandwidthCreated: component('SharedBandwidthCreated', SharedBandwidthCreatedSchema),
  BandwidthPackageCreated: component('BandwidthPackageCreated', BandwidthPackageCreatedSchema),
  SubnetList: component('SubnetList', SubnetListSchema),
  CloudConnectionList: component('CloudConnectionList', CloudConnectionListSchema),
  Quote: component('Quote', QuoteSchema),
  Order: component('Order', OrderSchema),
  AuditPage: component('AuditPage', AuditPageSchema),
};

/** The named request bodies: plain JSON Schema (the routes validate with the contracts' own rules and messages). */
const REQUEST_BODIES = {
  CreateWorkspaceBandwidthRequest: CreateWorkspaceBandwidthRequestSchema,
  ChangeWorkspaceBandwidthRequest: ChangeWorkspaceBandwidthRequestSchema,
  CreateSharedBandwidthRequest: CreateSharedBandwidthRequestSchema,
  CreateBandwidthPackageRequest: CreateBandwidthPackageRequestSchema,
  QuoteRequest: QuoteRequestSchema,
  OrderActionRequest: OrderActionRequestSchema,
} satisfies Record<string, $ZodType>;
export type RequestBodyName = keyof typeof REQUEST_BODIES;

const ref = (kind: 'schemas' | 'headers' | 'responses', name: string) => ({ $ref: `#/components/${kind}/${name}` });

export const jsonBody = (name: RequestBodyName) => ({
  required: true,
  content: { 'application/json': { schema: ref('schemas', name) } },
});

/** Headers an answer may carry, documented once (#/components/headers/<name>). */
type HeaderDoc = {
  description: string;
  schema: { type: 'string' | 'integer'; minimum?: number; maxLength?: number; enum?: string[] };
};
const HEADERS = {
  'X-Request-Id': {
    description: "This request's id (the caller's own X-Request-Id when it sent one): quote it to the operator.",
    schema: { type: 'string', maxLength: 128 },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed per window for this tenant and portal user.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until one more request fits (at least 1; after a burst, up to two windows).',
    schema: { type: 'integer', minimum: 0 },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Idempotency-Settled': {
    description:
      'Present when this answer settled an earlier attempt whose outcome was unknown by asking the cloud (`reconciled`: the cloud had done it).',
    schema: { type: 'string' },
  },
} satisfies Record<string, HeaderDoc>;
type HeaderName = keyof typeof HEADERS;
const headers = (...names: HeaderName[]) => Object.fromEntries(names.map((n) => [n, ref('headers', n)]));

/** Every /v1 answer passed authentication and the rate limit, so it carries these. */
const V1_HEADERS: HeaderName[] = ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

const problemContent = { 'application/problem+json': { schema: Schemas.Problem } };

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;
const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Missing Idempotency-Key, malformed JSON or an invalid query parameter',
  401: 'Token missing, invalid or expired',
  403: 'Scope missing or origin not allowed',
  404: "Not found (or another tenant's)",
  409: 'Idempotency key in progress, an upstream conflict, insufficient balance or an order that changed',
  413: 'Body too large',
  415: 'Body is not JSON',
  500: "A fault on the gateway's side (the request id helps the operator find it)",
  422: 'Field errors, or the cloud refused the request',
  429: 'Rate limited: retry after Retry-After seconds',
  502: "The cloud failed or answered garbage, or the tenant's key server (JWKS) could not be read",
  503: "The cloud is throttling, or the gateway's store is unavailable (Retry-After)",
  504: 'The cloud timed out',
};
/** Answers that may say when to retry. */
const RETRY_AFTER: readonly ErrorStatus[] = [409, 429, 502, 503];

const problemResponse = (status: ErrorStatus) => ({
  description: ERROR_DESCRIPTIONS[status],
  headers: headers(...V1_HEADERS, ...(RETRY_AFTER.includes(status) ? (['Retry-After'] as const) : [])),
  content: problemContent,
});
type ProblemResponse = ReturnType<typeof problemResponse>;

/**
 * What any /v1 call may answer: no or a bad token, a missing scope or origin, the rate limit, a fault, the tenant's
 * key server (JWKS) failing while its keys are checked, a store that is down.
 */
const COMMON_ERRORS = [401, 403, 429, 500, 502, 503] as const;
type CommonError = (typeof COMMON_ERRORS)[number];

/** The problem answers a route documents (the common ones and `statuses`), keyed by their status. */
export function errorResponses<const S extends ErrorStatus>(
  ...statuses: S[]
): Record<S | CommonError, ProblemResponse> {
  const out: Partial<Record<ErrorStatus, ProblemResponse>> = {};
  for (const s of [...new Set([...statuses, ...COMMON_ERRORS])].sort((a, b) => a - b)) out[s] = problemResponse(s);
  // Every key of S and of the common errors was just set.
  return out as Record<S | CommonError, ProblemResponse>;
}

const idempotencyHeader: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Unique per submission (1–255 printable ASCII characters); a retry of the same submission reuses it.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

export type Parameter = {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description?: string;
  schema: {
    type: 'string' | 'integer';
    minimum?: number;
    maximum?: number;
    default?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    enum?: string[];
  };
};

/**
 * The widget-token requirement of an operation, with its scope(s): OpenAPI 3.1 lets a non-OAuth scheme list the
 * roles it needs, so the document names each route's scope. Several entries = any one of them will do.
 */
export const securityOf = (...scopes: Scope[]) =>
  scopes.length ? scopes.map((s) => ({ widgetToken: [s] })) : [{ widgetToken: [] }];

export const scopeText = (scopes: readonly Scope[]) =>
  scopes.length === 1
    ? `Scope: \`${scopes[0]}\`.`
    : `Scope: one of ${scopes.map((s) => `\`${s}\``).join(', ')} (the priced operation's).`;

/** A JSON answer of a named schema, with the headers every /v1 answer carries (plus `extra`). */
export const okResponse = <S extends z.ZodType>(description: string, schema: S, extra: HeaderName[] = []) => ({
  description,
  headers: headers(...V1_HEADERS, ...extra),
  content: { 'application/json': { schema } },
});

/** One BFF GET operation: the widget token with its scope, query/path parameters, one typed answer, the errors. */
export function getRoute<P extends string, S extends z.ZodType, const E extends ErrorStatus>(o: {
  path: P;
  operationId: string;
  tag: Tag;
  summary: string;
  scope: Scope;
  details?: string;
  parameters: Parameter[];
  description: string;
  response: S;
  errors: E[];
  middleware?: MiddlewareHandler[];
}) {
  return createRoute({
    method: 'get',
    path: o.path,
    operationId: o.operationId,
    tags: [o.tag],
    summary: o.summary,
    description: [scopeText([o.scope]), o.details].filter(Boolean).join(' '),
    security: securityOf(o.scope),
    middleware: [requireScope(o.scope), ...(o.middleware ?? [])],
    parameters: o.parameters,
    responses: { 200: okResponse(o.description, o.response), ...errorResponses(...o.errors) },
  });
}

/** A POST route as postRoute builds it (named, so the package's declarations can refer to it). */
export type PostRoute<P extends string> = RouteConfig & { method: 'post'; path: P; getRoutingPath(): string };

/** The errors of every POST that places something. */
const POST_ERRORS = [400, 401, 403, 409, 413, 415, 422, 429, 502, 503, 504] as const;

/**
 * One BFF POST operation as OpenAPI sees it: the same errors, the Idempotency-Key header, the widget token. Its
 * handler answers with the response stored under the Idempotency-Key (the first attempt's, replayed byte for byte),
 * whose body no type can vouch for: so the route's answers are typed as documented responses (`RouteConfig`), and
 * the gateway tests check every body against this document instead.
 */
export function postRoute<P extends string>(o: {
  path: P;
  operationId: string;
  tag: Tag;
  summary: string;
  scope: Scope;
  body: RequestBodyName;
  status: 200 | 201 | 202;
  description: string;
  response: z.ZodType;
  pathParams?: Parameter[];
  /** Runs after the scope check, before the handler (e.g. "is this the tenant's order?"). */
  middleware?: MiddlewareHandler[];
  details?: string;
  extraErrors?: ErrorStatus[];
  /** Other success answers (e.g. 200 when a retry settles an earlier attempt). */
  alsoOk?: { status: 200 | 201; description: string; response: z.ZodType };
}): PostRoute<P> {
  const replay: HeaderName[] = ['Idempotent-Replayed', 'Idempotency-Settled'];
  const responses: RouteConfig['responses'] = {
    [o.status]: okResponse(o.description, o.response, replay),
    ...(o.alsoOk ? { [o.alsoOk.status]: okResponse(o.alsoOk.description, o.alsoOk.response, replay) } : {}),
    ...errorResponses(...new Set([...POST_ERRORS, ...(o.extraErrors ?? [])])),
  };
  return createRoute({
    method: 'post',
    path: o.path,
    operationId: o.operationId,
    tags: [o.tag],
    summary: o.summary,
    description: [scopeText([o.scope]), o.details].filter(Boolean).join(' '),
    security: securityOf(o.scope),
    middleware: [requireScope(o.scope), ...(o.middleware ?? [])],
    parameters: [...(o.pathParams ?? []), idempotencyHeader],
    request: { body: jsonBody(o.body) },
    responses,
  });
}

/** The document's tags, in the order a reader meets them. */
export const TAGS = [
  {
    name: 'Config',
    description: "What a widget renders its form from: the tenant's regions, limits, theme and enums.",
  },
  {
    name: 'Workspace',
    description:
      'Workspace bandwidth: create (asynchronous, a job to follow), list, change by order; the subnet picker.',
  },
  { name: 'VPC', description: 'VPC shared bandwidth.' },
  { name: 'Cloud Connect', description: 'Cloud Connect bandwidth packages and the cloud connections they bind to.' },
  { name: 'Prices', description: "The cloud's price inquiry for a purchase before it is placed." },
  { name: 'Orders', description: 'Yearly/monthly purchases place orders: follow, pay (where allowed) or cancel them.' },
  { name: 'Audit', description: 'What was asked of the cloud through this gateway, per tenant.' },
  { name: 'Approvals', description: "Purchases the tenant's policy holds for an approver: list, approve, reject." },
  {
    name: 'Webhooks',
    description: 'Signed deliveries to the portal backend: the delivery log per tenant, and redelivery.',
  },
  {
    name: 'Operations',
    description: 'Health, readiness, metrics and this document: for operators and tools, no token.',
  },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

const plainOk = (description: string, contentType: string, schema: JsonSchema) => ({
  description,
  headers: headers('X-Request-Id'),
  content: { [contentType]: { schema } },
});

/** The operational paths: answered before authentication, documented with no security requirement. */
function registerOperationalPaths<E extends Env>(app: OpenAPIHono<E>) {
  const common = { tags: ['Operations'], security: [] };
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    summary: 'Liveness: the process answers',
    description: 'Always 200 while the process runs; it asks nothing of the store or the cloud.',
    responses: {
      200: plainOk('Alive', 'application/json', {
        type: 'object',
        required: ['status'],
        properties: { status: { type: 'string', const: 'ok' } },
      }),
    },
  });
  const readiness = {
    type: 'object',
    required: ['status', 'store'],
    properties: { status: { type: 'string', enum: ['ready', 'store unavailable'] }, store: { type: 'string' } },
  };
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    summary: 'Readiness: the store answers',
    description: 'A load balancer sends traffic only while this is 200.',
    responses: {
      200: plainOk('Ready', 'application/json', readiness),
      503: plainOk('The store does not answer', 'application/json', readiness),
    },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description:
      'Requests, latencies, upstream calls and errors, idempotency and cache counters, in the Prometheus text format 0.0.4.',
    responses: { 200: plainOk('Metrics', 'text/plain', { type: 'string' }) },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of this API; `servers` names where it was fetched from.',
    responses: { 200: plainOk('The OpenAPI document', 'application/json', { type: 'object' }) },
  });
}

export const OPENAPI_PATH = '/openapi.json';

/**
 * Where the API is, as this request reached it: the origin and, when createBff is mounted under a prefix in a parent
 * app (`parent.route('/bwkit', bff)`), that prefix (the path this document was served at, minus /openapi.json).
 */
export function serverOf(c: Context): { url: string; description: string } {
  const url = new URL(c.req.url);
  const prefix = url.pathname.endsWith(OPENAPI_PATH) ? url.pathname.slice(0, -OPENAPI_PATH.length) : '';
  return { url: `${url.origin}${prefix}`, description: 'This gateway, as the document was fetched from it' };
}

/**
 * Documents the whole API and serves the document at /openapi.json: named components (answers, request bodies,
 * headers), the widget-token scheme, tags, operational paths and `servers`. Call once, after the routes.
 */
const withComponents = new WeakSet<object>();

/**
 * Puts the components the routes reference into the app's document (request bodies, headers, the widget-token
 * scheme). Every route module calls it before its routes, so the document never points at a missing component.
 */
export function registerComponents<E extends Env>(app: OpenAPIHono<E>): void {
  if (withComponents.has(app)) return;
  withComponents.add(app);
  for (const [name, s] of Object.entries(REQUEST_BODIES))
    app.openAPIRegistry.registerComponent('schemas', name, jsonSchemaOf(s, 'input'));
  for (const [name, h] of Object.entries(HEADERS)) app.openAPIRegistry.registerComponent('headers', name, h);
  app.openAPIRegistry.registerComponent('securitySchemes', 'widgetToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Widget token minted by the portal backend: iss = tenant id, aud = "bwkit", exp ≤ iat + 15 min, scope = space-separated scopes.',
  });
}

/**
 * Documents the whole API and serves the document at /openapi.json: named components (answers, request bodies,
 * headers), the widget-token scheme, tags, operational paths and `servers`. Call once, after the routes.
 */
export interface OpenApiDocumentOptions {
  info?: { title?: string; version?: string; description?: string };
  /**
   * The API's public URL for `servers` (e.g. `https://portal.example.com/bwkit` behind a proxy that terminates TLS).
   * Absent: derived from each request, prefix included.
   */
  serverUrl?: string;
}

export function registerOpenApiDocument<E extends Env>(app: OpenAPIHono<E>, o: OpenApiDocumentOptions = {}) {
  registerComponents(app);
  registerOperationalPaths(app);
  app.doc31(OPENAPI_PATH, (c) => ({
    openapi: '3.1.0',
    info: {
      title: o.info?.title ?? 'bwkit BFF',
      version: o.info?.version ?? '1.0.0',
      description:
        o.info?.description ?? 'Simplified, signed access to Huawei Cloud bandwidth operations for embeddable widgets.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'bwkit maintainers' },
    },
    servers: [o.serverUrl ? { url: o.serverUrl.replace(/\/$/, ''), description: 'This API' } : serverOf(c)],
    tags: [...TAGS],
  }));
}
