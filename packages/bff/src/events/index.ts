/**
 * Signed webhooks to the portal's backend: `emit` writes one durable outbox delivery per tenant endpoint that wants
 * the event, and a dispatcher POSTs them, signed per the Standard Webhooks spec (https://www.standardwebhooks.com),
 * retrying with exponential backoff and jitter until a 2xx or about a day has passed. At least once: a receiver
 * deduplicates by `webhook-id`, which stays the same on every retry and redelivery.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@bwkit/contracts';
import { Webhook } from 'standardwebhooks';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import type { RecordIndex, Store, StoredRecord } from '../store/index.js';
import type { Tenant } from '../tenants/index.js';

/** The event types (the contracts' list, which the gateway config checks `webhooks[].events` against). */
export const BWKIT_EVENT_TYPES = WEBHOOK_EVENT_TYPES;
export type BwkitEventType = WebhookEventType;

export interface EmitOptions {
  /**
   * Makes the event idempotent: emitting the same type with the same key for a tenant again (a retried request, a
   * second watcher) writes nothing new. The type is part of it, so `order:<id>` / `job:<id>` serve every event of one.
   */
  dedupeKey?: string;
}

export interface EventBus {
  emit(tenantId: string, type: BwkitEventType, data: Record<string, unknown>, opts?: EmitOptions): Promise<void>;
}

/** One receiving endpoint of a tenant (config `webhooks[]`; the secret resolved from the environment, `whsec_…`). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: readonly BwkitEventType[];
  secret: string;
}

export const DELIVERY_KIND = 'webhook-delivery';
export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  /** ISO time the request was sent. */
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  durationMs: number;
  /** Why the attempt did not count as delivered (timeout, connection error, non-2xx, redirect). */
  error?: string;
}

export interface WebhookDelivery {
  /** This delivery (one event to one endpoint). */
  id: string;
  /** The Standard Webhooks message id (`webhook-id`): the same on every retry and redelivery. */
  webhookId: string;
  tenantId: string;
  endpointId: string;
  url: string;
  eventType: BwkitEventType;
  /** ISO time of the event (the payload's `timestamp`). */
  timestamp: string;
  data: Record<string, unknown>;
  state: DeliveryState;
  createdAt: string;
  attempts: DeliveryAttempt[];
  /** Failed attempts since the delivery was last scheduled: the position in the backoff schedule. */
  retries: number;
  nextAttemptAt?: string;
  deliveredAt?: string;
  /** The dispatcher instance holding the delivery while it is being sent, and until when. */
  lease?: { owner: string; untilMs: number };
  /** Idempotency-Keys of the redelivery requests already applied (the latest few). */
  redeliveryKeys?: string[];
}

/**
 * Waits after the 1st, 2nd, … failed attempt (about 22 h in all, then the delivery is `failed`); each is spread by
 * ±20 % jitter so a receiver that comes back is not hit by every queued delivery at once.
 */
export const RETRY_SCHEDULE_MS = [
  5_000,
  30_000,
  120_000,
  600_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
];
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** Deliveries (and their attempt log) are kept this long. */
export const DELIVERY_TTL_MS = 30 * 24 * 3_600_000;
const REDELIVERY_KEYS_KEPT = 20;

/** The wait before the next attempt after `retries` failures (1-based), or undefined when the schedule is spent. */
export function backoffMs(retries: number, random: () => number = Math.random): number | undefined {
  const base = RETRY_SCHEDULE_MS[retries - 1];
  return base === undefined ? undefined : Math.round(base * (0.8 + 0.4 * random()));
}

const endpointsOf = (tenant: Tenant | undefined): readonly WebhookEndpoint[] => tenant?.webhooks ?? [];

const indexOf = (d: WebhookDelivery, dueAtMs?: number): RecordIndex => ({
  tenantId: d.tenantId,
  state: d.state,
  at: d.createdAt,
  ...(dueAtMs !== undefined ? { dueAtMs } : {}),
});

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/** The delivery's id: derived from the message and the endpoint, so a deduplicated emit lands on the same record. */
const deliveryIdOf = (webhookId: string, endpointId: string) => `whd_${hash(webhookId, endpointId).slice(0, 26)}`;

/** The JSON body a receiver gets (Standard Webhooks' suggested shape: type, timestamp, data). */
export const payloadOf = (d: Pick<WebhookDelivery, 'eventType' | 'timestamp' | 'data'>): string =>
  JSON.stringify({ type: d.eventType, timestamp: d.timestamp, data: d.data });

type DeliveryCounter = { inc(labels: Record<string, string>, by?: number): void };
/** Counted as `bwkit_webhook_deliveries_total{event,result}`. */
const counterOf = (metrics: Metrics): DeliveryCounter | undefined => metrics.webhookDeliveries;

export interface EventBusOptions {
  store: Store;
  tenants: Map<string, Tenant>;
  now: () => Date;
  log: Logger;
  metrics: Metrics;
  /** Used for the POSTs (default global fetch); called with `redirect: 'manual'` and a timeout signal. */
  fetch?: typeof fetch;
  /** How often the dispatcher looks for due deliveries (default 1 s). */
  pollMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** For tests: the jitter's random source. */
  random?: () => number;
  /** Deliveries sent at once by one instance (default 8). */
  concurrency?: number;
}

