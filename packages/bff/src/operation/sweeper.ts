import type { AuditRecord } from '@bwkit/contracts';
import type { HuaweiCloudClient } from '@bwkit/huaweicloud';
import { type IdempotencyOptions, reconcileClaim } from '../idempotency/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import type { Store } from '../store/index.js';
import type { Tenant } from '../tenants/index.js';
import { idempotencyObserver, reconcilerFor } from './index.js';

export interface ReconcilerDeps {
  store: Store;
  clientFor(tenant: Tenant): HuaweiCloudClient;
  /** The tenant an intent belongs to (undefined if it was removed from the configuration). */
  tenantById(id: string): Tenant | undefined;
  idempotency: Omit<IdempotencyOptions, 'store'>;
  metrics: Metrics;
  log: Logger;
  now: () => Date;
}

/**
 * Settles, in the background, keys whose outcome was left unknown (a timeout nobody retried, a crashed instance's
 * expired lease): each is taken up like a retry would (one reconciler at a time per key), looked up in the cloud and
 * stored as succeeded, released as not created, or left unknown for the next round. Returns stop(), which waits for
 * the round in progress.
 */
export function startReconciler(
  deps: ReconcilerDeps,
  opts: { intervalMs: number; batch?: number },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  const round = async () => {
    try {
      await sweepOnce(deps, opts.batch ?? 50, () => stopped);
    } catch (e) {
      deps.log({ level: 'error', msg: 'reconciler round failed', error: e instanceof Error ? e.message : String(e) });
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = round().finally(() => {
      running = undefined;
    });
  }, opts.intervalMs);
  timer.unref?.();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

/** One round of the sweeper: what it settled, for tests and logs. */
export async function sweepOnce(
  deps: ReconcilerDeps,
  batch = 50,
  stopped: () => boolean = () => false,
): Promise<{ succeeded: number; notCreated: number; unknown: number }> {
  const tally = { succeeded: 0, notCreated: 0, unknown: 0 };
  const records = await deps.store.listUnsettled(deps.now().getTime(), batch);
  for (const listed of records) {
    if (stopped()) break;
    const observe = idempotencyObserver(deps.metrics, deps.log, { tenant: listed.intent?.tenantId, sweeper: true });
    const opts: IdempotencyOptions = { store: deps.store, ...deps.idempotency, observe };
    const claim = await deps.store.begin(listed.key, listed.fingerprint, deps.idempotency.leaseMs);
    if (claim.state === 'acquired') {
      await deps.store.release(listed.key, listed.fingerprint); // it expired meanwhile: nothing to settle
      continue;
    }
    if (claim.state !== 'unknown') continue; // settled or taken up by a retry meanwhile
    const record = claim.record;
    const tenant = record.intent ? deps.tenantById(record.intent.tenantId) : undefined;
    const started = performance.now();
    const r = await reconcileClaim(opts, record, tenant ? reconcilerFor(deps, tenant) : undefined);
    if (r.state === 'unknown') {
      tally.unknown++;
      continue;
    }
    if (r.state === 'succeeded') tally.succeeded++;
    else tally.notCreated++;
    if (!record.intent) continue;
    const at = deps.now().toISOString();
    const audit: AuditRecord = {
      id: `${at}-${crypto.randomUUID().slice(0, 8)}`,
      at,
      tenantId: record.intent.tenantId,
      subject: record.intent.subject,
      operation: record.intent.operation as AuditRecord['operation'], // written by postHandler from an Operation
      ...(record.intent.idempotencyKey ? { idempotencyKey: record.intent.idempotencyKey } : {}),
      requestSummary: {
        ...(record.intent.summary ?? {}),
        settledBy: 'reconciler',
        reason: record.reason ?? 'unknown',
        attempts: record.attempts,
      },
      // reconciled: found created in the cloud; not_created: certainly absent, the key may run again.
      outcome: r.state === 'succeeded' ? 'reconciled' : 'not_created',
      status: r.state === 'succeeded' ? r.response.status : 0,
      durationMs: Math.round(performance.now() - started),
    };
    await deps.store
      .append(audit)
      .catch((e: unknown) =>
        deps.log({ level: 'error', msg: 'audit write failed', tenant: record.intent?.tenantId, error: String(e) }),
      );
  }
  return tally;
}
