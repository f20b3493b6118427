/** @bwkit/widgets: the three elements (importing this registers them), their types and the safe `define`. */

// The contracts' types the events carry (the `@event` detail types), so a page needs no second import to name them.
export type {
  Approval,
  BandwidthPackageCreated,
  ChangeOrderCreated,
  Job,
  SharedBandwidthCreated,
  TenantConfigView,
  WorkspaceBandwidthAccepted,
} from '@bwkit/contracts';
// <bandwidth-approvals> is loaded on demand by bwkit.js (or imported as bandwidth-approvals.js): its type only.
export type { BandwidthApprovals } from './components/bandwidth-approvals/bandwidth-approvals.js';
export { BandwidthChangeOrder } from './components/bandwidth-change-order/bandwidth-change-order.js';
export { BandwidthCreate } from './components/bandwidth-create/bandwidth-create.js';
export { BandwidthPackageForm } from './components/bandwidth-package-form/bandwidth-package-form.js';
export { define } from './define.js';
export { BwkitProblem } from './internal/client.js';
export type {
  BwkitChangeDetail,
  BwkitErrorDetail,
  BwkitEventMap,
  BwkitFocusDetail,
  BwkitJobProgressDetail,
  BwkitOrderDetail,
  BwkitOwnCode,
  BwkitProblemInit,
  BwkitReadyDetail,
  BwkitSubmitDetail,
  BwkitSuccessDetail,
  Order,
  OrderPlacedDetail,
  Quote,
  WorkspaceBandwidthCreated,
} from './internal/events.js';
export { BwkitForm } from './internal/form.js';
export type { Appearance } from './internal/theme.js';
