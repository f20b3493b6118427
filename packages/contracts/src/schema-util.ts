/** Internal helpers for tree-shakeable zod/mini schemas (not re-exported from index). */
import * as z from 'zod/mini';

/**
 * `schema.check(...checks)` as a plain call marked free of side effects, so bundlers (rolldown/vite,
 * rollup) can drop a schema nobody imports. A method call at module top level would keep it.
 */
/* @__NO_SIDE_EFFECTS__ */
export function checked<T extends z.ZodMiniType>(schema: T, ...checks: Parameters<T['check']>): T {
  return schema.check(...checks);
}

/** A finite number that must be an integer (refused with the issue message 'not_integer'). */
/* @__NO_SIDE_EFFECTS__ */
export function integer(): z.ZodMiniNumber<number> {
  return checked(z.number(), z.refine(Number.isInteger, 'not_integer'));
}
