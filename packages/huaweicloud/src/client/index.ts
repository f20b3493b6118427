/**
 * Typed client for the upstream operations: one method per OPERATIONS row (./operations.ts), each a thin mapping
 * of its input onto the transport (./transport.ts: signing, time budget, retry, response checks).
 */
import type {
  CancelOrderBody,
  CancelOrderResponse,
  ChangeWorkspaceBandwidthBody,
  ChangeWorkspaceBandwidthResponse,
  CreateBandwidthPackageBody,
  CreateBandwidthPackageResponse,
  CreateSharedBandwidthBody,
  CreateSharedBandwidthResponse,
  CreateWorkspaceBandwidthBody,
  CreateWorkspaceBandwidthResponse,
  ListBandwidthPackagesQuery,
  ListBandwidthPackagesResponse,
  ListCloudConnectionsQuery,
  ListCloudConnectionsResponse,
  ListSharedBandwidthsQuery,
  ListSharedBandwidthsResponse,
  ListWorkspaceBandwidthsQuery,
  ListWorkspaceBandwidthsResponse,
  ListWorkspaceSubnetsQuery,
  ListWorkspaceSubnetsResponse,
  PayOrderBody,
  PayOrderResponse,
  RateOnDemandProductsBody,
  RateOnDemandProductsResponse,
  RatePeriodProductsBody,
  RatePeriodProductsResponse,
  ShowOrderQuery,
  ShowOrderResponse,
  ShowWorkspaceJobResponse,
} from '../wire/index.js';
import { type CallOptions, createTransport, type HuaweiCloudClientOptions, type UpstreamResult } from './transport.js';

export type { HttpMethod, MatchedOperation, OperationName, OperationSpec } from './operations.js';
export { matchOperation, OPERATION_NAMES, OPERATIONS } from './operations.js';
export type { CallInput, CallOptions, HuaweiCloudClientOptions, Transport, UpstreamResult } from './transport.js';
export {
  buildQuery,
  CONTENT_TYPE,
  createTransport,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  MAX_RESPONSE_BYTES,
  MAX_RETRY_DELAY_MS,
} from './transport.js';

export interface CreateWorkspaceBandwidthInput {
  region: string;
  body: CreateWorkspaceBandwidthBody;
}
export interface ShowWorkspaceJobInput {
  region: string;
  jobId: string;
}
export interface ChangeWorkspaceBandwidthInput {
  region: string;
  bandwidthId: string;
  body: ChangeWorkspaceBandwidthBody;
}
export interface CreateSharedBandwidthInput {
  region: string;
  body: CreateSharedBandwidthBody;
}
/** Global service: no region; `body.bandwidth_package.project_id` is filled by the caller. */
export interface CreateBandwidthPackageInput {
  body: CreateBandwidthPackageBody;
}
export interface ListWorkspaceSubnetsInput {
  region: string;
  query?: ListWorkspaceSubnetsQuery;
}
export interface ListWorkspaceBandwidthsInput {
  region: string;
  query?: ListWorkspaceBandwidthsQuery;
}
export interface ListSharedBandwidthsInput {
  region: string;
  query?: ListSharedBandwidthsQuery;
}
export interface ListCloudConnectionsInput {
  query?: ListCloudConnectionsQuery;
}
export interface ListBandwidthPackagesInput {
  query?: ListBandwidthPackagesQuery;
}
/** `body.project_id` is the project of the priced region, filled by the caller. */
export interface RatePeriodProductsInput {
  body: RatePeriodProductsBody;
}
export interface RateOnDemandProductsInput {
  body: RateOnDemandProductsBody;
}
export interface ShowOrderInput {
  orderId: string;
  query?: ShowOrderQuery;
  /** Sent as X-Language (the upstream defaults to zh_CN). */
  language?: 'zh_CN' | 'en_US';
}
export interface PayOrderInput {
  body: PayOrderBody;
}
export interface CancelOrderInput {
  body: CancelOrderBody;
}

