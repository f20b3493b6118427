/**
 * The simulator's own implementation of the upstream services' documented request rules (seeds 000–003 plus
 * UPSTREAM-FACTS.md). It deliberately does NOT import @bwkit/contracts: the BFF's rules are tested against this
 * independent implementation, so a mistake made in one place is caught by the other.
 *
 * Every check returns the normalised value or the service's own error code and a message naming the field.
 */
import type { CcAreaId } from '@bwkit/huaweicloud';

export type Site = 'international' | 'chinese-mainland';

export type Check<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): { ok: false; code: string; message: string } => ({ ok: false, code, message });
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
/** Optional fields: JSON null is treated like an absent field, as the upstream (Java) services do. */
const absent = (v: unknown): v is undefined | null => v === undefined || v === null;
const charLength = (s: string): number => [...s].length;

export const INT32_MAX = 2_147_483_647;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---- Workspace (seeds 000, 001) --------------------------------------------------------------------------------

export const WKS_INVALID = 'WKS.0001';
export const WKS_CONFLICT = 'WKS.00010032';
/** Not a documented code: the simulator's stand-in for "internal error" (injected 5xx faults). */
export const WKS_INTERNAL = 'WKS.0500';
export const WKS_NOT_ENABLED = 'WKS.00010099';

export const WORKSPACE_CHARGE_MODES = ['wks_bandwidth', 'free', 'wks_traffic'] as const;
export type WorkspaceChargeMode = (typeof WORKSPACE_CHARGE_MODES)[number];
/** SubnetBandwidthDetail.bandwidth_name is unconstrained upstream; 64 is the simulator's (and the brief's) limit. */
export const WORKSPACE_NAME_MAX = 64;

export interface WorkspaceCreateInput {
  subnet_id: string;
  charge_mode: WorkspaceChargeMode;
  bandwidth_size?: number;
  bandwidth_name?: string;
  enterprise_project_id: string;
}

/** createWorkspaceBandwidth — seed 000 and the SDK model ApplySubnetBandwidthReq. */
export function checkCreateWorkspaceBandwidth(body: unknown): Check<WorkspaceCreateInput> {
  if (!isObject(body)) return fail(WKS_INVALID, 'The request body must be a JSON object.');
  const { subnet_id, charge_mode, bandwidth_size, bandwidth_name, enterprise_project_id } = body;
  if (typeof subnet_id !== 'string' || subnet_id.trim() === '') {
    return fail(WKS_INVALID, 'Invalid parameter subnet_id: it is required and must be a non-empty string.');
  }
  if (typeof charge_mode !== 'string' || !(WORKSPACE_CHARGE_MODES as readonly string[]).includes(charge_mode)) {
    return fail(WKS_INVALID, 'Invalid parameter charge_mode: it is required and must be one of wks_bandwidth, free, wks_traffic.');
  }
  const mode = charge_mode as WorkspaceChargeMode;
  if (!absent(bandwidth_size) && (!isInteger(bandwidth_size) || bandwidth_size < 1 || bandwidth_size > INT32_MAX)) {
    return fail(WKS_INVALID, 'Invalid parameter bandwidth_size: it must be an integer of at least 1.');
  }
  // Optional in the model, but bandwidth- and traffic-billed bandwidth cannot exist without a size.
  if (absent(bandwidth_size) && mode !== 'free') {
    return fail(WKS_INVALID, `Invalid parameter bandwidth_size: it is required when charge_mode is ${mode}.`);
  }
  if (!absent(bandwidth_name) && (typeof bandwidth_name !== 'string' || charLength(bandwidth_name) > WORKSPACE_NAME_MAX)) {
    return fail(WKS_INVALID, `Invalid parameter bandwidth_name: it must be a string of at most ${WORKSPACE_NAME_MAX} characters.`);
  }
  if (!absent(enterprise_project_id) && typeof enterprise_project_id !== 'string') {
    return fail(WKS_INVALID, 'Invalid parameter enterprise_project_id: it must be a string.');
  }
  const value: WorkspaceCreateInput = {
    subnet_id,
    charge_mode: mode,
    enterprise_project_id: typeof enterprise_project_id === 'string' && enterprise_project_id !== '' ? enterprise_project_id : '0',
  };
  if (isInteger(bandwidth_size)) value.bandwidth_size = bandwidth_size;
  if (typeof bandwidth_name === 'string') value.bandwidth_name = bandwidth_name;
  return ok(value);
}

