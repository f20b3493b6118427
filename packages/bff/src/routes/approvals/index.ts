import type { ContentfulStatusCode } from 'hono/utils/http-status';
/**
 * Approvals of purchases held by tenant policy: the approver's list (`approval:decide`), one approval (its requester
 * or an approver), and the decisions (approve runs the held purchase exactly once; reject needs a reason).
 */

import {
  APPROVAL_REASON_MAX_LENGTH,
  APPROVAL_STATES,
  ApprovalDecisionRequestSchema,
  ApprovalEnvelopeSchema,
  ApprovalPageSchema,
  isValidIdempotencyKey,
  PROBLEM_CONTENT_TYPE,
  type Scope,
} from '@bwkit/contracts';
import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { $ZodType } from 'zod/v4/core';
import { APPROVAL_ID } from '../../approvals/index.js';
import { requireScope } from '../../auth/index.js';
import type { BffDeps, BffEnv } from '../../context.js';
import { errorResponses, jsonSchemaOf, okResponse, registerComponents, securityOf } from '../../openapi/index.js';
import { readJson } from '../../operation/index.js';
import { malformedRequest, ProblemError } from '../../problem/index.js';
import { decodeRecordCursor, encodeRecordCursor, pageParameters, readLimit } from '../paging.js';

const DECIDE: Scope = 'approval:decide';
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** A contract schema as a named OpenAPI component (the same bridge the other answers use). */
const component = <S extends $ZodType>(name: string, s: S) =>
  z.unknown().pipe(s).openapi(name, jsonSchemaOf(s, 'output'));
export const ApprovalEnvelope = component('ApprovalEnvelope', ApprovalEnvelopeSchema);
const ApprovalPage = component('ApprovalPage', ApprovalPageSchema);

const invalid = (path: string, message: string, code = 'invalid_format') =>
  malformedRequest(message, [{ path, code, message }]);
const notFound = () => new ProblemError('not_found', 'No such approval for this tenant.');
const idParam = {
  name: 'id',
  in: 'path' as const,
  required: true,
  schema: { type: 'string' as const, pattern: APPROVAL_ID.source },
};
const keyParam = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: true,
  description: 'Unique per decision (1–255 printable ASCII characters); a retry of the same decision reuses it.',
  schema: { type: 'string' as const, minLength: 1, maxLength: 255 },
};
const NO_STORE = { 'cache-control': 'no-store' };

