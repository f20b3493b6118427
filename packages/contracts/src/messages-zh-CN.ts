/**
 * The Simplified Chinese texts of field issues, field hints and problem codes: plain data, in a module of its own
 * so a browser loads it only when a page shows zh-CN (the widgets import it on demand). Same keys and
 * placeholders as the English catalogue (a test checks).
 */
import type { Catalogue, HintKey, MessageKey } from './messages-en.js';
import type { ProblemCode } from './problem.js';

export const MESSAGES_ZH_CN: Readonly<Record<MessageKey, string>> = {
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
  name_chars: '只能包含字母、数字、下划线（_）、中划线（-）和点（.）。',
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
  unsafe_chars: '不能包含换行、控制字符或文字方向标记，请删除。',
  same_size: '带宽当前已是 {current} Mbit/s，请选择不同的大小。',
};

export const HINTS_ZH_CN: Readonly<Record<HintKey, string>> = {
  'sharedBandwidth.size': '{segments}',
  'sharedBandwidth.size.segment': '{from}–{to} Mbit/s，步长 {step}',
  'sharedBandwidth.size.segmentNext': '{from}–{to}，步长 {step}',
  'sharedBandwidth.size.separator': '；',
  'sharedBandwidth.name': '1–64 个字符：字母、数字、_ - 和 .',
  'workspace.subnetId': '子网 ID，UUID 格式。',
  'workspace.chargeMode': '按带宽计费为包年/包月；免费和按流量计费为按需计费。',
  'workspace.size': '{min}–{max} Mbit/s',
  'workspace.name': '可选，最多 {max} 个字符。',
  'workspace.autoPay': '立即从账户余额支付订单。',
  'package.name': '1–64 个字符，不能包含 < 或 >。',
  'package.description': '可选，最多 85 个字符，不能包含 < 或 >。',
  'package.areas': '两个区域决定规格编码。',
  'package.size': '{min}–{max} Mbit/s',
  'package.billingMode': '包年/包月计费需要填写订购周期。',
  'package.period.month': '1–9 个月',
  'package.period.year': '1–3 年',
  'package.periodCount.month': '{min}–{max} 个月',
  'package.periodCount.year': '{min}–{max} 年',
  region: '只能使用贵组织允许的区域。',
};

export const PROBLEM_MESSAGES_ZH_CN: Readonly<Record<ProblemCode, string>> = {
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
  insufficient_balance: '账户余额不足，无法支付此订单。请先在费用中心充值，然后再支付。',
  order_state_changed: '此订单的状态已变化（已支付、已取消或已过期），无法再支付或取消。',
  payment_not_allowed: '此处不能支付订单，请在费用中心支付。',
  outcome_unknown: '无法确认您的订单是否已提交成功，请先查看订单再重试。',
  store_unavailable: '服务暂时不可用，请稍后重试。',
  policy_violation: '贵组织的策略不允许这些值。',
  spend_cap_exceeded: '此次购买将超出贵组织的月度消费上限。',
  approval_not_pending: '此申请已处理或已过期。',
};

/** The texts of tenant-policy field issues (`checkPolicy`), keyed like POLICY_MESSAGES_EN. */
export const POLICY_MESSAGES_ZH_CN: Readonly<Record<string, string>> = {
  policy_max_size: '贵组织的策略允许最多 {max} Mbit/s。',
  policy_region: '贵组织的策略只允许以下区域：{allowed}。',
  policy_area: '贵组织的策略只允许以下区域范围：{allowed}。',
  policy_billing_mode: '贵组织的策略只允许以下计费模式：{allowed}。',
  policy_period: '贵组织的策略只允许：{allowed}。',
  'policy_period.count': '贵组织的策略最多允许 {max} 个周期。',
  policy_charge_mode: '贵组织的策略只允许以下计费方式：{allowed}。',
};

export const CATALOGUE_ZH_CN: Catalogue = {
  messages: MESSAGES_ZH_CN,
  hints: HINTS_ZH_CN,
  problems: PROBLEM_MESSAGES_ZH_CN,
};
