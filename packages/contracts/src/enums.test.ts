import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  AREA_SHORT_CODES,
  AREAS,
  type AreaId,
  BILLING_MODE_IDS,
  BILLING_MODES,
  billingModesForSite,
  deriveSpecCode,
  isPrepaidBillingMode,
  OPERATION_SCOPES,
  OPERATIONS,
  orderStatusOf,
  QUOTE_OPERATIONS,
  SCOPE_PAIRING,
  SCOPES,
  SPEC_CODE_IDS,
  SPEC_CODES,
  type SpecCode,
  specCodeSoldOn,
} from './enums.js';

const INTERNATIONAL_ONLY = [
  'bandwidth.aptoaf',
  'bandwidth.aptoap',
  'bandwidth.cmtoaf',
  'bandwidth.cmtoap',
  'bandwidth.cmtocm',
];
const NO_CODE: [AreaId, AreaId][] = [
  ['Africa', 'Africa'],
  ['Northern-Latin-America', 'Northern-Latin-America'],
];
const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

describe('spec codes (Cloud Connect API, Creating a Bandwidth Package)', () => {
  it('has the 19 documented codes', () => {
    assert.equal(SPEC_CODE_IDS.length, 19);
    assert.deepEqual(Object.keys(SPEC_CODES).sort(), [...SPEC_CODE_IDS].sort());
  });

  // Hand-written from the Cloud Connect API page's table, independent of how SPEC_CODES is built.
  const table: [SpecCode, AreaId, AreaId][] = [
    ['bandwidth.aftoela', 'Africa', 'Eastern-Latin-America'],
    ['bandwidth.aftonla', 'Africa', 'Northern-Latin-America'],
    ['bandwidth.aftowla', 'Africa', 'Western-Latin-America'],
    ['bandwidth.aptoaf', 'Asia-Pacific', 'Africa'],
    ['bandwidth.aptoap', 'Asia-Pacific', 'Asia-Pacific'],
    ['bandwidth.aptoela', 'Asia-Pacific', 'Eastern-Latin-America'],
    ['bandwidth.aptonla', 'Asia-Pacific', 'Northern-Latin-America'],
    ['bandwidth.aptowla', 'Asia-Pacific', 'Western-Latin-America'],
    ['bandwidth.cmtoaf', 'Chinese-Mainland', 'Africa'],
    ['bandwidth.cmtoap', 'Chinese-Mainland', 'Asia-Pacific'],
    ['bandwidth.cmtocm', 'Chinese-Mainland', 'Chinese-Mainland'],
    ['bandwidth.cmtoela', 'Chinese-Mainland', 'Eastern-Latin-America'],
    ['bandwidth.cmtonla', 'Chinese-Mainland', 'Northern-Latin-America'],
    ['bandwidth.cmtowla', 'Chinese-Mainland', 'Western-Latin-America'],
    ['bandwidth.elatoela', 'Eastern-Latin-America', 'Eastern-Latin-America'],
    ['bandwidth.elatonla', 'Eastern-Latin-America', 'Northern-Latin-America'],
    ['bandwidth.wlatoela', 'Western-Latin-America', 'Eastern-Latin-America'],
    ['bandwidth.wlatonla', 'Western-Latin-America', 'Northern-Latin-America'],
    ['bandwidth.wlatowla', 'Western-Latin-America', 'Western-Latin-America'],
  ];
  for (const [code, a, b] of table) {
    it(`${code}: ${a} ↔ ${b}`, () => {
      assert.deepEqual(SPEC_CODES[code].areas, [a, b]);
      assert.equal(deriveSpecCode(a, b), code);
      assert.equal(deriveSpecCode(b, a), code);
      const intlOnly = INTERNATIONAL_ONLY.includes(code);
      assert.equal(specCodeSoldOn(code, 'international'), true);
      assert.equal(specCodeSoldOn(code, 'chinese-mainland'), !intlOnly);
    });
  }

  it('Africa→ELA and ELA→Africa both give bandwidth.aftoela', () => {
    assert.equal(deriveSpecCode('Africa', 'Eastern-Latin-America'), 'bandwidth.aftoela');
    assert.equal(deriveSpecCode('Eastern-Latin-America', 'Africa'), 'bandwidth.aftoela');
  });

  it('cmtocm is international only (the table wins over the page example)', () => {
    assert.equal(specCodeSoldOn('bandwidth.cmtocm', 'chinese-mainland'), false);
  });

  it('unknown codes are sold nowhere', () => {
    assert.equal(specCodeSoldOn('bandwidth.xxtoyy' as SpecCode, 'international'), false);
    assert.equal(specCodeSoldOn('toString' as SpecCode, 'international'), false);
  });

  it('short codes are the documented ones', () => {
    assert.deepEqual(Object.values(AREA_SHORT_CODES), ['cm', 'ap', 'af', 'wla', 'ela', 'nla']);
  });
});

