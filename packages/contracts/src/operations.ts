/**
 * Request and response schemas of the BFF's public API (camelCase JSON), and the validators that apply
 * every documented rule — the same code on blur/submit in the widgets and on arrival in the BFF.
 *
 * The zod schemas check shapes and the static per-field rules (types, enums, lengths, characters).
 * The `validateXxx` functions add the rules that need the tenant (`RuleContext`: site, limits, regions)
 * or more than one field, and turn everything into `FieldIssue`s with stable codes and readable
 * messages — never zod's own texts.
 */
import * as z from 'zod/mini';
import { checked, integer } from './schema-util.js';
import {
  AREAS,
  BILLING_MODE_IDS,
  BILLING_MODES,
  INTERFLOW_MODES,
  JOB_STATUSES,
  PACKAGE_CHARGE_MODE,
  PERIOD_RANGES,
  PERIOD_TYPES,
  RESOURCE_TYPES,
  SPEC_CODE_IDS,
  WORKSPACE_CHARGE_MODES,
  billingModesForSite,
  deriveSpecCode,
  specCodeSoldOn,
  type AreaId,
  type PeriodType,
} from './enums.js';
import { ISSUE_CODES, type FieldIssue, type IssueCode, type Validation } from './issues.js';
import { formatIssue } from './messages.js';
import {
  BANDWIDTH_ID_PATTERN,
  NO_ANGLE_BRACKETS_PATTERN,
  PACKAGE_DESCRIPTION_MAX_LENGTH,
  PACKAGE_NAME_MAX_LENGTH,
  SHARED_BANDWIDTH_NAME_CHARS_PATTERN,
  SHARED_BANDWIDTH_NAME_MAX_LENGTH,
  nearestSharedBandwidthSizes,
  sizeSegmentOf,
  sizeStep,
  type RuleContext,
  type SizeRange,
} from './rules.js';

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

// ---------------------------------------------------------------------------------------------
// Validation

/** The operations that take a request body to validate. */
export const VALIDATED_OPERATIONS = [
  'createWorkspaceBandwidth',
  'changeWorkspaceBandwidth',
  'createSharedBandwidth',
  'createBandwidthPackage',
] as const;
export type ValidatedOperation = (typeof VALIDATED_OPERATIONS)[number];

type Data = Record<string, unknown>;
type Params = Record<string, string | number>;
type Draft = { code: IssueCode; params?: Params };
type Issue = FieldIssue & { also?: string[] };

interface Rule {
  path: string;
  /** Paths that must have passed the schema for this rule to run. */
  deps: string[];
  /** Other paths `validateField` reports this rule's issue for (cross-field rules). */
  also?: string[];
  check(d: Data, ctx: RuleContext): Draft | undefined;
}

interface Spec<T> {
  schema: z.ZodMiniType<T>;
  /** Field order, for the order of issues. */
  order: string[];
  /** Optional fields where null or '' mean "not given". */
  optional: string[];
  rules: Rule[];
}

const issueCodes: ReadonlySet<string> = new Set(ISSUE_CODES);

function makeIssue(path: string, code: string, params?: Params, also?: string[]): Issue {
  const issue: Issue = { path, code, message: formatIssue({ code, params }, 'en') };
  if (params && Object.keys(params).length > 0) issue.params = params;
  if (also) issue.also = also;
  return issue;
}

