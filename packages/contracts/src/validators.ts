/**
 * The validators of the BFF's request bodies — the same code on blur/submit in the widgets and on arrival in
 * the BFF. zod-free on purpose: they read the known fields of each request with small typed readers and apply
 * the documented rules (rules.ts, enums.ts), so a browser bundle that validates carries no schema library. The
 * zod schemas in operations.ts describe the same requests (types, OpenAPI); a property test checks that the two
 * agree (validators.test.ts).
 *
 * Every issue becomes a `FieldIssue` with a stable code and a readable English message; the validators return
 * every issue at once, at most one per field, in form order. `null` or `''` in an optional field means "not given".
 */
import {
  AREAS,
  type AreaId,
  BILLING_MODE_IDS,
  BILLING_MODES,
  type BillingMode,
  billingModesForSite,
  deriveSpecCode,
  INTERFLOW_MODES,
  PACKAGE_CHARGE_MODE,
  PERIOD_RANGES,
  PERIOD_TYPES,
  type PeriodType,
  QUOTE_OPERATIONS,
  type QuoteOperation,
  RESOURCE_TYPES,
  SPEC_CODE_IDS,
  specCodeSoldOn,
  WORKSPACE_CHARGE_MODES,
} from './enums.js';
import type { FieldIssue, IssueCode, Validation } from './issues.js';
import { CATALOGUE_EN, formatIssueIn } from './messages-en.js';
import type {
  ChangeWorkspaceBandwidthRequest,
  CreateBandwidthPackageRequest,
  CreateSharedBandwidthRequest,
  CreateWorkspaceBandwidthRequest,
  QuoteRequest,
} from './operations.js';
import {
  BANDWIDTH_ID_PATTERN,
  isSafeText,
  NO_ANGLE_BRACKETS_PATTERN,
  nearestSharedBandwidthSizes,
  PACKAGE_DESCRIPTION_MAX_LENGTH,
  PACKAGE_NAME_MAX_LENGTH,
  type RuleContext,
  SHARED_BANDWIDTH_NAME_CHARS_PATTERN,
  SHARED_BANDWIDTH_NAME_MAX_LENGTH,
  type SizeRange,
  sizeSegmentOf,
  sizeStep,
} from './rules.js';

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

// ---------------------------------------------------------------------------------------------
// Field readers: each checks one present value and says what is wrong with it, first failure first.

/** Checks a value (of a field that is not left out); undefined when it is fine. */
type Reader = (v: unknown) => Draft | undefined;

const REQUIRED: Draft = { code: 'required' };
const wrongType = (expected: string): Draft => ({ code: 'invalid_type', params: { expected } });

/** A string of at least one character, at most `max`, matching `pattern` (else `code`). */
const text =
  (max = Infinity, pattern?: RegExp, code?: IssueCode): Reader =>
  (v) =>
    typeof v !== 'string'
      ? wrongType('string')
      : v === ''
        ? REQUIRED
        : v.length > max
          ? { code: 'too_long', params: { max } }
          : pattern && !pattern.test(v)
            ? { code: code ?? 'invalid_format' }
            : undefined;

/** Text people type and others read (names, descriptions): `text(...)` without control or bidi characters. */
const prose =
  (max = Infinity, pattern?: RegExp, code?: IssueCode): Reader =>
  (v) =>
    text(max, pattern, code)(v) ?? (isSafeText(v as string) ? undefined : { code: 'unsafe_chars' });

/** A UUID (any version), as the subnet ids in the Workspace API “Creating Workspace Bandwidth” examples. */
const GUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const uuid: Reader = (v) =>
  typeof v !== 'string' ? wrongType('string') : GUID.test(v) ? undefined : { code: 'invalid_uuid' };

/** A finite whole number. */
const int: Reader = (v) =>
  typeof v !== 'number' || !Number.isFinite(v)
    ? wrongType('number')
    : Number.isInteger(v)
      ? undefined
      : { code: 'not_integer' };

