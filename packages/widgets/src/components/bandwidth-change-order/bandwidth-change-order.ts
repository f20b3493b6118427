/** Registers <bandwidth-change-order> (safely: a tag already defined is left alone); the class itself is in bandwidth-change-order.component.ts. */
import { define } from '../../define.js';
import { BandwidthChangeOrder } from './bandwidth-change-order.component.js';

export { BandwidthChangeOrder };

define('bandwidth-change-order', BandwidthChangeOrder);

declare global {
  interface HTMLElementTagNameMap {
    'bandwidth-change-order': BandwidthChangeOrder;
  }
}