export interface HuaweiCloudClient {
  createWorkspaceBandwidth(
    input: CreateWorkspaceBandwidthInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<CreateWorkspaceBandwidthResponse>>;
  showWorkspaceJob(input: ShowWorkspaceJobInput, opts?: CallOptions): Promise<UpstreamResult<ShowWorkspaceJobResponse>>;
  changeWorkspaceBandwidth(
    input: ChangeWorkspaceBandwidthInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ChangeWorkspaceBandwidthResponse>>;
  createSharedBandwidth(
    input: CreateSharedBandwidthInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<CreateSharedBandwidthResponse>>;
  createBandwidthPackage(
    input: CreateBandwidthPackageInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<CreateBandwidthPackageResponse>>;
  listWorkspaceSubnets(
    input: ListWorkspaceSubnetsInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListWorkspaceSubnetsResponse>>;
  listWorkspaceBandwidths(
    input: ListWorkspaceBandwidthsInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListWorkspaceBandwidthsResponse>>;
  listSharedBandwidths(
    input: ListSharedBandwidthsInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListSharedBandwidthsResponse>>;
  listCloudConnections(
    input?: ListCloudConnectionsInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListCloudConnectionsResponse>>;
  listBandwidthPackages(
    input?: ListBandwidthPackagesInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListBandwidthPackagesResponse>>;
  ratePeriodProducts(
    input: RatePeriodProductsInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<RatePeriodProductsResponse>>;
  rateOnDemandProducts(
    input: RateOnDemandProductsInput,
    opts?: CallOptions,
  ): Promise<UpstreamResult<RateOnDemandProductsResponse>>;
  showOrder(input: ShowOrderInput, opts?: CallOptions): Promise<UpstreamResult<ShowOrderResponse>>;
  payOrder(input: PayOrderInput, opts?: CallOptions): Promise<UpstreamResult<PayOrderResponse>>;
  cancelOrder(input: CancelOrderInput, opts?: CallOptions): Promise<UpstreamResult<CancelOrderResponse>>;
}

export function createHuaweiCloudClient(options: HuaweiCloudClientOptions): HuaweiCloudClient {
  const { call } = createTransport(options);

  return {
    async createWorkspaceBandwidth(input, opts) {
      return call('createWorkspaceBandwidth', { region: input.region, body: input.body }, opts);
    },
    async showWorkspaceJob(input, opts) {
      return call('showWorkspaceJob', { region: input.region, params: { job_id: input.jobId } }, opts);
    },
    async changeWorkspaceBandwidth(input, opts) {
      return call(
        'changeWorkspaceBandwidth',
        { region: input.region, params: { bandwidth_id: input.bandwidthId }, body: input.body },
        opts,
      );
    },
    async createSharedBandwidth(input, opts) {
      return call('createSharedBandwidth', { region: input.region, body: input.body }, opts);
    },
    async createBandwidthPackage(input, opts) {
      return call('createBandwidthPackage', { body: input.body }, opts);
    },
    async listWorkspaceSubnets(input, opts) {
      return call('listWorkspaceSubnets', { region: input.region, query: input.query }, opts);
    },
    async listWorkspaceBandwidths(input, opts) {
      return call('listWorkspaceBandwidths', { region: input.region, query: input.query }, opts);
    },
    async listSharedBandwidths(input, opts) {
      return call('listSharedBandwidths', { region: input.region, query: input.query }, opts);
    },
    async listCloudConnections(input = {}, opts) {
      return call('listCloudConnections', { query: input.query }, opts);
    },
    async listBandwidthPackages(input = {}, opts) {
      return call('listBandwidthPackages', { query: input.query }, opts);
    },
    async ratePeriodProducts(input, opts) {
      return call('ratePeriodProducts', { body: input.body }, opts);
    },
    async rateOnDemandProducts(input, opts) {
      return call('rateOnDemandProducts', { body: input.body }, opts);
    },
    async showOrder(input, opts) {
      const language = input.language;
      if (language !== undefined && language !== 'zh_CN' && language !== 'en_US') {
        throw new TypeError(`showOrder: language must be 'zh_CN' or 'en_US'`);
      }
      return call(
        'showOrder',
        {
          params: { order_id: input.orderId },
          query: input.query,
          ...(language === undefined ? {} : { headers: { 'X-Language': language } }),
        },
        opts,
      );
    },
    async payOrder(input, opts) {
      return call('payOrder', { body: input.body }, opts);
    },
    async cancelOrder(input, opts) {
      return call('cancelOrder', { body: input.body }, opts);
    },
  };
}
