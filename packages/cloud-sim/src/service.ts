/**
 * What every simulated service module provides (routes of its operations, its error body, its part of the admin
 * state) and what the app gives it (the shared state, the clock, the options, job faults).
 */
import type { Context, Hono } from 'hono';
import type { Site } from './check.js';
import type { VpcSizeLimits } from './services/vpc/rules.js';
import type { DomainState, OpName, ProjectState, ServiceName, SimFault, SimState } from './state.js';

/** What @hono/node-server passes as env; absent when the app is called with app.fetch(request) alone. */
export interface SimBindings {
  incoming?: { socket?: { destroy(error?: Error): unknown } | null };
  outgoing?: { destroy?(error?: Error): unknown };
}
export type SimEnv = { Bindings: SimBindings; Variables: { requestId: string } };

/** One authenticated request to an operation, as its handler sees it. */
export interface OpContext {
  c: Context<SimEnv>;
  /** the signing AK, i.e. the account */
  ak: string;
  /** the AK's website */
  site: Site;
  /** project id (Workspace, VPC) or domain id (Cloud Connect, BSS) */
  scopeId: string;
  /** the region named by the Host header (`<service>.<region>.myhuaweicloud.com`), if any */
  region?: string;
  /** the Host header as signed */
  host: string;
  /** parsed JSON body (undefined for GET) */
  body: unknown;
  now: Date;
  /** an answer in the service's own error format */
  error(status: number, code: string, message: string): Response;
  json(body: unknown, status?: number): Response;
}
export type OpHandler = (x: OpContext) => Response | Promise<Response>;

/** One operation of a service: method and path come from its OPERATIONS row in @bwkit/huaweicloud. */
export interface RouteDef {
  op: OpName;
  handler: OpHandler;
}

/**
 * How a request names its scope: project- and domain-scoped services repeat the path's id in X-Project-Id /
 * X-Domain-Id (BasicCredentials / GlobalCredentials); BSS paths carry no id, so X-Domain-Id alone names it.
 */
export type ScopeRule =
  | { kind: 'path'; param: string; header: string; code: string }
  | { kind: 'header'; header: string; code: string };

export type AdminError = (c: Context<SimEnv>, status: number, message: string) => Response;

export interface ServiceDef {
  name: ServiceName;
  /** requests on these paths belong to the service (an internal error answers in its format) */
  owns(path: string): boolean;
  scope: ScopeRule;
  errorBody(requestId: string, code: string, message: string): object;
  /** code and message of an injected `status` fault */
  faultError(status: number): { code: string; message: string };
  /** the code of a body that is not JSON */
  badJsonCode: string;
  /** a plausible success answer of `op`, truncated by the `malformed` fault */
  malformed(op: OpName): { status: number; body: unknown };
  routes: RouteDef[];
  /** advances clock-driven state (jobs, auto-paid orders) to `t` */
  settle?(t: number): void;
  /** this service's fields of a project / a domain in GET /_sim/state */
  projectView?(p: ProjectState, t: number): Record<string, unknown>;
  domainView?(d: DomainState, t: number): Record<string, unknown>;
  /** top-level fields of GET /_sim/state */
  stateView?(t: number): Record<string, unknown>;
  /** test-only routes under /_sim */
  admin?(router: Hono<SimEnv>, adminError: AdminError): void;
}

export interface ResolvedOptions {
  runningAfterMs: number;
  doneAfterMs: number;
  autoPaySettleMs: number;
  sharedBandwidthQuota: number;
  sharedBandwidthSize: VpcSizeLimits;
}

export interface SimContext {
  state: SimState;
  now(): Date;
  options: ResolvedOptions;
  /** the job_fail fault for the next job of `op`, consumed */
  takeJobFail(op: OpName): SimFault | undefined;
}
