/**
 * Wire formats of the upstream operations, snake_case exactly as documented (the API reference pages of the four
 * create operations, and the official SDK models for the rest). Types only: validation of what a caller sends lives in @bwkit/contracts, and the simulator
 * has its own upstream-side checks.
 */

// ---- Workspace: createWorkspaceBandwidth (ApplySubnetBandwidth)----------------------------------------------------
/** POST /v2/{project_id}/bandwidths */
export interface CreateWorkspaceBandwidthBody {
  bandwidth_name?: string;
  subnet_id: string;
  /** wks_bandwidth (yearly/monthly only) | free | wks_traffic (pay-per-use only) */
  charge_mode: 'wks_bandwidth' | 'free' | 'wks_traffic';
  bandwidth_size?: number;
  enterprise_project_id?: string;
}
/** 200 */
export interface CreateWorkspaceBandwidthResponse {
  job_id: string;
}

// ---- Workspace: showWorkspaceJob --------------------------------------------------------------------------------
/** GET /v2/{project_id}/workspace-jobs/{job_id} */
export type WorkspaceJobStatus = 'INIT' | 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAIL' | 'COMPLETE';
/** JobEntities: the only documented entity fields of a Workspace job are desktop ones (no bandwidth id). */
export interface WorkspaceJobEntities {
  desktop_id?: string;
  product_id?: string;
  user_name?: string;
  desktop_name?: string;
  ip_address?: string;
}
/** JobDetailInfo */
export interface WorkspaceSubJob {
  id: string;
  job_type: string;
  entities?: WorkspaceJobEntities;
  begin_time?: string;
  end_time?: string;
  status: WorkspaceJobStatus;
  error_code?: string;
  fail_reason?: string;
  host?: string;
  project_id?: string;
  job_id?: string;
  /** 0–100 as a string in some responses, a number in others */
  process?: string | number;
  attach_user?: string;
  /** "operation object"; what it holds for a bandwidth job is not documented */
  entity?: string;
  ip_address?: string;
}
/**
 * ShowJobResponse. The real job carries no created-resource id: to learn a new bandwidth's id, list bandwidths with
 * `subnet_id` (and `bandwidth_name`) once the job succeeded.
 */
export interface ShowWorkspaceJobResponse {
  id: string;
  job_type: string;
  begin_time?: string;
  end_time?: string;
  status: WorkspaceJobStatus;
  job_error_code?: string;
  fail_reason?: string;
  sub_jobs_total?: number;
  sub_jobs?: WorkspaceSubJob[];
}

// ---- Workspace: changeWorkspaceBandwidth (change order) ----------------------------------------------------------
/** POST /v2/{project_id}/bandwidths/{bandwidth_id}/periodic/change/order */
export interface ChangeWorkspaceBandwidthBody {
  bandwidth_name?: string;
  /** a string on the wire, required */
  bandwidth_size: string;
  enterprise_project_id?: string;
  extend_param?: { is_auto_pay?: 'true' | 'false' };
}
/** 200 */
export interface ChangeWorkspaceBandwidthResponse {
  order_id: string;
  /** CreateSubnetBandwidthChangeOrderResponse also carries the job of the change */
  job_id?: string;
}

export type WorkspaceBandwidthStatus = 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'UPDATING' | 'DELETING';
export type WorkspaceChargeMode = 'wks_bandwidth' | 'free' | 'wks_traffic';

/** SubnetBandwidthDetail as the SDK models it: every field optional. */
export interface SubnetBandwidthDetail {
  bandwidth_id?: string;
  bandwidth_name?: string;
  charge_mode?: WorkspaceChargeMode | (string & {});
  size?: number;
  vpc_id?: string;
  vpc_name?: string;
  subnet_id?: string;
  subnet_name?: string;
  enterprise_project_id?: string;
  created_at?: string;
  order_id?: string;
  status?: WorkspaceBandwidthStatus | (string & {});
  /** BLACK | WHITE (control-list mode) */
  control_mode?: 'BLACK' | 'WHITE' | (string & {});
}

/** A SubnetBandwidthDetail with the fields the simulator always answers. */
export interface WorkspaceBandwidthDetail extends SubnetBandwidthDetail {
  bandwidth_id: string;
  bandwidth_name: string;
  charge_mode: WorkspaceChargeMode;
  size: number;
  subnet_id: string;
  enterprise_project_id: string;
  created_at: string;
  status: WorkspaceBandwidthStatus;
}

