/**
 * Cloud Connect bandwidth package rules (the "Creating a Bandwidth Package" API page): the simulator's own implementation of the documented request rules. It deliberately does NOT import
 * @bwkit/contracts: the BFF's rules are tested against this independent implementation, so a mistake made in one
 * place is caught by the other. Every check returns the normalised value or the service's own error code and a
 * message naming the field.
 */

import type { CcAreaId } from '@bwkit/huaweicloud';
import type { Check, Site } from '../../check.js';
import { absent, charLength, fail, isInteger, isObject, ok, queryInt } from '../../check.js';

export const CC_INVALID = 'CC.1001';
export const CC_NAME_IN_USE = 'CC.1053';
export const CC_DOMAIN_MISMATCH = 'CC.1001';
export const CC_INTERNAL = 'CC.1007';

export const CC_AREAS: readonly CcAreaId[] = [
  'Chinese-Mainland',
  'Asia-Pacific',
  'Africa',
  'Western-Latin-America',
  'Eastern-Latin-America',
  'Northern-Latin-America',
];

const AREA_BY_ABBR: Record<string, CcAreaId> = {
  cm: 'Chinese-Mainland',
  ap: 'Asia-Pacific',
  af: 'Africa',
  wla: 'Western-Latin-America',
  ela: 'Eastern-Latin-America',
  nla: 'Northern-Latin-America',
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
    ['af', 'ela', BOTH],
    ['af', 'nla', BOTH],
    ['af', 'wla', BOTH],
    ['ap', 'af', INTL],
    ['ap', 'ap', INTL],
    ['ap', 'ela', BOTH],
    ['ap', 'nla', BOTH],
    ['ap', 'wla', BOTH],
    ['cm', 'af', INTL],
    ['cm', 'ap', INTL],
    ['cm', 'cm', INTL],
    ['cm', 'ela', BOTH],
    ['cm', 'nla', BOTH],
    ['cm', 'wla', BOTH],
    ['ela', 'ela', BOTH],
    ['ela', 'nla', BOTH],
    ['wla', 'ela', BOTH],
    ['wla', 'nla', BOTH],
    ['wla', 'wla', BOTH],
  ] as const
)
  // Every abbreviation in the table above is a key of AREA_BY_ABBR.
  .map(([a, b, sites]) => ({
    code: `bandwidth.${a}to${b}`,
    areas: [AREA_BY_ABBR[a]!, AREA_BY_ABBR[b]!] as const,
    sites,
  }));

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

