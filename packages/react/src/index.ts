/**
 * @bwkit/react: the bwkit widgets as React components, through @lit/react's `createComponent`. Each component
 * renders the custom element itself, sets the element's properties (objects and functions such as `fetchToken`
 * stay properties, never strings) and adds one listener per `onBwkit…` prop. Importing this module registers the
 * three elements (it imports their classes).
 */

import {
  BandwidthChangeOrder as BandwidthChangeOrderElement,
  BandwidthCreate as BandwidthCreateElement,
  BandwidthPackageForm as BandwidthPackageFormElement,
} from '@bwkit/widgets/bwkit.js';
import { createComponent } from '@lit/react';
import * as React from 'react';
import { BWKIT_EVENTS, type BwkitEventHandlers, type BwkitEvents, eventProp } from './events.js';

export type {
  BwkitChangeDetail,
  BwkitEventMap,
  BwkitProblem,
  BwkitReadyDetail,
  BwkitSubmitDetail,
  BwkitSuccessDetail,
  Order,
  OrderPlacedDetail,
  Quote,
  WorkspaceBandwidthCreated,
} from '@bwkit/widgets/bwkit.js';
export { BWKIT_EVENTS, type BwkitEventHandlers, type BwkitEventProp, type BwkitEvents, eventProp } from './events.js';
export { BandwidthChangeOrderElement, BandwidthCreateElement, BandwidthPackageFormElement };

/**
 * The class registered for the tag: normally the one imported here, but when another copy of the widgets (a
 * `<script>` tag from the gateway, another version) defined the tag first, that copy's class. @lit/react decides
 * "property or attribute" by the class's prototype, and only a defined Lit class has its property accessors.
 */
function registered<C extends CustomElementConstructor>(tag: string, imported: C): C {
  return (globalThis.customElements?.get(tag) as C | undefined) ?? imported;
}

const events = Object.fromEntries(BWKIT_EVENTS.map((name) => [eventProp(name), name])) as unknown as BwkitEvents;

/** Properties every widget takes (its attributes, plus `fetchToken` and `appearance`, which are properties only). */
type CommonInputs = 'api' | 'locale' | 'region' | 'token' | 'review' | 'fetchToken' | 'appearance';

/**
 * A widget component's props: its documented inputs typed from the element class, the `onBwkit…` handlers, the
 * usual HTML attributes (`className`, `id`, `style`, `lang`, …) and a `ref` to the element (for `submit()` and
 * friends). Internal state the element exposes for its own rendering is left out on purpose.
 */
export type WidgetProps<I extends HTMLElement, Inputs extends keyof I> = Partial<Pick<I, Inputs>> &
  BwkitEventHandlers &
  Omit<React.HTMLAttributes<I>, Inputs | keyof BwkitEventHandlers> &
  React.RefAttributes<I>;

export type BandwidthCreateProps = WidgetProps<BandwidthCreateElement, CommonInputs | 'service'>;
export type BandwidthChangeOrderProps = WidgetProps<BandwidthChangeOrderElement, CommonInputs | 'bandwidthId'>;
export type BandwidthPackageFormProps = WidgetProps<BandwidthPackageFormElement, CommonInputs>;

/** `<bandwidth-create>`: creates Workspace bandwidth (default) or VPC shared bandwidth (`service="vpc"`). */
export const BandwidthCreate: React.ForwardRefExoticComponent<BandwidthCreateProps> = createComponent({
  react: React,
  tagName: 'bandwidth-create',
  elementClass: registered('bandwidth-create', BandwidthCreateElement),
  events,
  displayName: 'BandwidthCreate',
});

/** `<bandwidth-change-order>`: changes the size of an existing bandwidth (`bandwidthId`). */
export const BandwidthChangeOrder: React.ForwardRefExoticComponent<BandwidthChangeOrderProps> = createComponent({
  react: React,
  tagName: 'bandwidth-change-order',
  elementClass: registered('bandwidth-change-order', BandwidthChangeOrderElement),
  events,
  displayName: 'BandwidthChangeOrder',
});

/** `<bandwidth-package-form>`: buys a Cloud Connect bandwidth package. */
export const BandwidthPackageForm: React.ForwardRefExoticComponent<BandwidthPackageFormProps> = createComponent({
  react: React,
  tagName: 'bandwidth-package-form',
  elementClass: registered('bandwidth-package-form', BandwidthPackageFormElement),
  events,
  displayName: 'BandwidthPackageForm',
});