// ---- Workspace: listWorkspaceBandwidths -------------------------------------------------------------------------
/** GET /v2/{project_id}/bandwidths (ListSubnetBandwidths). Without `limit` the upstream returns all records. */
export interface ListWorkspaceBandwidthsQuery {
  /** from 0 */
  offset?: number;
  limit?: number;
  vpc_id?: string;
  subnet_id?: string;
  bandwidth_id?: string;
  bandwidth_name?: string;
}
/** 200 */
export interface ListWorkspaceBandwidthsResponse {
  total_count?: number;
  bandwidths?: SubnetBandwidthDetail[];
}

// ---- Workspace: listWorkspaceSubnets ----------------------------------------------------------------------------
/** GET /v2/{project_id}/subnets (ListSubnets); no pagination */
export interface ListWorkspaceSubnetsQuery {
  vpc_id?: string;
  availability_zone_id?: string;
}
/** SingleSubnetInfo: every field optional in the SDK */
export interface SingleSubnetInfo {
  id?: string;
  /** the subnet is not really used by Workspace, so it can be removed */
  unused?: boolean;
  /** the subnet has been selected for Workspace */
  checked?: boolean;
  vpc_id?: string;
  name?: string;
  cidr?: string;
  gateway_ip?: string;
  dhcp_enable?: boolean;
  ipv6_enable?: boolean;
  primary_dns?: string;
  secondary_dns?: string;
  status?: string;
  availability_zone?: string;
  neutron_subnet_id?: string;
  neutron_ipv6_subnet_id?: string;
  description?: string;
}
/** 200 */
export interface ListWorkspaceSubnetsResponse {
  subnet_size?: number;
  subnets?: SingleSubnetInfo[];
}

// ---- VPC: createSharedBandwidth (EIP v2.0) ----------------------------------------------------------------------
/** POST /v2.0/{project_id}/bandwidths */
export interface CreateSharedBandwidthBody {
  bandwidth: {
    name: string;
    size: number;
    enterprise_project_id?: string;
    charge_mode?: 'bandwidth' | '95peak_plus';
    bandwidth_type?: 'share' | 'edgeshare';
    public_border_group?: string;
  };
}
export interface PublicIpInfo {
  publicip_id: string;
  publicip_address?: string;
  publicip_type?: string;
}
export interface SharedBandwidth {
  id: string;
  name: string;
  size: number;
  share_type: 'WHOLE' | 'PER';
  publicip_info: PublicIpInfo[];
  tenant_id: string;
  bandwidth_type: string;
  charge_mode: string;
  billing_info: string;
  enterprise_project_id: string;
  status: 'NORMAL' | 'FREEZED';
  created_at: string;
  updated_at: string;
}
/** 200 */
export interface CreateSharedBandwidthResponse {
  bandwidth: SharedBandwidth;
}

// ---- Cloud Connect: createBandwidthPackage ------------------------------------------------------------------------
export type CcAreaId =
  | 'Chinese-Mainland'
  | 'Asia-Pacific'
  | 'Africa'
  | 'Western-Latin-America'
  | 'Eastern-Latin-America'
  | 'Northern-Latin-America';

/** POST /v3/{domain_id}/ccaas/bandwidth-packages */
export interface CreateBandwidthPackageBody {
  bandwidth_package: {
    name: string;
    description?: string;
    enterprise_project_id?: string;
    project_id: string;
    local_area_id: CcAreaId;
    remote_area_id: CcAreaId;
    charge_mode: 'bandwidth';
    billing_mode: 1 | 2 | 3 | 4 | 5 | 6;
    bandwidth: number;
    resource_id?: string;
    resource_type?: 'cloud_connection';
    spec_code?: string;
    interflow_mode?: 'Area' | 'Region';
    prepaid_options?: {
      period_type: 'month' | 'year';
      period_num: number;
      is_auto_renew?: boolean;
      is_auto_pay?: boolean;
    };
  };
}
export interface BandwidthPackage {
  id: string;
  name: string;
  description: string;
  domain_id: string;
  enterprise_project_id: string;
  project_id: string;
  created_at: string;
  updated_at: string;
  resource_id: string;
  resource_type: string;
  local_area_id: string;
  remote_area_id: string;
  spec_code: string;
  /** documented as an integer, the API page example answers a string ("3"): parse both */
  billing_mode: number | string;
  tags: { key: string; value: string }[];
  status: string;
  admin_state_up: boolean;
  order_id: string;
  product_id: string;
  charge_mode: string;
  bandwidth: number;
  interflow_mode: string;
}
/** 201 */
export interface CreateBandwidthPackageResponse {
  request_id: string;
  bandwidth_package: BandwidthPackage;
}

