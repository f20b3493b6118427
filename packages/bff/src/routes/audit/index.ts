import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import { errorResponses, okResponse, registerComponents, Schemas, scopeText, securityOf } from '../../openapi/index.js';
import { malformedRequest } from '../../problem/index.js';
import type { AuditCursor } from '../../store/index.js';

const encodeCursor = (c: AuditCursor) =>
  btoa(JSON.stringify([c.at, c.id]))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
function decodeCursor(s: string): AuditCursor {
  try {
    const [at, id] = JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/'))) as [unknown, unknown];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    /* fall through */
  }
  throw malformedRequest('The cursor is not one this API gave out.', [
    { path: 'cursor', code: 'invalid_type', message: 'Use the nextCursor of a previous page.' },
  ]);
}

export function registerAudit(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const route = createRoute({
    method: 'get',
    path: '/v1/audit',
    operationId: 'listAudit',
    tags: ['Audit'],
    summary: "The tenant's audit records, newest first",
    description: scopeText(['audit:read']),
    security: securityOf('audit:read'),
    middleware: [requireScope('audit:read')],
    parameters: [
      {
        name: 'cursor',
        in: 'query',
        required: false,
        description: 'The nextCursor of the previous page (opaque).',
        schema: { type: 'string' },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
      },
    ],
    responses: {
      200: okResponse('A page of audit records', Schemas.AuditPage),
      ...errorResponses(400, 401, 403, 429, 503),
    },
  });
  app.openapi(route, async (c) => {
    const tenant = c.get('tenant');
    const limitRaw = c.req.query('limit');
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw malformedRequest('limit must be an integer from 1 to 200.', [
        { path: 'limit', code: 'too_big', message: 'limit must be an integer from 1 to 200.' },
      ]);
    }
    const cursor = c.req.query('cursor');
    const items = await deps.store.list(tenant.id, {
      limit: limit + 1,
      ...(cursor ? { before: decodeCursor(cursor) } : {}),
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return c.json(
      {
        items: page,
        ...(items.length > limit && last ? { nextCursor: encodeCursor({ at: last.at, id: last.id }) } : {}),
      },
      200,
      { 'cache-control': 'no-store' },
    );
  });
}
