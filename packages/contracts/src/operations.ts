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
import {
  AREAS,
  BILLING_MODE_IDS,
  INTERFLOW_MODES,
  JOB_STATUSES,
  ORDER_STATUSES,
  PACKAGE_CHARGE_MODE,
  PERIOD_TYPES,
  RESOURCE_TYPES,
  SPEC_CODE_IDS,
  WORKSPACE_CHARGE_MODES,
} from './enums.js';
import {
  BANDWIDTH_ID_PATTERN,
  isSafeText,
  NO_ANGLE_BRACKETS_PATTERN,
  PACKAGE_DESCRIPTION_MAX_LENGTH,
  PACKAGE_NAME_MAX_LENGTH,
  SHARED_BANDWIDTH_NAME_CHARS_PATTERN,
  SHARED_BANDWIDTH_NAME_MAX_LENGTH,
} from './rules.js';
import { checked, integer } from './schema-util.js';

export {
  checkSharedBandwidthSize,
  type RequestOf,
  VALIDATED_OPERATIONS,
  type ValidatedOperation,
  validateBandwidthId,
  validateChangeSize,
  validateChangeWorkspaceBandwidth,
  validateCreateBandwidthPackage,
  validateCreateSharedBandwidth,
  validateCreateWorkspaceBandwidth,
  validateField,
  validateQuoteRequest,
  validateRequest,
} from './validators.js';

// ---------------------------------------------------------------------------------------------
// Schemas

/* @__NO_SIDE_EFFECTS__ */
const text = () => checked(z.string(), z.minLength(1));
/** A name or description: no control characters, line breaks, bidi controls or lone surrogates. */
/* @__NO_SIDE_EFFECTS__ */
const prose = () => checked(z.string(), z.minLength(1), z.refine(isSafeText, 'unsafe_chars'));

/** POST /v1/workspace-bandwidths (Workspace API, Creating Workspace Bandwidth). `sizeMbps` is required unless `chargeMode` is 'free'. */
export const CreateWorkspaceBandwidthRequestSchema = z.object({
  /** Subnet ids are UUIDs (Workspace API, Creating Workspace Bandwidth: "2fe2cebf-fb0c-40a6-8daa-f60bef147583"). */
  subnetId: z.guid(),
  chargeMode: z.enum(WORKSPACE_CHARGE_MODES),
  sizeMbps: z.optional(integer()),
  name: z.optional(prose()),
  region: z.optional(text()),
});
export type CreateWorkspaceBandwidthRequest = z.infer<typeof CreateWorkspaceBandwidthRequestSchema>;

/** A yearly/monthly or pay-per-use Workspace bandwidth, as GET /v1/workspace-bandwidths lists it. */
export const WorkspaceBandwidthSchema = z.object({
  id: z.string(),
  name: z.string(),
  sizeMbps: z.number(),
  /** wks_bandwidth (yearly/monthly), free or wks_traffic (pay-per-use), as the cloud reports it. */
  chargeMode: z.string(),
  /** CREATING, ACTIVE, INACTIVE, UPDATING or DELETING. */
  status: z.string(),
  subnetId: z.string(),
  subnetName: z.optional(z.string()),
  vpcId: z.optional(z.string()),
  vpcName: z.optional(z.string()),
  /** The bandwidth's latest order (a create or change order of a yearly/monthly bandwidth). */
  orderId: z.optional(z.string()),
  /** True while a change is waiting (status UPDATING or an unpaid order): another change is refused until then. */
  pendingOrder: z.boolean(),
  createdAt: z.string(),
});
export type WorkspaceBandwidth = z.infer<typeof WorkspaceBandwidthSchema>;

/**
 * Answer to POST /v1/workspace-bandwidths: 202 with the job to follow at `jobUrl`; or, when a retry settles an
 * earlier attempt whose outcome was unknown, 200 with `status: 'succeeded'` and the bandwidth itself (the cloud lists
 * bandwidths, not jobs, so there is no job id then).
 */
