/**
 * Reconciliation: settles a create whose outcome is unknown (a timeout, a reset, an unreadable 2xx, a 5xx after the
 * request was sent, a crash mid-call) by looking in the cloud, the source of truth. It only ever reads (list and show
 * APIs): it never creates, changes or pays anything, so it is safe to run as often as a retry or a sweeper likes.
 *
 * Answers:
 * - `succeeded`   the resource exists: the answer the first call would have given (same status, same public shape)
 * - `not_created` the cloud certainly holds nothing made by this intent: the operation may run again
 * - `unknown`     the cloud cannot tell (several candidates, a lookup failed, an ambiguous state): `check` says what a
 *                 person should look at before trying again — never a blind second order
 *
 * The caller must only reconcile once the upstream call can no longer land (its time budget is over or its process
 * is gone): a request still travelling to the cloud could create the resource after the lookup said `not_created`.
 *
 * Assumptions (INFERRED, not documented by the cloud): the list APIs show a resource as soon as its create has
 * answered (no replication lag between write and list); the cloud's `created_at` is within CLOCK_SLACK_MS of our clock;
 * Workspace shows one bandwidth by `?bandwidth_id=` on its list (there is no "show one bandwidth" API); and a
 * yearly/monthly change order becomes the bandwidth's `order_id` while it is pending and after it is applied.
 */
import type { BandwidthPackageCreated, ChangeOrderCreated, SharedBandwidthCreated } from '@bwkit/contracts';
import {
  type BandwidthPackage,
  type BandwidthResp,
  type CustomerOrderInfo,
  type HuaweiCloudClient,
  isUpstreamError,
  type ListedBandwidthPackage,
  type ListWorkspaceBandwidthsQuery,
  type SharedBandwidth,
  type SubnetBandwidthDetail,
} from '@bwkit/huaweicloud';
import { toBandwidthPackageCreated, toChangeOrderCreated, toSharedBandwidthCreated } from '../mapping/index.js';
import { toWorkspaceBandwidth } from '../mapping/purchase.js';
import type { Tenant } from '../tenants/index.js';

export type ReconcileOperation =
  | 'createSharedBandwidth'
  | 'createWorkspaceBandwidth'
  | 'changeWorkspaceBandwidth'
  | 'createBandwidthPackage';

export interface ReconcileInput {
  operation: ReconcileOperation;
  /** the validated public request body (camelCase), as stored with the intent */
  value: unknown;
  /** path params, e.g. { bandwidthId } */
  params: Record<string, string>;
  /** resolved region (tenant default applied) */
  region: string;
  /** ISO time the intent was recorded (before the upstream call) */
  intentAt: string;
  tenant: Tenant;
}

export type Reconciled =
  | { state: 'succeeded'; response: { status: number; body: unknown } }
  | { state: 'not_created' }
  | { state: 'unknown'; check: string };

/**
 * How far a cloud timestamp may lie before our intent and still be ours: the cloud's clock differs from ours, and it
 * reports whole seconds (a resource made 0.9 s after the intent can carry an earlier second). A wider window would
 * mistake someone else's older same-name resource for ours; a narrower one would miss ours under clock drift.
 */
export const CLOCK_SLACK_MS = 60_000;
/** Page size of the lookups, and how many pages at most before giving up as `unknown` (a runaway listing). */
export const PAGE_SIZE = 100;
export const MAX_PAGES = 200;

class LookupFailed extends Error {}

export async function reconcile(input: ReconcileInput, client: HuaweiCloudClient): Promise<Reconciled> {
  const api = client;
  try {
    switch (input.operation) {
      case 'createSharedBandwidth':
        return await sharedBandwidth(input, api);
      case 'createWorkspaceBandwidth':
        return await workspaceBandwidth(input, api);
      case 'createBandwidthPackage':
        return await bandwidthPackage(input, api);
      case 'changeWorkspaceBandwidth':
        return await changeOrder(input, api);
      default:
        return { state: 'unknown', check: `There is no cloud lookup for the operation ${String(input.operation)}.` };
    }
  } catch (e) {
    return { state: 'unknown', check: `${lookupFailure(e)} ${whatToCheck(input)}` };
  }
}

