/**
 * Cloud Connect v3 — domain-scoped (X-Domain-Id, GlobalCredentials). Operations: createBandwidthPackage,
 * listCloudConnections, listBandwidthPackages (marker pages with page_info). Errors are
 * {"error_code":"CC.…","error_msg":"…","request_id":"…"}. A prepaid (billing_mode 1/2) package places a BSS order,
 * pending payment unless prepaid_options.is_auto_pay.
 */
import type {
  BandwidthPackage,
  CreateBandwidthPackageResponse,
  ListBandwidthPackagesResponse,
  ListCloudConnectionsResponse,
} from '@bwkit/huaweicloud';
import { isoSeconds, newUuid } from '../../ids.js';
import type { ServiceDef, SimContext } from '../../service.js';
import type { DomainState } from '../../state.js';
import { domainState } from '../../state.js';
import type { OrderBook } from '../bss/orders.js';
import { SIM_PRICING_CODES } from '../bss/pricing.js';
import type { CcListQuery } from './rules.js';
import { CC_INTERNAL, CC_INVALID, CC_NAME_IN_USE, checkCcListQuery, checkCreateBandwidthPackage } from './rules.js';
import type { SimCloudConnection } from './state.js';

const CLOUD_CONNECTION_FILTERS = [
  'id',
  'name',
  'description',
  'enterprise_project_id',
  'status',
  'type',
  'used_scene',
] as const;
const BANDWIDTH_PACKAGE_FILTERS = [
  'id',
  'name',
  'enterprise_project_id',
  'cloud_connection_id',
  'status',
  'billing_mode',
  'resource_id',
] as const;

/**
 * One marker page: `marker` is the id after which the page starts; page_info.next_marker (the page's last id) is
 * there when more follow, previous_marker (the page's first id) when the page is not the first.
 */
function markerPage<T extends { id: string }>(
  all: T[],
  q: CcListQuery,
): { items: T[]; page_info: { next_marker?: string; previous_marker?: string; current_count: number } } | undefined {
  let start = 0;
  if (q.marker !== undefined) {
    const i = all.findIndex((x) => x.id === q.marker);
    if (i < 0) return undefined;
    start = i + 1;
  }
  const items = all.slice(start, start + q.limit);
  const pageInfo: { next_marker?: string; previous_marker?: string; current_count: number } = {
    current_count: items.length,
  };
  const first = items[0];
  const last = items.at(-1);
  if (last && start + q.limit < all.length) pageInfo.next_marker = last.id;
  if (first && start > 0) pageInfo.previous_marker = first.id;
  return { items, page_info: pageInfo };
}

const matchesAll = (filters: Map<string, Set<string>>, value: (name: string) => string | undefined) => {
  for (const [name, allowed] of filters) {
    const v = value(name);
    if (v === undefined || !allowed.has(v)) return false;
  }
  return true;
};

