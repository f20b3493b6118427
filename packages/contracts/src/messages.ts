/**
 * Texts for field issues, field hints and problem codes, in English and Simplified Chinese.
 * Templates use `{param}` placeholders filled from the issue's / caller's params.
 */
import type { FieldIssue, IssueCode } from './issues.js';
import type { ProblemCode } from './problem.js';
import { DEFAULT_LIMITS, sharedBandwidthSizeHint } from './rules.js';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const en = {
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
  name_chars: 'Use only letters, digits, Chinese characters, underscores (_), hyphens (-) and periods (.).',
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
} as const satisfies Record<IssueCode, string> & Record<string, string>;

/** Keys of the issue catalogue: every issue code plus a few variants (`invalid_type.number`, …). */
export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  required: '此项为必填项。',
  invalid_type: '此值的类型不正确。',
  'invalid_type.number': '请输入数字。',
  'invalid_type.string': '请输入文本。',
  'invalid_type.boolean': '请选择是或否。',
  'invalid_type.object': '请填写这组字段。',
  not_integer: '请输入整数。',
  too_small: '至少为 {min} Mbit/s。',
  too_big: '最多为 {max} Mbit/s。',
  size_step: '{from}–{to} Mbit/s 之间大小以 {step} 为步长：请使用 {lower} 或 {upper}。',
  'size_step.one': '{from}–{to} Mbit/s 之间大小以 {step} 为步长：请使用 {nearest}。',
  too_long: '最多 {max} 个字符。',
  name_chars: '只能包含字母、数字、中文、下划线（_）、中划线（-）和点（.）。',
  angle_brackets: '不能包含尖括号（< 和 >），请删除。',
  id_chars: '只能包含字母、数字和中划线（-）。',
  invalid_format: '此值的格式不正确。',
  invalid_enum: '请从以下选项中选择：{allowed}。',
  invalid_uuid: '请输入 UUID 格式的 ID，例如 2fe2cebf-fb0c-40a6-8daa-f60bef147583。',
  spec_code_unavailable: '{local} 与 {remote} 之间没有带宽包，请选择其他区域组合。',
  spec_code_not_on_site: '本站点不售卖 {local} 与 {remote} 之间的带宽包（{specCode}）。',
  spec_code_mismatch: '这两个区域的规格编码应为 {expected}。',
  billing_mode_not_on_site: '本站点不支持此计费模式，请从以下选项中选择：{allowed}。',
  prepaid_required: '包年/包月计费需要填写订购周期。',
  prepaid_not_allowed: '只有包年/包月计费才能填写订购周期。',
  period_range: '请选择 {min} 到 {max}。',
  'period_range.month': '请选择 {min} 到 {max} 个月。',
  'period_range.year': '请选择 {min} 到 {max} 年。',
  region_not_allowed: '您不能使用此区域，请从以下选项中选择：{allowed}。',
  resource_id_required: '请输入带宽包要绑定的资源 ID。',
};

/** Issue texts per locale, keyed by issue code (and variants). */
export const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, 'zh-CN': zhCN };

const hintsEn = {
  /** Params `{min, max}`; expands to the step bands, e.g. "5–300 Mbit/s in steps of 1, 300–1000 in steps of 50". */
  'sharedBandwidth.size': '{segments}',
  'sharedBandwidth.size.segment': '{from}–{to} Mbit/s in steps of {step}',
  'sharedBandwidth.size.segmentNext': '{from}–{to} in steps of {step}',
  'sharedBandwidth.size.separator': ', ',
  'sharedBandwidth.name': '1–64 characters: letters, digits, Chinese characters, _ - and .',
  'workspace.subnetId': 'The ID of the subnet, in UUID format.',
  'workspace.chargeMode': 'By bandwidth is yearly/monthly; free and by traffic are pay-per-use.',
  'workspace.size': '{min}–{max} Mbit/s',
  'workspace.name': 'Optional, up to {max} characters.',
  'workspace.autoPay': 'Pay the order from your account balance right away.',
  'package.name': '1–64 characters.',
  'package.description': 'Optional, up to 85 characters, without < or >.',
  'package.areas': 'The two areas decide the specification code.',
  'package.size': '{min}–{max} Mbit/s',
  'package.billingMode': 'Yearly/monthly billing needs a subscription period.',
  'package.period.month': '1–9 months',
  'package.period.year': '1–3 years',
  region: 'Only the regions your organisation allows.',
} as const;

export type HintKey = keyof typeof hintsEn;

