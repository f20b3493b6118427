/**
 * The simulator's own implementation of the upstream services' documented request rules, one module per service
 * (services/<service>/rules.ts), gathered here as the package's `rules` export. It deliberately does NOT import
 * @bwkit/contracts: the BFF's rules are tested against this independent implementation.
 */

export type { Check, Site } from './check.js';
export { INT32_MAX, isObject } from './check.js';
export type {
  BssPeriodTypeCode,
  DemandProduct,
  PayOrderInput,
  PeriodProduct,
  ProductCodes,
} from './services/bss/rules.js';
export {
  BSS_PERIOD_TYPES,
  BSS_PRODUCT_INFOS_MAX,
  CBC_ACCESS_DENIED,
  CBC_COUPON_NOT_USABLE,
  CBC_DISCOUNT_NOT_USABLE,
  CBC_FLOW_CONTROL,
  CBC_INSUFFICIENT_BALANCE,
  CBC_INTERNAL,
  CBC_INVALID_PARAMETER,
  CBC_ORDER_NOT_FOUND,
  CBC_ORDER_STATE_CHANGED,
  CBC_PARAMETER_ERROR,
  CBC_PRODUCT_NOT_FOUND,
  CBC_USAGE_FACTOR,
  CBC_USAGE_UNIT,
  CBC_WRONG_SITE,
  checkCancelOrder,
  checkPayOrder,
  checkRateOnDemandProducts,
  checkRatePeriodProducts,
  checkShowOrderQuery,
  SIZE_MEASURE_MBPS,
  USAGE_FACTOR_DURATION,
  USAGE_MEASURE_HOUR,
} from './services/bss/rules.js';
export type {
  BandwidthPackageInput,
  CcListQuery,
  CcSpec,
} from './services/cc/rules.js';
export {
  CC_AREAS,
  CC_BANDWIDTH_MAX,
  CC_DESCRIPTION_MAX,
  CC_DOMAIN_MISMATCH,
  CC_INTERNAL,
  CC_INVALID,
  CC_LIST_LIMIT_DEFAULT,
  CC_LIST_LIMIT_MAX,
  CC_NAME_IN_USE,
  CC_NAME_MAX,
  CC_PERIOD_MAX,
  CC_SPEC_CODES,
  checkCcListQuery,
  checkCreateBandwidthPackage,
  SITE_BILLING_MODES,
  SITE_LABEL,
  specCodeForAreas,
} from './services/cc/rules.js';
export type {
  SharedBandwidthInput,
  SharedBandwidthListQuery,
  VpcSizeLimits,
} from './services/vpc/rules.js';
export {
  checkCreateSharedBandwidth,
  checkListSharedBandwidths,
  coerceVpcSize,
  DEFAULT_VPC_SIZE_LIMITS,
  VPC_95PEAK_MIN,
  VPC_BAD_ENTERPRISE_PROJECT,
  VPC_BAD_NAME,
  VPC_BAD_REQUEST,
  VPC_INTERNAL,
  VPC_NAME_RE,
  VPC_NO_QUOTA,
  VPC_NO_QUOTA_MESSAGE,
  VPC_SHARED_BANDWIDTH_QUOTA,
  VPC_SIZE_CEILING,
  VPC_SIZE_FLOOR,
  VPC_SIZE_MAX,
  VPC_SIZE_MIN,
  VPC_TENANT_MISMATCH,
  vpcSizeStep,
} from './services/vpc/rules.js';
export type {
  WorkspaceBandwidthListQuery,
  WorkspaceChangeInput,
  WorkspaceChargeMode,
  WorkspaceCreateInput,
} from './services/workspace/rules.js';
export {
  checkChangeWorkspaceBandwidth,
  checkCreateWorkspaceBandwidth,
  checkListWorkspaceBandwidths,
  WKS_CONFLICT,
  WKS_INTERNAL,
  WKS_INVALID,
  WKS_NOT_ENABLED,
  WORKSPACE_CHARGE_MODES,
  WORKSPACE_NAME_MAX,
  WORKSPACE_SIZE_MAX,
} from './services/workspace/rules.js';