/** createBandwidthPackage — the API page "Creating a Bandwidth Package", checked against the caller's website (from its AK). */
export function checkCreateBandwidthPackage(body: unknown, site: Site): Check<BandwidthPackageInput> {
  if (!isObject(body)) return fail(CC_INVALID, 'Invalid request body: it must be a JSON object.');
  const p = body['bandwidth_package'];
  if (!isObject(p))
    return fail(CC_INVALID, 'Invalid parameter bandwidth_package: it is required and must be an object.');

  const {
    name,
    description,
    enterprise_project_id,
    project_id,
    local_area_id,
    remote_area_id,
    charge_mode,
    billing_mode,
    bandwidth,
    resource_id,
    resource_type,
    spec_code,
    interflow_mode,
    prepaid_options,
  } = p;

  if (typeof name !== 'string' || charLength(name) < 1 || charLength(name) > CC_NAME_MAX || /[<>]/.test(name)) {
    return fail(
      CC_INVALID,
      `Invalid parameter ${f('name')}: it is required, 1 to ${CC_NAME_MAX} characters, without < or >.`,
    );
  }
  if (
    !absent(description) &&
    (typeof description !== 'string' || charLength(description) > CC_DESCRIPTION_MAX || /[<>]/.test(description))
  ) {
    return fail(
      CC_INVALID,
      `Invalid parameter ${f('description')}: at most ${CC_DESCRIPTION_MAX} characters, without < or >.`,
    );
  }
  if (!absent(enterprise_project_id) && typeof enterprise_project_id !== 'string') {
    return fail(CC_INVALID, `Invalid parameter ${f('enterprise_project_id')}: it must be a string.`);
  }
  if (typeof project_id !== 'string' || project_id.trim() === '') {
    return fail(CC_INVALID, `Invalid parameter ${f('project_id')}: it is required and must be a non-empty string.`);
  }
  for (const [field, v] of [
    ['local_area_id', local_area_id],
    ['remote_area_id', remote_area_id],
  ] as const) {
    if (typeof v !== 'string' || !(CC_AREAS as readonly string[]).includes(v)) {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f(field)}: it is required and must be one of ${CC_AREAS.join(', ')}.`,
      );
    }
  }
  const local = local_area_id as CcAreaId;
  const remote = remote_area_id as CcAreaId;
  if (charge_mode !== 'bandwidth') {
    return fail(CC_INVALID, `Invalid parameter ${f('charge_mode')}: it is required and must be bandwidth.`);
  }
  if (!isInteger(billing_mode) || billing_mode < 1 || billing_mode > 6) {
    return fail(
      CC_INVALID,
      `Invalid parameter ${f('billing_mode')}: it is required and must be an integer from 1 to 6.`,
    );
  }
  const siteModes = SITE_BILLING_MODES[site];
  if (!siteModes.includes(billing_mode)) {
    return fail(
      CC_INVALID,
      `Invalid parameter ${f('billing_mode')}: ${billing_mode} is not offered on the ${SITE_LABEL[site]} (use ${siteModes.join(', ')}).`,
    );
  }
  if (!isInteger(bandwidth) || bandwidth < 1 || bandwidth > CC_BANDWIDTH_MAX) {
    return fail(
      CC_INVALID,
      `Invalid parameter ${f('bandwidth')}: it is required and must be an integer from 1 to ${CC_BANDWIDTH_MAX}.`,
    );
  }

  // Specification code: given → documented, matching the pair, sold on this site; absent → derived from the pair.
  let spec: CcSpec | undefined;
  if (!absent(spec_code)) {
    spec = CC_SPEC_CODES.find((s) => s.code === spec_code);
    if (!spec)
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('spec_code')}: ${JSON.stringify(spec_code)} is not a bandwidth package specification.`,
      );
    if (!samePair(spec, local, remote)) {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('spec_code')}: ${spec.code} covers ${spec.areas.join(' to ')}, not ${local} to ${remote}.`,
      );
    }
  } else {
    spec = CC_SPEC_CODES.find((s) => samePair(s, local, remote));
    if (!spec) {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('remote_area_id')}: no bandwidth package specification exists between ${local} and ${remote}.`,
      );
    }
  }
  // Note: the API page's own example (billing_mode 5, a Chinese-mainland mode, with bandwidth.cmtocm) contradicts
  // its table, which sells cmtocm on the International website only; the documented table wins here.
  if (!spec.sites.includes(site)) {
    return fail(
      CC_INVALID,
      `Invalid parameter ${f('spec_code')}: ${spec.code} is not sold on the ${SITE_LABEL[site]}.`,
    );
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
    return fail(
      CC_INVALID,
      `Invalid parameter ${f(hasType ? 'resource_id' : 'resource_type')}: resource_id and resource_type go together.`,
    );
  }

  const prepaidMode = billing_mode === 1 || billing_mode === 2;
  let prepaid: BandwidthPackageInput['prepaid_options'];
  if (absent(prepaid_options)) {
    if (prepaidMode) {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('prepaid_options')}: it is required with yearly/monthly billing_mode ${billing_mode}.`,
      );
    }
  } else {
    if (!prepaidMode) {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('prepaid_options')}: it is only allowed with yearly/monthly billing (billing_mode 1 or 2).`,
      );
    }
    if (!isObject(prepaid_options))
      return fail(CC_INVALID, `Invalid parameter ${f('prepaid_options')}: it must be an object.`);
    const { period_type, period_num, is_auto_renew, is_auto_pay } = prepaid_options;
    if (period_type !== 'month' && period_type !== 'year') {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('prepaid_options.period_type')}: it is required and must be month or year.`,
      );
    }
    const max = CC_PERIOD_MAX[period_type];
    if (!isInteger(period_num) || period_num < 1 || period_num > max) {
      return fail(
        CC_INVALID,
        `Invalid parameter ${f('prepaid_options.period_num')}: it must be an integer from 1 to ${max} when period_type is ${period_type}.`,
      );
    }
    for (const [field, v] of [
      ['is_auto_renew', is_auto_renew],
      ['is_auto_pay', is_auto_pay],
    ] as const) {
      if (!absent(v) && typeof v !== 'boolean') {
        return fail(CC_INVALID, `Invalid parameter ${f(`prepaid_options.${field}`)}: it must be a boolean.`);
      }
    }
    prepaid = { period_type, period_num, is_auto_renew: is_auto_renew === true, is_auto_pay: is_auto_pay === true };
  }

  const value: BandwidthPackageInput = {
    name,
    description: typeof description === 'string' ? description : '',
    enterprise_project_id:
      typeof enterprise_project_id === 'string' && enterprise_project_id !== '' ? enterprise_project_id : '0',
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

/** Cloud Connect v3 list filters: each may be repeated or comma-joined (collection format csv). */
export interface CcListQuery {
  limit: number;
  marker?: string;
  filters: Map<string, Set<string>>;
}
export const CC_LIST_LIMIT_MAX = 2000;
/** What a list answers when no limit is given (INFERRED: the API pages do not state the default). */
export const CC_LIST_LIMIT_DEFAULT = 2000;

/** listCloudConnections / listBandwidthPackages query: limit 1–2000, marker, csv filters among `filterNames`. */
export function checkCcListQuery(
  queries: Record<string, string[]>,
  filterNames: readonly string[],
): Check<CcListQuery> {
  const one = (k: string) => queries[k]?.at(-1);
  const limit = queryInt(one('limit'), 1, CC_LIST_LIMIT_MAX);
  if (limit === 'invalid')
    return fail(CC_INVALID, `Invalid parameter limit: it must be an integer from 1 to ${CC_LIST_LIMIT_MAX}.`);
  const value: CcListQuery = { limit: limit ?? CC_LIST_LIMIT_DEFAULT, filters: new Map() };
  const marker = one('marker');
  if (marker) value.marker = marker;
  for (const name of filterNames) {
    const raw = queries[name];
    if (!raw) continue;
    const set = new Set(
      raw
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    );
    if (set.size > 0) value.filters.set(name, set);
  }
  return ok(value);
}
