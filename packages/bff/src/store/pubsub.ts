/**
 * Notifications between instances that share a store (live job/order progress): Redis pub/sub, PostgreSQL
 * LISTEN/NOTIFY, or — for the memory and SQLite stores — within this process only. Delivery is at most once and
 * only to subscribers connected at the time: anything that must not be lost belongs in a record, with the message
 * as the nudge to read it.
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active (a message published after that is delivered); returns unsubscribe. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; the same limit holds everywhere so no adapter surprises. */
export const MAX_MESSAGE_BYTES = 7999;

export function checkMessage(message: string): void {
  if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) {
    throw new RangeError(`pubsub message of ${Buffer.byteLength(message, 'utf8')} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  }
}

/** Calls a subscriber without letting its exception reach the publisher or the connection. */
export function deliver(fn: (message: string) => void, message: string): void {
  try {
    fn(message);
  } catch {
    // a subscriber's failure is its own
  }
}

/** An in-process bus (memory and SQLite stores): delivered asynchronously, as over a network. */
export function createLocalPubSub(): PubSub & { close(): void } {
  const subs = new Map<string, Set<(message: string) => void>>();
  return {
    async publish(channel, message) {
      checkMessage(message);
      const set = subs.get(channel);
      if (!set) return;
      for (const fn of [...set]) queueMicrotask(() => { if (set.has(fn)) deliver(fn, message); });
    },
    async subscribe(channel, onMessage) {
      // Each subscription is its own entry, so one callback subscribed twice is unsubscribed one at a time.
      const fn = (m: string) => onMessage(m);
      let set = subs.get(channel);
      if (!set) subs.set(channel, (set = new Set()));
      set.add(fn);
      return async () => {
        set.delete(fn);
        if (set.size === 0 && subs.get(channel) === set) subs.delete(channel);
      };
    },
    close() {
      subs.clear();
    },
  };
}
