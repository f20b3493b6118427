/**
 * The English texts of field issues, field hints and problem codes, and the functions that read a locale's
 * catalogue. zod-free and free of the other locales, so a browser bundle carries only what it shows by default;
 * another locale's catalogue (messages-zh-CN.ts) is loaded when needed and passed in. messages.ts puts every
 * locale together (`formatIssue(issue, 'zh-CN')`), for servers and tests.
 * Templates use `{param}` placeholders filled from the issue's / caller's params.
 */
import type { FieldIssue, IssueCode } from './issues.js';
import type { ProblemCode } from './problem.js';
import { DEFAULT_LIMITS, sharedBandwidthSizeHint } from './rules.js';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Issue texts, keyed by issue code (and variants such as `invalid_type.number`). */
export const MESSAGES_EN = {
  required: 'This field is required.',
  invalid_type: 'This value has the wrong type.',
  'invalid_type.number': 'Enter a number.',
  'invalid_type.string': 'Enter text.',
  'invalid_type.boolean': 'Choose yes or no.',
  'invalid_type.object': 'Fill in this group of fields.',
  not_integer: 'Enter a whole number.',
  too_small: 'Use at least {min} Mbit/s.',
  too_big: 'Use at most {max} Mbit/s.',
  size_step: 'Between {from} and {to} Mbit/s the size goes in steps of {step}: use {lower} or {upper}.',
  'size_step.one': 'Between {from} and {to} Mbit/s the size goes in steps of {step}: use {nearest}.',
  too_long: 'Use at most {max} characters.',
  name_chars: 'Use only letters, digits, underscores (_), hyphens (-) and periods (.).',
  angle_brackets: 'Remove the angle brackets (< and >); they are not allowed.',
  id_chars: 'Use only letters, digits and hyphens (-).',
  invalid_format: 'This value is not in the expected format.',
  invalid_enum: 'Choose one of: {allowed}.',
  invalid_uuid: 'Enter an ID in UUID format, such as 2fe2cebf-fb0c-40a6-8daa-f60bef147583.',
  spec_code_unavailable: 'No bandwidth package connects {local} and {remote}. Choose another pair of areas.',
  spec_code_not_on_site: 'Bandwidth packages between {local} and {remote} ({specCode}) are not sold on this site.',
  spec_code_mismatch: 'The specification code for these areas is {expected}.',
  billing_mode_not_on_site: 'This billing mode is not available on this site. Choose one of: {allowed}.',
  prepaid_required: 'Yearly/monthly billing needs a subscription period.',
  prepaid_not_allowed: 'A subscription period only goes with yearly/monthly billing.',
  period_range: 'Choose from {min} to {max}.',
  'period_range.month': 'Choose from {min} to {max} months.',
  'period_range.year': 'Choose from {min} to {max} years.',
  region_not_allowed: 'This region is not available to you. Choose one of: {allowed}.',
  resource_id_required: 'Enter the ID of the resource to bind the package to.',
  unsafe_chars: 'Remove line breaks, control characters and text-direction marks; they are not allowed.',
  same_size: 'The bandwidth is already {current} Mbit/s. Choose a different size.',
} as const satisfies Record<IssueCode, string> & Record<string, string>;

/** Keys of the issue catalogue: every issue code plus a few variants (`invalid_type.number`, …). */
export type MessageKey = keyof typeof MESSAGES_EN;

/** Field hints. */
export const HINTS_EN = {
  /** Params `{min, max}`; expands to the step bands, e.g. "5–300 Mbit/s in steps of 1, 300–1000 in steps of 50". */
  'sharedBandwidth.size': '{segments}',
  'sharedBandwidth.size.segment': '{from}–{to} Mbit/s in steps of {step}',
  'sharedBandwidth.size.segmentNext': '{from}–{to} in steps of {step}',
  'sharedBandwidth.size.separator': ', ',
  'sharedBandwidth.name': '1–64 characters: letters, digits, _ - and .',
  'workspace.subnetId': 'The ID of the subnet, in UUID format.',
  'workspace.chargeMode': 'By bandwidth is yearly/monthly; free and by traffic are pay-per-use.',
  'workspace.size': '{min}–{max} Mbit/s',
  'workspace.name': 'Optional, up to {max} characters.',
  'workspace.autoPay': 'Pay the order from your account balance right away.',
  'package.name': '1–64 characters, without < or >.',
  'package.description': 'Optional, up to 85 characters, without < or >.',
  'package.areas': 'The two areas decide the specification code.',
  'package.size': '{min}–{max} Mbit/s',
  'package.billingMode': 'Yearly/monthly billing needs a subscription period.',
  'package.period.month': '1–9 months',
  'package.period.year': '1–3 years',
  /** Params `{min, max}`: the subscription length allowed for the chosen unit (`periodRanges` of GET /v1/config). */
  'package.periodCount.month': '{min}–{max} months',
  'package.periodCount.year': '{min}–{max} years',
  region: 'Only the regions your organisation allows.',
} as const;

export type HintKey = keyof typeof HINTS_EN;

