/**
 * Request and response schemas of the BFF's public API (camelCase JSON), as zod/mini schemas: the TypeScript
 * types (`z.infer`), the OpenAPI documentation (`z.toJSONSchema`) and checking answers come from them.
 *
 * The validators (`validateXxx`, re-exported here) apply every documented rule to a request and turn what is
 * wrong into `FieldIssue`s with stable codes and readable messages. They live in validators.ts, which reads the
 * same fields without zod, so a browser bundle that validates carries no schema library; a property test
 * checks that validators and schemas agree.
 */
import * as z from 'zod/mini';
import { checked, integer } from './schema-util.js';
import {
  AREAS,
  BILLING_MODE_IDS,
  INTERFLOW_MODES,
  JOB_STATUSES,
  PACKAGE_CHARGE_MODE,
  PERIOD_TYPES,
  RESOURCE_TYPES,
  SPEC_CODE_IDS,
  WORKSPACE_CHARGE_MODES,
} from './enums.js';
import {
  BANDWIDTH_ID_PATTERN,
  NO_ANGLE_BRACKETS_PATTERN,
  PACKAGE_DESCRIPTION_MAX_LENGTH,
  PACKAGE_NAME_MAX_LENGTH,
  SHARED_BANDWIDTH_NAME_CHARS_PATTERN,
  SHARED_BANDWIDTH_NAME_MAX_LENGTH,
} from './rules.js';

export {
  VALIDATED_OPERATIONS,
  checkSharedBandwidthSize,
  validateBandwidthId,
  validateChangeWorkspaceBandwidth,
  validateCreateBandwidthPackage,
  validateCreateSharedBandwidth,
  validateCreateWorkspaceBandwidth,
  validateField,
  validateRequest,
  type RequestOf,
  type ValidatedOperation,
} from './validators.js';

// ---------------------------------------------------------------------------------------------
// Schemas

/* @__NO_SIDE_EFFECTS__ */
const text = () => checked(z.string(), z.minLength(1));

/** POST /v1/workspace-bandwidths (seed 000). `sizeMbps` is required unless `chargeMode` is 'free'. */
export const CreateWorkspaceBandwidthRequestSchema = z.object({
  /** Subnet ids are UUIDs (seed 000: "2fe2cebf-fb0c-40a6-8daa-f60bef147583"). */
  subnetId: z.guid(),
  chargeMode: z.enum(WORKSPACE_CHARGE_MODES),
  sizeMbps: z.optional(integer()),
  name: z.optional(text()),
  region: z.optional(text()),
});
export type CreateWorkspaceBandwidthRequest = z.infer<typeof CreateWorkspaceBandwidthRequestSchema>;

/** 202 answer to POST /v1/workspace-bandwidths: follow the job at `jobUrl`. */
export const WorkspaceBandwidthAcceptedSchema = z.object({
  jobId: z.string(),
  status: z.enum(JOB_STATUSES),
  jobUrl: z.string(),
});
export type WorkspaceBandwidthAccepted = z.infer<typeof WorkspaceBandwidthAcceptedSchema>;

/** GET /v1/jobs/{jobId}. */
export const JobSchema = z.object({
  jobId: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: checked(z.number(), z.gte(0), z.lte(100)),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
  /** ISO 8601 date-time. */
  updatedAt: z.iso.datetime({ offset: true }),
  /** The created Workspace bandwidth, once known. */
  bandwidthId: z.optional(z.string()),
});
export type Job = z.infer<typeof JobSchema>;

/**
 * POST /v1/workspace-bandwidths/{bandwidthId}/change-orders (seed 001). On the wire `bandwidth_size`
 * is a string and `extend_param.is_auto_pay` "true"/"false": see `toWireBandwidthSize`, `toWireAutoPay`.
 */
export const ChangeWorkspaceBandwidthRequestSchema = z.object({
  sizeMbps: integer(),
  name: z.optional(text()),
  autoPay: z.boolean(),
  /** Workspace is regional: the region the bandwidth lives in (default: the tenant's default region). */
  region: z.optional(text()),
});
export type ChangeWorkspaceBandwidthRequest = z.infer<typeof ChangeWorkspaceBandwidthRequestSchema>;