// ---- VPC (EIP v1): listSharedBandwidths -------------------------------------------------------------------------
/** GET /v1/{project_id}/bandwidths (ListBandwidths): marker pagination (marker = last id of the previous page) */
export interface ListSharedBandwidthsQuery {
  marker?: string;
  limit?: number;
  /** WHOLE = shared, PER = dedicated */
  share_type?: 'WHOLE' | 'PER';
}
export interface PublicipInfoResp {
  publicip_id?: string;
  publicip_address?: string;
  publicipv6_address?: string;
  publicip_type?: string;
  ip_version?: number;
}
/** BandwidthResp: every field optional in the SDK */
export interface BandwidthResp {
  id?: string;
  name?: string;
  size?: number;
  share_type?: 'WHOLE' | 'PER' | (string & {});
  publicip_info?: PublicipInfoResp[];
  tenant_id?: string;
  /** share | bgp | telcom | sbgp | … */
  bandwidth_type?: string;
  /** bandwidth | traffic | 95peak_plus; empty means bandwidth */
  charge_mode?: string;
  /** non-empty = yearly/monthly */
  billing_info?: string;
  enterprise_project_id?: string;
  status?: 'NORMAL' | 'FREEZED' | (string & {});
  enable_bandwidth_rules?: boolean;
  rule_quota?: number;
  bandwidth_rules?: Record<string, unknown>[];
  public_border_group?: string;
  created_at?: string;
  updated_at?: string;
}
/** 200 */
export interface ListSharedBandwidthsResponse {
  bandwidths?: BandwidthResp[];
}

// ---- Cloud Connect v3: listCloudConnections / listBandwidthPackages ---------------------------------------------
/** A list filter the upstream takes comma-joined (collection format csv); a single string is sent as is. */
export type CsvList = string | number | readonly (string | number)[];

/** GET /v3/{domain_id}/ccaas/cloud-connections */
export interface ListCloudConnectionsQuery {
  /** 1–2000 */
  limit?: number;
  marker?: string;
  id?: CsvList;
  name?: CsvList;
  description?: CsvList;
  enterprise_project_id?: CsvList;
  status?: CsvList;
  type?: CsvList;
  used_scene?: CsvList;
}
export interface CcPageInfo {
  next_marker?: string;
  previous_marker?: string;
  current_count: number;
}
export interface CcTag {
  key: string;
  value: string;
}
export interface CloudConnection {
  id: string;
  name: string;
  description?: string;
  domain_id: string;
  enterprise_project_id?: string;
  created_at: string;
  updated_at: string;
  tags?: CcTag[];
  /** ACTIVE */
  status?: string;
  admin_state_up?: boolean;
  /** VPC */
  used_scene?: string;
  network_instance_number?: number;
  bandwidth_package_number?: number;
  inter_region_bandwidth_number?: number;
}
/** 200 */
export interface ListCloudConnectionsResponse {
  request_id: string;
  page_info: CcPageInfo;
  cloud_connections: CloudConnection[];
}

/** GET /v3/{domain_id}/ccaas/bandwidth-packages */
export interface ListBandwidthPackagesQuery {
  limit?: number;
  marker?: string;
  id?: CsvList;
  name?: CsvList;
  enterprise_project_id?: CsvList;
  cloud_connection_id?: CsvList;
  status?: CsvList;
  /** billing modes as decimal strings (`"1"`, `"2"`, …) */
  billing_mode?: CsvList;
  resource_id?: CsvList;
}
/** BandwidthPackage as listed: the SDK's required fields, the rest optional. */
export interface ListedBandwidthPackage extends Partial<BandwidthPackage> {
  id: string;
  name: string;
  domain_id: string;
  project_id: string;
  resource_id: string;
  resource_type: string;
  local_area_id: string;
  remote_area_id: string;
  spec_code: string;
  billing_mode: number | string;
  created_at: string;
  updated_at: string;
}
/** 200 */
export interface ListBandwidthPackagesResponse {
  request_id: string;
  page_info: CcPageInfo;
  bandwidth_packages: ListedBandwidthPackage[];
}

