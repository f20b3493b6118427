/** Identifiers and timestamps, Web Crypto only. */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  for (const b of buf) out += HEX[b];
  return out;
}

/** 32 lowercase hex digits, like the gateways' X-Request-Id. */
export function newRequestId(): string {
  return randomHex(16);
}

export function newUuid(): string {
  return crypto.randomUUID();
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A billing order id shaped like Huawei Cloud's: `CS` + yyMMddHHmm + 5 letters, e.g. `CS2611251012ABCDE`. */
export function newOrderId(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp =
    p(now.getUTCFullYear() % 100) +
    p(now.getUTCMonth() + 1) +
    p(now.getUTCDate()) +
    p(now.getUTCHours()) +
    p(now.getUTCMinutes());
  let suffix = '';
  for (const b of crypto.getRandomValues(new Uint8Array(5))) suffix += LETTERS[b % 26];
  return 'CS' + stamp + suffix;
}

/** `yyyy-MM-ddTHH:mm:ssZ` (UTC), the documented timestamp format of these APIs. */
export function isoSeconds(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
