/**
 * Workspace — project-scoped (X-Project-Id). Operations: createWorkspaceBandwidth, showWorkspaceJob,
 * changeWorkspaceBandwidth, listWorkspaceSubnets, listWorkspaceBandwidths. Errors are
 * {"error_code":"WKS.…","error_msg":"…"}.
 *
 * A created bandwidth is listed at once as CREATING, becomes ACTIVE when its job succeeds and disappears when the
 * job fails. Jobs carry only the documented fields: no bandwidth id anywhere (the caller finds the new bandwidth by
 * listing with subnet_id). A yearly/monthly (wks_bandwidth) create places a BSS order pending payment; a change
 * order places a BSS order whose payment applies the new size, the bandwidth showing UPDATING meanwhile.
 */
import type {
  ChangeWorkspaceBandwidthResponse,
  CreateWorkspaceBandwidthResponse,
  ListWorkspaceBandwidthsResponse,
  ListWorkspaceSubnetsResponse,
  ShowWorkspaceJobResponse,
  WorkspaceBandwidthDetail,
  WorkspaceSubJob,
} from '@bwkit/huaweicloud';
import { isoSeconds, newUuid } from '../../ids.js';
import type { ServiceDef, SimContext } from '../../service.js';
import type { ProjectState } from '../../state.js';
import { projectState } from '../../state.js';
import type { OrderBook } from '../bss/orders.js';
import { SIM_PRICING_CODES } from '../bss/pricing.js';
import type { SimOrder } from '../bss/state.js';
import {
  checkChangeWorkspaceBandwidth,
  checkCreateWorkspaceBandwidth,
  checkListWorkspaceBandwidths,
  WKS_CONFLICT,
  WKS_INTERNAL,
  WKS_INVALID,
  WKS_NOT_ENABLED,
} from './rules.js';
import type { SimJob, SimSubnet } from './state.js';
import { SEEDED_VPC_NAMES } from './state.js';

export const DEFAULT_JOB_TYPE = 'CREATE_BANDWIDTH';
/** The job type of a change order's job: not documented, the simulator's name. */
export const CHANGE_JOB_TYPE = 'CHANGE_BANDWIDTH';
export const DEFAULT_JOB_FAIL_CODE = WKS_NOT_ENABLED;
export const DEFAULT_JOB_FAIL_REASON = 'Failed to create the Workspace bandwidth (simulated job failure).';
const ORDER_CANCELLED_REASON = 'The order of this operation was cancelled.';