// ---- BSS: ratePeriodProducts ------------------------------------------------------------------------------------
/** 0 day, 2 month, 3 year, 4 hour */
export type BssPeriodType = 0 | 2 | 3 | 4;

/** PeriodProductInfo */
export interface PeriodProductInfo {
  /** unique within the request; results are keyed by it */
  id: string;
  cloud_service_type: string;
  resource_type: string;
  resource_spec: string;
  region: string;
  available_zone?: string | null;
  /** mandatory for linear products such as bandwidth */
  resource_size?: number;
  /** 15 Mbps, 17 GB, 14 count */
  size_measure_id?: number;
  period_type: BssPeriodType;
  period_num: number;
  subscription_num: number;
  /** HALF_PAY | ZERO_PAY | NA; Chinese-mainland site only (CloudPond) */
  fee_installment_mode?: 'HALF_PAY' | 'ZERO_PAY' | 'NA';
}
/** POST /v2/bills/ratings/period-resources/subscribe-rate (RateOnPeriodReq) */
export interface RatePeriodProductsBody {
  project_id: string;
  product_infos: PeriodProductInfo[];
}
export interface PeriodProductOfficialRatingResult {
  id?: string;
  product_id?: string;
  official_website_amount?: number;
  measure_id?: number;
}
export interface OfficialWebsiteRatingResult {
  official_website_amount?: number;
  /** 1 = yuan (mainland) / US dollar (international) */
  measure_id?: number;
  product_rating_results?: PeriodProductOfficialRatingResult[];
}
export interface PeriodProductRatingResult {
  id?: string;
  product_id?: string;
  amount?: number;
  official_website_amount?: number;
  discount_amount?: number;
  measure_id?: number;
}
export interface OptionalDiscountRatingResult {
  discount_id?: string;
  /** official_website_amount − discount_amount */
  amount?: number;
  official_website_amount?: number;
  discount_amount?: number;
  measure_id?: number;
  /** 605 business, 606 partner-granted, 607 partner-set */
  discount_type?: number;
  discount_name?: string;
  /** 1 = the best offer */
  best_offer?: 0 | 1;
  product_rating_results?: PeriodProductRatingResult[];
}
/** 200 (ListRateOnPeriodDetailResponse): every field optional, and there is no top-level amount */
export interface RatePeriodProductsResponse {
  /** empty means CNY on the mainland site, USD on the international one */
  currency?: string;
  official_website_rating_result?: OfficialWebsiteRatingResult;
  optional_discount_rating_results?: OptionalDiscountRatingResult[];
}

// ---- BSS: rateOnDemandProducts ----------------------------------------------------------------------------------
/** DemandProductInfo */
export interface DemandProductInfo {
  id: string;
  cloud_service_type: string;
  resource_type: string;
  resource_spec: string;
  region: string;
  available_zone?: string | null;
  resource_size?: number;
  size_measure_id?: number;
  /** for bandwidth: Duration or upflow */
  usage_factor: string;
  /** e.g. 1 for one hour */
  usage_value: number;
  usage_measure_id: number;
  subscription_num: number;
}
/** POST /v2/bills/ratings/on-demand-resources (RateOnDemandReq) */
export interface RateOnDemandProductsBody {
  project_id: string;
  /** 0 = 6 decimals, 1 = 10 decimals */
  inquiry_precision?: 0 | 1;
  product_infos: DemandProductInfo[];
}
export interface DemandDiscountRatingResult {
  discount_id?: string;
  discount_type?: number;
  amount?: number;
  measure_id?: number;
  discount_name?: string;
}
export interface DemandProductRatingResult {
  id?: string;
  product_id?: string;
  amount?: number;
  discount_amount?: number;
  official_website_amount?: number;
  measure_id?: number;
  discount_rating_results?: DemandDiscountRatingResult[];
}
/** 200 (ListOnDemandResourceRatingsResponse) */
export interface RateOnDemandProductsResponse {
  amount?: number;
  discount_amount?: number;
  official_website_amount?: number;
  measure_id?: number;
  currency?: string;
  product_rating_results?: DemandProductRatingResult[];
}

