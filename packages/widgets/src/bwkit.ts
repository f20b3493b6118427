/**
 * The whole kit in one module: `<script type="module" src="…/widgets/bwkit.js">` registers
 * `<bandwidth-create>`, `<bandwidth-change-order>` and `<bandwidth-package-form>`.
 */
export * from './index.js';