function isRecord(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(d: unknown, path: readonly PropertyKey[]): unknown {
  let v = d;
  for (const k of path) v = isRecord(v) ? v[k as string] : undefined;
  return v;
}

/** Turns one zod issue into a FieldIssue draft with our codes. */
function fromZod(zi: z.core.$ZodIssue, data: Data): Draft {
  if (issueCodes.has(zi.message)) return { code: zi.message as IssueCode };
  const raw = at(data, zi.path);
  if (raw === undefined || raw === null || raw === '') return { code: 'required' };
  switch (zi.code) {
    case 'invalid_type':
      return { code: 'invalid_type', params: { expected: zi.expected } };
    case 'too_small':
      return zi.origin === 'string' || zi.origin === 'array'
        ? { code: 'required' }
        : { code: 'too_small', params: { min: Number(zi.minimum) } };
    case 'too_big':
      return zi.origin === 'string'
        ? { code: 'too_long', params: { max: Number(zi.maximum) } }
        : { code: 'too_big', params: { max: Number(zi.maximum) } };
    case 'invalid_value':
      return { code: 'invalid_enum', params: { allowed: zi.values.map(String).join(', ') } };
    case 'invalid_format':
      return zi.format === 'guid' || zi.format === 'uuid' ? { code: 'invalid_uuid' } : { code: 'invalid_format' };
    default:
      return { code: 'invalid_format' };
  }
}

function run<T>(spec: Spec<T>, input: unknown, ctx: RuleContext): { issues: Issue[]; value?: T } {
  if (!isRecord(input)) return { issues: [makeIssue('', 'invalid_type', { expected: 'object' })] };
  const data: Data = { ...input };
  for (const k of spec.optional) if (data[k] === null || data[k] === '') delete data[k];

  const found = new Map<string, Issue>();
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      if (zi.code === 'unrecognized_keys') continue;
      const path = zi.path.join('.');
      if (found.has(path)) continue; // one issue per field
      const d = fromZod(zi, data);
      found.set(path, makeIssue(path, d.code, d.params));
    }
  }
  const failed = (p: string) => {
    for (const k of found.keys()) if (k === p || k.startsWith(`${p}.`) || p.startsWith(`${k}.`)) return true;
    return false;
  };
  for (const rule of spec.rules) {
    if (found.has(rule.path) || rule.deps.some(failed)) continue;
    const d = rule.check(data, ctx);
    if (d) found.set(rule.path, makeIssue(rule.path, d.code, d.params, rule.also));
  }
  // A refused `prepaid` makes the issues inside it moot.
  if (found.get('prepaid')?.code === 'prepaid_not_allowed') {
    for (const k of [...found.keys()]) if (k.startsWith('prepaid.')) found.delete(k);
  }
  const rank = (p: string) => {
    const i = spec.order.indexOf(p);
    return i === -1 ? spec.order.length : i;
  };
  const issues = [...found.values()].sort((a, b) => rank(a.path) - rank(b.path));
  if (parsed.success) return issues.length === 0 ? { issues, value: parsed.data } : { issues };
  // Never report success for input the schema refused, even if no issue could be mapped.
  return { issues: issues.length > 0 ? issues : [makeIssue('', 'invalid_format')] };
}

function toValidation<T>(r: { issues: Issue[]; value?: T }): Validation<T> {
  if (r.issues.length === 0) return { ok: true, value: r.value as T };
  return { ok: false, issues: r.issues.map(publicIssue) };
}

function publicIssue({ also: _also, ...issue }: Issue): FieldIssue {
  return issue;
}

// Rules shared by several operations ------------------------------------------------------------

const sizeRange = (path: string, range: (ctx: RuleContext) => SizeRange): Rule => ({
  path,
  deps: [path],
  check(d, ctx) {
    const v = d[path];
    if (typeof v !== 'number') return undefined;
    const { minMbps: min, maxMbps: max } = range(ctx);
    if (v < min) return { code: 'too_small', params: { min, max } };
    if (v > max) return { code: 'too_big', params: { min, max } };
    return undefined;
  },
});

const regionRule: Rule = {
  path: 'region',
  deps: ['region'],
  check(d, ctx) {
    const region = d.region;
    if (typeof region !== 'string' || ctx.regions.includes(region)) return undefined;
    return { code: 'region_not_allowed', params: { region, allowed: ctx.regions.join(', ') } };
  },
};

const workspaceNameRule: Rule = {
  path: 'name',
  deps: ['name'],
  check(d, ctx) {
    const max = ctx.limits.workspaceBandwidth.nameMaxLength;
    return typeof d.name === 'string' && d.name.length > max ? { code: 'too_long', params: { max } } : undefined;
  },
};

/** The shared-bandwidth size rule (range, then the step of its band), as an issue draft. */
export function checkSharedBandwidthSize(size: number, range: SizeRange): { code: IssueCode; params?: Params } | undefined {
  const { minMbps: min, maxMbps: max } = range;
  if (!Number.isInteger(size)) return { code: 'not_integer' };
  if (size < min) return { code: 'too_small', params: { min, max } };
  if (size > max) return { code: 'too_big', params: { min, max } };
  const step = sizeStep(size);
  if (size % step === 0) return undefined;
  const seg = sizeSegmentOf(size, range);
  const near = nearestSharedBandwidthSizes(size, range);
  const params: Params = { from: seg?.from ?? min, to: seg?.to ?? max, step };
  if (near.length === 2) Object.assign(params, { lower: near[0]!, upper: near[1]! });
  else params.nearest = near[0] ?? Math.ceil(size / step) * step;
  return { code: 'size_step', params };
}

// Operation specs ------------------------------------------------------------------------------

