/**
 * Live progress of Workspace jobs and orders with ONE upstream poll per id, however many viewers and gateway
 * instances follow it.
 *
 * - The instance that holds the store lease `watch:job:<id>` (or `watch:order:<id>`) polls the cloud; the lease is
 *   renewed on every tick while someone here still follows the id, so another instance takes over when the poller
 *   stops or dies (its lease runs out).
 * - Each change is written to a record (kind `watch`, id `job:<id>` / `order:<id>`) with compare-and-set, then
 *   announced on the store's pub/sub channel `bwkit:job:<id>` / `bwkit:order:<id>`. A new viewer gets the record at
 *   once; viewers on other instances hear the announcement (and re-read the record now and then, since pub/sub
 *   delivers at most once).
 * - The poller that wins the compare-and-set of a transition emits its event (job.succeeded, job.failed,
 *   order.paid, order.cancelled, order.completed) once: the record remembers what was emitted.
 * - `track()` follows an id with nobody watching (so webhooks fire after the page was closed); the record keeps a due
 *   time, and any instance's sweep picks up a tracked id whose follower went away. Such a slow poll gives the lease up
 *   after each read, and viewers on an instance without the lease ping `bwkit:<kind>:<id>:viewers`, so a viewed id
 *   is polled at the viewers' pace whichever instance polls it.
 */
import { randomUUID } from 'node:crypto';
import type { Job, Order, Scope } from '@bwkit/contracts';
import { isUpstreamError } from '@bwkit/huaweicloud';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../context.js';
import { toOrder } from '../mapping/index.js';
import { callUpstream } from '../operation/index.js';
import { ProblemError } from '../problem/index.js';
import { lookupJob, readJob } from '../routes/jobs/index.js';
import type { JobRef, OrderRef } from '../store/index.js';
import { MAX_MESSAGE_BYTES, messageBytes } from '../store/pubsub.js';
import type { Tenant } from '../tenants/index.js';

export type WatchKind = 'job' | 'order';

/** The event types this watcher emits (a subset of the webhook event types). */
export type WatchEventType = 'job.succeeded' | 'job.failed' | 'order.paid' | 'order.cancelled' | 'order.completed';

/** Where transitions go (the webhook outbox). Structural, so any EventBus with this method fits. */
export interface WatchEventSink {
  emit(
    tenantId: string,
    type: WatchEventType,
    data: Record<string, unknown>,
    opts?: { dedupeKey?: string },
  ): Promise<void>;
}

/** One state of a followed job: `version` grows with every change (the SSE event id). */
export interface JobUpdate {
  version: number;
  job: Job;
  final: boolean;
}
/** One state of a followed order, as the viewer's scopes see it (canPay / canCancel need `order:pay`). */
export interface OrderUpdate {
  version: number;
  order: Order;
  final: boolean;
}

export interface FollowOptions {
  /** Ends the iteration (the viewer went away). */
  signal?: AbortSignal;
}

export interface Watchers {
  /** The job's current state at once (when known), then each change, ending after a final state. 404 problem when not the tenant's. */
  job(tenant: Tenant, jobId: string, opts?: FollowOptions): AsyncIterable<JobUpdate>;
  /** Likewise for an order placed through the gateway; `scopes` are the viewer's (default: read only). */
  order(
    tenant: Tenant,
    orderId: string,
    opts?: FollowOptions & { scopes?: readonly Scope[] },
  ): AsyncIterable<OrderUpdate>;
  /**
   * Follows an id until it is final with nobody watching (so its webhook events fire). Durable: an instance that
   * stops hands it over through the record's due time. Resolves once recorded.
   */
  track(tenant: Tenant, kind: WatchKind, id: string): Promise<void>;
  /** How often a progress stream sends a heartbeat comment (WatchOptions.heartbeatMs). */
  readonly heartbeatMs?: number;
}

