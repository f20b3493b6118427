import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { limitsSchema } from './limits.js';
import {
  DEFAULT_LIMITS,
  IDEMPOTENCY_KEY_PATTERN,
  isValidBandwidthId,
  isValidIdempotencyKey,
  isValidSharedBandwidthSize,
  nearestSharedBandwidthSizes,
  SHARED_BANDWIDTH_NAME_PATTERN,
  type SizeRange,
  sharedBandwidthSizeHint,
  sizeStep,
  toWireAutoPay,
  toWireBandwidthSize,
} from './rules.js';

/** Independent oracle of the size steps the VPC API “Assigning a Shared Bandwidth” documents. */
const oracle = (size: number, r: SizeRange) =>
  Number.isInteger(size) &&
  size >= r.minMbps &&
  size <= r.maxMbps &&
  (size <= 300 || (size <= 1000 && size % 50 === 0) || size % 500 === 0);

const DEFAULT = DEFAULT_LIMITS.sharedBandwidth;
const WIDE: SizeRange = { minMbps: 5, maxMbps: 2000 };

describe('shared bandwidth size steps (VPC API, Assigning a Shared Bandwidth)', () => {
  it('sizeStep: 1 up to and including 300, 50 up to and including 1000, 500 above', () => {
    const cases: [number, number][] = [
      [1, 1],
      [300, 1],
      [301, 50],
      [1000, 50],
      [1001, 500],
      [2000, 500],
    ];
    for (const [size, step] of cases) assert.equal(sizeStep(size), step, `size ${size}`);
  });

  const cases: [number, SizeRange, boolean][] = [
    [4, DEFAULT, false],
    [5, DEFAULT, true],
    [299, DEFAULT, true],
    [300, DEFAULT, true],
    [301, DEFAULT, false],
    [325, DEFAULT, false],
    [350, DEFAULT, true],
    [1000, DEFAULT, true],
    [1050, DEFAULT, false],
    [1500, DEFAULT, false], // out of the default range
    [1050, WIDE, false],
    [1500, WIDE, true],
    [2000, WIDE, true],
    [2500, WIDE, false],
    [10.5, DEFAULT, false],
  ];
  for (const [size, range, ok] of cases) {
    it(`${size} in ${range.minMbps}–${range.maxMbps} is ${ok ? 'valid' : 'refused'}`, () => {
      assert.equal(isValidSharedBandwidthSize(size, range), ok);
    });
  }

  it('agrees with the oracle for every integer in [1, 3000] (default and widest ranges)', () => {
    for (const range of [DEFAULT, WIDE]) {
      for (let size = 1; size <= 3000; size++) {
        assert.equal(isValidSharedBandwidthSize(size, range), oracle(size, range), `size ${size}`);
      }
    }
  });

  const range = fc
    .integer({ min: 1, max: 3000 })
    .chain((min) => fc.integer({ min, max: 3000 }).map((max): SizeRange => ({ minMbps: min, maxMbps: max })));

  it('property: agrees with the oracle in any range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), range, (size, r) => {
        assert.equal(isValidSharedBandwidthSize(size, r), oracle(size, r));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: nearestSharedBandwidthSizes returns valid, nearest neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), range, (size, r) => {
        const near = nearestSharedBandwidthSizes(size, r);
        for (const v of near) assert.ok(oracle(v, r), `${v} is not valid in ${r.minMbps}–${r.maxMbps}`);
        if (oracle(size, r)) {
          assert.deepEqual(near, [size]);
          return;
        }
        assert.ok(near.length <= 2);
        const below = near.filter((v) => v < size);
        const above = near.filter((v) => v > size);
        assert.ok(below.length <= 1 && above.length <= 1);
        // nothing valid lies between a neighbour and the size; a side is empty only if nothing valid is there
        const lo = below[0] ?? r.minMbps - 1;
        const hi = above[0] ?? r.maxMbps + 1;
        for (let v = lo + 1; v < hi; v++) if (v !== size) assert.ok(!oracle(v, r), `${v} is closer to ${size}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('suggests 350 or 400 for 375 and 1000 or 1500 for 1200', () => {
    assert.deepEqual(nearestSharedBandwidthSizes(375, DEFAULT), [350, 400]);
    assert.deepEqual(nearestSharedBandwidthSizes(301, DEFAULT), [300, 350]);
    assert.deepEqual(nearestSharedBandwidthSizes(1200, WIDE), [1000, 1500]);
    assert.deepEqual(nearestSharedBandwidthSizes(1200, { minMbps: 5, maxMbps: 1200 }), [1000]);
    assert.deepEqual(nearestSharedBandwidthSizes(3, DEFAULT), [5]);
    assert.deepEqual(nearestSharedBandwidthSizes(1050, DEFAULT), [1000]);
    assert.deepEqual(nearestSharedBandwidthSizes(Number.NaN, DEFAULT), []);
  });

  it('hint segments follow the range', () => {
    assert.deepEqual(sharedBandwidthSizeHint(DEFAULT), [
      { from: 5, to: 300, step: 1 },
      { from: 300, to: 1000, step: 50 },
    ]);
    assert.deepEqual(sharedBandwidthSizeHint(WIDE), [
      { from: 5, to: 300, step: 1 },
      { from: 300, to: 1000, step: 50 },
      { from: 1000, to: 2000, step: 500 },
    ]);
    assert.deepEqual(sharedBandwidthSizeHint({ minMbps: 5, maxMbps: 200 }), [{ from: 5, to: 200, step: 1 }]);
    assert.deepEqual(sharedBandwidthSizeHint({ minMbps: 500, maxMbps: 1500 }), [
      { from: 500, to: 1000, step: 50 },
      { from: 1000, to: 1500, step: 500 },
    ]);
  });
});

describe('shared bandwidth name pattern', () => {
  const cases: [string, boolean][] = [
    ['bandwidth123', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['', false],
    ['a b', false],
    // VPC "Assigning a Shared Bandwidth": letters, digits, _ - and . only.
    ['共享带宽-01', false],
    ['bw\n1', false],
    ['bw_1.test-2', true],
    ['bw<1>', false],
    ['bw/1', false],
  ];
  for (const [name, ok] of cases) {
    it(`${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)} → ${ok}`, () => {
      assert.equal(SHARED_BANDWIDTH_NAME_PATTERN.test(name), ok);
    });
  }
});

describe('limitsSchema', () => {
  it('accepts the defaults and fills in what is left out', () => {
    assert.deepEqual(limitsSchema.parse(DEFAULT_LIMITS), DEFAULT_LIMITS);
    assert.deepEqual(limitsSchema.parse({}), DEFAULT_LIMITS);
    assert.deepEqual(limitsSchema.parse({ sharedBandwidth: { maxMbps: 2000 } }).sharedBandwidth, {
      minMbps: 5,
      maxMbps: 2000,
    });
  });
  const bad: [string, unknown][] = [
    ['shared max above 2000', { sharedBandwidth: { minMbps: 5, maxMbps: 2500 } }],
    ['min above max', { bandwidthPackage: { minMbps: 100, maxMbps: 10 } }],
    ['min above default max', { sharedBandwidth: { minMbps: 1500 } }],
    ['zero min', { workspaceBandwidth: { minMbps: 0, maxMbps: 10, nameMaxLength: 64 } }],
    ['fractional', { workspaceBandwidth: { minMbps: 1, maxMbps: 10.5, nameMaxLength: 64 } }],
    ['zero name length', { workspaceBandwidth: { nameMaxLength: 0 } }],
    ['not an object', 'limits'],
  ];
  for (const [name, input] of bad) {
    it(`refuses ${name}`, () => assert.equal(limitsSchema.safeParse(input).success, false));
  }
});

describe('ids, keys and wire helpers', () => {
  it('idempotency keys: 1–255 printable ASCII', () => {
    assert.ok(isValidIdempotencyKey('a'));
    assert.ok(isValidIdempotencyKey('x'.repeat(255)));
    assert.ok(isValidIdempotencyKey('7f1c a-b_c:~'));
    assert.ok(!isValidIdempotencyKey(''));
    assert.ok(!isValidIdempotencyKey('x'.repeat(256)));
    assert.ok(!isValidIdempotencyKey('ключ'));
    assert.ok(!isValidIdempotencyKey('a\nb'));
    assert.ok(!isValidIdempotencyKey(42));
    assert.ok(IDEMPOTENCY_KEY_PATTERN.test('~'));
  });
  it('bandwidth ids: 1–64 of letters, digits, -', () => {
    assert.ok(isValidBandwidthId('1bffc5f2-ff19-45a6-96d2-dfdca49cc387'));
    assert.ok(!isValidBandwidthId(''));
    assert.ok(!isValidBandwidthId('a'.repeat(65)));
    assert.ok(!isValidBandwidthId('../x'));
    assert.ok(!isValidBandwidthId('a_b'));
  });
  it('change order wire format: bandwidth_size and is_auto_pay are strings', () => {
    assert.equal(toWireBandwidthSize(100), '100');
    assert.equal(toWireAutoPay(true), 'true');
    assert.equal(toWireAutoPay(false), 'false');
  });
});
