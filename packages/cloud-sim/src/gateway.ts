/**
 * The API-gateway part every operation shares, in order: count → settle the clock → SDK-HMAC-SHA256 signature (with
 * lockout) → scope header → faults → JSON body → the service's handler → count the success → (a delay fault's wait).
 */

import { parseAuthorization, verify } from '@bwkit/huaweicloud';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Site } from './check.js';
import type { createFaults } from './faults.js';
import type { OpHandler, ServiceDef, SimEnv } from './service.js';
import type { OpName, SimState } from './state.js';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

const SIG_FAIL_MSG = 'Incorrect IAM authentication information: verify aksk signature fail';
const LOCKED_MSG = `${SIG_FAIL_MSG}, the access key is locked for 5 minutes after ${LOCKOUT_FAILURES} consecutive failures`;
const SKEW_MSG =
  'Incorrect IAM authentication information: the request time (X-Sdk-Date) differs from the server time by more than 15 minutes';
export const NOT_FOUND_MSG = 'The API does not exist or has not been published in the environment';

const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const json = (c: Context<SimEnv>, body: unknown, status: number) =>
  c.json(body as object, status as ContentfulStatusCode);

/** API gateway errors (any service): {error_code:"APIGW.…", error_msg, request_id}. */
export function gatewayError(c: Context<SimEnv>, status: number, code: string, message: string): Response {
  return json(c, { error_code: code, error_msg: message, request_id: c.get('requestId') }, status);
}

/** The region in a real endpoint's host name (`workspace.ap-southeast-1.myhuaweicloud.com` → ap-southeast-1). */
export function regionOfHost(host: string): string | undefined {
  return /^[a-z]+\.([a-z]{2}-[a-z]+-\d+)\.myhuaweicloud\.com(?::\d+)?$/i.exec(host)?.[1]?.toLowerCase();
}

export interface GatewayDeps {
  state: SimState;
  now(): Date;
  credentials: Map<string, { sk: string; site: Site }>;
  lockout: boolean;
  faults: ReturnType<typeof createFaults>;
  /** advances every service's clock-driven state */
  settle(t: number): void;
}

export function createGateway(deps: GatewayDeps) {
  const { state, credentials, faults } = deps;

  type AuthResult = { ok: true; ak: string; site: Site } | { ok: false; res: Response };

  async function authenticate(c: Context<SimEnv>, body: Uint8Array, at: Date): Promise<AuthResult> {
    const t = at.getTime();
    const parsed = parseAuthorization(c.req.header('authorization'));
    if (deps.lockout && parsed && credentials.has(parsed.ak)) {
      const lock = state.lockouts.get(parsed.ak);
      if (lock?.lockedUntil !== undefined) {
        if (t < lock.lockedUntil) return { ok: false, res: gatewayError(c, 401, 'APIGW.0301', LOCKED_MSG) };
        state.lockouts.delete(parsed.ak);
      }
    }
    const result = await verify(
      { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, body },
      (ak) => credentials.get(ak)?.sk,
      at,
    );
    if (!result.ok) {
      if (result.code === 'APIGW.0301' && deps.lockout && result.ak && credentials.has(result.ak)) {
        const lock = state.lockouts.get(result.ak) ?? { failures: 0 };
        lock.failures++;
        if (lock.failures >= LOCKOUT_FAILURES) lock.lockedUntil = t + LOCKOUT_MS;
        state.lockouts.set(result.ak, lock);
      }
      return {
        ok: false,
        res: gatewayError(c, 401, result.code, result.code === 'APIGW.0303' ? SKEW_MSG : SIG_FAIL_MSG),
      };
    }
    state.lockouts.delete(result.ak);
    // verify() only accepts a signature made with a known AK's secret.
    return { ok: true, ak: result.ak, site: credentials.get(result.ak)!.site };
  }

  /** Wraps an operation's handler in the gateway pipeline. */
  function operation(service: ServiceDef, op: OpName, handler: OpHandler) {
    const error = (c: Context<SimEnv>, status: number, code: string, message: string) =>
      json(c, service.errorBody(c.get('requestId'), code, message), status);

    return async (c: Context<SimEnv>): Promise<Response> => {
      state.requests[op]++;
      const at = deps.now();
      deps.settle(at.getTime());
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const auth = await authenticate(c, bytes, at);
      if (!auth.ok) return auth.res;

      const rule = service.scope;
      const sent = c.req.header(rule.header);
      let scopeId: string;
      if (rule.kind === 'path') {
        scopeId = c.req.param(rule.param) ?? '';
        if (sent !== scopeId) {
          return error(
            c,
            400,
            rule.code,
            `The ${rule.header} header is required and must equal the ${rule.param} in the path.`,
          );
        }
      } else {
        if (!sent) return error(c, 400, rule.code, `The ${rule.header} header is required (global credentials).`);
        scopeId = sent;
      }

      const { fault, delayMs } = faults.pick(op);
      if (fault) {
        if (delayMs > 0 && fault.kind !== 'reset') await sleep(delayMs);
        return faults.apply(c, service, op, fault, (status, code, msg) => gatewayError(c, status, code, msg));
      }

      let body: unknown;
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        try {
          body = JSON.parse(decoder.decode(bytes));
        } catch {
          return error(c, 400, service.badJsonCode, 'The request body is not valid JSON.');
        }
      }

      const host = c.req.header('host') ?? '';
      const region = regionOfHost(host);
      const res = await handler({
        c,
        ak: auth.ak,
        site: auth.site,
        scopeId,
        host,
        body,
        now: at,
        ...(region ? { region } : {}),
        error: (status, code, message) => error(c, status, code, message),
        json: (b, status = 200) => json(c, b, status),
      });
      if (res.status >= 200 && res.status < 300) state.counts[op]++;
      // 'delay': the operation has happened; only the answer is late.
      if (delayMs > 0) await sleep(delayMs);
      return res;
    };
  }

  return { operation };
}