export interface WatchOptions {
  /** This instance's lease owner name (default: a random id). */
  instanceId?: string;
  /** Upstream poll interval (default 1 s for jobs: Workspace jobs take seconds to minutes). */
  jobIntervalMs?: number;
  /** Default 2 s: orders change on payment and provisioning, not continuously. */
  orderIntervalMs?: number;
  /** How long a poller's lease lasts without renewal (default: 5 intervals, at least 5 s) — the takeover delay after a crash. */
  leaseMs?: (kind: WatchKind) => number;
  /** How often tracked ids with no live follower are looked for (default 5 s; 0 = never, for tests). */
  sweepIntervalMs?: number;
  /**
   * Poll interval of an id followed only by track() (default: 5 s for jobs, 60 s for orders — an order may wait days
   * for payment, and only a webhook waits for it).
   */
  unwatchedIntervalMs?: (kind: WatchKind) => number;
  /** Heartbeat comments on progress streams (default 15 s), so idle proxies keep them open. */
  heartbeatMs?: number;
  /** How long a tracked id with nobody watching is followed at most (default: 1 h for jobs, 24 h for orders). */
  trackForMs?: (kind: WatchKind) => number;
}

/** What the watchers use of the BFF's deps (not the watchers themselves, which are built from them); events optional. */
export type WatchDeps = Pick<BffDeps, 'store' | 'log' | 'metrics' | 'now' | 'clientFor' | 'cache' | 'idempotency'> & {
  events?: WatchEventSink;
  /** How a tracked id's tenant is found again by another instance's sweep. */
  tenantById?: (id: string) => Tenant | undefined;
};

/** What the `watch` record holds. */
interface WatchState {
  kind: WatchKind;
  targetId: string;
  tenantId: string;
  /** The public JSON (orders as seen with every scope; narrowed per viewer). */
  value?: Job | Order;
  status?: string;
  final: boolean;
  /** Event types already emitted for this id. */
  emitted: WatchEventType[];
  /** Epoch ms until which it is followed with nobody watching (track()). */
  trackUntil?: number;
}

/** Announced on pub/sub: the version, and the value when it fits in a message. */
interface Announcement {
  v: number;
  s?: WatchState;
}
/**
 * Sent on the id's viewers channel, every tick, by an instance whose viewers follow an id another instance polls:
 * "someone watches, poll every `p` ms". Without it a holder following the id only for track() would keep its slow
 * unwatched pace, and viewers elsewhere would wait that long for each change.
 */
interface Ping {
  p: number;
}

const RECORD_KIND = 'watch';
const RECORD_TTL_MS = 24 * 60 * 60 * 1000;
const recordId = (kind: WatchKind, id: string) => `${kind}:${id}`;
export const leaseName = (kind: WatchKind, id: string) => `watch:${kind}:${id}`;
export const channelName = (kind: WatchKind, id: string) => `bwkit:${kind}:${id}`;
/** Where viewers on instances that do not poll an id say so (Ping), apart from the state announcements. */
export const viewersChannelName = (kind: WatchKind, id: string) => `bwkit:${kind}:${id}:viewers`;

const isFinal = (kind: WatchKind, status: string | undefined) =>
  kind === 'job' ? status === 'succeeded' || status === 'failed' : status === 'completed' || status === 'cancelled';

const ORDER_ID = /^[\x21-\x7e]{1,128}$/;
/** The same ownership rule as GET /v1/orders/{orderId}: only orders this tenant placed through the gateway. */
export async function lookupOrder(deps: Pick<BffDeps, 'store'>, tenantId: string, orderId: string): Promise<OrderRef> {
  const ref = ORDER_ID.test(orderId) ? await deps.store.getOrder(orderId) : undefined;
  if (!ref || ref.tenantId !== tenantId) {
    throw new ProblemError(
      'not_found',
      'No such order for this tenant (only orders placed through this gateway can be followed here).',
    );
  }
  return ref;
}

/**
 * What the route helpers read from a request context, for calls made outside any request: the upstream metrics and
 * log lines are the same, the request id names the watcher.
 */
function backgroundContext(tenant: Tenant, requestId: string): Context<BffEnv> {
  const vars = new Map<string, unknown>([
    ['tenant', tenant],
    ['requestId', requestId],
    ['scopes', []],
  ]);
  const c = {
    get: (k: string) => vars.get(k),
    set: (k: string, v: unknown) => {
      vars.set(k, v);
    },
    var: {},
  };
  // Only get/set are used by callUpstream, readJob and recordOrder; a whole Hono context needs a request.
  return c as unknown as Context<BffEnv>;
}

