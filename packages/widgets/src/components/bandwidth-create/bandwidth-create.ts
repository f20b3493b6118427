/** Registers <bandwidth-create> (safely: a tag already defined is left alone); the class itself is in bandwidth-create.component.ts. */
import { define } from '../../define.js';
import { BandwidthCreate } from './bandwidth-create.component.js';

export { BandwidthCreate };

define('bandwidth-create', BandwidthCreate);

declare global {
  interface HTMLElementTagNameMap {
    'bandwidth-create': BandwidthCreate;
  }
}
