import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ISSUE_CODES } from './issues.js';
import {
  CATALOGUE_EN,
  CATALOGUE_ZH_CN,
  CATALOGUES,
  formatIssue,
  formatIssueIn,
  HINTS,
  type HintKey,
  hint,
  hintIn,
  interpolate,
  LOCALES,
  MESSAGES,
  PROBLEM_MESSAGES,
  problemMessage,
  problemMessageIn,
} from './messages.js';
import { PROBLEM_CODES } from './problem.js';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('catalogues', () => {
  for (const [name, table] of [
    ['issue messages', MESSAGES],
    ['hints', HINTS],
    ['problem messages', PROBLEM_MESSAGES],
  ] as const) {
    it(`${name}: every key exists in every locale, non-empty, with the same placeholders`, () => {
      const keys = Object.keys(table.en).sort();
      assert.ok(keys.length > 0);
      for (const locale of LOCALES) {
        const t = table[locale] as Record<string, string>;
        assert.deepEqual(Object.keys(t).sort(), keys, `${locale} keys`);
        for (const k of keys) {
          assert.ok(t[k] && t[k].trim().length > 0, `${locale} ${k} is empty`);
          assert.deepEqual(
            placeholders(t[k]!),
            placeholders((table.en as Record<string, string>)[k]!),
            `${locale} ${k} placeholders`,
          );
        }
      }
    });
  }

  it('every issue code and every problem code has a text', () => {
    for (const code of ISSUE_CODES) assert.ok(Object.hasOwn(MESSAGES.en, code), code);
    for (const code of PROBLEM_CODES) assert.ok(Object.hasOwn(PROBLEM_MESSAGES.en, code), code);
  });

  it('the Chinese texts are translated, not copies', () => {
    for (const code of ISSUE_CODES) assert.notEqual(MESSAGES['zh-CN'][code], MESSAGES.en[code], code);
  });
});

describe('formatIssue', () => {
  it('interpolates params', () => {
    const issue = { code: 'size_step', params: { from: 300, to: 1000, step: 50, lower: 350, upper: 400 } };
    assert.equal(formatIssue(issue, 'en'), 'Between 300 and 1000 Mbit/s the size goes in steps of 50: use 350 or 400.');
    assert.equal(formatIssue(issue, 'zh-CN'), '300–1000 Mbit/s 之间大小以 50 为步长：请使用 350 或 400。');
    assert.equal(formatIssue({ code: 'too_long', params: { max: 64 } }, 'en'), 'Use at most 64 characters.');
    assert.equal(formatIssue({ code: 'too_long', params: { max: 64 } }, 'zh-CN'), '最多 64 个字符。');
  });
  it('picks variants', () => {
    assert.equal(
      formatIssue({ code: 'size_step', params: { from: 1000, to: 1200, step: 500, nearest: 1000 } }, 'en'),
      'Between 1000 and 1200 Mbit/s the size goes in steps of 500: use 1000.',
    );
    assert.equal(
      formatIssue({ code: 'period_range', params: { min: 1, max: 9, periodType: 'month' } }, 'en'),
      'Choose from 1 to 9 months.',
    );
    assert.equal(
      formatIssue({ code: 'period_range', params: { min: 1, max: 3, periodType: 'year' } }, 'zh-CN'),
      '请选择 1 到 3 年。',
    );
    assert.equal(formatIssue({ code: 'invalid_type', params: { expected: 'number' } }, 'en'), 'Enter a number.');
    assert.equal(
      formatIssue({ code: 'invalid_type', params: { expected: 'bigint' } }, 'en'),
      'This value has the wrong type.',
    );
  });
  it('falls back to the issue message for unknown codes', () => {
    assert.equal(formatIssue({ code: 'something_new', message: 'Server says no.' }, 'zh-CN'), 'Server says no.');
  });
  it('interpolate leaves unknown placeholders and ignores inherited keys', () => {
    assert.equal(interpolate('{a} {b} {toString}', { a: 1 }), '1 {b} {toString}');
  });
});

