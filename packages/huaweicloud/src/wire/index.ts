/**
 * Wire formats of the five upstream operations, snake_case exactly as documented (seeds 000–003 and the SDK models
 * in UPSTREAM-FACTS.md). Types only: validation of what a caller sends lives in @bwkit/contracts, and the simulator
 * has its own upstream-side checks.
 */

// ---- Workspace: createWorkspaceBandwidth (seed 000) -------------------------------------------------------------
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
export interface WorkspaceSubJob {
  id: string;
  job_type: string;
  status: WorkspaceJobStatus;
  error_code?: string;
  fail_reason?: string;
  /** 0–100 as a string in some responses, a number in others */
  process?: string | number;
  entities?: Record<string, unknown>;
}
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
  /** Not in the public model; the simulator adds the created bandwidth id here (real Workspace puts it in entities). */
  entities?: Record<string, unknown>;
}

// ---- Workspace: changeWorkspaceBandwidth (seed 001) -------------------------------------------------------------
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
}

/** SubnetBandwidthDetail, for the simulator's seeded bandwidths */
export interface WorkspaceBandwidthDetail {
  bandwidth_id: string;
  bandwidth_name: string;
  charge_mode: 'wks_bandwidth' | 'free' | 'wks_traffic';
  size: number;
  vpc_id?: string;
  subnet_id: string;
  enterprise_project_id: string;
  created_at: string;
  order_id?: string;
  status: 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'UPDATING' | 'DELETING';
}

// ---- VPC: createSharedBandwidth (seed 002) ----------------------------------------------------------------------
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

// ---- Cloud Connect: createBandwidthPackage (seed 003) -----------------------------------------------------------
export type CcAreaId =
  | 'Chinese-Mainland' | 'Asia-Pacific' | 'Africa'
  | 'Western-Latin-America' | 'Eastern-Latin-America' | 'Northern-Latin-America';

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
  /** documented as an integer, the seed's example answers a string ("3"): parse both */
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

export type ServiceName = 'workspace' | 'vpc' | 'cc';