const hintsZh: Record<HintKey, string> = {
  'sharedBandwidth.size': '{segments}',
  'sharedBandwidth.size.segment': '{from}–{to} Mbit/s，步长 {step}',
  'sharedBandwidth.size.segmentNext': '{from}–{to}，步长 {step}',
  'sharedBandwidth.size.separator': '；',
  'sharedBandwidth.name': '1–64 个字符：字母、数字、中文、_ - 和 .',
  'workspace.subnetId': '子网 ID，UUID 格式。',
  'workspace.chargeMode': '按带宽计费为包年/包月；免费和按流量计费为按需计费。',
  'workspace.size': '{min}–{max} Mbit/s',
  'workspace.name': '可选，最多 {max} 个字符。',
  'workspace.autoPay': '立即从账户余额支付订单。',
  'package.name': '1–64 个字符。',
  'package.description': '可选，最多 85 个字符，不能包含 < 或 >。',
  'package.areas': '两个区域决定规格编码。',
  'package.size': '{min}–{max} Mbit/s',
  'package.billingMode': '包年/包月计费需要填写订购周期。',
  'package.period.month': '1–9 个月',
  'package.period.year': '1–3 年',
  region: '只能使用贵组织允许的区域。',
};

/** Hint texts per locale. */
export const HINTS: Readonly<Record<Locale, Readonly<Record<HintKey, string>>>> = { en: hintsEn, 'zh-CN': hintsZh };

const problemsEn = {
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
} as const satisfies Record<ProblemCode, string>;

const problemsZh: Record<ProblemCode, string> = {
  validation_failed: '部分字段需要修改。',
  token_missing: '您尚未登录，请刷新页面后重试。',
  token_invalid: '会话无效，请刷新页面后重试。',
  token_expired: '会话已过期，请刷新页面后重试。',
  scope_missing: '您无权执行此操作。',
  tenant_unknown: '此组织尚未开通带宽购买。',
  origin_forbidden: '此页面无权使用带宽服务。',
  rate_limited: '请求过于频繁，请稍后重试。',
  idempotency_key_missing: '无法识别此请求，请重试。',
  idempotency_key_reused: '此请求已使用不同的内容提交过，请重新开始。',
  idempotency_in_progress: '此请求仍在处理中，请稍候。',
  not_found: '未找到。',
  payload_too_large: '请求内容过大。',
  unsupported_media_type: '不支持此请求格式。',
  upstream_rejected: '云服务拒绝了此请求。',
  upstream_conflict: '云服务报告与当前状态冲突，请刷新后重试。',
  upstream_unavailable: '云服务暂不可用，请稍后重试。',
  upstream_timeout: '云服务响应超时，请稍后重试。',
  upstream_rate_limited: '云服务繁忙，请稍后重试。',
  upstream_bad_response: '云服务返回了意外的响应，请稍后重试。',
  internal_error: '系统出错，请稍后重试。',
};

/** Problem-code texts per locale (what a widget shows for a failed call). */
export const PROBLEM_MESSAGES: Readonly<Record<Locale, Readonly<Record<ProblemCode, string>>>> = {
  en: problemsEn,
  'zh-CN': problemsZh,
};

/** Replaces `{name}` with `params.name`; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : m,
  );
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

/** Falls back to English, then to `fallback`. */
function lookup(table: Readonly<Record<Locale, Readonly<Record<string, string>>>>, locale: Locale, key: string) {
  const t = table[locale] ?? table.en;
  return Object.hasOwn(t, key) ? t[key] : Object.hasOwn(table.en, key) ? table.en[key] : undefined;
}

/**
 * The text of an issue in a locale, with its params filled in. Unknown codes fall back to the issue's
 * own `message`.
 */
export function formatIssue(issue: Pick<FieldIssue, 'code' | 'params'> & { message?: string }, locale: Locale): string {
  const key = messageKey(issue);
  const template = lookup(MESSAGES, locale, key) ?? lookup(MESSAGES, locale, issue.code);
  return template === undefined ? (issue.message ?? issue.code) : interpolate(template, issue.params);
}

/**
 * A field hint in a locale. For 'sharedBandwidth.size' pass `{min, max}` (the tenant's range; default
 * 5–1000) and the step bands are spelled out: "5–300 Mbit/s in steps of 1, 300–1000 in steps of 50".
 */
export function hint(key: HintKey, locale: Locale, params?: Record<string, string | number>): string {
  let p = params;
  if (key === 'sharedBandwidth.size' && p?.segments === undefined) {
    const { minMbps, maxMbps } = DEFAULT_LIMITS.sharedBandwidth;
    const segments = sharedBandwidthSizeHint({ minMbps: Number(p?.min ?? minMbps), maxMbps: Number(p?.max ?? maxMbps) })
      .map((s, i) => hint(i === 0 ? 'sharedBandwidth.size.segment' : 'sharedBandwidth.size.segmentNext', locale, { ...s }))
      .join(hint('sharedBandwidth.size.separator', locale));
    p = { ...p, segments };
  }
  return interpolate(lookup(HINTS, locale, key) ?? key, p);
}

/** The text for a problem code in a locale (unknown codes fall back to internal_error's text). */
export function problemMessage(code: string, locale: Locale): string {
  return lookup(PROBLEM_MESSAGES, locale, code) ?? lookup(PROBLEM_MESSAGES, locale, 'internal_error')!;
}