const createWorkspace: Spec<CreateWorkspaceBandwidthRequest> = {
  schema: CreateWorkspaceBandwidthRequestSchema,
  order: ['subnetId', 'chargeMode', 'sizeMbps', 'name', 'region'],
  optional: ['sizeMbps', 'name', 'region'],
  rules: [
    {
      path: 'sizeMbps',
      deps: ['sizeMbps'],
      also: ['chargeMode'],
      check: (d) => (d.sizeMbps === undefined && d.chargeMode !== 'free' ? { code: 'required' } : undefined),
    },
    sizeRange('sizeMbps', (ctx) => ctx.limits.workspaceBandwidth),
    workspaceNameRule,
    regionRule,
  ],
};

const changeWorkspace: Spec<ChangeWorkspaceBandwidthRequest> = {
  schema: ChangeWorkspaceBandwidthRequestSchema,
  order: ['sizeMbps', 'name', 'autoPay', 'region'],
  optional: ['name', 'region'],
  rules: [sizeRange('sizeMbps', (ctx) => ctx.limits.workspaceBandwidth), workspaceNameRule, regionRule],
};

const createShared: Spec<CreateSharedBandwidthRequest> = {
  schema: CreateSharedBandwidthRequestSchema,
  order: ['name', 'sizeMbps', 'region'],
  optional: ['region'],
  rules: [
    {
      path: 'sizeMbps',
      deps: ['sizeMbps'],
      check: (d, ctx) => checkSharedBandwidthSize(d.sizeMbps as number, ctx.limits.sharedBandwidth),
    },
    regionRule,
  ],
};

const createPackage: Spec<CreateBandwidthPackageRequest> = {
  schema: CreateBandwidthPackageRequestSchema,
  order: [
    'name',
    'description',
    'localArea',
    'remoteArea',
    'specCode',
    'billingMode',
    'prepaid',
    'prepaid.periodType',
    'prepaid.periodCount',
    'prepaid.autoRenew',
    'prepaid.autoPay',
    'sizeMbps',
    'interflowMode',
    'resourceType',
    'resourceId',
    'chargeMode',
  ],
  optional: ['description', 'interflowMode', 'specCode', 'resourceId', 'resourceType', 'chargeMode', 'prepaid'],
  rules: [
    {
      // The area pair must have a spec code, sold on the tenant's site.
      path: 'remoteArea',
      deps: ['localArea', 'remoteArea'],
      also: ['localArea'],
      check(d, ctx): Draft | undefined {
        const local = d.localArea as AreaId;
        const remote = d.remoteArea as AreaId;
        const code = deriveSpecCode(local, remote);
        if (code === undefined) return { code: 'spec_code_unavailable', params: { local, remote } };
        if (!specCodeSoldOn(code, ctx.site)) {
          return { code: 'spec_code_not_on_site', params: { local, remote, specCode: code, site: ctx.site } };
        }
        return undefined;
      },
    },
    {
      path: 'specCode',
      deps: ['localArea', 'remoteArea', 'specCode'],
      check(d): Draft | undefined {
        if (d.specCode === undefined) return undefined;
        const expected = deriveSpecCode(d.localArea as AreaId, d.remoteArea as AreaId);
        return expected !== undefined && d.specCode !== expected
          ? { code: 'spec_code_mismatch', params: { expected } }
          : undefined;
      },
    },
    {
      path: 'billingMode',
      deps: ['billingMode'],
      check(d, ctx): Draft | undefined {
        const mode = d.billingMode as keyof typeof BILLING_MODES;
        return BILLING_MODES[mode].site === ctx.site
          ? undefined
          : { code: 'billing_mode_not_on_site', params: { allowed: billingModesForSite(ctx.site).join(', '), site: ctx.site } };
      },
    },
    {
      // prepaid is required with yearly/monthly modes (1, 2) and refused with any other.
      path: 'prepaid',
      deps: ['billingMode'],
      also: ['billingMode'],
      check(d): Draft | undefined {
        const prepaidMode = BILLING_MODES[d.billingMode as keyof typeof BILLING_MODES].kind === 'prepaid';
        if (prepaidMode && d.prepaid === undefined) return { code: 'prepaid_required' };
        if (!prepaidMode && d.prepaid !== undefined) return { code: 'prepaid_not_allowed' };
        return undefined;
      },
    },
    {
      path: 'prepaid.periodCount',
      deps: ['prepaid.periodType', 'prepaid.periodCount'],
      also: ['prepaid.periodType'],
      check(d): Draft | undefined {
        if (!isRecord(d.prepaid)) return undefined;
        const periodType = d.prepaid.periodType as PeriodType;
        const count = d.prepaid.periodCount as number;
        const { min, max } = PERIOD_RANGES[periodType];
        return count < min || count > max ? { code: 'period_range', params: { min, max, periodType } } : undefined;
      },
    },
    sizeRange('sizeMbps', (ctx) => ctx.limits.bandwidthPackage),
    {
      path: 'resourceId',
      deps: ['resourceType', 'resourceId'],
      also: ['resourceType'],
      check: (d) =>
        d.resourceType !== undefined && d.resourceId === undefined ? { code: 'resource_id_required' } : undefined,
    },
    {
      // A resource id without saying what it is.
      path: 'resourceType',
      deps: ['resourceType', 'resourceId'],
      also: ['resourceId'],
      check: (d) => (d.resourceId !== undefined && d.resourceType === undefined ? { code: 'required' } : undefined),
    },
  ],
};

