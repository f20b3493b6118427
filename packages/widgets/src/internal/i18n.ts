/**
 * UI strings of the widgets in English and Simplified Chinese, locale resolution and number formatting.
 * Field-issue, hint and problem texts come from @bwkit/contracts (`formatIssue`, `hint`, `problemMessage`);
 * only what the contracts do not hold lives here.
 */
import { interpolate, type Locale } from '@bwkit/contracts';

const en = {
  loading: 'Loading…',
  optional: 'optional',
  tryAgain: 'Try again',
  startAgain: 'Start again',
  working: 'Working…',
  region: 'Region',
  size: 'Bandwidth size (Mbit/s)',
  name: 'Name',
  retryAfter: 'Try again in {s} s.',
  network_error: 'The bandwidth service could not be reached. Check your connection and try again.',
  timeout: 'The bandwidth service took too long to answer. Submit again: the order will not be placed twice.',
  job_failed: 'The bandwidth could not be created.',
  requestId: 'Request ID',
  subnetId: 'Subnet ID',
  chargeMode: 'Charge mode',
  'cm.wks_bandwidth': 'By bandwidth',
  'cm.wks_bandwidth.note': 'Yearly/monthly: a fixed size, paid in advance.',
  'cm.wks_traffic': 'By traffic',
  'cm.wks_traffic.note': 'Pay-per-use: billed by the data transferred.',
  'cm.free': 'Free',
  'cm.free.note': 'Pay-per-use at no charge; the size may be left empty.',
  sizeUnlessFree: '{range}. Required unless the charge mode is Free.',
  sizeValue: '{n} Mbit/s',
  createWorkspace: 'Create bandwidth',
  progress: 'Creating the bandwidth',
  'job.pending': 'Waiting for the cloud to start…',
  'job.running': 'Creating the bandwidth… {p}%',
  'job.succeeded': 'Bandwidth created.',
  bandwidthId: 'Bandwidth ID',
  jobId: 'Job ID',
  createShared: 'Create shared bandwidth',
  sharedCreated: 'Shared bandwidth created.',
  bandwidth: 'Bandwidth',
  newSize: 'New size (Mbit/s)',
  newName: 'New name',
  autoPay: 'Pay automatically from the account balance',
  placeOrder: 'Place change order',
  orderPlaced: 'Change order placed.',
  orderId: 'Order ID',
  payInBilling: 'Pay this order in the Billing Center: the change applies only once it is paid.',
  paidAuto: 'The order is paid from your account balance; the change applies shortly.',
  description: 'Description',
  localArea: 'Local area',
  remoteArea: 'Remote area',
  specCode: 'Specification code',
  billingMode: 'Billing mode',
  'kind.prepaid': 'Yearly/monthly',
  'kind.pay-per-use': 'Pay-per-use',
  'kind.95th-percentile': '95th percentile',
  interflowMode: 'Applies to',
  'if.Area': 'Geographic areas',
  'if.Region': 'Cloud regions',
  periodType: 'Subscription unit',
  'pt.month': 'Month',
  'pt.year': 'Year',
  periodCount: 'Subscription length',
  'ph.month': '{min}–{max} months',
  'ph.year': '{min}–{max} years',
  autoRenew: 'Renew automatically',
  createPackage: 'Create bandwidth package',
  packageCreated: 'Bandwidth package created.',
  packageId: 'Package ID',
  'area.Chinese-Mainland': 'Chinese mainland',
  'area.Asia-Pacific': 'Asia Pacific',
  'area.Africa': 'Southern Africa',
  'area.Western-Latin-America': 'Western Latin America',
  'area.Eastern-Latin-America': 'Eastern Latin America',
  'area.Northern-Latin-America': 'Northern Latin America',
};

export type UiKey = keyof typeof en;