// ---- per operation -------------------------------------------------------------------------------------------------

async function sharedBandwidth(input: ReconcileInput, api: HuaweiCloudClient): Promise<Reconciled> {
  const v = input.value as { name: string; sizeMbps: number };
  const since = sinceMs(input);
  const found: BandwidthResp[] = [];
  let marker: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES)
      throw new LookupFailed(`the project holds more than ${MAX_PAGES * PAGE_SIZE} shared bandwidths`);
    const query = { share_type: 'WHOLE' as const, limit: PAGE_SIZE, ...(marker ? { marker } : {}) };
    const items = (await api.listSharedBandwidths({ region: input.region, query })).data.bandwidths ?? [];
    for (const b of items) {
      if (b.name === v.name && (b.share_type ?? 'WHOLE') === 'WHOLE' && createdSince(b.created_at, since))
        found.push(b);
    }
    const last = items[items.length - 1]?.id;
    // Marker pagination (marker = the last id of the previous page); a short page is the last one.
    if (items.length < PAGE_SIZE || !last || last === marker) break;
    marker = last;
  }
  if (found.length === 0) return { state: 'not_created' };
  if (found.length > 1) {
    return unknown(
      `${found.length} shared bandwidths named "${v.name}" were created around ${input.intentAt} ` +
        `(ids ${found.map((b) => b.id).join(', ')}); the cloud cannot tell which one this request made.`,
      input,
    );
  }
  const b = found[0]!; // exactly one: none and several are answered above
  // Names are not unique: a same-name bandwidth of another size is someone else's, or was changed since.
  if (b.size !== undefined && Number(b.size) !== v.sizeMbps) {
    return unknown(
      `A shared bandwidth named "${v.name}" (id ${b.id}) was created around ${input.intentAt}, but with ` +
        `${b.size} Mbit/s instead of ${v.sizeMbps}.`,
      input,
    );
  }
  const body: SharedBandwidthCreated = toSharedBandwidthCreated({ bandwidth: b as SharedBandwidth });
  return { state: 'succeeded', response: { status: 201, body } };
}

async function workspaceBandwidth(input: ReconcileInput, api: HuaweiCloudClient): Promise<Reconciled> {
  const v = input.value as { subnetId: string; chargeMode: string; sizeMbps?: number; name?: string };
  const since = sinceMs(input);
  const query = { subnet_id: v.subnetId, ...(v.name ? { bandwidth_name: v.name } : {}) };
  const items = await listWorkspace(api, input.region, query);
  // A bandwidth still CREATING is created: its job is running. A failed job leaves nothing in the list.
  // Another charge mode or size is another request's bandwidth (creates on one subnet may follow each other closely).
  const found = items.filter(
    (b) =>
      b.subnet_id === v.subnetId &&
      (!v.name || b.bandwidth_name === v.name) &&
      b.status !== 'DELETING' &&
      createdSince(b.created_at, since) &&
      (b.charge_mode === undefined || b.charge_mode === v.chargeMode) &&
      (v.sizeMbps === undefined || b.size === undefined || Number(b.size) === v.sizeMbps),
  );
  if (found.length === 0) return { state: 'not_created' };
  if (found.length > 1) {
    return unknown(
      `${found.length} Workspace bandwidths on subnet ${v.subnetId}${v.name ? ` named "${v.name}"` : ''} were ` +
        `created around ${input.intentAt} (ids ${found.map((b) => b.bandwidth_id).join(', ')}).`,
      input,
    );
  }
  const b = found[0]!; // exactly one: none and several are answered above
  const bandwidth = toWorkspaceBandwidth(b);
  if (!bandwidth) return unknown(`A Workspace bandwidth without an id was listed on subnet ${v.subnetId}.`, input);
  return {
    state: 'succeeded',
    response: { status: 200, body: { status: 'succeeded', bandwidthId: bandwidth.id, bandwidth } },
  };
}

