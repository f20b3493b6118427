/**
 * The zod/mini schema of a tenant's `limits` (tenant config, GET /v1/config). Kept apart from rules.ts so the
 * validators, which build on the rules, never pull zod into a browser bundle.
 */
import * as z from 'zod/mini';
import { DEFAULT_LIMITS, SHARED_BANDWIDTH_ABSOLUTE_MAX, type SizeRange } from './rules.js';
import { checked, integer } from './schema-util.js';

/* @__NO_SIDE_EFFECTS__ */
const positiveInt = () => checked(integer(), z.gte(1));
const rangeOk = (r: SizeRange) => r.minMbps <= r.maxMbps;
const RANGE_MSG = 'minMbps must not exceed maxMbps';

/**
 * Validates a tenant's `limits` (the gateway checks tenant config with it). Every field may be left
 * out and takes its `DEFAULT_LIMITS` value, so the output is always a full `Limits`. Refuses
 * min > max, non-integers, values below 1 and a shared-bandwidth maximum above 2000.
 * (Built in a pure call: the defaults it reads would otherwise stay in bundles that drop the schema.)
 */
/* @__NO_SIDE_EFFECTS__ */
function makeLimitsSchema() {
  return z.object({
    sharedBandwidth: z._default(
      checked(
        z.object({
          minMbps: z._default(positiveInt(), DEFAULT_LIMITS.sharedBandwidth.minMbps),
          maxMbps: z._default(
            checked(
              integer(),
              z.gte(1),
              z.lte(
                SHARED_BANDWIDTH_ABSOLUTE_MAX,
                `shared bandwidth maxMbps may be at most ${SHARED_BANDWIDTH_ABSOLUTE_MAX}`,
              ),
            ),
            DEFAULT_LIMITS.sharedBandwidth.maxMbps,
          ),
        }),
        z.refine(rangeOk, RANGE_MSG),
      ),
      () => ({ ...DEFAULT_LIMITS.sharedBandwidth }),
    ),
    workspaceBandwidth: z._default(
      checked(
        z.object({
          minMbps: z._default(positiveInt(), DEFAULT_LIMITS.workspaceBandwidth.minMbps),
          maxMbps: z._default(positiveInt(), DEFAULT_LIMITS.workspaceBandwidth.maxMbps),
          nameMaxLength: z._default(positiveInt(), DEFAULT_LIMITS.workspaceBandwidth.nameMaxLength),
        }),
        z.refine(rangeOk, RANGE_MSG),
      ),
      () => ({ ...DEFAULT_LIMITS.workspaceBandwidth }),
    ),
    bandwidthPackage: z._default(
      checked(
        z.object({
          minMbps: z._default(positiveInt(), DEFAULT_LIMITS.bandwidthPackage.minMbps),
          maxMbps: z._default(positiveInt(), DEFAULT_LIMITS.bandwidthPackage.maxMbps),
        }),
        z.refine(rangeOk, RANGE_MSG),
      ),
      () => ({ ...DEFAULT_LIMITS.bandwidthPackage }),
    ),
  });
}
export const limitsSchema = /* @__PURE__ */ makeLimitsSchema();
/** Alias of `limitsSchema`, following the `XxxSchema` naming. */
export const LimitsSchema = limitsSchema;
