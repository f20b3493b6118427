/**
 * The widgets' events as React props, with no runtime dependency on the widgets (only their types), so that the
 * mapping can be checked anywhere.
 */

import type { BwkitEventMap } from '@bwkit/widgets/bwkit.js';
import type { EventName } from '@lit/react';

/** `bwkit-order-placed` → `BwkitOrderPlaced`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** The React prop of a widget event: `bwkit-order-placed` → `onBwkitOrderPlaced`. */
export type BwkitEventProp<K extends string> = `on${Pascal<K>}`;

/** Every widget event as a React prop name mapped to its (typed) DOM event name, for `createComponent`. */
export type BwkitEvents = {
  [K in keyof BwkitEventMap & string as BwkitEventProp<K>]: EventName<BwkitEventMap[K]>;
};

/** The event handler props: `onBwkitSuccess={(e) => e.detail…}` with `e` typed from the widgets' event map. */
export type BwkitEventHandlers = {
  [K in keyof BwkitEventMap & string as BwkitEventProp<K>]?: (event: BwkitEventMap[K]) => void;
};

/**
 * The events the widgets document (their `BwkitEventMap`). The check below fails to compile when the map gains an
 * event this list lacks, so a new event cannot silently go without its React prop.
 */
export const BWKIT_EVENTS = [
  'bwkit-ready',
  'bwkit-change',
  'bwkit-submit',
  'bwkit-success',
  'bwkit-error',
  'bwkit-loaderror',
  'bwkit-focus',
  'bwkit-blur',
  'bwkit-job-progress',
  'bwkit-order-placed',
  'bwkit-order-paid',
  'bwkit-order-cancelled',
  'bwkit-order-completed',
  'bwkit-approval-pending',
  'bwkit-approval-decided',
] as const satisfies readonly (keyof BwkitEventMap)[];

type Unlisted = Exclude<keyof BwkitEventMap, (typeof BWKIT_EVENTS)[number]>;
const everyEventListed: [Unlisted] extends [never] ? true : { missing: Unlisted } = true;
void everyEventListed;

/** `bwkit-order-placed` → `onBwkitOrderPlaced` at run time (the same rule as {@link BwkitEventProp}). */
export function eventProp<K extends string>(name: K): BwkitEventProp<K> {
  return `on${name.replace(/(^|-)([a-z])/g, (_, __: string, c: string) => c.toUpperCase())}` as BwkitEventProp<K>;
}
