/**
 * Prometheus text exposition for the few series the BFF keeps. Written here rather than pulling in prom-client,
 * which depends on Node's process APIs — the BFF core stays runtime-agnostic.
 */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;
const seriesKey = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
// Every request counts a few samples: the sorted, escaped series name is built once per label set, not per sample.
// As many entries as series (the maps below hold one per series anyway).
const keys = new Map<string, string>();
const key = (labels: Labels) => {
  let raw = '';
  for (const k in labels) raw += `${k}\u0001${labels[k]}\u0002`;
  let k = keys.get(raw);
  if (k === undefined) keys.set(raw, (k = seriesKey(labels)));
  return k;
};

class Counter {
  private values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1) {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const [k, v] of this.values) out += `${this.name}{${k}} ${v}\n`;
    return out;
  }
}

class Histogram {
  private series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Labels, seconds: number) {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    // counts has one slot per bucket.
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) s.counts[i]!++;
    s.sum += seconds;
    s.count++;
  }
  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const [k, s] of this.series) {
      const sep = k ? ',' : '';
      BUCKETS.forEach((b, i) => (out += `${this.name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}\n`));
      out += `${this.name}_bucket{${k}${sep}le="+Inf"} ${s.count}\n`;
      out += `${this.name}_sum{${k}} ${s.sum}\n${this.name}_count{${k}} ${s.count}\n`;
    }
    return out;
  }
}

export class Metrics {
  readonly requests = new Counter('bwkit_http_requests_total', 'HTTP requests handled, by route and status');
  readonly latency = new Histogram('bwkit_http_request_duration_seconds', 'HTTP request latency by route');
  readonly upstreamCalls = new Counter(
    'bwkit_upstream_requests_total',
    'Calls to the cloud, by service, operation and outcome',
  );
  readonly upstreamErrors = new Counter(
    'bwkit_upstream_errors_total',
    'Failed calls to the cloud, by service and error code',
  );
  readonly upstreamLatency = new Histogram('bwkit_upstream_request_duration_seconds', 'Latency of calls to the cloud');
  readonly idempotency = new Counter(
    'bwkit_idempotency_total',
    'Idempotency outcomes: executed, replayed, waited, conflict, mismatch',
  );
  readonly listCache = new Counter(
    'bwkit_list_cache_total',
    'Picker list reads answered from the cache (hit) or by a call to the cloud (miss), by list',
  );
  readonly idempotencyTransitions = new Counter(
    'bwkit_idempotency_transitions_total',
    'Idempotency key state changes, by from, to and reason',
  );
  readonly reconcileAttempts = new Counter(
    'bwkit_reconcile_attempts_total',
    'Lookups in the cloud settling an unknown outcome, by result',
  );
  readonly storeErrors = new Counter(
    'bwkit_idempotency_store_errors_total',
    'Failed writes of an idempotency outcome to the store, by operation',
  );
  readonly webhookDeliveries = new Counter(
    'bwkit_webhook_deliveries_total',
    'Webhook deliveries by event and result (queued, delivered, failed_attempt, failed)',
  );

  render(): string {
    return [
      this.requests,
      this.latency,
      this.upstreamCalls,
      this.upstreamErrors,
      this.upstreamLatency,
      this.idempotency,
      this.listCache,
      this.idempotencyTransitions,
      this.reconcileAttempts,
      this.storeErrors,
      this.webhookDeliveries,
    ]
      .map((m) => m.render())
      .join('');
  }
}
