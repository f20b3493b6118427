/**
 * The zod-free validators (validators.ts) and the zod schemas (operations.ts) describe the same requests: for
 * generated bodies — valid ones and every kind of wrong shape — whatever a validator accepts, its schema
 * accepts too, and the value it returns is what the schema makes of the body. Every field the schema refuses
 * gets an issue from the validator (at that field, or at the `prepaid` group that contains it).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  AREAS,
  BILLING_MODE_IDS,
  billingModesForSite,
  deriveSpecCode,
  INTERFLOW_MODES,
  isPrepaidBillingMode,
  PACKAGE_CHARGE_MODE,
  PERIOD_RANGES,
  PERIOD_TYPES,
  RESOURCE_TYPES,
  SPEC_CODE_IDS,
  specCodeSoldOn,
  WORKSPACE_CHARGE_MODES,
} from './enums.js';
import type { Validation } from './issues.js';
import {
  ChangeWorkspaceBandwidthRequestSchema,
  CreateBandwidthPackageRequestSchema,
  CreateSharedBandwidthRequestSchema,
  CreateWorkspaceBandwidthRequestSchema,
  QuoteRequestSchema,
  type ValidatedOperation,
  validateChangeWorkspaceBandwidth,
  validateCreateBandwidthPackage,
  validateCreateSharedBandwidth,
  validateCreateWorkspaceBandwidth,
  validateQuoteRequest,
  validateRequest,
} from './operations.js';
import { DEFAULT_LIMITS, nearestSharedBandwidthSizes, type RuleContext, type SizeRange } from './rules.js';

type Body = Record<string, unknown>;

/** Anything at all, for the wrong shapes: nothing, empty, the wrong type, odd numbers, arrays, objects. */
const junk = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    Number.NaN,
    Infinity,
    -Infinity,
    1e21,
    [],
    ['a'],
    {},
    { length: 3 },
  ),
  fc.string({ maxLength: 70 }),
  fc.integer({ min: -10, max: 3000 }),
  fc.double(),
);
const pick = <T>(...values: readonly T[]) => fc.constantFrom(...values);
/** Mostly a valid value, sometimes a plausible wrong one, sometimes junk. */
const or = <T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown> = junk) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: wrong }, { weight: 1, arbitrary: junk });

const ctx: fc.Arbitrary<RuleContext> = fc.record({
  site: pick('international', 'chinese-mainland'),
  regions: pick(['ap-southeast-1', 'ap-southeast-3'], ['cn-north-4']),
  limits: fc.record({
    sharedBandwidth: pick({ minMbps: 5, maxMbps: 1000 }, { minMbps: 5, maxMbps: 2000 }, { minMbps: 10, maxMbps: 1500 }),
    workspaceBandwidth: pick(DEFAULT_LIMITS.workspaceBandwidth, { minMbps: 10, maxMbps: 100, nameMaxLength: 10 }),
    bandwidthPackage: pick(DEFAULT_LIMITS.bandwidthPackage, { minMbps: 5, maxMbps: 50 }),
  }),
});

const uuid = fc.oneof(fc.uuid(), pick('2FE2CEBF-FB0C-40A6-8DAA-F60BEF147583'));
const badUuid = pick('subnet-1', '2fe2cebf-fb0c-40a6-8daa-f60bef14758', '');
const inRange = (r: SizeRange) => fc.integer({ min: r.minMbps, max: r.maxMbps });
const badSize = fc.oneof(fc.integer({ min: -5, max: 2600 }), pick<unknown>(2.5, Number.NaN, '10', 301, 375, 1050));
const sharedSize = (r: SizeRange) => inRange(r).map((n) => nearestSharedBandwidthSizes(n, r)[0] ?? n);
const text = (max: number) => fc.string({ minLength: 1, maxLength: max });
const sharedName = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);
const badName = fc.oneof(
  fc.string({ maxLength: 90 }),
  pick(
    'a b',
    'x<y>',
    '共享带宽 01',
    '共享带宽',
    'p'.repeat(65),
    'd'.repeat(86),
    'a\r\nb',
    'tab\there',
    'abc\u202Eexe',
    'x\u2066y',
    'a\uD83D',
    '\uDE00',
    'ok\u0085',
  ),
);
const region = (c: RuleContext) => pick(...c.regions);
const badRegion = pick('la-south-2', 'ap-southeast-1', 'cn-north-4', '', null);

/**
 * A body: the required fields always there (maybe wrong), the optional ones sometimes, and now and then a field
 * taken out altogether or an unknown one added.
 */
const body = (required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc
    .tuple(
      fc.record(required),
      fc.record(optional, { requiredKeys: [] }),
      fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pick(...Object.keys(required)) }),
      fc.option(junk),
    )
    .map(([req, opt, drop, extra]) => {
      const b: Body = { ...req, ...opt };
      if (drop !== null) delete b[drop];
      if (extra !== null) b.projectId = extra;
      return b;
    });

