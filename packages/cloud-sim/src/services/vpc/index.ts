/**
 * VPC (EIP) — project-scoped (X-Project-Id). Operations: createSharedBandwidth (POST /v2.0/{project_id}/bandwidths)
 * and listSharedBandwidths (GET /v1/{project_id}/bandwidths, marker = the last id of the previous page, no
 * page_info). Errors are {"code":"VPC.…","message":"…"}.
 */
import type { CreateSharedBandwidthResponse, ListSharedBandwidthsResponse, SharedBandwidth } from '@bwkit/huaweicloud';
import { isoSeconds, newUuid } from '../../ids.js';
import type { ServiceDef, SimContext } from '../../service.js';
import { projectState } from '../../state.js';
import {
  checkCreateSharedBandwidth,
  checkListSharedBandwidths,
  VPC_BAD_REQUEST,
  VPC_INTERNAL,
  VPC_NO_QUOTA,
  VPC_NO_QUOTA_MESSAGE,
  VPC_TENANT_MISMATCH,
} from './rules.js';

export function createVpcService(ctx: SimContext): ServiceDef {
  const { state, options } = ctx;
  return {
    name: 'vpc',
    owns: (path) => path.startsWith('/v2.0/') || path.startsWith('/v1/'),
    scope: { kind: 'path', param: 'project_id', header: 'X-Project-Id', code: VPC_TENANT_MISMATCH },
    errorBody: (_requestId, code, message) => ({ code, message }),
    faultError(status) {
      if (status >= 500) return { code: VPC_INTERNAL, message: 'Internal server error.' };
      if (status === 401) return { code: 'VPC.0008', message: 'Invalid token.' };
      if (status === 403) return { code: 'VPC.2701', message: 'No permission or insufficient balance.' };
      if (status === 404) return { code: 'VPC.0003', message: 'The resource could not be found.' };
      return { code: VPC_BAD_REQUEST, message: 'Bad request.' };
    },
    badJsonCode: VPC_BAD_REQUEST,
    malformed: (op) => ({
      status: 200,
      body:
        op === 'listSharedBandwidths'
          ? { bandwidths: [{ id: newUuid(), name: 'bandwidth', size: 10, share_type: 'WHOLE' }] }
          : { bandwidth: { id: newUuid(), name: 'bandwidth', size: 10, share_type: 'WHOLE' } },
    }),
    projectView: (p) => ({ shared_bandwidths: [...p.sharedBandwidths.values()] }),
    routes: [
      {
        op: 'createSharedBandwidth',
        handler: (x) => {
          const check = checkCreateSharedBandwidth(x.body, options.sharedBandwidthSize);
          if (!check.ok) return x.error(400, check.code, check.message);
          const v = check.value;
          const project = projectState(state, x.scopeId, x.region);
          if (project.sharedBandwidths.size >= options.sharedBandwidthQuota)
            return x.error(400, VPC_NO_QUOTA, VPC_NO_QUOTA_MESSAGE);
          const ts = isoSeconds(x.now);
          const bandwidth: SharedBandwidth = {
            id: newUuid(),
            name: v.name,
            size: v.size,
            share_type: 'WHOLE',
            publicip_info: [],
            tenant_id: x.scopeId,
            bandwidth_type: v.bandwidth_type,
            charge_mode: v.charge_mode,
            billing_info: '',
            enterprise_project_id: v.enterprise_project_id,
            status: 'NORMAL',
            created_at: ts,
            updated_at: ts,
          };
          project.sharedBandwidths.set(bandwidth.id, bandwidth);
          const answer: CreateSharedBandwidthResponse = { bandwidth };
          return x.json(answer);
        },
      },
      {
        op: 'listSharedBandwidths',
        handler: (x) => {
          const check = checkListSharedBandwidths(x.c.req.query());
          if (!check.ok) return x.error(400, check.code, check.message);
          const q = check.value;
          const all = [...projectState(state, x.scopeId, x.region).sharedBandwidths.values()].filter(
            (b) =>
              (q.share_type === undefined || b.share_type === q.share_type) &&
              (q.enterprise_project_id === undefined ||
                q.enterprise_project_id === 'all_granted_eps' ||
                b.enterprise_project_id === q.enterprise_project_id),
          );
          let start = 0;
          if (q.marker !== undefined) {
            const i = all.findIndex((b) => b.id === q.marker);
            if (i < 0) return x.error(400, VPC_BAD_REQUEST, `Invalid marker ${q.marker}: no such bandwidth.`);
            start = i + 1;
          }
          const page = all.slice(start, q.limit === undefined ? undefined : start + q.limit);
          const answer: ListSharedBandwidthsResponse = { bandwidths: page };
          return x.json(answer);
        },
      },
    ],
  };
}
