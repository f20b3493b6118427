/**
 * @bwkit/huaweicloud — the Huawei Cloud operations bwkit calls: one OPERATIONS row per operation, a signing
 * transport and a typed client on top, the APIG signer (also used to verify, by the simulator), endpoints,
 * upstream error parsing and the wire types of every request and response. Web APIs only.
 */
export {
  ALGORITHM,
  EMPTY_BODY_SHA256,
  MAX_CLOCK_SKEW_MS,
  canonicalQuery,
  canonicalUri,
  formatSdkDate,
  hmacSha256Hex,
  parseAuthorization,
  parseSdkDate,
  sha256Hex,
  sign,
  urlEncode,
  verify,
  webHmacSha256Hex,
  webSha256Hex,
} from './signer/index.js';
export type { Credentials, ParsedAuthorization, SignableRequest, SignedRequest, VerifiableRequest, VerifyResult } from './signer/index.js';
export { SERVICE_NAMES, isServiceName } from './services.js';
export type { ServiceName } from './services.js';
export { isObject } from './json.js';
export type { JsonObject } from './json.js';
export {
  BSS_ENDPOINTS,
  DEFAULT_ENDPOINTS,
  DEFAULT_SITE,
  KNOWN_WORKSPACE_REGIONS,
  SITES,
  defaultEndpoint,
  endpointFor,
  isSite,
} from './endpoints/index.js';
export type { KnownWorkspaceRegion, Site } from './endpoints/index.js';
export {
  ConfigError,
  UPSTREAM_ERROR_KINDS,
  UpstreamError,
  cleanMessage,
  isUpstreamError,
  kindFor,
  parseRetryAfter,
  parseUpstreamError,
} from './errors/index.js';
export type { HeadersLike, ParseUpstreamErrorOptions, SyntheticErrorCode, UpstreamErrorInit, UpstreamErrorKind } from './errors/index.js';
export { OPERATIONS, OPERATION_NAMES, matchOperation } from './client/operations.js';
export type { HttpMethod, MatchedOperation, OperationName, OperationSpec } from './client/operations.js';
export {
  CONTENT_TYPE,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  MAX_RESPONSE_BYTES,
  MAX_RETRY_DELAY_MS,
  buildQuery,
} from './client/transport.js';
export type { CallOptions, HuaweiCloudClientOptions, UpstreamResult } from './client/transport.js';
export { createHuaweiCloudClient } from './client/index.js';
export type {
  CancelOrderInput,
  ChangeWorkspaceBandwidthInput,
  CreateBandwidthPackageInput,
  CreateSharedBandwidthInput,
  CreateWorkspaceBandwidthInput,
  HuaweiCloudClient,
  ListBandwidthPackagesInput,
  ListCloudConnectionsInput,
  ListSharedBandwidthsInput,
  ListWorkspaceBandwidthsInput,
  ListWorkspaceSubnetsInput,
  PayOrderInput,
  RateOnDemandProductsInput,
  RatePeriodProductsInput,
  ShowOrderInput,
  ShowWorkspaceJobInput,
} from './client/index.js';
export type { ApigwErrorBody, BandwidthPackage, BandwidthResp, BssErrorBody, BssOrderStatus, BssPeriodType, CancelOrderBody, CancelOrderResponse, CcAreaId, CcErrorBody, CcPageInfo, CcTag, ChangeWorkspaceBandwidthBody, ChangeWorkspaceBandwidthResponse, CloudConnection, CreateBandwidthPackageBody, CreateBandwidthPackageResponse, CreateSharedBandwidthBody, CreateSharedBandwidthResponse, CreateWorkspaceBandwidthBody, CreateWorkspaceBandwidthResponse, CsvList, CustomerOrderInfo, DemandDiscountRatingResult, DemandProductInfo, DemandProductRatingResult, ListBandwidthPackagesQuery, ListBandwidthPackagesResponse, ListCloudConnectionsQuery, ListCloudConnectionsResponse, ListSharedBandwidthsQuery, ListSharedBandwidthsResponse, ListWorkspaceBandwidthsQuery, ListWorkspaceBandwidthsResponse, ListWorkspaceSubnetsQuery, ListWorkspaceSubnetsResponse, ListedBandwidthPackage, OfficialWebsiteRatingResult, OptionalDiscountRatingResult, OrderAmountInfo, OrderDiscountInfo, OrderLineItem, PayCustomerOrderV3Req, PayOrderBody, PayOrderResponse, PeriodProductInfo, PeriodProductOfficialRatingResult, PeriodProductRatingResult, PublicIpInfo, PublicipInfoResp, RateOnDemandProductsBody, RateOnDemandProductsResponse, RatePeriodProductsBody, RatePeriodProductsResponse, SharedBandwidth, ShowOrderQuery, ShowOrderResponse, ShowWorkspaceJobResponse, SingleSubnetInfo, SubnetBandwidthDetail, VpcErrorBody, WorkspaceBandwidthDetail, WorkspaceBandwidthStatus, WorkspaceChargeMode, WorkspaceErrorBody, WorkspaceJobEntities, WorkspaceJobStatus, WorkspaceSubJob } from './wire/index.js';