const SPECS: Record<ValidatedOperation, Spec<unknown>> = {
  createWorkspaceBandwidth: createWorkspace,
  changeWorkspaceBandwidth: changeWorkspace,
  createSharedBandwidth: createShared,
  createBandwidthPackage: createPackage,
};

/** Checks a POST /v1/workspace-bandwidths body; returns every issue at once (one per field). */
export function validateCreateWorkspaceBandwidth(
  input: unknown,
  ctx: RuleContext,
): Validation<CreateWorkspaceBandwidthRequest> {
  return toValidation(run(createWorkspace, input, ctx));
}

/** Checks a change-order body (the `bandwidthId` path parameter: `validateBandwidthId`). */
export function validateChangeWorkspaceBandwidth(
  input: unknown,
  ctx: RuleContext,
): Validation<ChangeWorkspaceBandwidthRequest> {
  return toValidation(run(changeWorkspace, input, ctx));
}

/** Checks a POST /v1/shared-bandwidths body. */
export function validateCreateSharedBandwidth(input: unknown, ctx: RuleContext): Validation<CreateSharedBandwidthRequest> {
  return toValidation(run(createShared, input, ctx));
}

/** Checks a POST /v1/bandwidth-packages body. */
export function validateCreateBandwidthPackage(
  input: unknown,
  ctx: RuleContext,
): Validation<CreateBandwidthPackageRequest> {
  return toValidation(run(createPackage, input, ctx));
}

export type RequestOf<Op extends ValidatedOperation> = {
  createWorkspaceBandwidth: CreateWorkspaceBandwidthRequest;
  changeWorkspaceBandwidth: ChangeWorkspaceBandwidthRequest;
  createSharedBandwidth: CreateSharedBandwidthRequest;
  createBandwidthPackage: CreateBandwidthPackageRequest;
}[Op];

/** `validateXxx` chosen by operation name. */
export function validateRequest<Op extends ValidatedOperation>(
  op: Op,
  input: unknown,
  ctx: RuleContext,
): Validation<RequestOf<Op>> {
  return toValidation(run(SPECS[op] as Spec<RequestOf<Op>>, input, ctx));
}

/** Checks the change order's `{bandwidthId}` path parameter (1–64 of letters, digits, `-`). */
export function validateBandwidthId(id: unknown): FieldIssue | undefined {
  let d: Draft | undefined;
  if (id === undefined || id === null || id === '') d = { code: 'required' };
  else if (typeof id !== 'string') d = { code: 'invalid_type', params: { expected: 'string' } };
  else if (id.length > 64) d = { code: 'too_long', params: { max: 64 } };
  else if (!BANDWIDTH_ID_PATTERN.test(id)) d = { code: 'id_chars' };
  return d && publicIssue(makeIssue('bandwidthId', d.code, d.params));
}

/**
 * The issue of one field (for blur), or undefined. The whole input is looked at, so cross-field rules
 * apply: 'billingMode' also reports a missing or refused `prepaid`, 'localArea' a pair without a spec
 * code, 'prepaid.periodType' an out-of-range count, 'chargeMode' a missing size. A path also matches
 * issues below it ('prepaid' → 'prepaid.periodCount'). For 'changeWorkspaceBandwidth', path
 * 'bandwidthId' checks `input.bandwidthId`.
 */
export function validateField(
  op: ValidatedOperation,
  path: string,
  input: unknown,
  ctx: RuleContext,
): FieldIssue | undefined {
  if (op === 'changeWorkspaceBandwidth' && path === 'bandwidthId') {
    return validateBandwidthId(isRecord(input) ? input.bandwidthId : undefined);
  }
  const { issues } = run(SPECS[op], input, ctx);
  const hit =
    issues.find((i) => i.path === path) ??
    issues.find((i) => i.path.startsWith(`${path}.`)) ??
    issues.find((i) => i.also?.includes(path));
  return hit && publicIssue(hit);
}