async function bandwidthPackage(input: ReconcileInput, api: HuaweiCloudClient): Promise<Reconciled> {
  const v = input.value as { name: string };
  const since = sinceMs(input);
  const found: ListedBandwidthPackage[] = [];
  let marker: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES)
      throw new LookupFailed(`more than ${MAX_PAGES * PAGE_SIZE} bandwidth packages are named like this`);
    // `name` is a list filter (sent comma-joined): one name here. Matched exactly below all the same.
    const query = { name: v.name, limit: PAGE_SIZE, ...(marker ? { marker } : {}) };
    const data = (await api.listBandwidthPackages({ query })).data;
    for (const p of data.bandwidth_packages ?? []) if (p.name === v.name) found.push(p);
    const next = data.page_info?.next_marker;
    if (!next || next === marker || (data.bandwidth_packages ?? []).length === 0) break;
    marker = next;
  }
  if (found.length === 0) return { state: 'not_created' };
  if (found.length > 1) {
    return unknown(
      `${found.length} bandwidth packages are named "${v.name}" (ids ${found.map((p) => p.id).join(', ')}).`,
      input,
    );
  }
  const p = found[0]!; // exactly one: none and several are answered above
  // Package names are unique per account: an older package of this name means this create was refused for it.
  if (!createdSince(p.created_at, since)) return { state: 'not_created' };
  const body: BandwidthPackageCreated = toBandwidthPackageCreated({
    request_id: '',
    bandwidth_package: p as BandwidthPackage,
  });
  return { state: 'succeeded', response: { status: 201, body } };
}

async function changeOrder(input: ReconcileInput, api: HuaweiCloudClient): Promise<Reconciled> {
  const v = input.value as { sizeMbps: number; autoPay: boolean };
  const bandwidthId = input.params['bandwidthId'] ?? '';
  const since = sinceMs(input);
  const items = (await listWorkspace(api, input.region, { bandwidth_id: bandwidthId })).filter(
    (b) => b.bandwidth_id === bandwidthId,
  );
  // No such bandwidth: a change order cannot have been placed on it (a new attempt is refused by the cloud).
  if (items.length === 0) return { state: 'not_created' };
  const b = items[0]!; // none is answered above
  const order = b.order_id ? await orderInfo(api, b.order_id) : undefined;
  if (b.order_id && order) {
    const created = order.create_time !== undefined ? Date.parse(order.create_time) : Number.NaN;
    if (!Number.isFinite(created)) {
      return unknown(
        `The bandwidth ${bandwidthId} shows the order ${b.order_id}, whose creation time could not be read.`,
        input,
      );
    }
    // BSS order_type 3 is a change; a bandwidth's own purchase order (type 1) is not ours.
    const isChange = order.order_type === undefined || order.order_type === 3;
    if (created >= since && isChange) {
      const body: ChangeOrderCreated = toChangeOrderCreated(b.order_id, v.autoPay);
      return { state: 'succeeded', response: { status: 201, body } };
    }
  }
  if (b.status === 'UPDATING') {
    return unknown(
      `The bandwidth ${bandwidthId} is being changed, but no order placed after ${input.intentAt} is visible on it.`,
      input,
    );
  }
  if (Number(b.size) === v.sizeMbps) {
    return unknown(
      `The bandwidth ${bandwidthId} already has ${v.sizeMbps} Mbit/s, but no order placed after ` +
        `${input.intentAt} is visible on it.`,
      input,
    );
  }
  return { state: 'not_created' };
}

// ---- helpers -------------------------------------------------------------------------------------------------------

/** BSS CBC.30000010 "invalid or non-existent order": an order this account's billing center does not hold. */
const ORDER_NOT_FOUND = 'CBC.30000010';