/** Problem-code texts (what a widget shows for a failed call). */
export const PROBLEM_MESSAGES_EN = {
  validation_failed: 'Some fields need attention.',
  token_missing: 'You are not signed in. Reload the page and try again.',
  token_invalid: 'Your session is not valid. Reload the page and try again.',
  token_expired: 'Your session has expired. Reload the page and try again.',
  scope_missing: 'You are not allowed to do this.',
  tenant_unknown: 'This organisation is not set up for bandwidth purchases.',
  origin_forbidden: 'This page is not allowed to use the bandwidth service.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  idempotency_key_missing: 'The request could not be identified. Try again.',
  idempotency_key_reused: 'This request was already sent with different values. Start again.',
  idempotency_in_progress: 'This request is still being processed. Wait a moment.',
  not_found: 'Not found.',
  payload_too_large: 'The request is too large.',
  unsupported_media_type: 'The request format is not supported.',
  upstream_rejected: 'The cloud service refused the request.',
  upstream_conflict: 'The cloud service reports a conflict with the current state. Refresh and try again.',
  upstream_unavailable: 'The cloud service is unavailable. Try again later.',
  upstream_timeout: 'The cloud service did not answer in time. Try again later.',
  upstream_rate_limited: 'The cloud service is busy. Try again in a moment.',
  upstream_bad_response: 'The cloud service sent an unexpected answer. Try again later.',
  internal_error: 'Something went wrong on our side. Try again later.',
  insufficient_balance:
    'Your account balance is too low to pay this order. Top up in the billing center, then pay again.',
  order_state_changed: 'This order has changed: paid, cancelled or expired.',
  payment_not_allowed: 'Orders cannot be paid here. Pay this order in the billing center.',
  outcome_unknown: 'We could not confirm whether your order went through. Check your orders before trying again.',
  store_unavailable: 'The service is unavailable. Try again in a moment.',
  policy_violation: "Your organisation's policy does not allow these values.",
  spend_cap_exceeded: "This purchase would exceed your organisation's monthly spending limit.",
  approval_not_pending: 'This request was already decided or has expired.',
} as const satisfies Record<ProblemCode, string>;

/** One locale's texts. */
export interface Catalogue {
  readonly messages: Readonly<Record<MessageKey, string>>;
  readonly hints: Readonly<Record<HintKey, string>>;
  readonly problems: Readonly<Record<ProblemCode, string>>;
}

export const CATALOGUE_EN: Catalogue = { messages: MESSAGES_EN, hints: HINTS_EN, problems: PROBLEM_MESSAGES_EN };

type Params = Record<string, string | number>;
/** How numbers are written into a text; `String` unless a caller formats for its locale (1000 → "1,000"). */
export type NumberFormat = (n: number) => string;

/** Replaces `{name}` with `params.name` (numbers through `format`); unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Params, format: NumberFormat = String): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!Object.hasOwn(params, name)) return m;
    const v = params[name]!; // own property, checked just above
    return typeof v === 'number' ? format(v) : v;
  });
}

/** `table[key]`, else English's, else undefined. */
function pick(table: Readonly<Record<string, string>>, en: Readonly<Record<string, string>>, key: string) {
  return Object.hasOwn(table, key) ? table[key] : Object.hasOwn(en, key) ? en[key] : undefined;
}

/** The catalogue key for an issue: a variant where one applies, else the code. */
function messageKey(issue: Pick<FieldIssue, 'code' | 'params'>): string {
  const p = issue.params ?? {};
  const variant =
    issue.code === 'invalid_type'
      ? p.expected
      : issue.code === 'period_range'
        ? p.periodType
        : issue.code === 'size_step' && p.upper === undefined
          ? 'one'
          : undefined;
  return variant === undefined ? issue.code : `${issue.code}.${variant}`;
}

/**
 * The text of an issue from a catalogue, with its params filled in. Unknown codes fall back to the issue's
 * own `message`.
 */
export function formatIssueIn(
  catalogue: Catalogue,
  issue: Pick<FieldIssue, 'code' | 'params'> & { message?: string },
  format?: NumberFormat,
): string {
  const template =
    pick(catalogue.messages, MESSAGES_EN, messageKey(issue)) ?? pick(catalogue.messages, MESSAGES_EN, issue.code);
  return template === undefined ? (issue.message ?? issue.code) : interpolate(template, issue.params, format);
}

/**
 * A field hint from a catalogue. For 'sharedBandwidth.size' pass `{min, max}` (the tenant's range; default
 * 5–1000) and the step bands are spelled out: "5–300 Mbit/s in steps of 1, 300–1000 in steps of 50".
 */
export function hintIn(catalogue: Catalogue, key: HintKey, params?: Params, format?: NumberFormat): string {
  const text = (k: HintKey, p?: Params) => interpolate(pick(catalogue.hints, HINTS_EN, k) ?? k, p, format);
  let p = params;
  if (key === 'sharedBandwidth.size' && p?.segments === undefined) {
    const { minMbps, maxMbps } = DEFAULT_LIMITS.sharedBandwidth;
    const segments = sharedBandwidthSizeHint({ minMbps: Number(p?.min ?? minMbps), maxMbps: Number(p?.max ?? maxMbps) })
      .map((s, i) => text(i === 0 ? 'sharedBandwidth.size.segment' : 'sharedBandwidth.size.segmentNext', { ...s }))
      .join(text('sharedBandwidth.size.separator'));
    p = { ...p, segments };
  }
  return text(key, p);
}

/** The text for a problem code from a catalogue (unknown codes fall back to internal_error's text). */
export function problemMessageIn(catalogue: Catalogue, code: string): string {
  // PROBLEM_MESSAGES_EN has a text for every problem code, internal_error included.
  return (
    pick(catalogue.problems, PROBLEM_MESSAGES_EN, code) ??
    pick(catalogue.problems, PROBLEM_MESSAGES_EN, 'internal_error')!
  );
}
