import type { Context } from 'hono';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { JobSchema } from '@bwkit/contracts';
import { isUpstreamError } from '@bwkit/huaweicloud';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import { problemFromUpstream, toJob } from '../../mapping/index.js';
import { callUpstream } from '../../operation/index.js';
import { ProblemError } from '../../problem/index.js';
import { errorResponses, schemaOf } from '../../openapi/index.js';

export function registerJobs(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  const route = createRoute({
    method: 'get', path: '/v1/jobs/{jobId}', operationId: 'showWorkspaceJob', tags: ['Workspace'],
    summary: 'Follow a Workspace job (only the tenant\'s own jobs exist here)',
    security: [{ widgetToken: [] }],
    middleware: [requireScope('workspace-bandwidth:create')] as const,
    parameters: [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string' } }] as never,
    responses: {
      200: { description: 'The job', content: { 'application/json': { schema: schemaOf(JobSchema) } } },
      ...errorResponses(401, 403, 404, 429, 502, 503, 504),
    },
  });
  app.openapi(route, (async (c: Context<BffEnv>) => {
    const tenant = c.get('tenant');
    const jobId = c.req.param('jobId') ?? '';
    const ref = jobId.length <= 128 ? await deps.store.getJob(jobId) : undefined;
    // Another tenant's job is indistinguishable from one that does not exist.
    if (!ref || ref.tenantId !== tenant.id) throw new ProblemError(404, 'not_found', 'No such job for this tenant.');
    try {
      const r = await callUpstream(deps, c, 'workspace', 'showWorkspaceJob', () =>
        deps.clientFor(tenant).showWorkspaceJob({ region: ref.region, jobId }));
      return c.json(toJob(r.data, deps.now()), 200, { 'cache-control': 'no-store' });
    } catch (e) {
      if (isUpstreamError(e)) throw problemFromUpstream(e);
      throw e;
    }
  }) as never);
}
