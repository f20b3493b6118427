/**
 * The order book: the orders other services place (a yearly/monthly Workspace bandwidth, its change orders, a
 * prepaid bandwidth package), priced from the simulator's price table, and the hooks through which paying or
 * cancelling one reaches back into the service that placed it.
 */
import type { Site } from '../../check.js';
import { isoSeconds, newOrderId } from '../../ids.js';
import type { SimState } from '../../state.js';
import { findPrice, productId, ratePeriod, SITE_CURRENCY } from './pricing.js';
import type { SimOrder } from './state.js';

export interface OrderHooks {
  /** the order was paid (or its auto-payment settled): apply the purchase */
  paid?(order: SimOrder, t: number): void;
  /** the order was cancelled while pending payment: undo what waits for it */
  cancelled?(order: SimOrder, t: number): void;
}

export interface PlaceOrderInput {
  service: SimOrder['service'];
  ak: string;
  site: Site;
  order_type: SimOrder['order_type'];
  codes: { cloudServiceType: string; resourceType: string; resourceSpec: string };
  sizeMbps: number;
  period_type: 2 | 3;
  period_num: number;
  /** unpaid: pending payment; paid: auto-paid, applied later by its service; completed: auto-paid and applied */
  status: 'unpaid' | 'paid' | 'completed';
  at: Date;
  links?: Partial<
    Pick<
      SimOrder,
      | 'region'
      | 'project_id'
      | 'domain_id'
      | 'bandwidth_id'
      | 'new_size'
      | 'new_name'
      | 'previous_order_id'
      | 'job_id'
      | 'bandwidth_package_id'
    >
  >;
}

export interface OrderBook {
  hooks: Partial<Record<SimOrder['service'], OrderHooks>>;
  place(input: PlaceOrderInput): SimOrder;
  /** an unpaid or auto-paid order becomes completed; its service applies it */
  complete(order: SimOrder, t: number): void;
  /** a pending order becomes cancelled; its service undoes what waited for it */
  cancel(order: SimOrder, t: number): void;
}

export function createOrderBook(state: SimState): OrderBook {
  const hooks: OrderBook['hooks'] = {};
  return {
    hooks,
    place(input) {
      const { codes } = input;
      const entry = findPrice(codes.cloudServiceType, codes.resourceType, codes.resourceSpec);
      if (!entry)
        throw new Error(
          `cloud-sim: no price for ${codes.cloudServiceType}/${codes.resourceType}/${codes.resourceSpec}`,
        );
      const currency = SITE_CURRENCY[input.site];
      const rated = ratePeriod(entry, currency, input.period_type, input.period_num, input.sizeMbps);
      const created = isoSeconds(input.at);
      const order: SimOrder = {
        order_id: newOrderId(input.at),
        service: input.service,
        status: input.status,
        auto_pay: input.status !== 'unpaid',
        created_at: created,
        order_type: input.order_type,
        ak: input.ak,
        currency,
        official_amount: rated.official,
        discount_amount: rated.discount,
        amount: rated.amount,
        service_type_code: codes.cloudServiceType,
        resource_type: codes.resourceType,
        resource_spec: codes.resourceSpec,
        product_id: productId(entry, codes.resourceSpec, input.site),
        period_type: input.period_type,
        period_num: input.period_num,
        ...input.links,
      };
      if (input.status !== 'unpaid') order.paid_at = created;
      state.orders.set(order.order_id, order);
      return order;
    },
    complete(order, t) {
      order.status = 'completed';
      order.paid_at ??= isoSeconds(t);
      delete order.settleAt;
      state.pendingOrders.delete(order);
      hooks[order.service]?.paid?.(order, t);
    },
    cancel(order, t) {
      order.status = 'cancelled';
      order.cancelled_at = isoSeconds(t);
      state.pendingOrders.delete(order);
      hooks[order.service]?.cancelled?.(order, t);
    },
  };
}
