/**
 * ArrowUp / ArrowDown on a number field (a text input with the spinbutton role): the next value on the field's step,
 * kept within its range. Only forms that are shown need it, so it lives in the on-demand purchase chunk.
 */
import type { FieldDef } from './form.js';

/** The value after one step up or down from `value` (empty or not a number: the range's end), as text. */
export function stepped(f: Pick<FieldDef, 'min' | 'max' | 'step'>, value: string, up: boolean): string {
  const { min, max, step = 1 } = f;
  const n = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
  let next =
    n === undefined ? ((up ? min : max) ?? 0) : n + (up ? 1 : -1) * (typeof step === 'function' ? step(n, up) : step);
  if (min !== undefined) next = Math.max(min, next);
  if (max !== undefined) next = Math.min(max, next);
  return String(next);
}
