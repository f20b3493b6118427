/** Registers <bandwidth-approvals> (safely: a tag already defined is left alone); the class is in bandwidth-approvals.component.ts. */
import { define } from '../../define.js';
import { BandwidthApprovals } from './bandwidth-approvals.component.js';

export { BandwidthApprovals };

define('bandwidth-approvals', BandwidthApprovals);

declare global {
  interface HTMLElementTagNameMap {
    'bandwidth-approvals': BandwidthApprovals;
  }
}
