/**
 * Workspace rules (createWorkspaceBandwidth and changeWorkspaceBandwidth API pages, ApplySubnetBandwidthReq): the simulator's own implementation of the documented request rules. It deliberately does NOT import
 * @bwkit/contracts: the BFF's rules are tested against this independent implementation, so a mistake made in one
 * place is caught by the other. Every check returns the normalised value or the service's own error code and a
 * message naming the field.
 */

import type { Check } from '../../check.js';
import { absent, charLength, fail, INT32_MAX, isInteger, isObject, ok, queryInt } from '../../check.js';

export const WKS_INVALID = 'WKS.0001';
export const WKS_CONFLICT = 'WKS.00010032';
/** Not a documented code: the simulator's stand-in for "internal error" (injected 5xx faults). */
export const WKS_INTERNAL = 'WKS.0500';
export const WKS_NOT_ENABLED = 'WKS.00010099';

export const WORKSPACE_CHARGE_MODES = ['wks_bandwidth', 'free', 'wks_traffic'] as const;
export type WorkspaceChargeMode = (typeof WORKSPACE_CHARGE_MODES)[number];
/** SubnetBandwidthDetail.bandwidth_name is unconstrained upstream; 64 is the simulator's limit. */
export const WORKSPACE_NAME_MAX = 64;
/** ApplySubnetBandwidth's API definition gives bandwidth_size 1–2000 (Mbit/s); nothing narrower is documented. */
export const WORKSPACE_SIZE_MAX = 2000;

export interface WorkspaceCreateInput {
  subnet_id: string;
  charge_mode: WorkspaceChargeMode;
  bandwidth_size?: number;
  bandwidth_name?: string;
  enterprise_project_id: string;
}

/** createWorkspaceBandwidth — the API page "Creating Workspace Bandwidth" and the SDK model ApplySubnetBandwidthReq. */
export function checkCreateWorkspaceBandwidth(body: unknown): Check<WorkspaceCreateInput> {
  if (!isObject(body)) return fail(WKS_INVALID, 'The request body must be a JSON object.');
  const { subnet_id, charge_mode, bandwidth_size, bandwidth_name, enterprise_project_id } = body;
  if (typeof subnet_id !== 'string' || subnet_id.trim() === '') {
    return fail(WKS_INVALID, 'Invalid parameter subnet_id: it is required and must be a non-empty string.');
  }
  if (typeof charge_mode !== 'string' || !(WORKSPACE_CHARGE_MODES as readonly string[]).includes(charge_mode)) {
    return fail(
      WKS_INVALID,
      'Invalid parameter charge_mode: it is required and must be one of wks_bandwidth, free, wks_traffic.',
    );
  }
  const mode = charge_mode as WorkspaceChargeMode;
  if (
    !absent(bandwidth_size) &&
    (!isInteger(bandwidth_size) || bandwidth_size < 1 || bandwidth_size > WORKSPACE_SIZE_MAX)
  ) {
    return fail(
      WKS_INVALID,
      `Invalid parameter bandwidth_size: it must be an integer from 1 to ${WORKSPACE_SIZE_MAX}.`,
    );
  }
  // Optional in the model, but bandwidth- and traffic-billed bandwidth cannot exist without a size.
  if (absent(bandwidth_size) && mode !== 'free') {
    return fail(WKS_INVALID, `Invalid parameter bandwidth_size: it is required when charge_mode is ${mode}.`);
  }
  if (
    !absent(bandwidth_name) &&
    (typeof bandwidth_name !== 'string' || charLength(bandwidth_name) > WORKSPACE_NAME_MAX)
  ) {
    return fail(
      WKS_INVALID,
      `Invalid parameter bandwidth_name: it must be a string of at most ${WORKSPACE_NAME_MAX} characters.`,
    );
  }
  if (!absent(enterprise_project_id) && typeof enterprise_project_id !== 'string') {
    return fail(WKS_INVALID, 'Invalid parameter enterprise_project_id: it must be a string.');
  }
  const value: WorkspaceCreateInput = {
    subnet_id,
    charge_mode: mode,
    enterprise_project_id:
      typeof enterprise_project_id === 'string' && enterprise_project_id !== '' ? enterprise_project_id : '0',
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

/** changeWorkspaceBandwidth — the API page "Changing the Bandwidth of a Yearly/Monthly Subnet" (change order). */
export function checkChangeWorkspaceBandwidth(body: unknown): Check<WorkspaceChangeInput> {
  if (!isObject(body)) return fail(WKS_INVALID, 'The request body must be a JSON object.');
  const { bandwidth_size, bandwidth_name, enterprise_project_id, extend_param } = body;
  if (absent(bandwidth_size)) return fail(WKS_INVALID, 'Invalid parameter bandwidth_size: it is required.');
  // The API page and the SDK model type bandwidth_size as String: a JSON number is a type error upstream
  // (the service's deserialiser rejects it), so the simulator refuses it too rather than coercing.
  if (typeof bandwidth_size !== 'string') {
    return fail(
      WKS_INVALID,
      'Invalid parameter bandwidth_size: it must be a string holding a positive integer, e.g. "20".',
    );
  }
  if (!/^[1-9][0-9]*$/.test(bandwidth_size) || Number(bandwidth_size) > INT32_MAX) {
    return fail(WKS_INVALID, `Invalid parameter bandwidth_size: "${bandwidth_size}" is not a positive integer.`);
  }
  if (
    !absent(bandwidth_name) &&
    (typeof bandwidth_name !== 'string' || charLength(bandwidth_name) > WORKSPACE_NAME_MAX)
  ) {
    return fail(
      WKS_INVALID,
      `Invalid parameter bandwidth_name: it must be a string of at most ${WORKSPACE_NAME_MAX} characters.`,
    );
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
        return fail(
          WKS_INVALID,
          'Invalid parameter extend_param.is_auto_pay: it must be the string "true" or "false".',
        );
      }
      autoPay = is_auto_pay === 'true';
    }
  }
  const value: WorkspaceChangeInput = { size: Number(bandwidth_size), autoPay };
  if (typeof bandwidth_name === 'string') value.bandwidth_name = bandwidth_name;
  if (typeof enterprise_project_id === 'string') value.enterprise_project_id = enterprise_project_id;
  return ok(value);
}

export interface WorkspaceBandwidthListQuery {
  offset: number;
  /** undefined: every record (ListSubnetBandwidths without `limit` returns all) */
  limit?: number;
  vpc_id?: string;
  subnet_id?: string;
  bandwidth_id?: string;
  bandwidth_name?: string;
  enterprise_project_id?: string;
}

/** listWorkspaceBandwidths — ListSubnetBandwidthsRequest: offset from 0, limit optional, exact-match filters. */
export function checkListWorkspaceBandwidths(
  q: Record<string, string | undefined>,
): Check<WorkspaceBandwidthListQuery> {
  const offset = queryInt(q['offset'], 0, INT32_MAX);
  if (offset === 'invalid') return fail(WKS_INVALID, 'Invalid parameter offset: it must be an integer of at least 0.');
  const limit = queryInt(q['limit'], 1, INT32_MAX);
  if (limit === 'invalid') return fail(WKS_INVALID, 'Invalid parameter limit: it must be an integer of at least 1.');
  const value: WorkspaceBandwidthListQuery = { offset: offset ?? 0 };
  if (limit !== undefined) value.limit = limit;
  for (const key of ['vpc_id', 'subnet_id', 'bandwidth_id', 'bandwidth_name', 'enterprise_project_id'] as const) {
    const v = q[key];
    if (v !== undefined && v !== '') value[key] = v;
  }
  return ok(value);
}
