import type { Context } from 'hono';
import type { OperationName } from '@bwkit/contracts';
import { OPERATIONS, type OperationName as UpstreamOperation, type UpstreamResult } from '@bwkit/huaweicloud';
import type { BffDeps, BffEnv } from '../context.js';
import { callUpstream, postHandler, type PostSpec } from '../operation/index.js';

/** Calls the cloud once (counted, timed, its request id kept); the service is the operation's OPERATIONS row's. */
export const upstream = <T>(deps: BffDeps, c: Context<BffEnv>, operation: UpstreamOperation & OperationName, fn: () => Promise<UpstreamResult<T>>) =>
  callUpstream(deps, c, OPERATIONS[operation].service, operation, fn);

/** postHandler with the service taken from the operation's OPERATIONS row. */
export const post = <T>(deps: BffDeps, spec: Omit<PostSpec<T>, 'service' | 'operation'> & { operation: UpstreamOperation & OperationName }) =>
  postHandler<T>(deps, { ...spec, service: OPERATIONS[spec.operation].service });