// ---- BSS: showOrder ---------------------------------------------------------------------------------------------
/** GET /v2/orders/customer-orders/details/{order_id} */
export interface ShowOrderQuery {
  /** default 10, 1–100 */
  limit?: number;
  offset?: number;
  indirect_partner_id?: string;
}
/**
 * 1 pending approval, 2 pending refund, 3 processing, 4 cancelled, 5 completed, 6 pending payment,
 * 9 pending confirmation, 10 pending delivery, 11 pending receipt, 12 pending pickup, 13 being replaced
 */
export type BssOrderStatus = 1 | 2 | 3 | 4 | 5 | 6 | 9 | 10 | 11 | 12 | 13;
export interface OrderDiscountInfo {
  discount_type?: string;
  discount_amount?: number;
}
export interface OrderAmountInfo {
  discounts?: OrderDiscountInfo[];
  flexipurchase_coupon_amount?: number;
  coupon_amount?: number;
  stored_card_amount?: number;
  commission_amount?: number;
  consumed_amount?: number;
}
/** CustomerOrderV3 */
export interface CustomerOrderInfo {
  order_id?: string;
  customer_id?: string;
  service_type_code?: string;
  service_type_name?: string;
  source_type?: number;
  status?: BssOrderStatus | number;
  /** 1 new, 2 renew, 3 change, 4 unsubscribe, 10 yearly/monthly → pay-per-use, 11 the reverse, 13 trial, … */
  order_type?: number;
  amount_after_discount?: number;
  official_amount?: number;
  measure_id?: number;
  create_time?: string;
  payment_time?: string | null;
  currency?: string;
  contract_id?: string | null;
  amount_info?: OrderAmountInfo;
  user_name?: string;
  pending_payment_end_time?: string;
  sub_order_infos?: Record<string, unknown>[];
}
/** OrderLineItemEntityV2 */
export interface OrderLineItem {
  order_line_item_id?: string;
  product_id?: string;
  period_type?: number;
  period_num?: number;
  subscription_num?: number;
  amount_after_discount?: number;
  official_amount?: number;
  order_id?: string;
  [key: string]: unknown;
}
/** 200 (ShowCustomerOrderDetailsResponse) */
export interface ShowOrderResponse {
  total_count?: number;
  order_info?: CustomerOrderInfo;
  order_line_items?: OrderLineItem[];
}

// ---- BSS: payOrder / cancelOrder --------------------------------------------------------------------------------
/** POST /v3/orders/customer-orders/pay (PayCustomerOrderV3Req) */
export interface PayOrderBody {
  order_id: string;
  use_coupon: 'YES' | 'NO';
  use_discount: 'YES' | 'NO';
  /** at most 3; required when use_coupon is YES, forbidden when NO; type 300–303 */
  coupon_infos?: { id: string; type: 300 | 301 | 302 | 303 }[];
  /** exactly 1; required when use_discount is YES, forbidden when NO; 0 promotion, 2 business, 3 partner, 609 */
  discount_infos?: { id: string; type: 0 | 2 | 3 | 609 }[];
}
export type PayCustomerOrderV3Req = PayOrderBody;
/** PayOrdersResponse has no fields: the body is empty (the client answers `{}`). */
export type PayOrderResponse = Record<string, never>;

/** PUT /v2/orders/customer-orders/cancel; only orders pending payment can be cancelled */
export interface CancelOrderBody {
  order_id: string;
}
/** CancelCustomerOrderResponse has no fields (the client answers `{}`). */
export type CancelOrderResponse = Record<string, never>;

// ---- Error bodies -----------------------------------------------------------------------------------------------
/** Workspace: {error_code:"WKS.…", error_msg, error_detail?, encoded_authorization_message?} */
export interface WorkspaceErrorBody {
  error_code: string;
  error_msg: string;
  error_detail?: string;
  encoded_authorization_message?: string;
}
/** VPC: {code:"VPC.…", message} */
export interface VpcErrorBody {
  code: string;
  message: string;
}
/** Cloud Connect: {error_code:"CC.…", error_msg, request_id} */
export interface CcErrorBody {
  error_code: string;
  error_msg: string;
  request_id: string;
}
/** API gateway (any service): {error_code:"APIGW.…", error_msg, request_id} */
export type ApigwErrorBody = CcErrorBody;
/** BSS: {error_code:"CBC.…", error_msg}; some CBC codes are documented with HTTP 200 */
export interface BssErrorBody {
  error_code: `CBC.${string}`;
  error_msg: string;
  encoded_authorization_message?: string;
}

export type { ServiceName } from '../services.js';
