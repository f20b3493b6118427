import type { Order, OrderActionRequest } from '@bwkit/contracts';
import { type HuaweiCloudClient, isUpstreamError } from '@bwkit/huaweicloud';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { BffDeps, BffEnv } from '../../context.js';
import { emitSafely } from '../../events/index.js';
import { problemFromUpstream, toOrder } from '../../mapping/index.js';
import { getRoute, type Parameter, postRoute, registerComponents, Schemas } from '../../openapi/index.js';
import { callUpstream, postHandler } from '../../operation/index.js';
import { ProblemError } from '../../problem/index.js';
import type { OrderRef } from '../../store/index.js';
import type { Tenant } from '../../tenants/index.js';

const ORDER_ID = /^[\x21-\x7e]{1,128}$/;
const orderIdParam: Parameter[] = [
  { name: 'orderId', in: 'path', required: true, schema: { type: 'string', maxLength: 128 } },
];

/** The order's ref when this tenant placed it through the gateway; anything else is a 404, as if it did not exist. */
async function ownOrder(deps: BffDeps, c: Context<BffEnv>): Promise<{ orderId: string; ref: OrderRef }> {
  const orderId = c.req.param('orderId') ?? '';
  const ref = ORDER_ID.test(orderId) ? await deps.store.getOrder(orderId) : undefined;
  if (!ref || ref.tenantId !== c.get('tenant').id) {
    throw new ProblemError(
      'not_found',
      'No such order for this tenant (only orders placed through this gateway can be followed here).',
    );
  }
  return { orderId, ref };
}

/** Before the Idempotency-Key is claimed: the order must be the tenant's own. */
const ownOrderOnly =
  (deps: BffDeps): MiddlewareHandler<BffEnv> =>
  async (c, next) => {
    await ownOrder(deps, c);
    await next();
  };

/** Paying from the widget is off unless the tenant's config allows it; otherwise the billing center is the place. */
const payAllowed: MiddlewareHandler<BffEnv> = async (c, next) => {
  const tenant = c.get('tenant');
  if (tenant.orders?.allowPay !== true) {
    const where = tenant.orders?.billingUrl
      ? ` Pay it at ${tenant.orders.billingUrl}.`
      : ' Pay it in the Huawei Cloud billing center.';
    throw new ProblemError('payment_not_allowed', `This organisation does not allow paying orders here.${where}`);
  }
  await next();
};

async function readOrder(
  deps: BffDeps,
  c: Context<BffEnv>,
  client: HuaweiCloudClient,
  tenant: Tenant,
  orderId: string,
  ref: OrderRef,
): Promise<Order> {
  const r = await callUpstream(deps, c, 'showOrder', () => client.showOrder({ orderId }));
  return toOrder(r.data, orderId, ref, tenant, c.get('scopes'));
}

const emptyBody = (body: unknown) =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
    ? { ok: true as const, value: {} as OrderActionRequest }
    : {
        ok: false as const,
        issues: [
          { path: '', code: 'invalid_type', message: 'Send an empty JSON object: {}.', params: { expected: 'object' } },
        ],
      };

