// Approvals: <bandwidth-approvals> lists the purchases the tenant policy holds and approves or rejects them (a token
// with approval:decide). Only the approver role sees it; the side panel says what the policy holds back.
import { bffGet, can, h, onTenantChange, startPortal, t, tenant } from '../portal.js';

startPortal();

const card = /** @type {HTMLElement} */ (document.getElementById('approvals-card'));
const notice = /** @type {HTMLElement} */ (document.getElementById('needs-approver'));
const policyList = /** @type {HTMLElement} */ (document.getElementById('policy-list'));
/** The element taken out while a buyer is signed in (put back, fresh, for an approver). */
let parked = /** @type {Element | null} */ (null);

function renderRole() {
  const approver = can('approval:decide');
  const present = card.querySelector('bandwidth-approvals');
  if (approver && !present) {
    card.append(parked ?? document.createElement('bandwidth-approvals'));
    parked = null;
  } else if (!approver && present) {
    parked = present;
    present.remove();
  }
  card.hidden = !approver;
  notice.hidden = approver;
  const who = tenant().users.find((u) => u.role === 'approver');
  notice.textContent = approver ? '' : t('needs.approver', { approver: who?.name ?? '' });
}

/**
 * The tenant's rules as GET /v1/config `policy` shows them (the approval thresholds, the shared bandwidth limit).
 * @typedef {{ operations?: Record<string, { maxSizeMbps?: number }>, approval?: { aboveSizeMbps?: number,
 *   aboveAmount?: number, expiresAfterHours: number } }} PolicyView
 */
async function renderPolicy() {
  const tn = tenant().id;
  /** @type {{ policy?: PolicyView }} */
  let config;
  try {
    config = await bffGet('/v1/config', ['shared-bandwidth:create']);
  } catch {
    return;
  }
  if (tn !== tenant().id) return;
  const p = config.policy;
  const items = [];
  const a = p?.approval;
  if (a?.aboveSizeMbps !== undefined) items.push(t('approvals.policy.size', { max: a.aboveSizeMbps }));
  if (a?.aboveAmount !== undefined) items.push(t('approvals.policy.amount', { amount: a.aboveAmount }));
  // No size or amount rule: the approval block is there for the users it names (their names are not shown).
  if (a && a.aboveSizeMbps === undefined && a.aboveAmount === undefined) items.push(t('approvals.policy.subjects'));
  for (const [op, rule] of Object.entries(p?.operations ?? {})) {
    if (rule.maxSizeMbps !== undefined)
      items.push(t('approvals.policy.max', { op: t(`op.${op}`), max: rule.maxSizeMbps }));
  }
  if (a) items.push(t('approvals.policy.expires', { hours: a.expiresAfterHours }));
  else items.unshift(t('approvals.policy.none'));
  policyList.replaceChildren(...items.map((text) => h('li', {}, text)));
}

renderRole();
void renderPolicy();
onTenantChange(() => {
  renderRole();
  void renderPolicy();
});
