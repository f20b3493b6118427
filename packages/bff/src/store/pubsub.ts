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

/** UTF-8 size of a message, on Web APIs (the memory store's pub/sub runs on any runtime). */
export const messageBytes = (message: string): number => new TextEncoder().encode(message).byteLength;

export function checkMessage(message: string): void {
  const bytes = messageBytes(message);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new RangeError(`pubsub message of ${bytes} bytes exceeds ${MAX_MESSAGE_BYTES}`);
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
      for (const fn of [...set])
        queueMicrotask(() => {
          if (set.has(fn)) deliver(fn, message);
        });
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

/** How a networked adapter moves messages: listen/unlisten are only ever called one at a time per channel. */
export interface PubSubTransport {
  publish(channel: string, message: string): Promise<void>;
  listen(channel: string): Promise<void>;
  unlisten(channel: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribers over a transport: one listen per channel however many subscribers it has in this process, and
 * subscribe/unsubscribe of one channel applied in order (an unsubscribe racing a subscribe never leaves the channel
 * unheard while it has a subscriber). The adapter hands each message it receives to `dispatch`.
 */
export function createFanout(
  transport: PubSubTransport,
): PubSub & { dispatch(channel: string, message: string): void; close(): Promise<void> } {
  const subs = new Map<string, Set<(message: string) => void>>();
  const listening = new Set<string>();
  const chains = new Map<string, Promise<void>>();
  let closed = false;
  // Brings the transport in line with whether the channel has subscribers, after whatever is already under way.
  const sync = (channel: string): Promise<void> => {
    const run = async () => {
      const want = !closed && (subs.get(channel)?.size ?? 0) > 0;
      if (want && !listening.has(channel)) {
        await transport.listen(channel);
        listening.add(channel);
      } else if (!want && listening.has(channel)) {
        listening.delete(channel);
        await transport.unlisten(channel);
      }
    };
    const next = (chains.get(channel) ?? Promise.resolve()).then(run, run);
    chains.set(channel, next);
    void next
      .finally(() => {
        if (chains.get(channel) === next) chains.delete(channel);
      })
      .catch(() => {});
    return next;
  };
  return {
    async publish(channel, message) {
      checkMessage(message);
      if (closed) throw new Error('pubsub is closed');
      await transport.publish(channel, message);
    },
    async subscribe(channel, onMessage) {
      if (closed) throw new Error('pubsub is closed');
      const fn = (m: string) => onMessage(m);
      let set = subs.get(channel);
      if (!set) subs.set(channel, (set = new Set()));
      set.add(fn);
      const off = async () => {
        const s = subs.get(channel);
        if (!s?.delete(fn)) return;
        if (s.size === 0) subs.delete(channel);
        await sync(channel).catch(() => {}); // a connection that is gone no longer delivers anyway
      };
      try {
        await sync(channel);
      } catch (e) {
        await off();
        throw e;
      }
      return off;
    },
    dispatch(channel, message) {
      const set = subs.get(channel);
      if (set) for (const fn of [...set]) deliver(fn, message);
    },
    async close() {
      if (closed) return;
      closed = true;
      subs.clear();
      listening.clear();
      await transport.close();
    },
  };
}
