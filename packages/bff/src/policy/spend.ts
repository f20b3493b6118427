/**
 * The tenant's spend of the month: the quoted amounts of the purchases placed through this gateway in a calendar
 * month (UTC), one record per tenant and month (kind `spend`, id `${tenantId}:${YYYY-MM}`), changed by
 * compare-and-set so concurrent purchases on any instance cannot both slip under the cap.
 */
import type { RecordStore } from '../store/index.js';

export const SPEND_KIND = 'spend';
/** Kept a little over a year, so last year's month can still be read in January. */
const SPEND_TTL_MS = 400 * 24 * 60 * 60 * 1000;
const CAS_ATTEMPTS = 20;

export interface SpendValue {
  tenantId: string;
  month: string;
  amount: number;
  currency: string;
  purchases: number;
}

export const monthOf = (d: Date): string => d.toISOString().slice(0, 7);
const idOf = (tenantId: string, month: string) => `${tenantId}:${month}`;
/** Amounts are money: rounded to cents so repeated additions do not drift. */
const cents = (n: number) => Math.round(n * 100) / 100;

export async function spentIn(store: RecordStore, tenantId: string, month: string): Promise<number> {
  return (await store.getRecord<SpendValue>(SPEND_KIND, idOf(tenantId, month)))?.value.amount ?? 0;
}

/**
 * Adds `amount` to the month's spend when the total stays within `cap` (no cap: always). Returns the spend before
 * the addition and whether it was made.
 */
export async function reserveSpend(
  store: RecordStore,
  tenantId: string,
  month: string,
  amount: number,
  currency: string,
  cap: number | undefined,
  at: string,
): Promise<{ ok: boolean; spent: number }> {
  const id = idOf(tenantId, month);
  for (let i = 0; i < CAS_ATTEMPTS; i++) {
    const rec = await store.getRecord<SpendValue>(SPEND_KIND, id);
    const spent = rec?.value.amount ?? 0;
    if (cap !== undefined && cents(spent + amount) > cap) return { ok: false, spent };
    const value: SpendValue = {
      tenantId,
      month,
      currency,
      amount: cents(spent + amount),
      purchases: (rec?.value.purchases ?? 0) + 1,
    };
    const index = { tenantId, at };
    const done = rec
      ? await store.updateRecord(SPEND_KIND, id, rec.version, value, index)
      : await store.createRecord(SPEND_KIND, id, value, index, SPEND_TTL_MS);
    if (done) return { ok: true, spent };
  }
  throw new Error(`spend record ${id}: too many concurrent updates`);
}

/** Gives back a reservation whose purchase certainly did not happen. */
export async function releaseSpend(
  store: RecordStore,
  tenantId: string,
  month: string,
  amount: number,
  at: string,
): Promise<void> {
  const id = idOf(tenantId, month);
  for (let i = 0; i < CAS_ATTEMPTS; i++) {
    const rec = await store.getRecord<SpendValue>(SPEND_KIND, id);
    if (!rec) return;
    const value: SpendValue = {
      ...rec.value,
      amount: Math.max(0, cents(rec.value.amount - amount)),
      purchases: Math.max(0, rec.value.purchases - 1),
    };
    if (await store.updateRecord(SPEND_KIND, id, rec.version, value, { tenantId, at })) return;
  }
  throw new Error(`spend record ${id}: too many concurrent updates`);
}