/** The order JSON one viewer sees: paying and cancelling need `order:pay` in the viewer's own token. */
function orderFor(order: Order, scopes: readonly Scope[]): Order {
  const mayAct = scopes.includes('order:pay');
  return { ...order, canPay: order.canPay && mayAct, canCancel: order.canCancel && mayAct };
}

/** A viewer's queue: updates in order, ending after a final one or when closed. */
class Viewer {
  private queue: WatchState[] = [];
  private lastVersion = 0;
  private wake: (() => void) | undefined;
  closed = false;
  error: unknown;
  push(version: number, s: WatchState) {
    if (version <= this.lastVersion || this.closed) return;
    this.lastVersion = version;
    this.queue.push({ ...s, __v: version } as WatchState);
    // A viewer that cannot keep up keeps the newest states (what it shows is the current state anyway).
    if (this.queue.length > 16) this.queue.splice(0, this.queue.length - 16);
    this.wake?.();
  }
  fail(e: unknown) {
    this.error = e;
    this.close();
  }
  close() {
    if (!this.closed) {
      this.closed = true;
      this.wake?.();
    }
  }
  async next(): Promise<(WatchState & { __v: number }) | undefined> {
    for (;;) {
      const s = this.queue.shift();
      if (s) return s as WatchState & { __v: number };
      if (this.error !== undefined) throw this.error;
      if (this.closed) return undefined;
      await new Promise<void>((r) => {
        this.wake = r;
      });
      this.wake = undefined;
    }
  }
}