describe('hints', () => {
  it('spells out the shared bandwidth size steps for the tenant range', () => {
    assert.equal(
      hint('sharedBandwidth.size', 'en', { min: 5, max: 1000 }),
      '5–300 Mbit/s in steps of 1, 300–1000 in steps of 50',
    );
    assert.equal(
      hint('sharedBandwidth.size', 'en', { min: 5, max: 2000 }),
      '5–300 Mbit/s in steps of 1, 300–1000 in steps of 50, 1000–2000 in steps of 500',
    );
    assert.equal(
      hint('sharedBandwidth.size', 'zh-CN', { min: 5, max: 1000 }),
      '5–300 Mbit/s，步长 1；300–1000，步长 50',
    );
    assert.equal(hint('sharedBandwidth.size', 'en'), hint('sharedBandwidth.size', 'en', { min: 5, max: 1000 }));
  });
  it('gives the subscription length allowed for the chosen unit', () => {
    assert.equal(hint('package.periodCount.month', 'en', { min: 1, max: 9 }), '1–9 months');
    assert.equal(hint('package.periodCount.year', 'en', { min: 1, max: 3 }), '1–3 years');
    assert.equal(hint('package.periodCount.month', 'zh-CN', { min: 1, max: 9 }), '1–9 个月');
    assert.equal(hint('package.periodCount.year', 'zh-CN', { min: 2, max: 3 }), '2–3 年');
  });
  it('fills params and covers the documented fields', () => {
    assert.equal(hint('workspace.size', 'en', { min: 1, max: 2000 }), '1–2000 Mbit/s');
    assert.equal(hint('package.period.month', 'en'), '1–9 months');
    assert.equal(hint('package.period.year', 'zh-CN'), '1–3 年');
    assert.match(hint('package.description', 'en'), /85/);
    const keys: HintKey[] = ['sharedBandwidth.name', 'workspace.name', 'package.name', 'package.billingMode', 'region'];
    for (const k of keys) for (const l of LOCALES) assert.ok(hint(k, l, { max: 64 }).length > 0);
  });
});

describe('catalogue functions (what a browser bundle uses)', () => {
  it('read the catalogue passed in and format numbers as asked', () => {
    const n = (v: number) => new Intl.NumberFormat('en').format(v);
    assert.equal(
      formatIssueIn(CATALOGUE_ZH_CN, { code: 'too_big', params: { max: 2000 } }, n),
      '最多为 2,000 Mbit/s。',
    );
    assert.equal(formatIssueIn(CATALOGUE_EN, { code: 'too_big', params: { max: 2000 } }), 'Use at most 2000 Mbit/s.');
    assert.equal(
      hintIn(CATALOGUE_EN, 'sharedBandwidth.size', { min: 5, max: 2000 }, n),
      '5–300 Mbit/s in steps of 1, 300–1,000 in steps of 50, 1,000–2,000 in steps of 500',
    );
    assert.equal(problemMessageIn(CATALOGUE_ZH_CN, 'rate_limited'), problemMessage('rate_limited', 'zh-CN'));
    assert.equal(problemMessageIn(CATALOGUE_EN, 'no_such_code'), problemMessage('internal_error', 'en'));
  });
  it('agree with the locale-keyed functions, and the registry holds both catalogues', () => {
    assert.deepEqual(CATALOGUES, { en: CATALOGUE_EN, 'zh-CN': CATALOGUE_ZH_CN });
    for (const locale of LOCALES) {
      for (const code of ISSUE_CODES)
        assert.equal(
          formatIssueIn(CATALOGUES[locale], { code, params: { min: 1, max: 2 } }),
          formatIssue({ code, params: { min: 1, max: 2 } }, locale),
        );
      for (const key of Object.keys(HINTS.en) as HintKey[])
        assert.equal(hintIn(CATALOGUES[locale], key, { min: 1, max: 2 }), hint(key, locale, { min: 1, max: 2 }));
    }
  });
});

describe('problem messages', () => {
  it('per locale, unknown codes fall back', () => {
    assert.match(problemMessage('rate_limited', 'en'), /Too many requests/);
    assert.notEqual(problemMessage('rate_limited', 'zh-CN'), problemMessage('rate_limited', 'en'));
    assert.equal(problemMessage('no_such_code', 'en'), problemMessage('internal_error', 'en'));
  });
});