/** The BSS order, or undefined when the billing center does not know it (then it is not a change placed by us). */
async function orderInfo(api: HuaweiCloudClient, orderId: string): Promise<CustomerOrderInfo | undefined> {
  try {
    return (await api.showOrder({ orderId })).data.order_info ?? {};
  } catch (e) {
    if (isUpstreamError(e) && e.code === ORDER_NOT_FOUND) return undefined;
    throw e;
  }
}

/** Workspace lists page by offset and limit (ListSubnetBandwidths; `total_count` is the whole match). */
async function listWorkspace(
  api: HuaweiCloudClient,
  region: string,
  filter: ListWorkspaceBandwidthsQuery,
): Promise<SubnetBandwidthDetail[]> {
  const out: SubnetBandwidthDetail[] = [];
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new LookupFailed(`more than ${MAX_PAGES * PAGE_SIZE} Workspace bandwidths match`);
    const data = (
      await api.listWorkspaceBandwidths({ region, query: { ...filter, offset: out.length, limit: PAGE_SIZE } })
    ).data;
    const items = data.bandwidths ?? [];
    out.push(...items);
    if (items.length < PAGE_SIZE || (data.total_count !== undefined && out.length >= data.total_count)) return out;
  }
}

function sinceMs(input: ReconcileInput): number {
  const t = Date.parse(input.intentAt);
  if (!Number.isFinite(t)) throw new LookupFailed(`the intent time ${JSON.stringify(input.intentAt)} is not a date`);
  return t - CLOCK_SLACK_MS;
}

/** A resource without a readable creation time is not claimed as ours. */
function createdSince(createdAt: string | undefined, since: number): boolean {
  if (!createdAt) return false;
  const t = Date.parse(createdAt);
  return Number.isFinite(t) && t >= since;
}

function unknown(why: string, input: ReconcileInput): Reconciled {
  return { state: 'unknown', check: `${why} ${whatToCheck(input)}` };
}

function lookupFailure(e: unknown): string {
  if (isUpstreamError(e)) {
    return (
      `The cloud could not be asked whether the order went through (${e.service} ${e.operation}: ${e.code}` +
      `${e.status !== undefined ? `, HTTP ${e.status}` : ''}).`
    );
  }
  if (e instanceof LookupFailed) return `The cloud could not be searched: ${e.message}.`;
  return `The cloud could not be asked whether the order went through (${e instanceof Error ? e.message : String(e)}).`;
}

/** What a person can look at in the console to settle it by hand. */
function whatToCheck(input: ReconcileInput): string {
  const v = (input.value ?? {}) as Record<string, unknown>;
  const after = `created after ${input.intentAt}`;
  switch (input.operation) {
    case 'createSharedBandwidth':
      return (
        `Check the shared bandwidths of region ${input.region} (VPC console) for one named "${String(v['name'])}" ${after} ` +
        'before ordering again; retry later with the same Idempotency-Key to let the gateway look again.'
      );
    case 'createWorkspaceBandwidth':
      return (
        `Check the Workspace bandwidths of region ${input.region} on subnet ${String(v['subnetId'])}` +
        `${v['name'] ? ` named "${String(v['name'])}"` : ''} ${after} before ordering again; retry later with the same Idempotency-Key.`
      );
    case 'createBandwidthPackage':
      return (
        `Check the Cloud Connect bandwidth packages for one named "${String(v['name'])}" before ordering again; ` +
        'retry later with the same Idempotency-Key.'
      );
    case 'changeWorkspaceBandwidth':
      return (
        `Check the Workspace bandwidth ${input.params['bandwidthId'] ?? ''} in region ${input.region} and the billing ` +
        `center for a change order placed after ${input.intentAt} before ordering again; retry later with the same Idempotency-Key.`
      );
    default:
      return 'Check the cloud console before ordering again.';
  }
}