/** Everything this instance does for one id: local viewers, the subscription, the poll loop. */
class Follow {
  readonly viewers = new Set<Viewer>();
  /** The newest known state and its version. */
  version = 0;
  state: WatchState | undefined;
  background = false;
  holdsLease = false;
  stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private unsubscribeViewers: (() => Promise<void>) | undefined;
  private ticks = 0;
  private inTick = false;
  /** The next tick is at the unwatched pace (a viewer's ping brings it forward). */
  private slow = false;
  /** When the next tick is due (epoch ms). */
  private dueAt = 0;
  /** Viewers on other instances: until when (epoch ms) and at which pace they want the id polled. */
  private remoteUntil = 0;
  private remoteIntervalMs = Number.POSITIVE_INFINITY;
  private ready: Promise<void> | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly w: WatcherCore,
    readonly kind: WatchKind,
    readonly id: string,
    readonly tenant: Tenant,
    readonly ref: JobRef | OrderRef,
  ) {}

  start(): Promise<void> {
    this.ready ??= (async () => {
      this.unsubscribe = await this.w.deps.store.pubsub.subscribe(channelName(this.kind, this.id), (m) =>
        this.onMessage(m),
      );
      this.unsubscribeViewers = await this.w.deps.store.pubsub.subscribe(viewersChannelName(this.kind, this.id), (m) =>
        this.onPing(m),
      );
      await this.reload();
      this.schedule(0);
    })();
    return this.ready;
  }

  private onMessage(message: string) {
    let a: Announcement;
    try {
      a = JSON.parse(message) as Announcement;
    } catch {
      return;
    }
    if (a.v <= this.version) return;
    if (a.s) this.accept(a.v, a.s);
    else void this.reload();
  }

  private onPing(message: string) {
    let a: Ping;
    try {
      a = JSON.parse(message) as Ping;
    } catch {
      return;
    }
    if (typeof a.p !== 'number' || !(a.p > 0)) return;
    // Pings come every viewer tick; three missed ones (pub/sub may drop some) end the fast pace.
    this.remoteUntil = this.w.deps.now().getTime() + 3 * a.p;
    this.remoteIntervalMs = a.p;
    // A next tick later than the viewers' pace (unwatched, or this instance's own slower pace) comes now.
    if (this.dueAt - this.w.deps.now().getTime() > a.p) this.kick(true);
  }

  private async reload() {
    const r = await this.w.deps.store
      .getRecord<WatchState>(RECORD_KIND, recordId(this.kind, this.id))
      .catch((e: unknown) => {
        this.w.deps.log({
          level: 'warn',
          msg: 'watch record read failed',
          tenant: this.tenant.id,
          [this.kind + 'Id']: this.id,
          error: String(e),
        });
        return undefined;
      });
    if (r && r.value.value !== undefined) this.accept(r.version, r.value);
  }

  accept(version: number, s: WatchState) {
    if (version <= this.version) return;
    this.version = version;
    this.state = s;
    for (const v of this.viewers) v.push(version, s);
    if (s.final) void this.w.end(this);
  }

  private schedule(ms: number, slow = false) {
    if (this.stopped) return;
    this.slow = slow;
    this.dueAt = this.w.deps.now().getTime() + ms;
    // Not unref'd: a viewer waiting for the next state is work in progress (stop() clears it).
    this.timer = setTimeout(() => {
      this.inTick = true;
      this.running = this.tick().finally(() => {
        this.inTick = false;
      });
    }, ms);
  }

  /** A first viewer (here, or elsewhere by a ping) of an id at the unwatched pace: poll now, then at the viewers' pace. */
  kick(always = false) {
    if (this.stopped || this.inTick || !this.timer || !(this.slow || always)) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** One step: take or renew the lease; the holder polls the cloud; the others re-read the record now and then. */
  private async tick() {
    if (this.stopped) return;
    // Nobody watching here nor elsewhere (only track()): a slower pace, since only a webhook waits for the change.
    // Viewers elsewhere (their pings) count: whichever instance polls, a viewed id is polled at the viewers' pace.
    const remote = this.w.deps.now().getTime() < this.remoteUntil;
    const unwatched = this.viewers.size === 0 && !remote;
    const interval = unwatched
      ? this.w.intervalOf(this.kind, true)
      : Math.min(
          this.viewers.size ? this.w.intervalOf(this.kind) : Number.POSITIVE_INFINITY,
          remote ? this.remoteIntervalMs : Number.POSITIVE_INFINITY,
        );
    try {
      this.holdsLease = await this.w.deps.store.acquireLease(
        leaseName(this.kind, this.id),
        this.w.instanceId,
        this.w.leaseOf(this.kind, unwatched),
      );
      if (this.stopped) return;
      if (this.holdsLease) {
        await this.poll();
        // Followed only for track(): the next poll is far off, so the lease is not kept meanwhile — a viewer on any
        // instance takes it at once and polls at the viewers' pace (the record's due time, not the lease, hands a
        // tracked id over when this instance goes away).
        if (unwatched && !this.viewers.size && !this.stopped) {
          await this.w.deps.store.releaseLease(leaseName(this.kind, this.id), this.w.instanceId);
          this.holdsLease = false;
        }
      } else {
        // Another instance polls: tell it someone watches here, so it polls at this pace, not its unwatched one.
        if (this.viewers.size) await this.ping();
        if (++this.ticks % 3 === 0) await this.reload();
      }
    } catch (e) {
      this.w.deps.log({
        level: 'warn',
        msg: 'watch tick failed',
        tenant: this.tenant.id,
        [this.kind + 'Id']: this.id,
        error: String(e),
      });
    }
    if (
      this.background &&
      !this.viewers.size &&
      this.state?.trackUntil !== undefined &&
      this.w.deps.now().getTime() > this.state.trackUntil
    ) {
      void this.w.end(this);
      return;
    }
    this.schedule(interval, unwatched);
  }

  private async ping() {
    await this.w.deps.store.pubsub
      .publish(
        viewersChannelName(this.kind, this.id),
        JSON.stringify({ p: this.w.intervalOf(this.kind) } satisfies Ping),
      )
      .catch((e: unknown) =>
        this.w.deps.log({ level: 'warn', msg: 'watch ping failed', tenant: this.tenant.id, error: String(e) }),
      );
  }

  /** Reads the cloud once; a change is written with compare-and-set, announced, and its event emitted. */
  private async poll() {
    const { deps } = this.w;
    const c = backgroundContext(this.tenant, `watch-${this.kind}-${this.id}`);
    // readJob and callUpstream take the whole BffDeps; they use what WatchDeps has (store, log, metrics, clientFor, now,
    // cache) plus `watchers` (recordOrder tracks the order a finished job placed), which is this watcher itself.
    const bff = { ...deps, watchers: this.w.api } as BffDeps;
    let value: Job | Order;
    try {
      if (this.kind === 'job') {
        value = await readJob(bff, c, this.tenant, this.id, this.ref as JobRef);
      } else {
        const r = await callUpstream(bff, c, 'showOrder', () =>
          deps.clientFor(this.tenant).showOrder({ orderId: this.id }),
        );
        // Stored as every scope sees it, narrowed per viewer (orderFor).
        value = toOrder(r.data, this.id, this.ref as OrderRef, this.tenant, ['order:pay']);
      }
    } catch (e) {
      // The next tick tries again; viewers keep the last state (the SSE route sends heartbeats meanwhile).
      if (!isUpstreamError(e)) throw e;
      deps.log({
        level: 'warn',
        msg: 'watch poll failed',
        tenant: this.tenant.id,
        [this.kind + 'Id']: this.id,
        upstreamCode: e.code,
        upstreamStatus: e.status,
      });
      return;
    }
    await this.write(value);
  }

  private async write(value: Job | Order) {
    const { store } = this.w.deps;
    const rid = recordId(this.kind, this.id);
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await store.getRecord<WatchState>(RECORD_KIND, rid);
      const prev = current?.value;
      if (prev?.value !== undefined && JSON.stringify(prev.value) === JSON.stringify(value)) {
        if (current && current.version > this.version) this.accept(current.version, current.value);
        return;
      }
      const status = value.status;
      const final = isFinal(this.kind, status);
      const due = this.transitions(prev, value).filter((t) => !prev?.emitted.includes(t));
      const next: WatchState = {
        kind: this.kind,
        targetId: this.id,
        tenantId: this.tenant.id,
        value,
        status,
        final,
        emitted: [...(prev?.emitted ?? []), ...due],
        ...(prev?.trackUntil !== undefined ? { trackUntil: prev.trackUntil } : {}),
      };
      const index = {
        tenantId: this.tenant.id,
        state: status,
        at: this.w.deps.now().toISOString(),
        // A tracked, unfinished id stays due, so a sweep elsewhere resumes it if this instance goes away.
        ...(!final && next.trackUntil !== undefined
          ? { dueAtMs: this.w.deps.now().getTime() + this.w.leaseOf(this.kind) }
          : {}),
      };
      const version = current ? current.version + 1 : 1;
      const ok = current
        ? await store.updateRecord(RECORD_KIND, rid, current.version, next, index, RECORD_TTL_MS)
        : await store.createRecord(RECORD_KIND, rid, next, index, RECORD_TTL_MS);
      if (!ok) continue; // another writer changed it meanwhile: read again
      this.accept(version, next);
      await this.announce(version, next);
      // Only the writer of the transition emits, once (the record now says so).
      for (const type of due) await this.emit(type, value);
      return;
    }
  }

  private transitions(prev: WatchState | undefined, value: Job | Order): WatchEventType[] {
    if (this.kind === 'job') {
      const s = (value as Job).status;
      return s === 'succeeded' ? ['job.succeeded'] : s === 'failed' ? ['job.failed'] : [];
    }
    const o = value as Order;
    const out: WatchEventType[] = [];
    // Paid: it has a payment time, or it left "pending payment" for processing or completed while watched.
    const wasPending = (prev?.value as Order | undefined)?.status === 'pending_payment';
    if (o.paidAt || (wasPending && (o.status === 'processing' || o.status === 'completed'))) out.push('order.paid');
    if (o.status === 'completed') out.push('order.completed');
    if (o.status === 'cancelled') out.push('order.cancelled');
    return out;
  }

  private async announce(version: number, s: WatchState) {
    let message = JSON.stringify({ v: version, s } satisfies Announcement);
    if (messageBytes(message) > MAX_MESSAGE_BYTES) message = JSON.stringify({ v: version } satisfies Announcement);
    await this.w.deps.store.pubsub
      .publish(channelName(this.kind, this.id), message)
      .catch((e: unknown) =>
        this.w.deps.log({ level: 'warn', msg: 'watch publish failed', tenant: this.tenant.id, error: String(e) }),
      );
  }

  private async emit(type: WatchEventType, value: Job | Order) {
    const events = this.w.deps.events;
    if (!events) return;
    const data = this.kind === 'job' ? { jobId: this.id, job: value } : { orderId: this.id, order: value };
    // The same dedupe key as the order routes' own notice of a payment or cancellation: one webhook per change.
    await events.emit(this.tenant.id, type, data, { dedupeKey: `${this.kind}:${this.id}` }).catch((e: unknown) =>
      this.w.deps.log({
        level: 'error',
        msg: 'watch event emit failed',
        tenant: this.tenant.id,
        type,
        error: String(e),
      }),
    );
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => {});
    await this.ready?.catch(() => {});
    for (const v of this.viewers) v.close();
    await this.unsubscribe?.().catch(() => {});
    await this.unsubscribeViewers?.().catch(() => {});
    if (this.holdsLease)
      await this.w.deps.store.releaseLease(leaseName(this.kind, this.id), this.w.instanceId).catch(() => {});
  }
}

