/**
 * VPC shared bandwidth rules (the "Assigning a Shared Bandwidth" API page): the simulator's own implementation of the documented request rules. It deliberately does NOT import
 * @bwkit/contracts: the BFF's rules are tested against this independent implementation, so a mistake made in one
 * place is caught by the other. Every check returns the normalised value or the service's own error code and a
 * message naming the field.
 */

import type { Check } from '../../check.js';
import { absent, fail, isObject, ok, queryInt, UUID_RE } from '../../check.js';

export const VPC_BAD_REQUEST = 'VPC.0002';
export const VPC_BAD_NAME = 'VPC.0301';
export const VPC_BAD_ENTERPRISE_PROJECT = 'VPC.0011';
export const VPC_TENANT_MISMATCH = 'VPC.0007';
export const VPC_NO_QUOTA = 'VPC.0304';
export const VPC_INTERNAL = 'VPC.0302';
export const VPC_NO_QUOTA_MESSAGE = 'createBandwidth error. NO QUOTAS for shareBandwidthIP!';
export const VPC_SHARED_BANDWIDTH_QUOTA = 50;

/**
 * Size range: the API page says "1 to 1000 Mbit/s by default; the minimum is 5 by default and may vary by region
 * configuration". The simulator accepts VPC_SIZE_MIN–VPC_SIZE_MAX by default; the minimum is configurable from
 * VPC_SIZE_FLOOR, and the maximum up to VPC_SIZE_CEILING (the 2000 Mbit/s Terraform documents for some regions).
 */
export const VPC_SIZE_FLOOR = 1;
export const VPC_SIZE_MIN = 5;
export const VPC_SIZE_MAX = 1000;
export const VPC_SIZE_CEILING = 2000;
export interface VpcSizeLimits {
  min: number;
  max: number;
}
export const DEFAULT_VPC_SIZE_LIMITS: Readonly<VpcSizeLimits> = Object.freeze({ min: VPC_SIZE_MIN, max: VPC_SIZE_MAX });
/** 95peak_plus (enhanced 95th percentile) needs at least 300 Mbit/s. */
export const VPC_95PEAK_MIN = 300;
/** The API page: 1–64 characters, letters, digits, underscores (_), hyphens (-) and periods (.) only. */
export const VPC_NAME_RE = /^[A-Za-z0-9_\-.]{1,64}$/;

/** "10.2" → 10, "10" → 10, 10.7 → 10 (the API page: decimals and strings are converted to an integer). */
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

export function checkCreateSharedBandwidth(
  body: unknown,
  limits: VpcSizeLimits = DEFAULT_VPC_SIZE_LIMITS,
): Check<SharedBandwidthInput> {
  if (!isObject(body)) return fail(VPC_BAD_REQUEST, 'Invalid request body: it must be a JSON object.');
  const bw = body['bandwidth'];
  if (!isObject(bw)) return fail(VPC_BAD_REQUEST, 'Invalid request body: bandwidth is required and must be an object.');
  const { name, size, enterprise_project_id, charge_mode, bandwidth_type, public_border_group } = bw;
  if (typeof name !== 'string' || !VPC_NAME_RE.test(name)) {
    return fail(
      VPC_BAD_NAME,
      'Invalid bandwidth name: it must be 1 to 64 characters of letters, digits, underscores (_), hyphens (-) or periods (.).',
    );
  }
  if (absent(size)) return fail(VPC_BAD_REQUEST, 'Invalid bandwidth size: size is required.');
  const n = coerceVpcSize(size);
  if (n === undefined) return fail(VPC_BAD_REQUEST, 'Invalid bandwidth size: size must be a number.');
  if (n < limits.min || n > limits.max) {
    return fail(
      VPC_BAD_REQUEST,
      `Invalid bandwidth size ${n}: size must be from ${limits.min} to ${limits.max} Mbit/s.`,
    );
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
    return fail(
      VPC_BAD_REQUEST,
      `Invalid bandwidth size ${n}: charge_mode 95peak_plus needs at least ${VPC_95PEAK_MIN} Mbit/s.`,
    );
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
    if (
      typeof enterprise_project_id !== 'string' ||
      (enterprise_project_id !== '0' && !UUID_RE.test(enterprise_project_id))
    ) {
      return fail(
        VPC_BAD_ENTERPRISE_PROJECT,
        'Invalid enterprise_project_id: it must be 0 or a UUID (36 characters with hyphens).',
      );
    }
    ep = enterprise_project_id;
  }
  const value: SharedBandwidthInput = {
    name,
    size: n,
    enterprise_project_id: ep,
    charge_mode: mode,
    bandwidth_type: type,
  };
  if (typeof public_border_group === 'string') value.public_border_group = public_border_group;
  return ok(value);
}

export interface SharedBandwidthListQuery {
  marker?: string;
  limit?: number;
  share_type?: 'WHOLE' | 'PER';
  enterprise_project_id?: string;
}

/** listSharedBandwidths — ListBandwidthsRequest (EIP v1): marker = the last id of the previous page. */
export function checkListSharedBandwidths(q: Record<string, string | undefined>): Check<SharedBandwidthListQuery> {
  const limit = queryInt(q['limit'], 1, 2000);
  if (limit === 'invalid') return fail(VPC_BAD_REQUEST, 'Invalid limit: it must be an integer from 1 to 2000.');
  const shareType = q['share_type'];
  if (shareType !== undefined && shareType !== 'WHOLE' && shareType !== 'PER') {
    return fail(VPC_BAD_REQUEST, 'Invalid share_type: it must be WHOLE or PER.');
  }
  const value: SharedBandwidthListQuery = {};
  if (limit !== undefined) value.limit = limit;
  if (shareType !== undefined) value.share_type = shareType;
  if (q['marker']) value.marker = q['marker'];
  if (q['enterprise_project_id']) value.enterprise_project_id = q['enterprise_project_id'];
  return ok(value);
}
