/**
 * Texts for field issues, field hints and problem codes in every locale (English and Simplified Chinese),
 * looked up by locale. For servers and tests; a browser bundle that wants only English up front uses the
 * catalogue functions of messages-en.ts (`formatIssueIn`, `hintIn`, `problemMessageIn`) and loads
 * messages-zh-CN.ts when it needs it.
 */

import type { FieldIssue } from './issues.js';
import {
  CATALOGUE_EN,
  type Catalogue,
  formatIssueIn,
  HINTS_EN,
  type HintKey,
  hintIn,
  type Locale,
  MESSAGES_EN,
  type MessageKey,
  PROBLEM_MESSAGES_EN,
  problemMessageIn,
} from './messages-en.js';
import { CATALOGUE_ZH_CN, HINTS_ZH_CN, MESSAGES_ZH_CN, PROBLEM_MESSAGES_ZH_CN } from './messages-zh-CN.js';
import type { ProblemCode } from './problem.js';

export type {
  Catalogue,
  HintKey,
  Locale,
  MessageKey,
  NumberFormat,
} from './messages-en.js';
export {
  CATALOGUE_EN,
  formatIssueIn,
  HINTS_EN,
  hintIn,
  interpolate,
  LOCALES,
  MESSAGES_EN,
  PROBLEM_MESSAGES_EN,
  problemMessageIn,
} from './messages-en.js';
export {
  CATALOGUE_ZH_CN,
  HINTS_ZH_CN,
  MESSAGES_ZH_CN,
  PROBLEM_MESSAGES_ZH_CN,
} from './messages-zh-CN.js';

/** Every locale's catalogue. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en: CATALOGUE_EN, 'zh-CN': CATALOGUE_ZH_CN };

/** Issue texts per locale, keyed by issue code (and variants). */
export const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  en: MESSAGES_EN,
  'zh-CN': MESSAGES_ZH_CN,
};
/** Hint texts per locale. */
export const HINTS: Readonly<Record<Locale, Readonly<Record<HintKey, string>>>> = {
  en: HINTS_EN,
  'zh-CN': HINTS_ZH_CN,
};
/** Problem-code texts per locale (what a widget shows for a failed call). */
export const PROBLEM_MESSAGES: Readonly<Record<Locale, Readonly<Record<ProblemCode, string>>>> = {
  en: PROBLEM_MESSAGES_EN,
  'zh-CN': PROBLEM_MESSAGES_ZH_CN,
};

/** A locale's catalogue; English for an unknown locale. */
const catalogueOf = (locale: Locale): Catalogue => CATALOGUES[locale] ?? CATALOGUE_EN;

/**
 * The text of an issue in a locale, with its params filled in. Unknown codes fall back to the issue's
 * own `message`.
 */
export function formatIssue(issue: Pick<FieldIssue, 'code' | 'params'> & { message?: string }, locale: Locale): string {
  return formatIssueIn(catalogueOf(locale), issue);
}

/**
 * A field hint in a locale. For 'sharedBandwidth.size' pass `{min, max}` (the tenant's range; default
 * 5–1000) and the step bands are spelled out: "5–300 Mbit/s in steps of 1, 300–1000 in steps of 50".
 */
export function hint(key: HintKey, locale: Locale, params?: Record<string, string | number>): string {
  return hintIn(catalogueOf(locale), key, params);
}

/** The text for a problem code in a locale (unknown codes fall back to internal_error's text). */
export function problemMessage(code: string, locale: Locale): string {
  return problemMessageIn(catalogueOf(locale), code);
}