describe('deriveSpecCode properties', () => {
  const area = fc.constantFrom(...AREAS);

  it('is symmetric and returns a code for exactly that pair, undefined only for the two pairs without one', () => {
    fc.assert(
      fc.property(area, area, (a, b) => {
        const code = deriveSpecCode(a, b);
        assert.equal(deriveSpecCode(b, a), code);
        const noCode = NO_CODE.some(([x, y]) => x === a && y === b);
        if (noCode) {
          assert.equal(code, undefined);
        } else {
          assert.ok(code, `${a}–${b} should have a code`);
          assert.ok(sameSet(SPEC_CODES[code].areas, [a, b]), `${code} records ${SPEC_CODES[code].areas}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reaches every code', () => {
    const reached = new Set<string>();
    for (const a of AREAS)
      for (const b of AREAS) {
        const c = deriveSpecCode(a, b);
        if (c) reached.add(c);
      }
    assert.deepEqual([...reached].sort(), [...SPEC_CODE_IDS].sort());
    // 21 unordered pairs (15 mixed + 6 same-area) minus the two without a code
    assert.equal(reached.size, 21 - NO_CODE.length);
  });
});

describe('billing modes (Cloud Connect API, Creating a Bandwidth Package)', () => {
  it('splits 1/3/5 chinese-mainland and 2/4/6 international', () => {
    assert.deepEqual(billingModesForSite('chinese-mainland'), [1, 3, 5]);
    assert.deepEqual(billingModesForSite('international'), [2, 4, 6]);
  });
  it('kinds', () => {
    assert.deepEqual(
      BILLING_MODE_IDS.map((m) => BILLING_MODES[m].kind),
      ['prepaid', 'prepaid', 'pay-per-use', 'pay-per-use', '95th-percentile', '95th-percentile'],
    );
  });
  it('only 1 and 2 are prepaid', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].filter(isPrepaidBillingMode), [1, 2]);
  });
});

describe('scopes', () => {
  it('every operation needs a known scope', () => {
    const pricing = ['createQuote', 'ratePeriodProducts', 'rateOnDemandProducts'];
    for (const op of OPERATIONS) {
      // A quote (and the rating behind it) takes the scope of the purchase it prices, which must have one.
      const scope = pricing.includes(op) ? undefined : OPERATION_SCOPES[op as keyof typeof OPERATION_SCOPES];
      if (pricing.includes(op)) for (const q of QUOTE_OPERATIONS) assert.ok(SCOPES.includes(OPERATION_SCOPES[q]), q);
      else assert.ok(scope && SCOPES.includes(scope), op);
    }
  });
  it('every create scope says which read scopes go with it, and those are known scopes', () => {
    for (const q of QUOTE_OPERATIONS) assert.ok(Object.hasOwn(SCOPE_PAIRING, OPERATION_SCOPES[q]), q);
    for (const { needed, optional } of Object.values(SCOPE_PAIRING)) {
      for (const s of [...needed, ...optional]) assert.ok(SCOPES.includes(s), s);
    }
    assert.deepEqual(SCOPE_PAIRING['workspace-bandwidth:create'].needed, ['subnet:read', 'order:read']);
    assert.deepEqual(SCOPE_PAIRING['workspace-bandwidth:change'].needed, ['workspace-bandwidth:read', 'order:read']);
    assert.deepEqual(SCOPE_PAIRING['bandwidth-package:create'].needed, ['cloud-connection:read', 'order:read']);
  });
});

describe('order statuses', () => {
  it('maps the BSS status codes', () => {
    assert.deepEqual([6, 5, 4, 1, 3, 2, 7].map(orderStatusOf), [
      'pending_payment',
      'completed',
      'cancelled',
      'pending_approval',
      'processing',
      'processing',
      'other',
    ]);
  });
});