class WatcherCore {
  readonly follows = new Map<string, Follow>();
  readonly instanceId: string;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  private stopped = false;
  /** The public face createWatchers returns, set right after construction (polls pass it on as deps.watchers). */
  api!: Watchers;

  constructor(
    readonly deps: WatchDeps,
    readonly opts: WatchOptions,
  ) {
    this.instanceId = opts.instanceId ?? `bwkit-${randomUUID()}`;
  }

  intervalOf(kind: WatchKind, unwatched = false): number {
    if (unwatched) {
      const bg = this.opts.unwatchedIntervalMs?.(kind);
      if (bg !== undefined) return bg;
      return kind === 'job' ? Math.max(5000, this.intervalOf(kind)) : Math.max(60_000, this.intervalOf(kind));
    }
    return kind === 'job' ? (this.opts.jobIntervalMs ?? 1000) : (this.opts.orderIntervalMs ?? 2000);
  }
  leaseOf(kind: WatchKind, unwatched = false): number {
    return (
      this.opts.leaseMs?.(kind) ??
      Math.max(5000, 5 * this.intervalOf(kind), unwatched ? 2 * this.intervalOf(kind, true) : 0)
    );
  }
  trackFor(kind: WatchKind) {
    return this.opts.trackForMs?.(kind) ?? (kind === 'job' ? 60 * 60 * 1000 : 24 * 60 * 60 * 1000);
  }