/** A yearly/monthly subscription, mostly within its range. */
const prepaid = fc.oneof(
  {
    weight: 12,
    arbitrary: pick(...PERIOD_TYPES).chain((t) =>
      fc.record(
        {
          periodType: fc.constant(t),
          periodCount: fc.integer(PERIOD_RANGES[t]),
          autoRenew: fc.boolean(),
          autoPay: fc.boolean(),
        },
        { requiredKeys: ['periodType', 'periodCount'] },
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        periodType: or(pick(...PERIOD_TYPES), pick('week')),
        periodCount: or(fc.integer({ min: -1, max: 12 })),
        autoRenew: or(fc.boolean()),
        autoPay: or(fc.boolean()),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: junk },
);

/** An area pair with a spec code sold on the site (mostly), and the matching billing mode and prepaid options. */
const packageBody = (c: RuleContext) => {
  const pairs = AREAS.flatMap((a) => AREAS.map((b) => [a, b] as const)).filter(([a, b]) => {
    const code = deriveSpecCode(a, b);
    return code !== undefined && specCodeSoldOn(code, c.site);
  });
  return fc.tuple(pick(...pairs), pick(...billingModesForSite(c.site))).chain(([[local, remote], mode]) =>
    body(
      {
        name: or(text(64), badName),
        localArea: or(fc.constant(local), pick(...AREAS, 'Europe')),
        remoteArea: or(fc.constant(remote), pick(...AREAS)),
        billingMode: or(fc.constant(mode), pick(...BILLING_MODE_IDS, 0, 7)),
        sizeMbps: or(inRange(c.limits.bandwidthPackage), badSize),
        ...(isPrepaidBillingMode(mode) ? { prepaid } : {}),
      },
      {
        description: or(
          fc.string({ maxLength: 85 }).filter((d) => !/[<>]/.test(d)),
          badName,
        ),
        interflowMode: or(pick(...INTERFLOW_MODES), pick('Global')),
        specCode: or(fc.constant(deriveSpecCode(local, remote)), pick(...SPEC_CODE_IDS, 'bandwidth.eutoeu')),
        resourceType: or(pick(...RESOURCE_TYPES), pick('vpc')),
        resourceId: or(text(20)),
        chargeMode: or(pick(PACKAGE_CHARGE_MODE), pick('traffic')),
        // not given, or given where it is refused
        ...(isPrepaidBillingMode(mode) ? {} : { prepaid: fc.oneof(pick(undefined, null, undefined, null), prepaid) }),
      },
    ).map((b) => (b.resourceType !== undefined && b.resourceId === undefined ? { ...b, resourceId: 'cc-1' } : b)),
  );
};

const ops = {
  createWorkspaceBandwidth: {
    validate: validateCreateWorkspaceBandwidth,
    schema: CreateWorkspaceBandwidthRequestSchema,
    optional: ['sizeMbps', 'name', 'region'],
    body: (c: RuleContext) =>
      body(
        { subnetId: or(uuid, badUuid), chargeMode: or(pick(...WORKSPACE_CHARGE_MODES), pick('bandwidth')) },
        {
          sizeMbps: or(inRange(c.limits.workspaceBandwidth), badSize),
          name: or(text(c.limits.workspaceBandwidth.nameMaxLength), badName),
          region: or(region(c), badRegion),
        },
      ),
  },
  changeWorkspaceBandwidth: {
    validate: validateChangeWorkspaceBandwidth,
    schema: ChangeWorkspaceBandwidthRequestSchema,
    optional: ['name', 'region'],
    body: (c: RuleContext) =>
      body(
        { sizeMbps: or(inRange(c.limits.workspaceBandwidth), badSize), autoPay: or(fc.boolean(), pick('true')) },
        { name: or(text(c.limits.workspaceBandwidth.nameMaxLength), badName), region: or(region(c), badRegion) },
      ),
  },
  createSharedBandwidth: {
    validate: validateCreateSharedBandwidth,
    schema: CreateSharedBandwidthRequestSchema,
    optional: ['region'],
    body: (c: RuleContext) =>
      body(
        { name: or(sharedName, badName), sizeMbps: or(sharedSize(c.limits.sharedBandwidth), badSize) },
        { region: or(region(c), badRegion) },
      ),
  },
  createBandwidthPackage: {
    validate: validateCreateBandwidthPackage,
    schema: CreateBandwidthPackageRequestSchema,
    optional: ['description', 'interflowMode', 'specCode', 'resourceId', 'resourceType', 'chargeMode', 'prepaid'],
    body: packageBody,
  },
} satisfies Record<ValidatedOperation, unknown>;

/** The documented reading of a body: `null` or `''` in an optional field means "not given". */
const normalize = (input: Body, optional: string[]): Body => {
  const out = { ...input };
  for (const k of optional) if (out[k] === null || out[k] === '') delete out[k];
  return out;
};
const hasBlankOptional = (input: Body, optional: string[]) =>
  optional.some((k) => input[k] === null || input[k] === '');

for (const [op, o] of Object.entries(ops) as [ValidatedOperation, (typeof ops)[ValidatedOperation]][]) {
  const validate = o.validate as (i: unknown, c: RuleContext) => Validation<unknown>;
  describe(`${op}: validator and schema agree`, () => {
    it('accepted ⇒ the schema accepts the body, and the value is the schema’s reading of it', () => {
      let accepted = 0;
      fc.assert(
        fc.property(
          ctx.chain((c) => o.body(c).map((input) => [input, c] as const)),
          ([input, c]) => {
            const r = validate(input, c);
            assert.deepStrictEqual(validateRequest(op, input, c), r);
            if (!r.ok) return;
            accepted++;
            const parsed = o.schema.safeParse(normalize(input, o.optional));
            assert.ok(parsed.success, `schema refuses what ${op} accepted: ${JSON.stringify(input)}`);
            assert.deepStrictEqual(r.value, parsed.data);
            // the validated value is itself a valid request
            assert.ok(o.schema.safeParse(r.value).success);
            if (!hasBlankOptional(input, o.optional)) assert.ok(o.schema.safeParse(input).success);
          },
        ),
        { numRuns: 4000 },
      );
      assert.ok(accepted > 400, `only ${accepted} valid bodies generated`);
    });

    it('every field the schema refuses has an issue (at the field or its group)', () => {
      fc.assert(
        fc.property(
          ctx.chain((c) => o.body(c).map((input) => [input, c] as const)),
          ([input, c]) => {
            const parsed = o.schema.safeParse(normalize(input, o.optional));
            if (parsed.success) return;
            const r = validate(input, c);
            assert.equal(r.ok, false, `${op} accepted what the schema refuses: ${JSON.stringify(input)}`);
            if (r.ok) return;
            const paths = r.issues.map((i) => i.path);
            for (const zi of parsed.error.issues) {
              const p = zi.path.join('.');
              assert.ok(
                paths.some((q) => q === p || p.startsWith(`${q}.`)),
                `schema refuses ${p}, validator says ${JSON.stringify(r.issues)} for ${JSON.stringify(input)}`,
              );
            }
          },
        ),
        { numRuns: 4000 },
      );
    });
  });
}

describe('validators outside the schemas', () => {
  it('refuse what is not an object, as the schemas do', () => {
    fc.assert(
      fc.property(junk, ctx, (input, c) => {
        fc.pre(typeof input !== 'object' || input === null || Array.isArray(input));
        for (const [op, o] of Object.entries(ops) as [ValidatedOperation, (typeof ops)[ValidatedOperation]][]) {
          const r: Validation<unknown> = validateRequest(op, input, c);
          assert.equal(r.ok, false);
          assert.equal(o.schema.safeParse(input).success, false);
        }
      }),
    );
  });
});

describe('quote requests: validator and schema agree', () => {
  const BW_ID = fc.oneof(
    { weight: 8, arbitrary: pick('3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b', 'bw-1') },
    { weight: 1, arbitrary: junk },
  );
  const quoteBody = ctx.chain((c) =>
    pick(...(Object.keys(ops) as ValidatedOperation[])).chain((op) =>
      ops[op].body(c).chain((values) =>
        fc
          .record({
            operation: or(fc.constant(op), pick('createQuote', 'payOrder')),
            values: or(fc.constant(op === 'changeWorkspaceBandwidth' ? { ...values } : values)),
            bandwidthId: BW_ID,
          })
          .map(({ operation, values: v, bandwidthId }) => {
            const q: Body = { operation, values: v };
            if (operation === 'changeWorkspaceBandwidth' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
              q.values = { ...(v as Body), bandwidthId };
            }
            return [q, c] as const;
          }),
      ),
    ),
  );
  it('accepted ⇒ the schema accepts it; the schema refuses ⇒ the validator refuses, at that field or above it', () => {
    let accepted = 0;
    fc.assert(
      fc.property(quoteBody, ([input, c]) => {
        const r = validateQuoteRequest(input, c);
        const op = input.operation as ValidatedOperation;
        const values = input.values as Body;
        const known = Object.hasOwn(ops, op) && typeof values === 'object' && values !== null && !Array.isArray(values);
        const normalized = known ? { ...input, values: normalize(values, ops[op].optional) } : input;
        const parsed = QuoteRequestSchema.safeParse(normalized);
        if (r.ok) {
          accepted++;
          assert.ok(parsed.success, `schema refuses an accepted quote: ${JSON.stringify(input)}`);
          assert.deepStrictEqual(r.value, parsed.data);
          return;
        }
        if (parsed.success) return; // tenant rules (ranges, regions, site) go beyond the schema
        const paths = r.issues.map((i) => i.path);
        for (const zi of parsed.error.issues) {
          const p = zi.path.join('.');
          // a discriminated union refuses an unknown operation without going into the values
          assert.ok(
            paths.some((q) => q === p || p.startsWith(`${q}.`) || (p === '' && q === 'operation')),
            `schema refuses ${p}, validator says ${JSON.stringify(r.issues)}`,
          );
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(accepted > 300, `only ${accepted} valid quotes generated`);
  });
});