export interface WorkspaceChangeInput {
  size: number;
  bandwidth_name?: string;
  enterprise_project_id?: string;
  autoPay: boolean;
}

/** changeWorkspaceBandwidth — seed 001. */
export function checkChangeWorkspaceBandwidth(body: unknown): Check<WorkspaceChangeInput> {
  if (!isObject(body)) return fail(WKS_INVALID, 'The request body must be a JSON object.');
  const { bandwidth_size, bandwidth_name, enterprise_project_id, extend_param } = body;
  if (absent(bandwidth_size)) return fail(WKS_INVALID, 'Invalid parameter bandwidth_size: it is required.');
  // Seed 001 and the SDK model type bandwidth_size as String: a JSON number is a type error upstream
  // (the service's deserialiser rejects it), so the simulator refuses it too rather than coercing.
  if (typeof bandwidth_size !== 'string') {
    return fail(WKS_INVALID, 'Invalid parameter bandwidth_size: it must be a string holding a positive integer, e.g. "20".');
  }
  if (!/^[1-9][0-9]*$/.test(bandwidth_size) || Number(bandwidth_size) > INT32_MAX) {
    return fail(WKS_INVALID, `Invalid parameter bandwidth_size: "${bandwidth_size}" is not a positive integer.`);
  }
  if (!absent(bandwidth_name) && (typeof bandwidth_name !== 'string' || charLength(bandwidth_name) > WORKSPACE_NAME_MAX)) {
    return fail(WKS_INVALID, `Invalid parameter bandwidth_name: it must be a string of at most ${WORKSPACE_NAME_MAX} characters.`);
  }
  if (!absent(enterprise_project_id) && typeof enterprise_project_id !== 'string') {
    return fail(WKS_INVALID, 'Invalid parameter enterprise_project_id: it must be a string.');
  }
  let autoPay = false;
  if (!absent(extend_param)) {
    if (!isObject(extend_param)) return fail(WKS_INVALID, 'Invalid parameter extend_param: it must be an object.');
    const { is_auto_pay } = extend_param;
    if (!absent(is_auto_pay)) {
      // OrderExtendParam.is_auto_pay is a String: exactly "true" or "false" (a JSON boolean is refused).
      if (is_auto_pay !== 'true' && is_auto_pay !== 'false') {
        return fail(WKS_INVALID, 'Invalid parameter extend_param.is_auto_pay: it must be the string "true" or "false".');
      }
      autoPay = is_auto_pay === 'true';
    }
  }
  const value: WorkspaceChangeInput = { size: Number(bandwidth_size), autoPay };
  if (typeof bandwidth_name === 'string') value.bandwidth_name = bandwidth_name;
  if (typeof enterprise_project_id === 'string') value.enterprise_project_id = enterprise_project_id;
  return ok(value);
}

// ---- VPC shared bandwidth (seed 002) ---------------------------------------------------------------------------

export const VPC_BAD_REQUEST = 'VPC.0002';
export const VPC_BAD_NAME = 'VPC.0301';
export const VPC_BAD_ENTERPRISE_PROJECT = 'VPC.0011';
export const VPC_TENANT_MISMATCH = 'VPC.0007';
export const VPC_NO_QUOTA = 'VPC.0304';
export const VPC_INTERNAL = 'VPC.0302';
export const VPC_NO_QUOTA_MESSAGE = 'createBandwidth error. NO QUOTAS for shareBandwidthIP!';
export const VPC_SHARED_BANDWIDTH_QUOTA = 50;

/**
 * Size range: the seed says "1 to 1000 by default, minimum 5 by default, may vary by region configuration";
 * Terraform documents 5–2000. The simulator takes the widest documented range, 5–2000.
 */