  async follow(tenant: Tenant, kind: WatchKind, id: string): Promise<Follow> {
    if (this.stopped)
      throw new ProblemError(
        'store_unavailable',
        'This gateway is shutting down; follow the progress again (another instance answers).',
      );
    const ref =
      kind === 'job' ? await lookupJob(this.deps, tenant.id, id) : await lookupOrder(this.deps, tenant.id, id);
    const key = recordId(kind, id);
    let f = this.follows.get(key);
    if (!f || f.stopped) {
      f = new Follow(this, kind, id, tenant, ref);
      this.follows.set(key, f);
    }
    await f.start();
    return f;
  }

  async *iterate(
    tenant: Tenant,
    kind: WatchKind,
    id: string,
    signal?: AbortSignal,
  ): AsyncGenerator<WatchState & { __v: number }> {
    const f = await this.follow(tenant, kind, id);
    const viewer = new Viewer();
    const onAbort = () => viewer.close();
    signal?.addEventListener('abort', onAbort, { once: true });
    f.viewers.add(viewer);
    if (f.viewers.size === 1) f.kick();
    if (f.state && f.version > 0) viewer.push(f.version, f.state);
    if (f.stopped && !f.state?.final) viewer.close();
    try {
      for (;;) {
        if (signal?.aborted) return;
        const s = await viewer.next();
        if (!s) return;
        yield s;
        if (s.final) return;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      f.viewers.delete(viewer);
      viewer.close();
      if (!f.viewers.size && !f.background) await this.end(f);
    }
  }

  /** Stops following an id here (final state, last viewer gone, or tracked long enough). */
  async end(f: Follow) {
    if (f.stopped) return;
    const key = recordId(f.kind, f.id);
    if (this.follows.get(key) === f) this.follows.delete(key);
    await f.stop();
  }

  async track(tenant: Tenant, kind: WatchKind, id: string) {
    const until = this.deps.now().getTime() + this.trackFor(kind);
    const rid = recordId(kind, id);
    const index = {
      tenantId: tenant.id,
      state: 'tracked',
      at: this.deps.now().toISOString(),
      dueAtMs: this.deps.now().getTime(),
    };
    const base: WatchState = { kind, targetId: id, tenantId: tenant.id, final: false, emitted: [], trackUntil: until };
    if (!(await this.deps.store.createRecord(RECORD_KIND, rid, base, index, RECORD_TTL_MS))) {
      const cur = await this.deps.store.getRecord<WatchState>(RECORD_KIND, rid);
      if (cur && !cur.value.final) {
        await this.deps.store.updateRecord(
          RECORD_KIND,
          rid,
          cur.version,
          { ...cur.value, trackUntil: until },
          { ...cur.index, dueAtMs: this.deps.now().getTime() },
          RECORD_TTL_MS,
        );
      }
    }
    if (!this.stopped) await this.resume(tenant, kind, id);
  }

  private async resume(tenant: Tenant, kind: WatchKind, id: string) {
    try {
      const f = await this.follow(tenant, kind, id);
      f.background = true;
    } catch (e) {
      this.deps.log({ level: 'warn', msg: 'watch resume failed', tenant: tenant.id, kind, id, error: String(e) });
    }
  }

  startSweep() {
    const every = this.opts.sweepIntervalMs ?? 5000;
    if (every <= 0 || !this.deps.tenantById) return;
    const run = async () => {
      const due = await this.deps.store.listDue<WatchState>(RECORD_KIND, this.deps.now().getTime(), 50).catch(() => []);
      for (const r of due) {
        const s = r.value;
        if (s.final || s.trackUntil === undefined || s.trackUntil < this.deps.now().getTime()) continue;
        if (this.follows.has(r.id)) continue;
        const tenant = this.deps.tenantById?.(s.tenantId);
        if (tenant) await this.resume(tenant, s.kind, s.targetId);
      }
    };
    const loop = () => {
      if (this.stopped) return;
      this.sweepTimer = setTimeout(() => {
        this.sweeping = run().finally(loop);
      }, every);
      this.sweepTimer.unref?.();
    };
    loop();
  }

  async stop() {
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await this.sweeping.catch(() => {});
    await Promise.all([...this.follows.values()].map((f) => this.end(f)));
  }
}

/**
 * Watchers for this instance. `stop()` ends every stream here, gives up its leases (another instance takes over at
 * its next tick) and stops the sweep.
 */
export function createWatchers(
  deps: WatchDeps,
  opts: WatchOptions = {},
): Watchers & { stop(): Promise<void>; readonly instanceId: string } {
  const core = new WatcherCore(deps, opts);
  core.startSweep();
  const api: Watchers & { stop(): Promise<void>; readonly instanceId: string } = {
    instanceId: core.instanceId,
    ...(opts.heartbeatMs !== undefined ? { heartbeatMs: opts.heartbeatMs } : {}),
    job(tenant, jobId, o = {}) {
      const it = core.iterate(tenant, 'job', jobId, o.signal);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const s of it) yield { version: s.__v, job: s.value as Job, final: s.final };
        },
      };
    },
    order(tenant, orderId, o = {}) {
      const scopes = o.scopes ?? ['order:read'];
      const it = core.iterate(tenant, 'order', orderId, o.signal);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const s of it) yield { version: s.__v, order: orderFor(s.value as Order, scopes), final: s.final };
        },
      };
    },
    track: (tenant, kind, id) => core.track(tenant, kind, id),
    stop: () => core.stop(),
  };
  core.api = api;
  return api;
}