/** The `{bandwidthId}` path parameter: 1–64 of letters, digits and `-`. */
export const BandwidthIdSchema = checked(z.string(), z.minLength(1), z.maxLength(64), z.regex(BANDWIDTH_ID_PATTERN, 'id_chars'));

export const ChangeOrderCreatedSchema = z.object({
  orderId: z.string(),
  /** True when the order still has to be paid (autoPay was false). */
  paymentRequired: z.boolean(),
});
export type ChangeOrderCreated = z.infer<typeof ChangeOrderCreatedSchema>;

/** POST /v1/shared-bandwidths (seed 002). */
export const CreateSharedBandwidthRequestSchema = z.object({
  name: checked(
    z.string(),
    z.minLength(1),
    z.maxLength(SHARED_BANDWIDTH_NAME_MAX_LENGTH),
    z.regex(SHARED_BANDWIDTH_NAME_CHARS_PATTERN, 'name_chars'),
  ),
  sizeMbps: integer(),
  region: z.optional(text()),
});
export type CreateSharedBandwidthRequest = z.infer<typeof CreateSharedBandwidthRequestSchema>;

export const SharedBandwidthCreatedSchema = z.object({
  bandwidth: z.object({
    id: z.string(),
    name: z.string(),
    sizeMbps: z.number(),
    /** WHOLE (shared) or PER (dedicated). */
    shareType: z.string(),
    chargeMode: z.string(),
    /** NORMAL or FREEZED. */
    status: z.string(),
    createdAt: z.string(),
  }),
});
export type SharedBandwidthCreated = z.infer<typeof SharedBandwidthCreatedSchema>;

/** Yearly/monthly subscription options; only with billing modes 1 and 2. */
export const PrepaidOptionsSchema = z.object({
  periodType: z.enum(PERIOD_TYPES),
  /** 1–9 months or 1–3 years. */
  periodCount: integer(),
  autoRenew: z._default(z.boolean(), false),
  autoPay: z._default(z.boolean(), false),
});
export type PrepaidOptions = z.infer<typeof PrepaidOptionsSchema>;

/** POST /v1/bandwidth-packages (seed 003). */
export const CreateBandwidthPackageRequestSchema = z.object({
  name: checked(z.string(), z.minLength(1), z.maxLength(PACKAGE_NAME_MAX_LENGTH)),
  description: z.optional(
    checked(z.string(), z.maxLength(PACKAGE_DESCRIPTION_MAX_LENGTH), z.regex(NO_ANGLE_BRACKETS_PATTERN, 'angle_brackets')),
  ),
  localArea: z.enum(AREAS),
  remoteArea: z.enum(AREAS),
  billingMode: z.literal(BILLING_MODE_IDS),
  sizeMbps: integer(),
  interflowMode: z.optional(z.enum(INTERFLOW_MODES)),
  /** Optional; when given it must be the code derived from the area pair. */
  specCode: z.optional(z.enum(SPEC_CODE_IDS)),
  resourceId: z.optional(text()),
  resourceType: z.optional(z.enum(RESOURCE_TYPES)),
  chargeMode: z.optional(z.literal(PACKAGE_CHARGE_MODE)),
  prepaid: z.optional(PrepaidOptionsSchema),
});
export type CreateBandwidthPackageRequest = z.infer<typeof CreateBandwidthPackageRequestSchema>;
/** What a caller may send: `prepaid.autoRenew` / `prepaid.autoPay` may be left out (default false). */
export type CreateBandwidthPackageRequestInput = z.input<typeof CreateBandwidthPackageRequestSchema>;

export const BandwidthPackageCreatedSchema = z.object({
  bandwidthPackage: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    localArea: z.enum(AREAS),
    remoteArea: z.enum(AREAS),
    /** As the cloud reports it (normally one of `SPEC_CODE_IDS`). */
    specCode: z.string(),
    /** Responses may carry 1–8 (7/8: daily 95th percentile). */
    billingMode: checked(integer(), z.gte(1), z.lte(8)),
    sizeMbps: z.number(),
    interflowMode: z.string(),
    status: z.string(),
    createdAt: z.string(),
    orderId: z.optional(z.string()),
  }),
  /** Set when a yearly/monthly order was placed. */
  orderId: z.optional(z.string()),
});
export type BandwidthPackageCreated = z.infer<typeof BandwidthPackageCreatedSchema>;
