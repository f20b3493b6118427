/** Event names and detail types of every widget (all bubble and cross shadow roots). */
import type {
  Approval,
  BandwidthPackageCreated,
  ChangeOrderCreated,
  Job,
  SharedBandwidthCreated,
  TenantConfigView,
  WorkspaceBandwidthAccepted,
} from '@bwkit/contracts';
import type { BwkitOwnCode, BwkitProblem, BwkitProblemInit } from './client.js';
import type { Order, OrderPlacedDetail, Quote } from './purchase-types.js';

export type { Approval, BwkitOwnCode, BwkitProblem, BwkitProblemInit, Order, OrderPlacedDetail, Quote };

/** `bwkit-error` and `bwkit-loaderror`: the problem (an `Error`; `message` is for developers). */
export type BwkitErrorDetail = BwkitProblem;
/** `bwkit-job-progress`: the Workspace job as last seen. */
export type BwkitJobProgressDetail = Job;
/** `bwkit-order-paid`, `bwkit-order-cancelled`, `bwkit-order-completed`: the order as the gateway answered. */
export type BwkitOrderDetail = Order;
/** `bwkit-focus` / `bwkit-blur`: focus entered / left the element; `field` is the field's path (null: not a field). */
export interface BwkitFocusDetail {
  field: string | null;
}

/** `bwkit-ready`: the tenant's config arrived and the form is shown. */
export interface BwkitReadyDetail {
  config: TenantConfigView;
}
/** `bwkit-change`: after every edit; `values` is the request body as it would be sent. */
export interface BwkitChangeDetail {
  valid: boolean;
  values: Record<string, unknown>;
}
/** `bwkit-submit` (cancelable: `preventDefault()` stops the call): valid values are about to be sent. */
export interface BwkitSubmitDetail {
  values: Record<string, unknown>;
  idempotencyKey: string;
  /** The price shown when the user confirmed (absent when none was known). */
  quote?: Quote;
}
/** Workspace creation is done when its job is: the accepted answer, the final job and the new bandwidth's id. */
export interface WorkspaceBandwidthCreated extends WorkspaceBandwidthAccepted {
  job: Job;
  bandwidthId: string | undefined;
}
/** `bwkit-success`: the BFF's answer (Workspace: once the job succeeded). */
export type BwkitSuccessDetail =
  | WorkspaceBandwidthCreated
  | SharedBandwidthCreated
  | ChangeOrderCreated
  | BandwidthPackageCreated;

export interface BwkitEventMap {
  'bwkit-ready': CustomEvent<BwkitReadyDetail>;
  'bwkit-change': CustomEvent<BwkitChangeDetail>;
  'bwkit-submit': CustomEvent<BwkitSubmitDetail>;
  'bwkit-success': CustomEvent<BwkitSuccessDetail>;
  'bwkit-error': CustomEvent<BwkitProblem>;
  /** The config could not be loaded (also sent as `bwkit-error`); the element offers Try again. */
  'bwkit-loaderror': CustomEvent<BwkitProblem>;
  'bwkit-focus': CustomEvent<BwkitFocusDetail>;
  'bwkit-blur': CustomEvent<BwkitFocusDetail>;
  'bwkit-job-progress': CustomEvent<Job>;
  /** An order was placed by this widget; it is followed until completed or cancelled. */
  'bwkit-order-placed': CustomEvent<OrderPlacedDetail>;
  /** Paid from the widget: the order as the gateway answered. */
  'bwkit-order-paid': CustomEvent<Order>;
  'bwkit-order-cancelled': CustomEvent<Order>;
  'bwkit-order-completed': CustomEvent<Order>;
  /** The purchase is held for an approver (the BFF answered 202 `{approval}`); the widget follows it. */
  'bwkit-approval-pending': CustomEvent<Approval>;
  /** The approval was decided (`approved` with `result`, `failed` with `problem`, `rejected` with `reason`) or expired. */
  'bwkit-approval-decided': CustomEvent<Approval>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends BwkitEventMap {}
}