export function registerOrders(app: OpenAPIHono<BffEnv>, deps: BffDeps) {
  registerComponents(app);
  const show = getRoute({
    path: '/v1/orders/{orderId}',
    operationId: 'showOrder',
    tag: 'Orders',
    summary: 'An order placed through this gateway: status, amount, and whether it can be paid or cancelled here',
    scope: 'order:read',
    details:
      'Only orders this tenant placed through the gateway (change orders, yearly/monthly packages, `wks_bandwidth` creates); any other id is 404.',
    parameters: orderIdParam,
    description: 'The order',
    response: Schemas.Order,
    errors: [401, 403, 404, 429, 502, 503, 504],
  });
  app.openapi(show, async (c) => {
    const tenant = c.get('tenant');
    const { orderId, ref } = await ownOrder(deps, c);
    try {
      return c.json(await readOrder(deps, c, deps.clientFor(tenant), tenant, orderId, ref), 200, {
        'cache-control': 'no-store',
      });
    } catch (e) {
      if (isUpstreamError(e)) throw problemFromUpstream(e);
      throw e;
    }
  });

  /** Pay and cancel: the BSS call, then the order as it is now (a changed bandwidth list is read afresh). */
  const action =
    (kind: 'pay' | 'cancel') =>
    async (_v: OrderActionRequest, client: HuaweiCloudClient, tenant: Tenant, c: Context<BffEnv>) => {
      const { orderId, ref } = await ownOrder(deps, c);
      if (kind === 'pay') {
        // No coupons or discounts are chosen in a widget: the documented body says so explicitly.
        await callUpstream(deps, c, 'payOrder', () =>
          client.payOrder({ body: { order_id: orderId, use_coupon: 'NO', use_discount: 'NO' } }),
        );
      } else {
        await callUpstream(deps, c, 'cancelOrder', () => client.cancelOrder({ body: { order_id: orderId } }));
      }
      deps.cache.invalidate(`${tenant.id}:workspace-bandwidths:`);
      let order: Order;
      try {
        order = await readOrder(deps, c, client, tenant, orderId, ref);
      } catch (e) {
        if (!isUpstreamError(e)) throw e;
        // It was paid (or cancelled); only reading it back failed. Say so rather than fail a done payment.
        order = {
          orderId,
          status: 'other',
          statusCode: 0,
          operation: ref.operation,
          ...(ref.resourceId ? { resourceId: ref.resourceId } : {}),
          canPay: false,
          canCancel: false,
          ...(tenant.orders?.billingUrl ? { billingUrl: tenant.orders.billingUrl } : {}),
        };
      }
      // The portal's backend hears of it too, with the same data and dedupe key as the progress watcher's notice of
      // the same change, so whichever comes first is the one webhook.
      await emitSafely(
        deps,
        tenant.id,
        kind === 'pay' ? 'order.paid' : 'order.cancelled',
        { orderId, order },
        { dedupeKey: `order:${orderId}` },
        c.get('requestId'),
      );
      return { status: 200, body: order };
    };

  const pay = postRoute({
    path: '/v1/orders/{orderId}/pay',
    operationId: 'payOrder',
    tag: 'Orders',
    summary: 'Pay an order pending payment from the account balance (only where the tenant allows it)',
    scope: 'order:pay',
    body: 'OrderActionRequest',
    status: 200,
    pathParams: orderIdParam,
    details:
      'Needs the tenant config `orders.allowPay: true` (else 403 payment_not_allowed). No coupons or discounts are applied. ' +
      'Insufficient balance: 409 insufficient_balance; an order no longer pending: 409 order_state_changed.',
    description: 'The order after payment',
    response: Schemas.Order,
    extraErrors: [404],
    middleware: [payAllowed, ownOrderOnly(deps)],
  });
  app.openapi(
    pay,
    postHandler<OrderActionRequest>(deps, {
      operation: 'payOrder',
      validate: emptyBody,
      summary: (_v, c) => ({ orderId: c.req.param('orderId') }),
      execute: action('pay'),
    }),
  );

  const cancel = postRoute({
    path: '/v1/orders/{orderId}/cancel',
    operationId: 'cancelOrder',
    tag: 'Orders',
    summary: 'Cancel an order pending payment',
    scope: 'order:pay',
    body: 'OrderActionRequest',
    status: 200,
    pathParams: orderIdParam,
    details: 'Only orders pending payment can be cancelled (else 409 order_state_changed).',
    description: 'The order after cancelling',
    response: Schemas.Order,
    extraErrors: [404],
    middleware: [ownOrderOnly(deps)],
  });
  app.openapi(
    cancel,
    postHandler<OrderActionRequest>(deps, {
      operation: 'cancelOrder',
      validate: emptyBody,
      summary: (_v, c) => ({ orderId: c.req.param('orderId') }),
      execute: action('cancel'),
    }),
  );
}