const bool: Reader = (v) => (typeof v === 'boolean' ? undefined : wrongType('boolean'));

/** One of a fixed list of values. */
const oneOf =
  (values: readonly unknown[]): Reader =>
  (v) =>
    values.includes(v) ? undefined : { code: 'invalid_enum', params: { allowed: values.join(', ') } };

/** How a field may be left out: 0 required, 1 optional (left out of the value when absent), 2 defaults to false. */
type Presence = 0 | 1 | 2;
/** The known fields of a request (or a nested group, read by its own shape), in form order. */
type Shape = [key: string, read: Reader | Shape, presence?: Presence][];

const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);
/** What counts as "nothing entered": any fault of such a value reads as 'required'. */
const blank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Reads the fields of `shape` from `o`: pushes one issue per faulty field to `out` and returns the value (known
 * fields only, defaults filled in; an optional field given as undefined stays, one left out stays out).
 */
function read(shape: Shape, o: Data, prefix: string, out: [string, Draft][]): Data {
  const value: Data = {};
  for (const [key, reader, presence] of shape) {
    let v = o[key];
    if (v === undefined && presence) {
      if (presence === 2) value[key] = false;
      else if (key in o) value[key] = undefined;
      continue;
    }
    const path = prefix + key;
    const fault = typeof reader === 'function' ? reader(v) : isRecord(v) ? undefined : wrongType('object');
    if (fault) {
      out.push([path, blank(v) ? REQUIRED : fault]);
      continue;
    }
    if (typeof reader !== 'function') v = read(reader, v as Data, `${path}.`, out);
    value[key] = v;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The requests (the zod schemas in operations.ts describe the same fields)

const region: Shape[number] = ['region', text(), 1];

const CREATE_WORKSPACE: Shape = [
  ['subnetId', uuid],
  ['chargeMode', oneOf(WORKSPACE_CHARGE_MODES)],
  ['sizeMbps', int, 1],
  ['name', prose(), 1],
  region,
];

const CHANGE_WORKSPACE: Shape = [['sizeMbps', int], ['name', prose(), 1], ['autoPay', bool], region];

const CREATE_SHARED: Shape = [
  ['name', text(SHARED_BANDWIDTH_NAME_MAX_LENGTH, SHARED_BANDWIDTH_NAME_CHARS_PATTERN, 'name_chars')],
  ['sizeMbps', int],
  region,
];

const CREATE_PACKAGE: Shape = [
  ['name', prose(PACKAGE_NAME_MAX_LENGTH, NO_ANGLE_BRACKETS_PATTERN, 'angle_brackets')],
  ['description', prose(PACKAGE_DESCRIPTION_MAX_LENGTH, NO_ANGLE_BRACKETS_PATTERN, 'angle_brackets'), 1],
  ['localArea', oneOf(AREAS)],
  ['remoteArea', oneOf(AREAS)],
  ['specCode', oneOf(SPEC_CODE_IDS), 1],
  ['billingMode', oneOf(BILLING_MODE_IDS)],
  [
    'prepaid',
    [
      ['periodType', oneOf(PERIOD_TYPES)],
      ['periodCount', int],
      ['autoRenew', bool, 2],
      ['autoPay', bool, 2],
    ],
    1,
  ],
  ['sizeMbps', int],
  ['interflowMode', oneOf(INTERFLOW_MODES), 1],
  ['resourceType', oneOf(RESOURCE_TYPES), 1],
  ['resourceId', text(), 1],
  ['chargeMode', oneOf([PACKAGE_CHARGE_MODE]), 1],
];

/** Every path of a shape, groups before their fields: the form order issues are reported in. */
const pathsOf = (shape: Shape, prefix = ''): string[] =>
  shape.flatMap(([k, r]) => [prefix + k, ...(typeof r === 'function' ? [] : pathsOf(r, `${prefix}${k}.`))]);

// ---------------------------------------------------------------------------------------------
// Rules beyond single fields

/** Records a rule's issue at `path` (unless that field has one already); `also`: other paths `validateField` reports it for. */
type Add = (path: string, issue: Draft | undefined, also?: string[]) => void;
/** Whether a field passed so far: no issue at it, above it or inside it. */
type Ok = (path: string) => boolean;

interface Spec {
  shape: Shape;
  /** Applies the rules that need the tenant or more than one field, in order, to fields that passed their reader. */
  rules(d: Data, ctx: RuleContext, add: Add, ok: Ok): void;
}

function makeIssue(path: string, code: string, params?: Params, also?: string[]): Issue {
  const issue: Issue = { path, code, message: formatIssueIn(CATALOGUE_EN, { code, params }) };
  if (params && Object.keys(params).length > 0) issue.params = params;
  if (also) issue.also = also;
  return issue;
}

function run(spec: Spec, input: unknown, ctx: RuleContext): { issues: Issue[]; value?: unknown } {
  if (!isRecord(input)) return { issues: [makeIssue('', 'invalid_type', { expected: 'object' })] };
  const data: Data = { ...input };
  for (const [k, , presence] of spec.shape) if (presence === 1 && (data[k] === null || data[k] === '')) delete data[k];

  const faults: [string, Draft][] = [];
  const value = read(spec.shape, data, '', faults);
  const found = new Map<string, Issue>(faults.map(([path, d]) => [path, makeIssue(path, d.code, d.params)]));
  spec.rules(
    data,
    ctx,
    (path, d, also) => {
      if (d && !found.has(path)) found.set(path, makeIssue(path, d.code, d.params, also));
    },
    (p) => ![...found.keys()].some((k) => k === p || k.startsWith(`${p}.`) || p.startsWith(`${k}.`)),
  );
  // A refused `prepaid` makes the issues inside it moot.
  if (found.get('prepaid')?.code === 'prepaid_not_allowed') {
    for (const k of found.keys()) if (k.startsWith('prepaid.')) found.delete(k);
  }
  const order = pathsOf(spec.shape);
  const rank = (p: string) => {
    const i = order.indexOf(p);
    return i === -1 ? order.length : i;
  };
  const issues = [...found.values()].sort((a, b) => rank(a.path) - rank(b.path));
  return issues.length === 0 ? { issues, value } : { issues };
}

function toValidation<T>(r: { issues: Issue[]; value?: unknown }): Validation<T> {
  if (r.issues.length === 0) return { ok: true, value: r.value as T };
  return { ok: false, issues: r.issues.map(publicIssue) };
}

function publicIssue({ also: _also, ...issue }: Issue): FieldIssue {
  return issue;
}

// Rules shared by several operations ------------------------------------------------------------

/** A size within the tenant's range. */
const inRange = (v: unknown, { minMbps: min, maxMbps: max }: SizeRange): Draft | undefined =>
  typeof v !== 'number'
    ? undefined
    : v < min
      ? { code: 'too_small', params: { min, max } }
      : v > max
        ? { code: 'too_big', params: { min, max } }
        : undefined;

/** The tenant's regions only. */
function regionRule(d: Data, ctx: RuleContext, add: Add, ok: Ok) {
  const { region } = d;
  if (ok('region') && typeof region === 'string' && !ctx.regions.includes(region)) {
    add('region', { code: 'region_not_allowed', params: { region, allowed: ctx.regions.join(', ') } });
  }
}

/** Workspace: the size in the tenant's range, the name within the tenant's length, the region. */
function workspaceRules(d: Data, ctx: RuleContext, add: Add, ok: Ok) {
  const { minMbps, maxMbps, nameMaxLength: max } = ctx.limits.workspaceBandwidth;
  if (ok('sizeMbps')) add('sizeMbps', inRange(d.sizeMbps, { minMbps, maxMbps }));
  if (ok('name') && typeof d.name === 'string' && d.name.length > max)
    add('name', { code: 'too_long', params: { max } });
  regionRule(d, ctx, add, ok);
}

/** The shared-bandwidth size rule (range, then the step of its band), as an issue draft. */
export function checkSharedBandwidthSize(
  size: number,
  range: SizeRange,
): { code: IssueCode; params?: Params } | undefined {
  const { minMbps: min, maxMbps: max } = range;
  if (!Number.isInteger(size)) return { code: 'not_integer' };
  if (size < min) return { code: 'too_small', params: { min, max } };
  if (size > max) return { code: 'too_big', params: { min, max } };
  const step = sizeStep(size);
  if (size % step === 0) return undefined;
  const seg = sizeSegmentOf(size, range);
  const near = nearestSharedBandwidthSizes(size, range);
  const params: Params = { from: seg?.from ?? min, to: seg?.to ?? max, step };
  const [lower, upper] = near;
  if (lower !== undefined && upper !== undefined) Object.assign(params, { lower, upper });
  else params.nearest = lower ?? Math.ceil(size / step) * step;
  return { code: 'size_step', params };
}

// Operation specs ------------------------------------------------------------------------------

const createWorkspace: Spec = {
  shape: CREATE_WORKSPACE,
  rules(d, ctx, add, ok) {
    // The size may be left out only when the charge mode is free.
    if (ok('sizeMbps') && d.sizeMbps === undefined && d.chargeMode !== 'free')
      add('sizeMbps', REQUIRED, ['chargeMode']);
    workspaceRules(d, ctx, add, ok);
  },
};

const changeWorkspace: Spec = { shape: CHANGE_WORKSPACE, rules: workspaceRules };

const createShared: Spec = {
  shape: CREATE_SHARED,
  rules(d, ctx, add, ok) {
    if (ok('sizeMbps')) add('sizeMbps', checkSharedBandwidthSize(d.sizeMbps as number, ctx.limits.sharedBandwidth));
    regionRule(d, ctx, add, ok);
  },
};

const createPackage: Spec = {
  shape: CREATE_PACKAGE,
  rules(d, ctx, add, ok) {
    const local = d.localArea as AreaId;
    const remote = d.remoteArea as AreaId;
    // The area pair must have a spec code, sold on the tenant's site…
    if (ok('localArea') && ok('remoteArea')) {
      const code = deriveSpecCode(local, remote);
      add(
        'remoteArea',
        code === undefined
          ? { code: 'spec_code_unavailable', params: { local, remote } }
          : specCodeSoldOn(code, ctx.site)
            ? undefined
            : { code: 'spec_code_not_on_site', params: { local, remote, specCode: code, site: ctx.site } },
        ['localArea'],
      );
    }
    // …and a spec code given must be that one.
    if (ok('localArea') && ok('remoteArea') && ok('specCode') && d.specCode !== undefined) {
      const expected = deriveSpecCode(local, remote);
      if (expected !== undefined && d.specCode !== expected)
        add('specCode', { code: 'spec_code_mismatch', params: { expected } });
    }
    if (ok('billingMode')) {
      const mode = BILLING_MODES[d.billingMode as BillingMode];
      if (mode.site !== ctx.site) {
        add('billingMode', {
          code: 'billing_mode_not_on_site',
          params: { allowed: billingModesForSite(ctx.site).join(', '), site: ctx.site },
        });
      }
      // prepaid is required with yearly/monthly modes (1, 2) and refused with any other.
      if (ok('billingMode')) {
        const prepaid = mode.kind === 'prepaid';
        if (prepaid && d.prepaid === undefined) add('prepaid', { code: 'prepaid_required' }, ['billingMode']);
        if (!prepaid && d.prepaid !== undefined) add('prepaid', { code: 'prepaid_not_allowed' }, ['billingMode']);
      }
    }
    if (ok('prepaid.periodType') && ok('prepaid.periodCount') && isRecord(d.prepaid)) {
      const periodType = d.prepaid.periodType as PeriodType;
      const count = d.prepaid.periodCount as number;
      const { min, max } = PERIOD_RANGES[periodType];
      if (count < min || count > max)
        add('prepaid.periodCount', { code: 'period_range', params: { min, max, periodType } }, ['prepaid.periodType']);
    }
    if (ok('sizeMbps')) add('sizeMbps', inRange(d.sizeMbps, ctx.limits.bandwidthPackage));
    // A resource type needs the resource's id, and an id needs to say what it is.
    if (ok('resourceType') && ok('resourceId')) {
      if (d.resourceType !== undefined && d.resourceId === undefined)
        add('resourceId', { code: 'resource_id_required' }, ['resourceType']);
      if (ok('resourceId') && d.resourceId !== undefined && d.resourceType === undefined)
        add('resourceType', REQUIRED, ['resourceId']);
    }
  },
};

const SPECS: Record<ValidatedOperation, Spec> = {
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
export function validateCreateSharedBandwidth(
  input: unknown,
  ctx: RuleContext,
): Validation<CreateSharedBandwidthRequest> {
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
  return toValidation(run(SPECS[op], input, ctx));
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

/**
 * The change-order rule that needs the bandwidth as it is today: ordering the size it already has changes nothing
 * and would still place an order, so it is refused before submit. `currentSizeMbps` undefined (not known yet): no
 * issue.
 */
export function validateChangeSize(sizeMbps: unknown, currentSizeMbps: number | undefined): FieldIssue | undefined {
  if (currentSizeMbps === undefined || sizeMbps !== currentSizeMbps) return undefined;
  return publicIssue(makeIssue('sizeMbps', 'same_size', { current: currentSizeMbps }));
}

/**
 * Checks a POST /v1/quotes body: `operation` one of `QUOTE_OPERATIONS` and `values` that operation's own request
 * body, checked by that operation's validator (issues at `values.<field>`); for `changeWorkspaceBandwidth` also
 * `values.bandwidthId`. The value is what the operation's validator makes of `values`.
 */
export function validateQuoteRequest(input: unknown, ctx: RuleContext): Validation<QuoteRequest> {
  if (!isRecord(input)) return toValidation({ issues: [makeIssue('', 'invalid_type', { expected: 'object' })] });
  const issues: FieldIssue[] = [];
  const op = input.operation;
  const opOk = (QUOTE_OPERATIONS as readonly unknown[]).includes(op);
  if (!opOk) {
    const d: Draft = blank(op) ? REQUIRED : { code: 'invalid_enum', params: { allowed: QUOTE_OPERATIONS.join(', ') } };
    issues.push(publicIssue(makeIssue('operation', d.code, d.params)));
  }
  const values = input.values;
  if (!isRecord(values)) {
    const d: Draft = blank(values) ? REQUIRED : wrongType('object');
    issues.push(publicIssue(makeIssue('values', d.code, d.params)));
  }
  if (!opOk || !isRecord(values)) return { ok: false, issues };
  const operation = op as QuoteOperation;
  const r = run(SPECS[operation], values, ctx);
  if (operation === 'changeWorkspaceBandwidth') {
    const idIssue = validateBandwidthId(values.bandwidthId);
    if (idIssue) r.issues.unshift({ ...idIssue, path: 'bandwidthId' });
  }
  if (r.issues.length > 0) {
    return { ok: false, issues: r.issues.map((i) => publicIssue({ ...i, path: `values.${i.path}` })) };
  }
  const value =
    operation === 'changeWorkspaceBandwidth' ? { ...(r.value as Data), bandwidthId: values.bandwidthId } : r.value;
  return { ok: true, value: { operation, values: value } as QuoteRequest };
}
