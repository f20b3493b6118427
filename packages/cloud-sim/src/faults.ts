/** Fault injection: picking the faults that fire for a request, applying them, and parsing POST /_sim/faults. */
import type { Context } from 'hono';
import { type Check, fail, isObject, ok } from './check.js';
import { newUuid } from './ids.js';
import type { ServiceDef, SimBindings, SimEnv } from './service.js';
import type { FaultKind, OpName, SimFault, SimState } from './state.js';
import { FAULT_KINDS, OP_NAMES } from './state.js';

/** Thrown for a 'reset' fault when there is no Node socket to destroy: app.fetch() then rejects. */
export class SimConnectionReset extends Error {
  constructor() {
    super('simulated connection reset');
    this.name = 'SimConnectionReset';
  }
}

export const THROTTLED_MSG = 'The throttling threshold has been reached';

export function createFaults(state: SimState) {
  function consume(fault: SimFault): void {
    fault.fired++;
    if (fault.times > 0) {
      fault.times--;
      if (fault.times === 0) {
        const i = state.faults.indexOf(fault);
        if (i >= 0) state.faults.splice(i, 1);
      }
    }
  }
  const matches = (fault: SimFault, op: OpName) =>
    (fault.op === '*' || fault.op === op) && (fault.probability >= 1 || Math.random() < fault.probability);

  return {
    /** The first terminal fault that fires for this request, plus the delays that fired before it. */
    pick(op: OpName): { fault?: SimFault; delayMs: number } {
      let delayMs = 0;
      for (const fault of [...state.faults]) {
        if (fault.kind === 'job_fail' || !matches(fault, op)) continue;
        consume(fault);
        if (fault.kind === 'delay') {
          delayMs += fault.delayMs ?? 0;
          continue;
        }
        return { fault, delayMs };
      }
      return { delayMs };
    },

    takeJobFail(op: OpName): SimFault | undefined {
      for (const fault of [...state.faults]) {
        if (fault.kind !== 'job_fail' || !matches(fault, op)) continue;
        consume(fault);
        return fault;
      }
      return undefined;
    },

    apply(
      c: Context<SimEnv>,
      service: ServiceDef,
      op: OpName,
      fault: SimFault,
      gatewayError: (status: number, code: string, msg: string) => Response,
    ): Response {
      switch (fault.kind) {
        case 'rate_limit': {
          const res = gatewayError(429, 'APIGW.0308', THROTTLED_MSG);
          res.headers.set('Retry-After', '1');
          return res;
        }
        case 'reset': {
          const socket = (c.env as SimBindings | undefined)?.incoming?.socket;
          if (!socket) throw new SimConnectionReset();
          socket.destroy();
          return c.body(null, 500);
        }
        case 'malformed': {
          const sample = service.malformed(op);
          const text = JSON.stringify(sample.body);
          return c.body(text.slice(0, Math.max(1, Math.floor(text.length / 2))), sample.status as 200, {
            'Content-Type': 'application/json;charset=UTF-8',
          });
        }
        default: {
          const status = fault.status ?? 500;
          const { code, message } = service.faultError(status);
          const res = c.json(service.errorBody(c.get('requestId'), code, message), status as 500);
          if (status === 429 || status === 503) res.headers.set('Retry-After', '1');
          return res;
        }
      }
    },
  };
}

const invalid = (message: string) => fail('invalid_fault', message);

/** Validates a POST /_sim/faults body: the fault, or why it is refused (the simulator's one result type, Check). */
export function parseFault(body: unknown): Check<SimFault> {
  if (!isObject(body)) return invalid('body must be a JSON object');
  const { op, kind, status, delayMs, times, probability, errorCode, failReason } = body;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    return invalid(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const k = kind as FaultKind;
  let target: OpName | '*' = '*';
  if (op !== undefined && op !== null) {
    if (op !== '*' && !(typeof op === 'string' && (OP_NAMES as readonly string[]).includes(op))) {
      return invalid(`op must be '*' or one of ${OP_NAMES.join(', ')}`);
    }
    target = op as OpName | '*';
  }
  if (k === 'job_fail' && target !== '*' && target !== 'createWorkspaceBandwidth') {
    return invalid('job_fail applies to createWorkspaceBandwidth only');
  }
  const fault: SimFault = { id: newUuid(), op: target, kind: k, times: 1, probability: 1, fired: 0 };
  if (status !== undefined) {
    if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)
      return invalid('status must be an integer from 400 to 599');
    fault.status = status as number;
  }
  if (k === 'status') fault.status ??= 500;
  if (delayMs !== undefined) {
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 600_000)
      return invalid('delayMs must be from 0 to 600000');
    fault.delayMs = delayMs;
  }
  if (k === 'delay') fault.delayMs ??= 1000;
  if (times !== undefined) {
    if (!Number.isInteger(times) || ((times as number) < 1 && times !== -1))
      return invalid('times must be a positive integer or -1');
    fault.times = times as number;
  }
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
      return invalid('probability must be from 0 to 1');
    fault.probability = probability;
  }
  if (errorCode !== undefined) {
    if (typeof errorCode !== 'string') return invalid('errorCode must be a string');
    fault.errorCode = errorCode;
  }
  if (failReason !== undefined) {
    if (typeof failReason !== 'string') return invalid('failReason must be a string');
    fault.failReason = failReason;
  }
  return ok(fault);
}
