/** VPC state: per project, the shared bandwidths created in it. */
import type { SharedBandwidth } from '@bwkit/huaweicloud';

export interface VpcProjectState {
  sharedBandwidths: Map<string, SharedBandwidth>;
}

export function newVpcProjectState(): VpcProjectState {
  return { sharedBandwidths: new Map() };
}
