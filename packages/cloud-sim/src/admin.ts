/** The test-only admin routes under /_sim: state, faults, reset, plus each service's own (balance, orders). */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { parseFault } from './faults.js';
import { json } from './gateway.js';
import type { ServiceDef, SimEnv } from './service.js';
import type { SimState } from './state.js';

export function createAdmin(deps: {
  state: SimState;
  now(): Date;
  services: ServiceDef[];
  settle(t: number): void;
  reset(): void;
}) {
  const { state, services } = deps;
  const admin = new Hono<SimEnv>({ strict: false });
  const adminError = (c: Context<SimEnv>, status: number, message: string) => json(c, { error: message }, status);

  admin.use('*', async (_c, next) => {
    deps.settle(deps.now().getTime());
    await next();
  });

  admin.get('/state', (c) => {
    const t = deps.now().getTime();
    const merge = (view: (s: ServiceDef) => Record<string, unknown> | undefined): Record<string, unknown> =>
      Object.assign({}, ...services.map(view));
    return json(
      c,
      {
        now: new Date(t).toISOString(),
        counts: { ...state.counts },
        requests: { ...state.requests },
        projects: [...state.projects.values()].map((p) => ({
          project_id: p.id,
          ...merge((s) => s.projectView?.(p, t)),
        })),
        domains: [...state.domains.values()].map((d) => ({ domain_id: d.id, ...merge((s) => s.domainView?.(d, t)) })),
        ...merge((s) => s.stateView?.(t)),
        faults: state.faults.map((f) => ({ ...f })),
        lockouts: [...state.lockouts.entries()].map(([ak, l]) => ({
          ak,
          failures: l.failures,
          locked_until: l.lockedUntil !== undefined ? new Date(l.lockedUntil).toISOString() : null,
        })),
      },
      200,
    );
  });

  admin.get('/faults', (c) => json(c, { faults: state.faults.map((f) => ({ ...f })) }, 200));

  admin.post('/faults', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return adminError(c, 400, 'body must be JSON');
    }
    const parsed = parseFault(body);
    if (!parsed.ok) return adminError(c, 400, parsed.message);
    state.faults.push(parsed.value);
    return json(c, { id: parsed.value.id }, 201);
  });

  admin.delete('/faults', (c) => {
    const cleared = state.faults.length;
    state.faults.length = 0;
    return json(c, { cleared }, 200);
  });

  admin.delete('/faults/:id', (c) => {
    const i = state.faults.findIndex((f) => f.id === c.req.param('id'));
    if (i < 0) return adminError(c, 404, 'no such fault');
    state.faults.splice(i, 1);
    return json(c, { cleared: 1 }, 200);
  });

  admin.post('/reset', (c) => {
    deps.reset();
    return json(c, { ok: true }, 200);
  });

  for (const s of services) s.admin?.(admin, adminError);
  return admin;
}