export function registerApprovals(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  app.openAPIRegistry.registerComponent(
    'schemas',
    'ApprovalDecisionRequest',
    jsonSchemaOf(ApprovalDecisionRequestSchema, 'input'),
  );

  const list = createRoute({
    method: 'get',
    path: '/v1/approvals',
    operationId: 'listApprovals',
    tags: ['Approvals'],
    summary: "The tenant's purchases held for approval, newest first",
    description: `Scope: \`${DECIDE}\`. Filter by \`state\` (e.g. \`pending\`); page with \`cursor\`. A pending request past its time shows as \`expired\`.`,
    security: securityOf(DECIDE),
    middleware: [requireScope(DECIDE)],
    parameters: [
      { name: 'state', in: 'query', required: false, schema: { type: 'string', enum: [...APPROVAL_STATES] } },
      ...pageParameters(MAX_LIMIT, DEFAULT_LIMIT),
    ],
    responses: { 200: okResponse('A page of approvals', ApprovalPage), ...errorResponses(400) },
  });
  app.openapi(list, async (c) => {
    const tenant = c.get('tenant');
    const state = c.req.query('state');
    if (state !== undefined && !(APPROVAL_STATES as readonly string[]).includes(state))
      throw invalid('state', `state must be one of ${APPROVAL_STATES.join(', ')}.`, 'invalid_enum');
    const limit = readLimit(c, { max: MAX_LIMIT, fallback: DEFAULT_LIMIT });
    const cursor = c.req.query('cursor');
    const page = await deps.approvals.list(tenant, {
      ...(state ? { state } : {}),
      limit: limit + 1,
      ...(cursor ? { before: decodeRecordCursor(cursor, APPROVAL_ID) } : {}),
    });
    const items = page.slice(0, limit);
    const last = items[items.length - 1];
    return c.json(
      {
        // Expired on this very read: it no longer matches a `pending` filter.
        items: items.filter((r) => !state || r.value.state === state).map((r) => deps.approvals.view(r.value)),
        ...(page.length > limit && last ? { nextCursor: encodeRecordCursor(last) } : {}),
      },
      200,
      NO_STORE,
    );
  });

  const show = createRoute({
    method: 'get',
    path: '/v1/approvals/{id}',
    operationId: 'showApproval',
    tags: ['Approvals'],
    summary: 'One purchase held for approval, and its outcome once decided',
    description:
      `Its requester (any scope), or scope \`${DECIDE}\`. Anyone else, and another tenant, gets 404. ` +
      "The requester's widget follows this until the state is approved (with `result`, the purchase's answer), failed, rejected or expired.",
    security: [{ widgetToken: [] }],
    parameters: [idParam],
    responses: { 200: okResponse('The approval', ApprovalEnvelope), ...errorResponses(404) },
  });
  app.openapi(show, async (c) => {
    const a = await deps.approvals.get(c.get('tenant'), c.req.param('id'));
    if (!a || (a.requestedBy !== c.get('subject') && !c.get('scopes').includes(DECIDE))) throw notFound();
    return c.json({ approval: deps.approvals.view(a) }, 200, NO_STORE);
  });

  for (const kind of ['approve', 'reject'] as const) {
    const decisionResponses: RouteConfig['responses'] = {
      200: okResponse('The decided approval', ApprovalEnvelope, ['Idempotent-Replayed']),
      ...errorResponses(400, 404, 409, 413, 415, 422, 502, 504),
    };
    const route = createRoute({
      method: 'post',
      path: `/v1/approvals/{id}/${kind}`,
      operationId: kind === 'approve' ? 'approveApproval' : 'rejectApproval',
      tags: ['Approvals'],
      summary:
        kind === 'approve'
          ? 'Approve: the held purchase runs now, exactly once, as its requester'
          : 'Reject, with a reason for the requester',
      description:
        `Scope: \`${DECIDE}\`; not for one's own request. ` +
        (kind === 'approve'
          ? "Answers the approval with `result` (the purchase's own answer) or `state: failed` with its `problem`. When the cloud fails or times out " +
            "the purchase's problem is answered and the approval stays `approving`: approve again (any key) to settle it — it is never sent twice."
          : `\`reason\` (1–${APPROVAL_REASON_MAX_LENGTH} characters) is required.`) +
        " The same Idempotency-Key repeats the decision's answer; a decided or expired request is 409 approval_not_pending.",
      security: securityOf(DECIDE),
      middleware: [requireScope(DECIDE)],
      parameters: [idParam, keyParam],
      request: {
        body: {
          required: kind === 'reject',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApprovalDecisionRequest' } } },
        },
      },
      // Widened like postRoute's: a decision may answer the held purchase's own problem (any status it had), which
      // no narrower type can vouch for; the gateway tests check every answer against the document instead.
      responses: decisionResponses,
    });
    app.openapi(route, async (c) => {
      const key = c.req.header('idempotency-key');
      if (key === undefined)
        throw new ProblemError(
          'idempotency_key_missing',
          'Send an Idempotency-Key header (1–255 characters) with every POST.',
        );
      if (!isValidIdempotencyKey(key))
        throw new ProblemError(
          'idempotency_key_missing',
          'The Idempotency-Key must be 1–255 printable ASCII characters.',
        );
      // No body is needed to approve: an empty one reads as {}.
      const body = (await c.req.raw.clone().text()).trim() === '' ? {} : await readJson(c);
      const v = ApprovalDecisionRequestSchema.safeParse(body);
      if (!v.success)
        throw new ProblemError('validation_failed', `reason must be 1–${APPROVAL_REASON_MAX_LENGTH} characters.`, {
          fields: [
            {
              path: 'reason',
              code: 'too_long',
              message: `Use 1 to ${APPROVAL_REASON_MAX_LENGTH} characters.`,
              params: { max: APPROVAL_REASON_MAX_LENGTH },
            },
          ],
        });
      const reason = v.data.reason?.trim();
      if (kind === 'reject' && !reason) {
        throw new ProblemError('validation_failed', 'A rejection needs a reason for the requester.', {
          fields: [{ path: 'reason', code: 'required', message: 'This field is required.' }],
        });
      }
      const id = c.req.param('id');
      if (!APPROVAL_ID.test(id)) throw notFound();
      const answer = await deps.approvals.decide(
        c.get('tenant'),
        { subject: c.get('subject') },
        id,
        key,
        kind === 'reject' ? { kind, reason: reason! } : { kind, ...(reason ? { reason } : {}) },
        c.get('requestId'),
      );
      if (answer.status !== 200 || !('approval' in answer)) {
        const problem = 'problem' in answer ? answer.problem : undefined;
        return c.body(
          JSON.stringify({ ...problem, requestId: c.get('requestId') }),
          answer.status as ContentfulStatusCode,
          {
            'content-type': PROBLEM_CONTENT_TYPE,
            ...('headers' in answer ? answer.headers : {}),
          },
        );
      }
      return c.json({ approval: answer.approval }, 200, {
        ...NO_STORE,
        ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
    });
  }
}

/**
 * Documents a purchase's 202 answer when tenant policy holds it for approval (`{approval}`); a purchase that already
 * answers 202 (a Workspace job) answers either shape.
 */
export function heldForApproval<R extends { responses: Record<string | number, unknown> }>(route: R): R {
  const held =
    "Held for approval by the tenant's policy: `{approval}` in state pending (the same Idempotency-Key replays it); follow GET /v1/approvals/{id}";
  const existing = route.responses[202] as
    | { description: string; headers?: unknown; content: { 'application/json': { schema: z.ZodType } } }
    | undefined;
  route.responses[202] = existing
    ? {
        ...existing,
        description: `${existing.description}; or ${held}`,
        content: {
          'application/json': { schema: z.union([existing.content['application/json'].schema, ApprovalEnvelope]) },
        },
      }
    : okResponse(held, ApprovalEnvelope, ['Idempotent-Replayed']);
  return route;
}
