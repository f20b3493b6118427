/**
 * A small in-memory cache for upstream reads, per BFF instance: a page full of widgets asks for the same list at
 * once, and the cloud should see one call. Concurrent callers of a key share the one load in flight; a failed load
 * is not kept (the next caller tries again); entries expire `ttlMs` after they were loaded.
 */
export interface TtlCacheOptions {
  ttlMs: number;
  /** Clock in ms (tests move it). */
  now?: () => number;
  /** Oldest entries are dropped beyond this many keys. */
  maxEntries?: number;
}

interface Entry {
  at: number;
  value: Promise<unknown>;
  ttl: number;
}

export class TtlCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(opts: TtlCacheOptions) {
    this.ttlMs = opts.ttlMs;
    this.now = opts.now ?? (() => Date.now());
    this.maxEntries = opts.maxEntries ?? 5_000;
  }

  /**
   * The cached value of `key`, or the result of `load()` (shared with every concurrent caller of the same key).
   * `ttlMs` overrides the cache's own for this key.
   */
  get<T>(key: string, load: () => Promise<T>, ttlMs = this.ttlMs): Promise<T> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < hit.ttl) return hit.value as Promise<T>;
    const value = load();
    const entry: Entry = { at: t, value, ttl: ttlMs };
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Over the limit, so there is an oldest entry.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failure is answered to the callers waiting for it, then forgotten.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets every key that starts with `prefix` (after a purchase changed what a list would show). */
  invalidate(prefix: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
