import {
  OPERATION_SCOPES,
  QUOTE_OPERATIONS,
  type Quote,
  type QuoteRequest,
  validateQuoteRequest,
} from '@bwkit/contracts';
import { isUpstreamError, type UpstreamError } from '@bwkit/huaweicloud';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import { quoteFromOnDemand, quoteFromPeriod, ratingOf } from '../../mapping/index.js';
import {
  errorResponses,
  jsonBody,
  okResponse,
  registerComponents,
  Schemas,
  scopeText,
  securityOf,
} from '../../openapi/index.js';
import { callUpstream, readJson, regionOf, ruleContext } from '../../operation/index.js';
import { ProblemError, validationProblem } from '../../problem/index.js';
import type { Tenant } from '../../tenants/index.js';

/** The same values asked again within this time (a debounced form) are answered without asking the cloud. */
const QUOTE_CACHE_TTL_MS = 15_000;

const unavailable = (
  reason: Extract<Quote, { available: false }>['reason'],
  message: string,
  code?: string,
): Quote => ({ available: false, reason, message, ...(code ? { code } : {}) });

/** A refusal (4xx) means these codes or values have no price; anything else means the cloud could not be asked. */
function quoteOfError(e: UpstreamError): Quote {
  if (e.kind === 'rejected' || e.kind === 'conflict') {
    return unavailable(
      'upstream_refused',
      `The cloud's price inquiry refused this product: ${e.upstreamMessage}`,
      e.code,
    );
  }
  return unavailable(
    'upstream_unavailable',
    'The price inquiry is unavailable right now; the price is shown again once it answers.',
    e.code,
  );
}

async function rate(deps: BffDeps, c: Context<BffEnv>, tenant: Tenant, q: QuoteRequest): Promise<Quote> {
  const codes = tenant.pricing?.[q.operation];
  if (!codes) {
    return unavailable(
      'not_configured',
      'No price: the gateway has no product codes configured for this purchase (tenant config pricing).',
    );
  }
  // Packages belong to the tenant's default region's project, as when they are created.
  const region = q.operation === 'createBandwidthPackage' ? tenant.defaultRegion : regionOf(tenant, q.values.region);
  // A tenant's config names a project for each of its regions (the gateway refuses a config that does not).
  const projectId = tenant.credentials.projects[region]!;
  const rating = ratingOf(q, codes, region);
  if (rating.kind === 'free') return unavailable('free', 'Free bandwidth has no price.');
  const client = deps.clientFor(tenant);
  try {
    if (rating.kind === 'period') {
      const r = await callUpstream(deps, c, 'ratePeriodProducts', () =>
        client.ratePeriodProducts({
          body: {
            project_id: projectId,
            product_infos: [
              {
                ...rating.product,
                period_type: rating.periodType,
                period_num: rating.periodCount,
                subscription_num: 1,
              },
            ],
          },
        }),
      );
      return quoteFromPeriod(r.data, tenant.site, rating.per, rating.periodCount);
    }
    const { usageFactor, usageMeasureId } = rating.codes;
    if (!usageFactor || usageMeasureId === undefined) {
      return unavailable(
        'not_configured',
        'No price: pay-per-use pricing needs usageFactor and usageMeasureId in the tenant config pricing.',
      );
    }
    const r = await callUpstream(deps, c, 'rateOnDemandProducts', () =>
      client.rateOnDemandProducts({
        body: {
          project_id: projectId,
          product_infos: [
            {
              ...rating.product,
              usage_factor: usageFactor,
              usage_value: 1,
              usage_measure_id: usageMeasureId,
              subscription_num: 1,
            },
          ],
        },
      }),
    );
    return quoteFromOnDemand(r.data, tenant.site);
  } catch (e) {
    if (isUpstreamError(e)) return quoteOfError(e);
    throw e;
  }
}

/**
 * The price of a purchase, shared for a few seconds by identical asks (a debounced form, then the purchase's own
 * policy check on the gateway).
 */
export function priceOf(deps: BffDeps, c: Context<BffEnv>, tenant: Tenant, q: QuoteRequest): Promise<Quote> {
  return deps.cache.get(`${tenant.id}:quote:${JSON.stringify(q)}`, () => rate(deps, c, tenant, q), QUOTE_CACHE_TTL_MS);
}

export function registerQuotes(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const scopes = QUOTE_OPERATIONS.map((op) => OPERATION_SCOPES[op]);
  const route = createRoute({
    method: 'post',
    path: '/v1/quotes',
    operationId: 'createQuote',
    tags: ['Prices'],
    summary: "The price of a purchase before buying it (the cloud's price inquiry), or why there is none",
    description:
      `${scopeText(scopes)} Places nothing, so no Idempotency-Key is needed. The answer is always 200: ` +
      '`available: false` with a reason (not_configured, free, upstream_refused, upstream_unavailable) when there is no price — never an invented one.',
    security: securityOf(...scopes),
    request: { body: jsonBody('QuoteRequest') },
    responses: {
      200: okResponse('The price, or why there is none', Schemas.Quote),
      ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503),
    },
  });
  app.openapi(route, async (c) => {
    const tenant = c.get('tenant');
    const body = await readJson(c);
    const op = (body as { operation?: unknown } | null)?.operation;
    // A quote needs the scope of the purchase it prices.
    if ((QUOTE_OPERATIONS as readonly unknown[]).includes(op)) {
      const needed = OPERATION_SCOPES[op as QuoteRequest['operation']];
      if (!c.get('scopes').includes(needed)) {
        throw new ProblemError('scope_missing', `Pricing ${String(op)} needs the scope ${needed}.`);
      }
    }
    const v = validateQuoteRequest(body, ruleContext(tenant));
    if (!v.ok) throw validationProblem(v.issues);
    const quote = await priceOf(deps, c, tenant, v.value);
    return c.json(quote, 200, { 'cache-control': 'private, no-store' });
  });
}
