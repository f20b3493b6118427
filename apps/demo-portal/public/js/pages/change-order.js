// Change order: the widget's own picker lists the organisation's yearly/monthly Workspace bandwidths (GET
// /v1/workspace-bandwidths); the portal knows no ids. Coming from the overview's "Change" link
// (?bandwidth=<id>&region=<region>) the widget gets that bandwidth-id and shows it, with a link back to the full choice.
import { startPortal } from '../portal.js';

startPortal();

const params = new URLSearchParams(location.search);
const chosen = params.get('bandwidth');
const region = params.get('region');
const widget = document.querySelector('bandwidth-change-order');
const another = document.getElementById('change-another');
if (chosen && widget) {
  widget.setAttribute('bandwidth-id', chosen);
  if (region) widget.setAttribute('region', region);
  if (another) another.hidden = false;
}