export const VPC_SIZE_MIN = 5;
export const VPC_SIZE_MAX = 2000;
/** 95peak_plus (enhanced 95th percentile) needs at least 300 Mbit/s. */
export const VPC_95PEAK_MIN = 300;
/** Letters, digits, `_ - .`; Chinese characters too (newer docs). 1–64 characters. */
export const VPC_NAME_RE = /^[A-Za-z0-9_\-.\u4e00-\u9fa5]{1,64}$/;

/** "10.2" → 10, "10" → 10, 10.7 → 10 (the seed: decimals and strings are converted to an integer). */
export function coerceVpcSize(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(v)) n = Number(v);
  else return undefined;
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Step rule: any integer up to 300, multiples of 50 above 300 up to 1000, multiples of 500 above 1000. */
export function vpcSizeStep(size: number): 1 | 50 | 500 {
  return size <= 300 ? 1 : size <= 1000 ? 50 : 500;
}

export interface SharedBandwidthInput {
  name: string;
  size: number;
  enterprise_project_id: string;
  charge_mode: 'bandwidth' | '95peak_plus';
  bandwidth_type: 'share' | 'edgeshare';
  public_border_group?: string;
}

export function checkCreateSharedBandwidth(body: unknown): Check<SharedBandwidthInput> {
  if (!isObject(body)) return fail(VPC_BAD_REQUEST, 'Invalid request body: it must be a JSON object.');
  const bw = body['bandwidth'];
  if (!isObject(bw)) return fail(VPC_BAD_REQUEST, 'Invalid request body: bandwidth is required and must be an object.');
  const { name, size, enterprise_project_id, charge_mode, bandwidth_type, public_border_group } = bw;
  if (typeof name !== 'string' || !VPC_NAME_RE.test(name)) {
    return fail(VPC_BAD_NAME, 'Invalid bandwidth name: it must be 1 to 64 characters of letters, digits, underscores (_), hyphens (-), periods (.) or Chinese characters.');
  }
  if (absent(size)) return fail(VPC_BAD_REQUEST, 'Invalid bandwidth size: size is required.');
  const n = coerceVpcSize(size);
  if (n === undefined) return fail(VPC_BAD_REQUEST, 'Invalid bandwidth size: size must be a number.');
  if (n < VPC_SIZE_MIN || n > VPC_SIZE_MAX) {
    return fail(VPC_BAD_REQUEST, `Invalid bandwidth size ${n}: size must be from ${VPC_SIZE_MIN} to ${VPC_SIZE_MAX} Mbit/s.`);
  }
  const step = vpcSizeStep(n);
  if (n % step !== 0) {
    const band = step === 50 ? 'above 300 up to 1000 Mbit/s' : 'above 1000 Mbit/s';
    return fail(VPC_BAD_REQUEST, `Invalid bandwidth size ${n}: ${band} the size must be a multiple of ${step}.`);
  }
  let mode: SharedBandwidthInput['charge_mode'] = 'bandwidth';
  if (!absent(charge_mode)) {
    if (charge_mode !== 'bandwidth' && charge_mode !== '95peak_plus') {
      return fail(VPC_BAD_REQUEST, 'Invalid charge_mode: it must be bandwidth or 95peak_plus.');
    }
    mode = charge_mode;
  }
  if (mode === '95peak_plus' && n < VPC_95PEAK_MIN) {
    return fail(VPC_BAD_REQUEST, `Invalid bandwidth size ${n}: charge_mode 95peak_plus needs at least ${VPC_95PEAK_MIN} Mbit/s.`);
  }
  let type: SharedBandwidthInput['bandwidth_type'] = 'share';
  if (!absent(bandwidth_type)) {
    if (bandwidth_type !== 'share' && bandwidth_type !== 'edgeshare') {
      return fail(VPC_BAD_REQUEST, 'Invalid bandwidth_type: it must be share or edgeshare.');
    }
    type = bandwidth_type;
  }
  if (!absent(public_border_group) && typeof public_border_group !== 'string') {
    return fail(VPC_BAD_REQUEST, 'Invalid public_border_group: it must be a string.');
  }
  let ep = '0';
  if (!absent(enterprise_project_id)) {
    if (typeof enterprise_project_id !== 'string' || (enterprise_project_id !== '0' && !UUID_RE.test(enterprise_project_id))) {
      return fail(VPC_BAD_ENTERPRISE_PROJECT, 'Invalid enterprise_project_id: it must be 0 or a UUID (36 characters with hyphens).');
    }
    ep = enterprise_project_id;
  }
  const value: SharedBandwidthInput = { name, size: n, enterprise_project_id: ep, charge_mode: mode, bandwidth_type: type };
  if (typeof public_border_group === 'string') value.public_border_group = public_border_group;
  return ok(value);
}

