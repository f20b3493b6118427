/**
 * The whole kit in one module: `<script type="module" src="…/widgets/bwkit.js">` registers
 * `<bandwidth-create>`, `<bandwidth-change-order>` and `<bandwidth-package-form>`, and `<bandwidth-approvals>` on
 * demand: that one is its own module (bandwidth-approvals.js beside this file), fetched only once the document has the
 * tag (now or later; inside another element's shadow root, import bandwidth-approvals.js yourself).
 */

export type { BandwidthApprovals } from './components/bandwidth-approvals/bandwidth-approvals.js';
export * from './index.js';

const tags = document.getElementsByTagName('bandwidth-approvals');
const watch = new MutationObserver(load);
function load(): void {
  if (!tags.length) return;
  watch.disconnect();
  // Resolved at run time, beside this file (the bundler must not take it in: it is an entry of its own).
  const here = import.meta.url;
  import(/* @vite-ignore */ new URL('./bandwidth-approvals.js', here).href).catch(console.error);
}
watch.observe(document, { childList: true, subtree: true });
load();
