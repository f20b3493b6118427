/** The purchase-flow shapes the widgets read (types only: nothing here reaches the bundle). */
import type { QuoteOperation } from '@bwkit/contracts';

export type { CloudConnection, Order, Quote, QuoteOperation, Subnet, WorkspaceBandwidth } from '@bwkit/contracts';

/** `bwkit-order-placed`: a widget placed an order (it follows it from now on). */
export interface OrderPlacedDetail {
  orderId: string;
  operation: QuoteOperation;
  /** The bandwidth or package the order is for, when known. */
  resourceId?: string;
}