export const WorkspaceBandwidthAcceptedSchema = z.object({
  jobId: z.optional(z.string()),
  status: z.enum(JOB_STATUSES),
  jobUrl: z.optional(z.string()),
  bandwidthId: z.optional(z.string()),
  bandwidth: z.optional(WorkspaceBandwidthSchema),
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
  /** The created Workspace bandwidth, once the job succeeded and the bandwidth shows in the cloud's list. */
  bandwidthId: z.optional(z.string()),
  bandwidth: z.optional(WorkspaceBandwidthSchema),
  /** A `wks_bandwidth` create places an order: its id, once the bandwidth shows one (follow it at /v1/orders/{id}). */
  orderId: z.optional(z.string()),
});
export type Job = z.infer<typeof JobSchema>;

/**
 * POST /v1/workspace-bandwidths/{bandwidthId}/change-orders (Workspace API, Placing an Order on Changing the Bandwidth). On the wire `bandwidth_size`
 * is a string and `extend_param.is_auto_pay` "true"/"false": see `toWireBandwidthSize`, `toWireAutoPay`.
 */
export const ChangeWorkspaceBandwidthRequestSchema = z.object({
  sizeMbps: integer(),
  name: z.optional(prose()),
  autoPay: z.boolean(),
  /** Workspace is regional: the region the bandwidth lives in (default: the tenant's default region). */
  region: z.optional(text()),
});
export type ChangeWorkspaceBandwidthRequest = z.infer<typeof ChangeWorkspaceBandwidthRequestSchema>;

/** The `{bandwidthId}` path parameter: 1–64 of letters, digits and `-`. */
export const BandwidthIdSchema = checked(
  z.string(),
  z.minLength(1),
  z.maxLength(64),
  z.regex(BANDWIDTH_ID_PATTERN, 'id_chars'),
);

export const ChangeOrderCreatedSchema = z.object({
  orderId: z.string(),
  /** The cloud may answer a job id beside the order id (it runs once the order is paid). */
  jobId: z.optional(z.string()),
  /** True when the order still has to be paid (autoPay was false). */
  paymentRequired: z.boolean(),
});
export type ChangeOrderCreated = z.infer<typeof ChangeOrderCreatedSchema>;

/** POST /v1/shared-bandwidths (VPC API, Assigning a Shared Bandwidth). */
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

/** POST /v1/bandwidth-packages (Cloud Connect API, Creating a Bandwidth Package). */
export const CreateBandwidthPackageRequestSchema = z.object({
  name: checked(
    z.string(),
    z.minLength(1),
    z.maxLength(PACKAGE_NAME_MAX_LENGTH),
    z.regex(NO_ANGLE_BRACKETS_PATTERN, 'angle_brackets'),
    z.refine(isSafeText, 'unsafe_chars'),
  ),
  description: z.optional(
    checked(
      z.string(),
      z.maxLength(PACKAGE_DESCRIPTION_MAX_LENGTH),
      z.regex(NO_ANGLE_BRACKETS_PATTERN, 'angle_brackets'),
      z.refine(isSafeText, 'unsafe_chars'),
    ),
  ),
  localArea: z.enum(AREAS),
  remoteArea: z.enum(AREAS),
  billingMode: z.literal(BILLING_MODE_IDS),
  sizeMbps: integer(),
  interflowMode: z.optional(z.enum(INTERFLOW_MODES)),
  /** Optional; when given it must be the code derived from the area pair. */
  specCode: z.optional(z.enum(SPEC_CODE_IDS)),
  /** The cloud connection to bind the package to (pick one from GET /v1/cloud-connections); with resourceType. */
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

// ---------------------------------------------------------------------------------------------
// Pickers: GET /v1/subnets, /v1/workspace-bandwidths, /v1/cloud-connections ({items, nextCursor?})

/** A subnet Workspace can use (GET /v1/subnets?region=). */
export const SubnetSchema = z.object({
  id: z.string(),
  name: z.string(),
  cidr: z.string(),
  vpcId: z.string(),
  availabilityZone: z.optional(z.string()),
  status: z.optional(z.string()),
});
export type Subnet = z.infer<typeof SubnetSchema>;

/** A Cloud Connect cloud connection a bandwidth package can be bound to. */
export const CloudConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** ACTIVE when usable. */
  status: z.string(),
  /** VPC, VGW, … (what the connection links). */
  usedScene: z.optional(z.string()),
  bandwidthPackageCount: z.optional(z.number()),
});
export type CloudConnection = z.infer<typeof CloudConnectionSchema>;