const zh: Record<UiKey, string> = {
  loading: '正在加载…',
  optional: '可选',
  tryAgain: '重试',
  startAgain: '重新开始',
  working: '正在处理…',
  region: '区域',
  size: '带宽大小（Mbit/s）',
  name: '名称',
  retryAfter: '请在 {s} 秒后重试。',
  network_error: '无法连接带宽服务，请检查网络后重试。',
  timeout: '带宽服务响应超时。请再次提交，订单不会重复下单。',
  job_failed: '带宽创建失败。',
  requestId: '请求 ID',
  subnetId: '子网 ID',
  chargeMode: '计费方式',
  'cm.wks_bandwidth': '按带宽',
  'cm.wks_bandwidth.note': '包年/包月：固定大小，预先付费。',
  'cm.wks_traffic': '按流量',
  'cm.wks_traffic.note': '按需计费：按实际流量计费。',
  'cm.free': '免费',
  'cm.free.note': '按需计费，不收费；可不填大小。',
  sizeUnlessFree: '{range}；除“免费”外必填。',
  sizeValue: '{n} Mbit/s',
  createWorkspace: '创建带宽',
  progress: '正在创建带宽',
  'job.pending': '等待云服务开始…',
  'job.running': '正在创建带宽… {p}%',
  'job.succeeded': '带宽已创建。',
  bandwidthId: '带宽 ID',
  jobId: '任务 ID',
  createShared: '创建共享带宽',
  sharedCreated: '共享带宽已创建。',
  bandwidth: '带宽',
  newSize: '新的大小（Mbit/s）',
  newName: '新名称',
  autoPay: '自动从账户余额支付',
  placeOrder: '提交变更订单',
  orderPlaced: '变更订单已提交。',
  orderId: '订单 ID',
  payInBilling: '请在费用中心支付此订单：支付后变更才会生效。',
  paidAuto: '订单将从账户余额自动支付，变更稍后生效。',
  description: '描述',
  localArea: '本端区域',
  remoteArea: '远端区域',
  specCode: '规格编码',
  billingMode: '计费模式',
  'kind.prepaid': '包年/包月',
  'kind.pay-per-use': '按需计费',
  'kind.95th-percentile': '95计费',
  interflowMode: '适用范围',
  'if.Area': '地理区域',
  'if.Region': '云区域',
  periodType: '订购单位',
  'pt.month': '月',
  'pt.year': '年',
  periodCount: '订购时长',
  'ph.month': '{min}–{max} 个月',
  'ph.year': '{min}–{max} 年',
  autoRenew: '自动续费',
  createPackage: '创建带宽包',
  packageCreated: '带宽包已创建。',
  packageId: '带宽包 ID',
  'area.Chinese-Mainland': '中国大陆',
  'area.Asia-Pacific': '亚太',
  'area.Africa': '南非',
  'area.Western-Latin-America': '拉美西',
  'area.Eastern-Latin-America': '拉美东',
  'area.Northern-Latin-America': '拉美北',
};

const UI: Record<Locale, Record<UiKey, string>> = { en, 'zh-CN': zh };

/** A UI string in a locale, `{param}`s filled in. */
export const t = (locale: Locale, key: UiKey, params?: Record<string, string | number>): string =>
  interpolate(UI[locale][key], params);

/** `en` or `zh-CN` for a BCP 47 tag (`zh`, `zh-Hans-CN`, `zh-SG` → zh-CN), else undefined. */
export function toLocale(tag: string | null | undefined): Locale | undefined {
  const s = tag?.toLowerCase() ?? '';
  return /^zh(-hans|-cn|-sg|$)/.test(s) ? 'zh-CN' : /^en\b/.test(s) ? 'en' : undefined;
}

/** The `lang` of the nearest ancestor (crossing shadow roots), or undefined. */
export function inheritedLang(el: Element): string | undefined {
  for (let n: Node | null = el; n; ) {
    const hit = n instanceof Element ? n.closest('[lang]') : null;
    if (hit) return hit.getAttribute('lang') ?? undefined;
    const root: Node = (n instanceof Element ? n : (n as Node)).getRootNode();
    n = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/** Numbers as the locale writes them (1000 → "1,000"); strings pass through. */
export const num = (locale: Locale, v: string | number): string =>
  typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : v;

/** A params object with every number formatted for the locale. */
export const localParams = (locale: Locale, p: Record<string, string | number> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, num(locale, v)]));
