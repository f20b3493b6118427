/** Registers <bandwidth-package-form> (safely: a tag already defined is left alone); the class itself is in bandwidth-package-form.component.ts. */
import { define } from '../../define.js';
import { BandwidthPackageForm } from './bandwidth-package-form.component.js';

export { BandwidthPackageForm };

define('bandwidth-package-form', BandwidthPackageForm);

declare global {
  interface HTMLElementTagNameMap {
    'bandwidth-package-form': BandwidthPackageForm;
  }
}
