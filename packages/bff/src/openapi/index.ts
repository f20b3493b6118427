import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Scope } from '@bwkit/contracts';
import { toJSONSchema } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { requireScope } from '../auth/index.js';

/**
 * @hono/zod-openapi documents routes, but its generator needs classic zod and the contracts use zod/mini (they ship
 * to browsers). So routes carry JSON Schema produced by zod's own converter from the very schemas that validate.
 */
export function schemaOf(s: unknown): Record<string, unknown> {
  return toJSONSchema(s as $ZodType, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}

export const problemContent = {
  'application/problem+json': {
    schema: {
      type: 'object',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' },
        detail: { type: 'string' }, requestId: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
        upstream: { type: 'object', properties: { service: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' }, encodedAuthorizationMessage: { type: 'string' } } },
      },
    },
  },
};

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: DESCRIPTIONS[s] ?? 'Error', content: problemContent }]));

const DESCRIPTIONS: Record<number, string> = {
  400: 'Missing Idempotency-Key or malformed JSON', 401: 'Token missing, invalid or expired', 403: 'Scope missing or origin not allowed',
  404: 'Not found (or another tenant\'s)', 409: 'Idempotency key in progress, an upstream conflict, insufficient balance or an order that changed', 413: 'Body too large',
  415: 'Body is not JSON', 422: 'Field errors, or the cloud refused the request', 429: 'Rate limited',
  502: 'The cloud failed or answered garbage', 503: 'The cloud is throttling', 504: 'The cloud timed out',
};

export const idempotencyHeader = {
  name: 'Idempotency-Key', in: 'header' as const, required: true,
  description: 'Unique per submission (1–255 chars); a retry of the same submission reuses it.',
  schema: { type: 'string' as const, minLength: 1, maxLength: 255 },
};

export const jsonContent = (schema: unknown) => ({ 'application/json': { schema: schemaOf(schema) } });

/**
 * The widget-token requirement of an operation, with its scope(s): OpenAPI 3.1 lets a non-OAuth scheme list the
 * roles it needs, so the document names each route's scope. Several entries = any one of them will do.
 */
export const securityOf = (...scopes: Scope[]) => (scopes.length ? scopes.map((s) => ({ widgetToken: [s] })) : [{ widgetToken: [] }]);

const scopeText = (scopes: readonly Scope[]) =>
  scopes.length === 1 ? `Scope: \`${scopes[0]}\`.` : `Scope: one of ${scopes.map((s) => `\`${s}\``).join(', ')} (the priced operation's).`;

/** One BFF POST operation as OpenAPI sees it: the same errors, the Idempotency-Key header, the widget token. */
export function postRoute(o: {
  path: string; operationId: string; tag: string; summary: string; scope: Scope;
  body: unknown; status: 200 | 201 | 202; description: string; response: unknown; pathParams?: Record<string, unknown>[];
  /** Runs after the scope check, before the handler (e.g. "is this the tenant's order?"). */
  middleware?: MiddlewareHandler[]; details?: string; extraErrors?: number[];
  /** Other success answers (e.g. 200 when a retry settles an earlier attempt). */
  alsoOk?: { status: 200 | 201; description: string; response: unknown };
}) {
  return createRoute({
    method: 'post', path: o.path, operationId: o.operationId, tags: [o.tag], summary: o.summary,
    description: [scopeText([o.scope]), o.details].filter(Boolean).join(' '),
    security: securityOf(o.scope),
    middleware: [requireScope(o.scope), ...(o.middleware ?? [])] as const,
    parameters: [...(o.pathParams ?? []), idempotencyHeader] as never,
    request: { body: { required: true, content: jsonContent(o.body) } },
    responses: {
      [o.status]: { description: o.description, content: jsonContent(o.response) },
      ...(o.alsoOk ? { [o.alsoOk.status]: { description: o.alsoOk.description, content: jsonContent(o.alsoOk.response) } } : {}),
      ...errorResponses(...new Set([400, 401, 403, 409, 413, 415, 422, 429, 502, 503, 504, ...(o.extraErrors ?? [])])),
    },
  });
}

/** One BFF GET operation: the widget token with its scope, query/path parameters, the usual errors. */
export function getRoute(o: {
  path: string; operationId: string; tag: string; summary: string; scope: Scope; details?: string;
  parameters: Record<string, unknown>[]; description: string; response: unknown; errors: number[];
  middleware?: MiddlewareHandler[];
}) {
  return createRoute({
    method: 'get', path: o.path, operationId: o.operationId, tags: [o.tag], summary: o.summary,
    description: [scopeText([o.scope]), o.details].filter(Boolean).join(' '),
    security: securityOf(o.scope),
    middleware: [requireScope(o.scope), ...(o.middleware ?? [])] as const,
    parameters: o.parameters as never,
    responses: {
      200: { description: o.description, content: jsonContent(o.response) },
      ...errorResponses(...o.errors),
    },
  });
}

export { scopeText };