// ---- Cloud Connect bandwidth package (seed 003) ----------------------------------------------------------------

export const CC_INVALID = 'CC.1001';
export const CC_NAME_IN_USE = 'CC.1053';
export const CC_DOMAIN_MISMATCH = 'CC.1001';
export const CC_INTERNAL = 'CC.1007';

export const CC_AREAS: readonly CcAreaId[] = [
  'Chinese-Mainland', 'Asia-Pacific', 'Africa', 'Western-Latin-America', 'Eastern-Latin-America', 'Northern-Latin-America',
];

const AREA_BY_ABBR: Record<string, CcAreaId> = {
  cm: 'Chinese-Mainland', ap: 'Asia-Pacific', af: 'Africa',
  wla: 'Western-Latin-America', ela: 'Eastern-Latin-America', nla: 'Northern-Latin-America',
};

export interface CcSpec {
  code: string;
  areas: readonly [CcAreaId, CcAreaId];
  sites: readonly Site[];
}

const BOTH: readonly Site[] = ['chinese-mainland', 'international'];
const INTL: readonly Site[] = ['international'];

/** The 19 documented specification codes, each with its area pair and the website(s) it is sold on. */
export const CC_SPEC_CODES: readonly CcSpec[] = (
  [
    ['af', 'ela', BOTH], ['af', 'nla', BOTH], ['af', 'wla', BOTH],
    ['ap', 'af', INTL], ['ap', 'ap', INTL], ['ap', 'ela', BOTH], ['ap', 'nla', BOTH], ['ap', 'wla', BOTH],
    ['cm', 'af', INTL], ['cm', 'ap', INTL], ['cm', 'cm', INTL], ['cm', 'ela', BOTH], ['cm', 'nla', BOTH], ['cm', 'wla', BOTH],
    ['ela', 'ela', BOTH], ['ela', 'nla', BOTH],
    ['wla', 'ela', BOTH], ['wla', 'nla', BOTH], ['wla', 'wla', BOTH],
  ] as const
).map(([a, b, sites]) => ({ code: `bandwidth.${a}to${b}`, areas: [AREA_BY_ABBR[a]!, AREA_BY_ABBR[b]!] as const, sites }));

const samePair = (spec: CcSpec, a: string, b: string) =>
  (spec.areas[0] === a && spec.areas[1] === b) || (spec.areas[0] === b && spec.areas[1] === a);

/** The code covering an area pair (order-insensitive); undefined for Africa–Africa and NLA–NLA. */
export function specCodeForAreas(a: CcAreaId, b: CcAreaId): string | undefined {
  return CC_SPEC_CODES.find((s) => samePair(s, a, b))?.code;
}

export const SITE_BILLING_MODES: Record<Site, readonly number[]> = {
  'chinese-mainland': [1, 3, 5],
  international: [2, 4, 6],
};
export const SITE_LABEL: Record<Site, string> = {
  'chinese-mainland': 'Chinese mainland website',
  international: 'International website',
};
export const CC_PERIOD_MAX = { month: 9, year: 3 } as const;
export const CC_NAME_MAX = 64;
export const CC_DESCRIPTION_MAX = 85;
export const CC_BANDWIDTH_MAX = 100_000;

export interface BandwidthPackageInput {
  name: string;
  description: string;
  enterprise_project_id: string;
  project_id: string;
  local_area_id: CcAreaId;
  remote_area_id: CcAreaId;
  charge_mode: 'bandwidth';
  billing_mode: number;
  bandwidth: number;
  resource_id: string;
  resource_type: string;
  spec_code: string;
  interflow_mode: 'Area' | 'Region';
  prepaid_options?: { period_type: 'month' | 'year'; period_num: number; is_auto_renew: boolean; is_auto_pay: boolean };
}