export type RunningEventBus = EventBus & {
  start(): void;
  stop(): Promise<void>;
  /** One dispatcher pass now (tests, shutdown drains): sends what is due, resolves when those attempts are recorded. */
  dispatchDue(): Promise<number>;
};

export function createEventBus(o: EventBusOptions): RunningEventBus {
  const { store, tenants, now, log, metrics } = o;
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  const random = o.random ?? Math.random;
  const concurrency = o.concurrency ?? 8;
  const owner = `bus-${randomUUID()}`;
  const inFlight = new Set<Promise<unknown>>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let passing: Promise<number> | undefined;

  async function emit(tenantId: string, type: BwkitEventType, data: Record<string, unknown>, opts: EmitOptions = {}) {
    const endpoints = endpointsOf(tenants.get(tenantId)).filter((e) => e.events.includes(type));
    if (!endpoints.length) return;
    const at = now();
    const webhookId =
      opts.dedupeKey !== undefined
        ? `msg_${hash(tenantId, type, opts.dedupeKey).slice(0, 32)}`
        : `msg_${randomUUID().replace(/-/g, '')}`;
    for (const e of endpoints) {
      const d: WebhookDelivery = {
        id: deliveryIdOf(webhookId, e.id),
        webhookId,
        tenantId,
        endpointId: e.id,
        url: e.url,
        eventType: type,
        timestamp: at.toISOString(),
        data,
        state: 'pending',
        createdAt: at.toISOString(),
        attempts: [],
        retries: 0,
        nextAttemptAt: at.toISOString(),
      };
      const created = await store.createRecord(DELIVERY_KIND, d.id, d, indexOf(d, at.getTime()), DELIVERY_TTL_MS);
      if (created) counterOf(metrics)?.inc({ event: type, result: 'queued' });
    }
  }

  /** Sends one attempt of a delivery this instance has leased, and records it. */
  async function attempt(rec: StoredRecord<WebhookDelivery>): Promise<void> {
    const d = rec.value;
    const endpoint = endpointsOf(tenants.get(d.tenantId)).find((e) => e.id === d.endpointId);
    const started = now();
    const t0 = performance.now();
    let status: number | undefined;
    let error: string | undefined;
    if (!endpoint) {
      error = 'endpoint no longer configured';
    } else {
      try {
        const body = payloadOf(d);
        // Signed at send time: the timestamp is the attempt's, so a receiver's replay window (5 min) holds on retries.
        const signature = new Webhook(endpoint.secret).sign(d.webhookId, started, body);
        const res = await doFetch(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'bwkit-webhooks/1',
            'webhook-id': d.webhookId,
            'webhook-timestamp': String(Math.floor(started.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          // A redirect is the receiver's misconfiguration, and following one could send the payload elsewhere.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (status >= 300 && status < 400) error = `redirect (${status}) not followed`;
        else if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
        error =
          err.name === 'TimeoutError' || err.name === 'AbortError'
            ? `timeout after ${timeoutMs} ms`
            : `connection failed: ${err.cause?.code ?? err.cause?.message ?? err.message ?? String(e)}`;
      }
    }
    const a: DeliveryAttempt = {
      at: started.toISOString(),
      ...(status !== undefined ? { status } : {}),
      durationMs: Math.round(performance.now() - t0),
      ...(error ? { error } : {}),
    };
    const ok = error === undefined;
    counterOf(metrics)?.inc({ event: d.eventType, result: ok ? 'delivered' : 'failed_attempt' });
    // Record the outcome; a redelivery request may have changed the record meanwhile (CAS), so re-read and retry.
    let cur: StoredRecord<WebhookDelivery> | undefined = rec;
    for (let i = 0; i < 5 && cur; i++) {
      const v = cur.value;
      const mine = v.lease?.owner === owner;
      const attempts = [...v.attempts, a].slice(-50);
      let next: WebhookDelivery;
      let due: number | undefined;
      if (!mine) {
        // Redelivered (or re-leased after this lease ran out) while this attempt ran: log it, keep their schedule.
        next = { ...v, attempts };
        due = v.state !== 'pending' ? undefined : v.lease ? v.lease.untilMs : Date.parse(v.nextAttemptAt ?? a.at);
      } else if (ok) {
        next = { ...v, attempts, state: 'delivered', deliveredAt: a.at };
        delete next.lease;
        delete next.nextAttemptAt;
      } else {
        const retries = v.retries + 1;
        const wait = backoffMs(retries, random);
        const { lease: _l, ...rest } = v;
        if (wait === undefined) {
          next = { ...rest, attempts, retries, state: 'failed' };
          delete next.nextAttemptAt;
          counterOf(metrics)?.inc({ event: d.eventType, result: 'failed' });
          log({
            level: 'warn',
            msg: 'webhook delivery failed for good',
            tenant: d.tenantId,
            deliveryId: d.id,
            webhookId: d.webhookId,
            endpoint: d.endpointId,
            error,
          });
        } else {
          due = now().getTime() + wait;
          next = { ...rest, attempts, retries, state: 'pending', nextAttemptAt: new Date(due).toISOString() };
        }
      }
      if (
        await store.updateRecord(
          DELIVERY_KIND,
          d.id,
          cur.version,
          next,
          indexOf(next, next.state === 'pending' ? due : undefined),
        )
      )
        return;
      cur = await store.getRecord<WebhookDelivery>(DELIVERY_KIND, d.id);
    }
    log({ level: 'error', msg: 'webhook attempt not recorded', tenant: d.tenantId, deliveryId: d.id, status, error });
  }

  /** Takes a due delivery for this instance (CAS on its version); the lease also hides it from listDue meanwhile. */
  async function claim(rec: StoredRecord<WebhookDelivery>): Promise<StoredRecord<WebhookDelivery> | undefined> {
    const v = rec.value;
    if (v.state !== 'pending') return undefined;
    const untilMs = now().getTime() + timeoutMs + 30_000;
    const next: WebhookDelivery = { ...v, lease: { owner, untilMs } };
    // An instance that dies mid-attempt leaves the lease to run out; the delivery is then due again (at least once).
    if (!(await store.updateRecord(DELIVERY_KIND, v.id, rec.version, next, indexOf(next, untilMs)))) return undefined;
    return { ...rec, value: next, version: rec.version + 1 };
  }

  async function pass(): Promise<number> {
    const due = await store.listDue<WebhookDelivery>(DELIVERY_KIND, now().getTime(), concurrency * 4);
    let sent = 0;
    const queue = [...due];
    const worker = async () => {
      for (let rec = queue.shift(); rec; rec = queue.shift()) {
        const mine = await claim(rec);
        if (!mine) continue;
        sent++;
        await attempt(mine);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return sent;
  }

  function dispatchDue(): Promise<number> {
    // One pass at a time per instance; a tick during a pass waits for it.
    passing ??= pass().finally(() => {
      passing = undefined;
    });
    return passing;
  }

  function tick() {
    const p = dispatchDue().catch((e: unknown) => {
      log({ level: 'error', msg: 'webhook dispatcher pass failed', error: e instanceof Error ? e.message : String(e) });
      return 0;
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  return {
    emit,
    dispatchDue,
    start() {
      if (timer) return;
      timer = setInterval(tick, o.pollMs ?? 1_000);
      timer.unref?.();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all([...inFlight]);
    },
  };
}

/** A bus that delivers nothing (tenants without webhooks, tests). */
export const noEvents: EventBus = { async emit() {} };

/**
 * Emits from a request handler without ever failing it: the purchase happened whatever becomes of its webhook, so a
 * store failure here is logged, not thrown. `deps.events` is optional until every app wires a bus.
 */
export async function emitSafely(
  deps: object,
  tenantId: string,
  type: BwkitEventType,
  data: Record<string, unknown>,
  opts?: EmitOptions,
  requestId?: string,
): Promise<void> {
  const d = deps as { events?: EventBus; log?: Logger };
  try {
    await d.events?.emit(tenantId, type, data, opts);
  } catch (e) {
    d.log?.({
      level: 'error',
      msg: 'webhook event not queued',
      tenant: tenantId,
      event: type,
      requestId,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}

/** What redelivery did: `replayed` when this Idempotency-Key was already applied to the delivery. */
export type RedeliverResult = { delivery: WebhookDelivery; replayed: boolean } | undefined;

/**
 * Schedules a new attempt of a tenant's delivery now, with the same webhook id and a fresh backoff schedule.
 * Undefined when the delivery is not the tenant's. The key makes a retried request apply once.
 */
export async function redeliver(
  store: Store,
  tenantId: string,
  id: string,
  key: string,
  nowDate: Date,
): Promise<RedeliverResult> {
  for (let i = 0; i < 5; i++) {
    const rec = await store.getRecord<WebhookDelivery>(DELIVERY_KIND, id);
    if (!rec || rec.value.tenantId !== tenantId) return undefined;
    const v = rec.value;
    if (v.redeliveryKeys?.includes(key)) return { delivery: v, replayed: true };
    const { lease: _l, deliveredAt: _d, ...rest } = v;
    const next: WebhookDelivery = {
      ...rest,
      state: 'pending',
      retries: 0,
      nextAttemptAt: nowDate.toISOString(),
      redeliveryKeys: [...(v.redeliveryKeys ?? []), key].slice(-REDELIVERY_KEYS_KEPT),
    };
    // Redelivery extends the record's life: its log must outlive the new attempts.
    if (
      await store.updateRecord(DELIVERY_KIND, id, rec.version, next, indexOf(next, nowDate.getTime()), DELIVERY_TTL_MS)
    ) {
      return { delivery: next, replayed: false };
    }
  }
  throw new Error('the delivery kept changing; retry the redelivery');
}
