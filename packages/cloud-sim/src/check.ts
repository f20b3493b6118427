/** Small validation helpers every service's rules share. */

export type Site = 'international' | 'chinese-mainland';

export type Check<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export const fail = (code: string, message: string): { ok: false; code: string; message: string } => ({
  ok: false,
  code,
  message,
});
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export { isObject } from '@bwkit/huaweicloud';
export const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
/** Optional fields: JSON null is treated like an absent field, as the upstream (Java) services do. */
export const absent = (v: unknown): v is undefined | null => v === undefined || v === null;
export const charLength = (s: string): number => [...s].length;

export const INT32_MAX = 2_147_483_647;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query parameter that must be a non-negative (or positive) decimal integer; undefined when absent. */
export function queryInt(raw: string | undefined, min: number, max: number): number | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  if (!/^[0-9]+$/.test(raw)) return 'invalid';
  const n = Number(raw);
  return n < min || n > max ? 'invalid' : n;
}
