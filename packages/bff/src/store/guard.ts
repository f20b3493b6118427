import type { Store } from './index.js';

/** A call to the configured store failed (a driver error, a connection gone): the message and cause are the driver's. */
export class StoreError extends Error {
  constructor(
    readonly op: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StoreError';
  }
}

/**
 * The store as the BFF uses it: every failing call rejects with a StoreError, so a path that did not expect its store
 * to fail still answers 503 store_unavailable (the app's error handler knows the type) instead of a 500. Callers that
 * handle store failures themselves see the same message as before.
 */
export function guardStore(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || prop === 'close' || typeof prop !== 'string') return v;
      return async (...args: unknown[]) => {
        try {
          return await Reflect.apply(v as (...a: unknown[]) => unknown, target, args);
        } catch (e) {
          throw e instanceof StoreError ? e : new StoreError(prop, e);
        }
      };
    },
  });
}