/* @__NO_SIDE_EFFECTS__ */
function page<T extends z.ZodMiniType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass as `?cursor=` for the next page; absent on the last page. Opaque: do not parse it. */
    nextCursor: z.optional(z.string()),
  });
}
export const SubnetListSchema = page(SubnetSchema);
export type SubnetList = z.infer<typeof SubnetListSchema>;
export const WorkspaceBandwidthListSchema = page(WorkspaceBandwidthSchema);
export type WorkspaceBandwidthList = z.infer<typeof WorkspaceBandwidthListSchema>;
export const CloudConnectionListSchema = page(CloudConnectionSchema);
export type CloudConnectionList = z.infer<typeof CloudConnectionListSchema>;

// ---------------------------------------------------------------------------------------------
// Price: POST /v1/quotes

/**
 * POST /v1/quotes: the purchase's own request body under `values` (for changeWorkspaceBandwidth also the
 * `bandwidthId`). Checked by `validateQuoteRequest`, which runs the operation's own validator.
 */
export const QuoteRequestSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('createSharedBandwidth'), values: CreateSharedBandwidthRequestSchema }),
  z.object({ operation: z.literal('createWorkspaceBandwidth'), values: CreateWorkspaceBandwidthRequestSchema }),
  z.object({
    operation: z.literal('changeWorkspaceBandwidth'),
    values: z.extend(ChangeWorkspaceBandwidthRequestSchema, { bandwidthId: BandwidthIdSchema }),
  }),
  z.object({ operation: z.literal('createBandwidthPackage'), values: CreateBandwidthPackageRequestSchema }),
]);
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;
export type QuoteRequestInput = z.input<typeof QuoteRequestSchema>;

export const QUOTE_UNAVAILABLE_REASONS = [
  'not_configured',
  'free',
  'upstream_refused',
  'upstream_unavailable',
] as const;
export type QuoteUnavailableReason = (typeof QUOTE_UNAVAILABLE_REASONS)[number];

/**
 * The price of a purchase, from the cloud's price inquiry — or why there is none (never an invented price).
 * `amount` is what the tenant pays (the best offer), `officialAmount` the list price, `discountAmount` the
 * difference; `per` the unit the amount covers (`periodCount` of them for yearly/monthly).
 */
export const QuoteSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    amount: z.number(),
    officialAmount: z.number(),
    discountAmount: z.number(),
    /** ISO 4217: CNY on the Chinese mainland site, USD on the international site. */
    currency: z.string(),
    per: z.enum(['month', 'year', 'hour']),
    periodCount: z.optional(integer()),
    billing: z.enum(['yearly-monthly', 'pay-per-use']),
  }),
  z.object({
    available: z.literal(false),
    reason: z.enum(QUOTE_UNAVAILABLE_REASONS),
    /** Why, for people (and the cloud's code when it refused). */
    message: z.string(),
    code: z.optional(z.string()),
  }),
]);
export type Quote = z.infer<typeof QuoteSchema>;

// ---------------------------------------------------------------------------------------------
// Orders: GET /v1/orders/{orderId}, POST /v1/orders/{orderId}/pay, POST /v1/orders/{orderId}/cancel

/** A cloud order placed through this gateway (another tenant's, or an unknown one, is 404). */
export const OrderSchema = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  /** The cloud's own status code (6 pending payment, 5 completed, 4 cancelled, …). */
  statusCode: integer(),
  amount: z.optional(z.number()),
  officialAmount: z.optional(z.number()),
  currency: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  paidAt: z.optional(z.string()),
  /** The bwkit operation that placed it (changeWorkspaceBandwidth, createBandwidthPackage, createWorkspaceBandwidth). */
  operation: z.optional(z.string()),
  /** The bandwidth or package the order is for. */
  resourceId: z.optional(z.string()),
  /** Pending payment, the tenant allows paying here and the token has order:pay. */
  canPay: z.boolean(),
  /** Pending payment and the token has order:pay. */
  canCancel: z.boolean(),
  /** Where to pay or look at it otherwise (the tenant's billing center). */
  billingUrl: z.optional(z.string()),
});
export type Order = z.infer<typeof OrderSchema>;

/** Body of POST /v1/orders/{orderId}/pay and /cancel: nothing to choose (no coupons or discounts are applied). */
export const OrderActionRequestSchema = z.object({});
export type OrderActionRequest = z.infer<typeof OrderActionRequestSchema>;