export function createWorkspaceService(ctx: SimContext, orders: OrderBook): ServiceDef {
  const { state } = ctx;
  const { runningAfterMs, doneAfterMs, autoPaySettleMs } = ctx.options;

  const bandwidthOf = (order: SimOrder) =>
    order.project_id !== undefined && order.bandwidth_id !== undefined
      ? state.projects.get(order.project_id)?.workspaceBandwidths.get(order.bandwidth_id)
      : undefined;
  const jobOf = (order: SimOrder) =>
    order.project_id !== undefined && order.job_id !== undefined
      ? state.projects.get(order.project_id)?.jobs.get(order.job_id)
      : undefined;

  orders.hooks.workspace = {
    paid(order, t) {
      // Paying a new purchase changes nothing here; paying a change order applies it.
      if (order.order_type !== 3) return;
      const bw = bandwidthOf(order);
      if (bw && order.new_size !== undefined) {
        bw.size = order.new_size;
        if (order.new_name !== undefined) bw.bandwidth_name = order.new_name;
        bw.status = 'ACTIVE';
      }
      const project = order.project_id !== undefined ? state.projects.get(order.project_id) : undefined;
      if (
        project &&
        order.bandwidth_id !== undefined &&
        project.pendingChanges.get(order.bandwidth_id) === order.order_id
      ) {
        project.pendingChanges.delete(order.bandwidth_id);
      }
      const job = jobOf(order);
      if (job) job.endedAt = t;
    },
    cancelled(order, t) {
      const project = order.project_id !== undefined ? state.projects.get(order.project_id) : undefined;
      const bw = bandwidthOf(order);
      const job = jobOf(order);
      if (job && !job.settled) {
        job.fail = { code: DEFAULT_JOB_FAIL_CODE, reason: ORDER_CANCELLED_REASON };
        job.endedAt = t;
        job.settled = true;
        state.pendingJobs.delete(job);
      } else if (job && order.order_type === 3) {
        job.fail = { code: DEFAULT_JOB_FAIL_CODE, reason: ORDER_CANCELLED_REASON };
        job.endedAt = t;
      }
      if (!project || order.bandwidth_id === undefined) return;
      if (order.order_type === 3) {
        // A cancelled change leaves the bandwidth as it was.
        if (project.pendingChanges.get(order.bandwidth_id) === order.order_id)
          project.pendingChanges.delete(order.bandwidth_id);
        if (bw) {
          bw.status = 'ACTIVE';
          if (order.previous_order_id !== undefined) bw.order_id = order.previous_order_id;
          else delete bw.order_id;
        }
        return;
      }
      // A cancelled new purchase: the bandwidth is not bought, and a change waiting on it goes too.
      project.workspaceBandwidths.delete(order.bandwidth_id);
      const change = project.pendingChanges.get(order.bandwidth_id);
      const changeOrder = change !== undefined ? state.orders.get(change) : undefined;
      if (changeOrder?.status === 'unpaid') orders.cancel(changeOrder, t);
      project.pendingChanges.delete(order.bandwidth_id);
    },
  };

  function settle(t: number): void {
    for (const job of state.pendingJobs) {
      if (t - job.createdAt < doneAfterMs) continue;
      job.settled = true;
      state.pendingJobs.delete(job);
      const project = state.projects.get(job.projectId);
      const bw = project?.workspaceBandwidths.get(job.bandwidthId);
      if (job.fail) {
        // A failed create leaves nothing behind: no bandwidth, no order waiting for payment.
        project?.workspaceBandwidths.delete(job.bandwidthId);
        const order = bw?.order_id !== undefined ? state.orders.get(bw.order_id) : undefined;
        if (order?.status === 'unpaid') orders.cancel(order, t);
      } else if (bw && bw.status === 'CREATING') {
        bw.status = 'ACTIVE';
      }
    }
    for (const order of state.pendingOrders) {
      if (
        order.service === 'workspace' &&
        order.status === 'paid' &&
        order.settleAt !== undefined &&
        t >= order.settleAt
      ) {
        orders.complete(order, t);
      }
    }
  }

  function runningProcess(elapsed: number): number {
    const span = Math.max(1, doneAfterMs - runningAfterMs);
    return Math.min(90, Math.max(10, 10 + Math.floor((80 * (elapsed - runningAfterMs)) / span)));
  }

  /** ShowJobResponse: only documented fields; sub_jobs[].entities absent (they describe desktops only). */
  function jobView(job: SimJob, t: number): ShowWorkspaceJobResponse {
    let status: ShowWorkspaceJobResponse['status'];
    let process: number;
    let endedAt: number | undefined;
    if (job.kind === 'create') {
      const elapsed = t - job.createdAt;
      if (job.endedAt !== undefined) {
        status = 'FAIL';
        process = 0;
        endedAt = job.endedAt;
      } else if (elapsed >= doneAfterMs) {
        status = job.fail ? 'FAIL' : 'SUCCESS';
        process = job.fail ? runningProcess(doneAfterMs) : 100;
        endedAt = job.createdAt + doneAfterMs;
      } else if (elapsed >= runningAfterMs) {
        status = 'RUNNING';
        process = runningProcess(elapsed);
      } else {
        status = 'INIT';
        process = 0;
      }
    } else {
      // A change job waits for its order's payment, runs while an auto-payment settles, and ends with the order.
      const order = job.orderId !== undefined ? state.orders.get(job.orderId) : undefined;
      switch (order?.status) {
        case 'completed':
          status = 'SUCCESS';
          process = 100;
          endedAt = job.endedAt ?? t;
          break;
        case 'cancelled':
          status = 'FAIL';
          process = 0;
          endedAt = job.endedAt ?? t;
          break;
        case 'paid':
          status = 'RUNNING';
          process = 50;
          break;
        default:
          status = 'WAITING';
          process = 0;
      }
    }
    const begin = isoSeconds(job.createdAt);
    const sub: WorkspaceSubJob = {
      id: job.subJobId,
      job_type: job.jobType,
      status,
      begin_time: begin,
      process,
      project_id: job.projectId,
      job_id: job.id,
    };
    const view: ShowWorkspaceJobResponse = { id: job.id, job_type: job.jobType, begin_time: begin, status };
    if (endedAt !== undefined) {
      view.end_time = isoSeconds(endedAt);
      sub.end_time = view.end_time;
    }
    if (status === 'FAIL' && job.fail) {
      view.job_error_code = job.fail.code;
      view.fail_reason = job.fail.reason;
      sub.error_code = job.fail.code;
      sub.fail_reason = job.fail.reason;
    }
    view.sub_jobs_total = 1;
    view.sub_jobs = [sub];
    return view;
  }

  const hasBandwidth = (p: ProjectState, subnetId: string) => {
    for (const b of p.workspaceBandwidths.values()) if (b.subnet_id === subnetId) return true;
    return false;
  };

  /** SubnetBandwidthDetail with the documented fields, names resolved from the project's subnets. */
  function bandwidthView(p: ProjectState, b: WorkspaceBandwidthDetail): WorkspaceBandwidthDetail {
    const subnet: SimSubnet | undefined = p.subnets.get(b.subnet_id);
    const vpcId = b.vpc_id ?? subnet?.vpc_id;
    const vpcName = vpcId !== undefined ? SEEDED_VPC_NAMES[vpcId] : undefined;
    return {
      bandwidth_id: b.bandwidth_id,
      bandwidth_name: b.bandwidth_name,
      charge_mode: b.charge_mode,
      size: b.size,
      ...(vpcId !== undefined ? { vpc_id: vpcId } : {}),
      ...(vpcName !== undefined ? { vpc_name: vpcName } : {}),
      subnet_id: b.subnet_id,
      ...(subnet ? { subnet_name: subnet.name } : {}),
      enterprise_project_id: b.enterprise_project_id,
      created_at: b.created_at,
      ...(b.order_id !== undefined ? { order_id: b.order_id } : {}),
      status: b.status,
      control_mode: 'BLACK',
    };
  }

  return {
    name: 'workspace',
    owns: (path) => path.startsWith('/v2/'),
    scope: { kind: 'path', param: 'project_id', header: 'X-Project-Id', code: WKS_INVALID },
    errorBody: (_requestId, code, message) => ({ error_code: code, error_msg: message }),
    faultError(status) {
      if (status >= 500) return { code: WKS_INTERNAL, message: 'Internal server error.' };
      if (status === 403) return { code: WKS_NOT_ENABLED, message: 'The Workspace service is not enabled.' };
      if (status === 409) return { code: WKS_CONFLICT, message: 'Operation conflict.' };
      return { code: WKS_INVALID, message: 'The request is invalid.' };
    },
    badJsonCode: WKS_INVALID,
    malformed(op) {
      switch (op) {
        case 'showWorkspaceJob':
          return {
            status: 200,
            body: { id: newUuid(), job_type: DEFAULT_JOB_TYPE, status: 'RUNNING', sub_jobs_total: 1 },
          };
        case 'changeWorkspaceBandwidth':
          return { status: 200, body: { order_id: 'CS2611251012ABCDE', job_id: newUuid() } };
        case 'listWorkspaceSubnets':
          return { status: 200, body: { subnet_size: 1, subnets: [{ id: newUuid(), name: 'subnet' }] } };
        case 'listWorkspaceBandwidths':
          return { status: 200, body: { total_count: 1, bandwidths: [{ bandwidth_id: newUuid() }] } };
        default:
          return { status: 200, body: { job_id: newUuid() } };
      }
    },
    settle,
    projectView: (p, t) => ({
      workspace_subnets: [...p.subnets.values()],
      workspace_bandwidths: [...p.workspaceBandwidths.values()],
      jobs: [...p.jobs.values()].map((j) => jobView(j, t)),
    }),
    routes: [
      {
        op: 'listWorkspaceSubnets',
        handler: (x) => {
          const p = projectState(state, x.scopeId, x.region);
          const vpcId = x.c.req.query('vpc_id');
          const az = x.c.req.query('availability_zone_id');
          const subnets = [...p.subnets.values()]
            .filter((s) => !vpcId || s.vpc_id === vpcId)
            .filter((s) => !az || s.availability_zone === az)
            .map((s) => ({ ...s, unused: !hasBandwidth(p, s.id) }));
          const answer: ListWorkspaceSubnetsResponse = { subnet_size: subnets.length, subnets };
          return x.json(answer);
        },
      },
      {
        op: 'listWorkspaceBandwidths',
        handler: (x) => {
          const check = checkListWorkspaceBandwidths(x.c.req.query());
          if (!check.ok) return x.error(400, check.code, check.message);
          const q = check.value;
          const p = projectState(state, x.scopeId, x.region);
          // Filters match exactly (INFERRED: the API page does not say whether bandwidth_name matches fuzzily).
          const all = [...p.workspaceBandwidths.values()]
            .map((b) => bandwidthView(p, b))
            .filter(
              (b) =>
                (q.vpc_id === undefined || b.vpc_id === q.vpc_id) &&
                (q.subnet_id === undefined || b.subnet_id === q.subnet_id) &&
                (q.bandwidth_id === undefined || b.bandwidth_id === q.bandwidth_id) &&
                (q.bandwidth_name === undefined || b.bandwidth_name === q.bandwidth_name) &&
                (q.enterprise_project_id === undefined || b.enterprise_project_id === q.enterprise_project_id),
            );
          const page = all.slice(q.offset, q.limit === undefined ? undefined : q.offset + q.limit);
          const answer: ListWorkspaceBandwidthsResponse = { total_count: all.length, bandwidths: page };
          return x.json(answer);
        },
      },
      {
        op: 'createWorkspaceBandwidth',
        handler: (x) => {
          const check = checkCreateWorkspaceBandwidth(x.body);
          if (!check.ok) return x.error(400, check.code, check.message);
          const v = check.value;
          const project = projectState(state, x.scopeId, x.region);
          const subnet = project.subnets.get(v.subnet_id);
          const bandwidthId = newUuid();
          const bandwidth: WorkspaceBandwidthDetail = {
            bandwidth_id: bandwidthId,
            bandwidth_name: v.bandwidth_name ?? `wks-bandwidth-${bandwidthId.slice(0, 8)}`,
            charge_mode: v.charge_mode,
            // 'free' bandwidth may omit the size; the simulator records the smallest valid one.
            size: v.bandwidth_size ?? 1,
            subnet_id: v.subnet_id,
            enterprise_project_id: v.enterprise_project_id,
            created_at: isoSeconds(x.now),
            status: 'CREATING',
          };
          if (subnet) bandwidth.vpc_id = subnet.vpc_id;
          const job: SimJob = {
            id: newUuid(),
            projectId: x.scopeId,
            kind: 'create',
            jobType: DEFAULT_JOB_TYPE,
            subJobId: newUuid(),
            createdAt: x.now.getTime(),
            bandwidthId,
            settled: false,
          };
          const jobFail = ctx.takeJobFail('createWorkspaceBandwidth');
          if (jobFail)
            job.fail = {
              code: jobFail.errorCode ?? DEFAULT_JOB_FAIL_CODE,
              reason: jobFail.failReason ?? DEFAULT_JOB_FAIL_REASON,
            };
          // wks_bandwidth is yearly/monthly: buying it places an order pending payment (one month, INFERRED: the
          // create body has no period), recorded in the bandwidth's order_id.
          if (v.charge_mode === 'wks_bandwidth') {
            const order = orders.place({
              service: 'workspace',
              ak: x.ak,
              site: x.site,
              order_type: 1,
              codes: SIM_PRICING_CODES.createWorkspaceBandwidth,
              sizeMbps: bandwidth.size,
              period_type: 2,
              period_num: 1,
              status: 'unpaid',
              at: x.now,
              links: {
                project_id: x.scopeId,
                bandwidth_id: bandwidthId,
                job_id: job.id,
                ...(x.region ? { region: x.region } : {}),
              },
            });
            bandwidth.order_id = order.order_id;
          }
          project.workspaceBandwidths.set(bandwidthId, bandwidth);
          project.jobs.set(job.id, job);
          state.pendingJobs.add(job);
          if (doneAfterMs === 0) settle(x.now.getTime());
          const answer: CreateWorkspaceBandwidthResponse = { job_id: job.id };
          return x.json(answer);
        },
      },
      {
        op: 'showWorkspaceJob',
        handler: (x) => {
          const jobId = x.c.req.param('job_id') ?? '';
          const job = projectState(state, x.scopeId, x.region).jobs.get(jobId);
          // Workspace answers "not found" with its generic 400 WKS.0001, also for another project's job.
          if (!job) return x.error(400, WKS_INVALID, `The job ${jobId} does not exist.`);
          return x.json(jobView(job, x.now.getTime()));
        },
      },
      {
        op: 'changeWorkspaceBandwidth',
        handler: (x) => {
          const check = checkChangeWorkspaceBandwidth(x.body);
          if (!check.ok) return x.error(400, check.code, check.message);
          const v = check.value;
          const project = projectState(state, x.scopeId, x.region);
          const bandwidthId = x.c.req.param('bandwidth_id') ?? '';
          const bw = project.workspaceBandwidths.get(bandwidthId);
          if (!bw) return x.error(400, WKS_INVALID, `The bandwidth ${bandwidthId} does not exist.`);
          if (bw.charge_mode !== 'wks_bandwidth') {
            return x.error(
              409,
              WKS_CONFLICT,
              `The bandwidth ${bandwidthId} is billed pay-per-use (charge_mode ${bw.charge_mode}); only yearly/monthly bandwidth can be changed by an order.`,
            );
          }
          const pending = project.pendingChanges.get(bandwidthId);
          if (pending) {
            return x.error(
              409,
              WKS_CONFLICT,
              `The bandwidth ${bandwidthId} already has a change order in progress (${pending}); pay or cancel it first.`,
            );
          }
          if (bw.status === 'CREATING') {
            return x.error(
              409,
              WKS_CONFLICT,
              `The bandwidth ${bandwidthId} is still being created; change it once it is ACTIVE.`,
            );
          }
          if (v.size === bw.size) {
            return x.error(400, WKS_INVALID, `Invalid parameter bandwidth_size: ${v.size} equals the current size.`);
          }
          const t = x.now.getTime();
          const job: SimJob = {
            id: newUuid(),
            projectId: x.scopeId,
            kind: 'change',
            jobType: CHANGE_JOB_TYPE,
            subJobId: newUuid(),
            createdAt: t,
            bandwidthId,
            settled: true,
          };
          // The order costs one month of the new size (the real cloud prorates the difference for the rest of the
          // subscription; the simulator keeps it simple and equal to a one-month quote of the new size).
          const order = orders.place({
            service: 'workspace',
            ak: x.ak,
            site: x.site,
            order_type: 3,
            codes: SIM_PRICING_CODES.changeWorkspaceBandwidth,
            sizeMbps: v.size,
            period_type: 2,
            period_num: 1,
            status: v.autoPay ? 'paid' : 'unpaid',
            at: x.now,
            links: {
              project_id: x.scopeId,
              bandwidth_id: bandwidthId,
              new_size: v.size,
              job_id: job.id,
              ...(v.bandwidth_name !== undefined ? { new_name: v.bandwidth_name } : {}),
              ...(bw.order_id !== undefined ? { previous_order_id: bw.order_id } : {}),
              ...(x.region ? { region: x.region } : {}),
            },
          });
          job.orderId = order.order_id;
          project.jobs.set(job.id, job);
          project.pendingChanges.set(bandwidthId, order.order_id);
          bw.status = 'UPDATING';
          bw.order_id = order.order_id;
          if (v.autoPay) {
            order.settleAt = t + autoPaySettleMs;
            state.pendingOrders.add(order);
            if (autoPaySettleMs === 0) orders.complete(order, t);
          }
          const answer: ChangeWorkspaceBandwidthResponse = { order_id: order.order_id, job_id: job.id };
          return x.json(answer);
        },
      },
    ],
  };
}
