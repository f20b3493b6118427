/**
 * Default product codes for price quotes (tenant config `pricing`). Kept here so that the BFF never depends on the
 * simulator: only the gateway, which runs the simulator, hands its codes to the BFF.
 */
import type { ProductCodes, Tenant } from '@bwkit/bff';
import { SIM_PRICING_CODES } from '@bwkit/cloud-sim';

/**
 * Real Huawei Cloud codes the BSS SDK models document: shared bandwidth is `hws.service.type.vpc` /
 * `hws.resource.type.bandwidth` / `19_share` sized in Mbit/s (size_measure_id 15) — the combination is INFERRED — and
 * it is created pay-per-use by bandwidth, so it is rated by duration; the hour's usage_measure_id 4 is INFERRED too.
 * Workspace bandwidth and Cloud Connect packages have no documented BSS codes: none by default.
 */
export const DEFAULT_PRICING: NonNullable<Tenant['pricing']> = Object.freeze({
  createSharedBandwidth: {
    cloudServiceType: 'hws.service.type.vpc',
    resourceType: 'hws.resource.type.bandwidth',
    resourceSpec: '19_share',
    sizeMeasureId: 15,
    usageFactor: 'Duration',
    usageMeasureId: 4,
  },
});

const sim = (c: ProductCodes, resourceSpec = c.resourceSpec): ProductCodes => ({
  cloudServiceType: c.cloudServiceType,
  resourceType: c.resourceType,
  resourceSpec,
  ...(c.sizeMeasureId !== undefined ? { sizeMeasureId: c.sizeMeasureId } : {}),
  ...(c.usageFactor !== undefined ? { usageFactor: c.usageFactor } : {}),
  ...(c.usageMeasureId !== undefined ? { usageMeasureId: c.usageMeasureId } : {}),
});

/**
 * In simulator mode every purchase has a price: the simulator's codes. A package is rated by its own spec code and a
 * Workspace bandwidth by its charge mode (the simulator prices wks_bandwidth and wks_traffic).
 */
export const SIMULATOR_PRICING: NonNullable<Tenant['pricing']> = Object.freeze({
  createSharedBandwidth: sim(SIM_PRICING_CODES.createSharedBandwidth),
  createWorkspaceBandwidth: sim(SIM_PRICING_CODES.createWorkspaceBandwidth, '{chargeMode}'),
  changeWorkspaceBandwidth: sim(SIM_PRICING_CODES.changeWorkspaceBandwidth),
  createBandwidthPackage: sim(SIM_PRICING_CODES.createBandwidthPackage, '{specCode}'),
});
