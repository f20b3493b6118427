/** Event names and detail types of every widget (all bubble and cross shadow roots). */
import type {
  BandwidthPackageCreated,
  ChangeOrderCreated,
  Job,
  SharedBandwidthCreated,
  TenantConfigView,
  WorkspaceBandwidthAccepted,
} from '@bwkit/contracts';
import type { BwkitProblem } from './client.js';

export type { BwkitProblem };

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
  'bwkit-job-progress': CustomEvent<Job>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends BwkitEventMap {}
}