export function createCcService(ctx: SimContext, orders: OrderBook): ServiceDef {
  const { state } = ctx;

  orders.hooks.cc = {
    // A cancelled prepaid package is not bought: it goes away.
    cancelled(order) {
      if (order.domain_id === undefined || order.bandwidth_package_id === undefined) return;
      state.domains.get(order.domain_id)?.bandwidthPackages.delete(order.bandwidth_package_id);
    },
  };

  const connectionView = (d: DomainState, c: SimCloudConnection): SimCloudConnection => {
    let bound = 0;
    for (const p of d.bandwidthPackages.values())
      if (p.resource_type === 'cloud_connection' && p.resource_id === c.id) bound++;
    return { ...c, tags: c.tags.map((t) => ({ ...t })), bandwidth_package_number: bound };
  };

  return {
    name: 'cc',
    owns: (path) => path.startsWith('/v3/'),
    scope: { kind: 'path', param: 'domain_id', header: 'X-Domain-Id', code: CC_INVALID },
    errorBody: (requestId, code, message) => ({ error_code: code, error_msg: message, request_id: requestId }),
    faultError(status) {
      if (status >= 500) return { code: CC_INTERNAL, message: 'Internal error.' };
      if (status === 404) return { code: 'CC.1002', message: 'The resource could not be found.' };
      return { code: CC_INVALID, message: 'Invalid parameter.' };
    },
    badJsonCode: CC_INVALID,
    malformed: (op) =>
      op === 'createBandwidthPackage'
        ? {
            status: 201,
            body: { request_id: newUuid(), bandwidth_package: { id: newUuid(), name: 'bwp', status: 'ACTIVE' } },
          }
        : {
            status: 200,
            body: { request_id: newUuid(), page_info: { current_count: 1 }, cloud_connections: [{ id: newUuid() }] },
          },
    domainView: (d) => ({
      cloud_connections: [...d.cloudConnections.values()].map((c) => connectionView(d, c)),
      bandwidth_packages: [...d.bandwidthPackages.values()],
    }),
    routes: [
      {
        op: 'listCloudConnections',
        handler: (x) => {
          const check = checkCcListQuery(x.c.req.queries(), CLOUD_CONNECTION_FILTERS);
          if (!check.ok) return x.error(400, check.code, check.message);
          const d = domainState(state, x.scopeId);
          const all = [...d.cloudConnections.values()]
            .map((c) => connectionView(d, c))
            .filter((c) =>
              // `type` is not a field of the listed connection; connections the simulator seeds are all of type CC.
              matchesAll(check.value.filters, (name) =>
                name === 'type' ? 'CC' : ((c as unknown as Record<string, unknown>)[name] as string | undefined),
              ),
            );
          const page = markerPage(all, check.value);
          if (!page)
            return x.error(
              400,
              CC_INVALID,
              `Invalid parameter marker: ${check.value.marker} is not a cloud connection of this list.`,
            );
          const answer: ListCloudConnectionsResponse = {
            request_id: x.c.get('requestId'),
            page_info: page.page_info,
            cloud_connections: page.items,
          };
          return x.json(answer);
        },
      },
      {
        op: 'listBandwidthPackages',
        handler: (x) => {
          const check = checkCcListQuery(x.c.req.queries(), BANDWIDTH_PACKAGE_FILTERS);
          if (!check.ok) return x.error(400, check.code, check.message);
          const all = [...domainState(state, x.scopeId).bandwidthPackages.values()].filter((p) =>
            matchesAll(check.value.filters, (name) => {
              if (name === 'cloud_connection_id')
                return p.resource_type === 'cloud_connection' ? p.resource_id : undefined;
              if (name === 'billing_mode') return String(p.billing_mode);
              const v = (p as unknown as Record<string, unknown>)[name];
              return typeof v === 'string' ? v : undefined;
            }),
          );
          const page = markerPage(all, check.value);
          if (!page)
            return x.error(
              400,
              CC_INVALID,
              `Invalid parameter marker: ${check.value.marker} is not a bandwidth package of this list.`,
            );
          const answer: ListBandwidthPackagesResponse = {
            request_id: x.c.get('requestId'),
            page_info: page.page_info,
            bandwidth_packages: page.items,
          };
          return x.json(answer);
        },
      },
      {
        op: 'createBandwidthPackage',
        handler: (x) => {
          const check = checkCreateBandwidthPackage(x.body, x.site);
          if (!check.ok) return x.error(400, check.code, check.message);
          const v = check.value;
          const domain = domainState(state, x.scopeId);
          for (const existing of domain.bandwidthPackages.values()) {
            if (existing.name === v.name)
              return x.error(400, CC_NAME_IN_USE, `The bandwidth package name ${v.name} is already in use.`);
          }
          const ts = isoSeconds(x.now);
          const id = newUuid();
          const prepaid = v.prepaid_options;
          const order = prepaid
            ? orders.place({
                service: 'cc',
                ak: x.ak,
                site: x.site,
                order_type: 1,
                codes: { ...SIM_PRICING_CODES.createBandwidthPackage, resourceSpec: v.spec_code },
                sizeMbps: v.bandwidth,
                period_type: prepaid.period_type === 'year' ? 3 : 2,
                period_num: prepaid.period_num,
                status: prepaid.is_auto_pay ? 'completed' : 'unpaid',
                at: x.now,
                links: { domain_id: x.scopeId, bandwidth_package_id: id },
              })
            : undefined;
          const pkg: BandwidthPackage = {
            id,
            name: v.name,
            description: v.description,
            domain_id: x.scopeId,
            enterprise_project_id: v.enterprise_project_id,
            project_id: v.project_id,
            created_at: ts,
            updated_at: ts,
            resource_id: v.resource_id,
            resource_type: v.resource_type,
            local_area_id: v.local_area_id,
            remote_area_id: v.remote_area_id,
            spec_code: v.spec_code,
            billing_mode: v.billing_mode,
            tags: [],
            status: 'ACTIVE',
            admin_state_up: true,
            order_id: order?.order_id ?? '',
            product_id: order?.product_id ?? '',
            charge_mode: v.charge_mode,
            bandwidth: v.bandwidth,
            interflow_mode: v.interflow_mode,
          };
          domain.bandwidthPackages.set(pkg.id, pkg);
          const answer: CreateBandwidthPackageResponse = { request_id: x.c.get('requestId'), bandwidth_package: pkg };
          return x.json(answer, 201);
        },
      },
    ],
  };
}