const f = (field: string) => `bandwidth_package.${field}`;

/** createBandwidthPackage — seed 003, checked against the caller's website (from its AK). */
export function checkCreateBandwidthPackage(body: unknown, site: Site): Check<BandwidthPackageInput> {
  if (!isObject(body)) return fail(CC_INVALID, 'Invalid request body: it must be a JSON object.');
  const p = body['bandwidth_package'];
  if (!isObject(p)) return fail(CC_INVALID, 'Invalid parameter bandwidth_package: it is required and must be an object.');

  const { name, description, enterprise_project_id, project_id, local_area_id, remote_area_id, charge_mode, billing_mode,
    bandwidth, resource_id, resource_type, spec_code, interflow_mode, prepaid_options } = p;

  if (typeof name !== 'string' || charLength(name) < 1 || charLength(name) > CC_NAME_MAX || /[<>]/.test(name)) {
    return fail(CC_INVALID, `Invalid parameter ${f('name')}: it is required, 1 to ${CC_NAME_MAX} characters, without < or >.`);
  }
  if (!absent(description) && (typeof description !== 'string' || charLength(description) > CC_DESCRIPTION_MAX || /[<>]/.test(description))) {
    return fail(CC_INVALID, `Invalid parameter ${f('description')}: at most ${CC_DESCRIPTION_MAX} characters, without < or >.`);
  }
  if (!absent(enterprise_project_id) && typeof enterprise_project_id !== 'string') {
    return fail(CC_INVALID, `Invalid parameter ${f('enterprise_project_id')}: it must be a string.`);
  }
  if (typeof project_id !== 'string' || project_id.trim() === '') {
    return fail(CC_INVALID, `Invalid parameter ${f('project_id')}: it is required and must be a non-empty string.`);
  }
  for (const [field, v] of [['local_area_id', local_area_id], ['remote_area_id', remote_area_id]] as const) {
    if (typeof v !== 'string' || !(CC_AREAS as readonly string[]).includes(v)) {
      return fail(CC_INVALID, `Invalid parameter ${f(field)}: it is required and must be one of ${CC_AREAS.join(', ')}.`);
    }
  }
  const local = local_area_id as CcAreaId;
  const remote = remote_area_id as CcAreaId;
  if (charge_mode !== 'bandwidth') {
    return fail(CC_INVALID, `Invalid parameter ${f('charge_mode')}: it is required and must be bandwidth.`);
  }
  if (!isInteger(billing_mode) || billing_mode < 1 || billing_mode > 6) {
    return fail(CC_INVALID, `Invalid parameter ${f('billing_mode')}: it is required and must be an integer from 1 to 6.`);
  }
  const siteModes = SITE_BILLING_MODES[site];
  if (!siteModes.includes(billing_mode)) {
    return fail(CC_INVALID, `Invalid parameter ${f('billing_mode')}: ${billing_mode} is not offered on the ${SITE_LABEL[site]} (use ${siteModes.join(', ')}).`);
  }
  if (!isInteger(bandwidth) || bandwidth < 1 || bandwidth > CC_BANDWIDTH_MAX) {
    return fail(CC_INVALID, `Invalid parameter ${f('bandwidth')}: it is required and must be an integer from 1 to ${CC_BANDWIDTH_MAX}.`);
  }

  // Specification code: given → documented, matching the pair, sold on this site; absent → derived from the pair.
  let spec: CcSpec | undefined;
  if (!absent(spec_code)) {
    spec = CC_SPEC_CODES.find((s) => s.code === spec_code);
    if (!spec) return fail(CC_INVALID, `Invalid parameter ${f('spec_code')}: ${JSON.stringify(spec_code)} is not a bandwidth package specification.`);
    if (!samePair(spec, local, remote)) {
      return fail(CC_INVALID, `Invalid parameter ${f('spec_code')}: ${spec.code} covers ${spec.areas.join(' to ')}, not ${local} to ${remote}.`);
    }
  } else {
    spec = CC_SPEC_CODES.find((s) => samePair(s, local, remote));
    if (!spec) {
      return fail(CC_INVALID, `Invalid parameter ${f('remote_area_id')}: no bandwidth package specification exists between ${local} and ${remote}.`);
    }
  }
  // Note: the seed's own example (billing_mode 5, a Chinese-mainland mode, with bandwidth.cmtocm) contradicts its
  // table, which sells cmtocm on the International website only; the documented table wins here.
  if (!spec.sites.includes(site)) {
    return fail(CC_INVALID, `Invalid parameter ${f('spec_code')}: ${spec.code} is not sold on the ${SITE_LABEL[site]}.`);
  }

  let interflow: BandwidthPackageInput['interflow_mode'] = 'Area';
  if (!absent(interflow_mode)) {
    if (interflow_mode !== 'Area' && interflow_mode !== 'Region') {
      return fail(CC_INVALID, `Invalid parameter ${f('interflow_mode')}: it must be Area or Region.`);
    }
    interflow = interflow_mode;
  }

  const hasType = !absent(resource_type);
  const hasId = !absent(resource_id);
  if (hasType && resource_type !== 'cloud_connection') {
    return fail(CC_INVALID, `Invalid parameter ${f('resource_type')}: it must be cloud_connection.`);
  }
  if (hasId && (typeof resource_id !== 'string' || resource_id.trim() === '')) {
    return fail(CC_INVALID, `Invalid parameter ${f('resource_id')}: it must be a non-empty string.`);
  }
  if (hasType !== hasId) {
    return fail(CC_INVALID, `Invalid parameter ${f(hasType ? 'resource_id' : 'resource_type')}: resource_id and resource_type go together.`);
  }

  const prepaidMode = billing_mode === 1 || billing_mode === 2;
  let prepaid: BandwidthPackageInput['prepaid_options'];
  if (absent(prepaid_options)) {
    if (prepaidMode) {
      return fail(CC_INVALID, `Invalid parameter ${f('prepaid_options')}: it is required with yearly/monthly billing_mode ${billing_mode}.`);
    }
  } else {
    if (!prepaidMode) {
      return fail(CC_INVALID, `Invalid parameter ${f('prepaid_options')}: it is only allowed with yearly/monthly billing (billing_mode 1 or 2).`);
    }
    if (!isObject(prepaid_options)) return fail(CC_INVALID, `Invalid parameter ${f('prepaid_options')}: it must be an object.`);
    const { period_type, period_num, is_auto_renew, is_auto_pay } = prepaid_options;
    if (period_type !== 'month' && period_type !== 'year') {
      return fail(CC_INVALID, `Invalid parameter ${f('prepaid_options.period_type')}: it is required and must be month or year.`);
    }
    const max = CC_PERIOD_MAX[period_type];
    if (!isInteger(period_num) || period_num < 1 || period_num > max) {
      return fail(CC_INVALID, `Invalid parameter ${f('prepaid_options.period_num')}: it must be an integer from 1 to ${max} when period_type is ${period_type}.`);
    }
    for (const [field, v] of [['is_auto_renew', is_auto_renew], ['is_auto_pay', is_auto_pay]] as const) {
      if (!absent(v) && typeof v !== 'boolean') {
        return fail(CC_INVALID, `Invalid parameter ${f(`prepaid_options.${field}`)}: it must be a boolean.`);
      }
    }
    prepaid = { period_type, period_num, is_auto_renew: is_auto_renew === true, is_auto_pay: is_auto_pay === true };
  }

  const value: BandwidthPackageInput = {
    name,
    description: typeof description === 'string' ? description : '',
    enterprise_project_id: typeof enterprise_project_id === 'string' && enterprise_project_id !== '' ? enterprise_project_id : '0',
    project_id,
    local_area_id: local,
    remote_area_id: remote,
    charge_mode: 'bandwidth',
    billing_mode,
    bandwidth,
    resource_id: typeof resource_id === 'string' ? resource_id : '',
    resource_type: typeof resource_type === 'string' ? resource_type : '',
    spec_code: spec.code,
    interflow_mode: interflow,
  };
  if (prepaid) value.prepaid_options = prepaid;
  return ok(value);
}
