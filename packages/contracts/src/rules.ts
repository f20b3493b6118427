/**
 * Documented rules as pure functions, plus the tenant limits they are checked against.
 * Browser-safe and zod-free (the validators build on it; `limitsSchema` lives in limits.ts).
 */
import type { Site } from './enums.js';

/** An inclusive size range in Mbit/s. */
export interface SizeRange {
  minMbps: number;
  maxMbps: number;
}

/** Per-operation size limits, from tenant config (served in GET /v1/config). */
export type Limits = {
  sharedBandwidth: { minMbps: number; maxMbps: number };
  workspaceBandwidth: { minMbps: number; maxMbps: number; nameMaxLength: number };
  bandwidthPackage: { minMbps: number; maxMbps: number };
};

/** What the request rules need beyond the request itself. */
export type RuleContext = {
  site: Site;
  limits: Limits;
  /** The region ids the tenant may use. */
  regions: string[];
};

/** The rule context a widget validates with, from the GET /v1/config view (`TenantConfigView`). */
export function ruleContextFromConfig(view: {
  site: Site;
  limits: Limits;
  regions: readonly { id: string }[];
}): RuleContext {
  return { site: view.site, limits: view.limits, regions: view.regions.map((r) => r.id) };
}

/** Shared bandwidth may be configured up to 2000 Mbit/s (Terraform documents 5–2000). */
export const SHARED_BANDWIDTH_ABSOLUTE_MAX = 2000;

/**
 * Defaults. Shared bandwidth 5–1000 is the VPC default (VPC API, Assigning a Shared Bandwidth). Workspace documents no size range or
 * name rule, so its numbers here are only defaults a tenant can change, not documented limits.
 */
export const DEFAULT_LIMITS: Limits = {
  sharedBandwidth: { minMbps: 5, maxMbps: 1000 },
  workspaceBandwidth: { minMbps: 1, maxMbps: 2000, nameMaxLength: 64 },
  bandwidthPackage: { minMbps: 1, maxMbps: 1000 },
};

// ---------------------------------------------------------------------------------------------
// Shared bandwidth size (VPC API, Assigning a Shared Bandwidth): increment 1 up to and including 300, 50 above 300 up to and
// including 1000, 500 above 1000.

/** The increment that applies at a size: 1 (≤ 300), 50 (≤ 1000), 500 (above). */
export function sizeStep(size: number): 1 | 50 | 500 {
  return size <= 300 ? 1 : size <= 1000 ? 50 : 500;
}

/** Integer, within the range, and on the step grid of its band. */
export function isValidSharedBandwidthSize(size: number, range: SizeRange): boolean {
  return Number.isInteger(size) && size >= range.minMbps && size <= range.maxMbps && size % sizeStep(size) === 0;
}

/** Largest on-grid size ≤ x (ignoring the range). */
function gridDown(x: number): number {
  if (x <= 300) return Math.floor(x);
  if (x <= 1000) return Math.max(300, Math.floor(x / 50) * 50);
  return Math.max(1000, Math.floor(x / 500) * 500);
}
/** Smallest on-grid size ≥ x (ignoring the range). */
function gridUp(x: number): number {
  if (x <= 300) return Math.ceil(x);
  if (x <= 1000) return Math.ceil(x / 50) * 50;
  return Math.ceil(x / 500) * 500;
}

/**
 * The valid sizes nearest to `size` within the range: `[size]` when it is valid itself, otherwise the
 * nearest valid size below and/or above it (for "use 350 or 400"). Empty when nothing in the range is
 * valid or `size` is not a finite number.
 */
export function nearestSharedBandwidthSizes(size: number, range: SizeRange): number[] {
  if (!Number.isFinite(size)) return [];
  if (isValidSharedBandwidthSize(size, range)) return [size];
  const out: number[] = [];
  const below = gridDown(Math.min(size, range.maxMbps));
  if (below < size && isValidSharedBandwidthSize(below, range)) out.push(below);
  const above = gridUp(Math.max(size, range.minMbps));
  if (above > size && isValidSharedBandwidthSize(above, range)) out.push(above);
  return out;
}

/** One band of the size hint: `from`–`to` Mbit/s in steps of `step`. */
export interface SizeSegment {
  from: number;
  to: number;
  step: 1 | 50 | 500;
}

const BANDS: readonly [number, number, 1 | 50 | 500][] = [
  [0, 300, 1],
  [300, 1000, 50],
  [1000, Infinity, 500],
];

/**
 * The step bands that fall inside a range, e.g. 5–1000 → [{5,300,1}, {300,1000,50}], for a hint such
 * as "5–300 Mbit/s in steps of 1, 300–1000 in steps of 50" (text: `hint('sharedBandwidth.size', …)`).
 */
export function sharedBandwidthSizeHint(range: SizeRange): SizeSegment[] {
  const out: SizeSegment[] = [];
  for (const [lo, hi, step] of BANDS) {
    const from = Math.max(lo, range.minMbps);
    const to = Math.min(hi, range.maxMbps);
    if (to >= from && to > lo) out.push({ from, to, step });
  }
  return out;
}

/** The band a size falls in, clipped to the range (for a size_step message). */
export function sizeSegmentOf(size: number, range: SizeRange): SizeSegment | undefined {
  return sharedBandwidthSizeHint(range).find((s) => s.step === sizeStep(size));
}

// ---------------------------------------------------------------------------------------------
// Names and ids

/**
 * Shared bandwidth name (VPC "Assigning a Shared Bandwidth": "The value can contain 1 to 64 characters, including
 * letters, digits, underscores (_), hyphens (-), and periods (.)"). The simulator applies the same rule.
 */
export const SHARED_BANDWIDTH_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** The characters alone, without the length (to tell "too long" from "bad characters"). */
export const SHARED_BANDWIDTH_NAME_CHARS_PATTERN = /^[A-Za-z0-9_.-]*$/;
export const SHARED_BANDWIDTH_NAME_MAX_LENGTH = 64;

/**
 * What no name or description may contain, whatever its own rule: control characters (C0 and C1, so CR, LF and
 * tab too, and DEL), bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, which make a
 * name read differently from what it is) and lone UTF-16 surrogates (not text at all). With the `u` flag a
 * surrogate pair is one code point, so only unpaired halves match.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT_PATTERN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;
/** True when the text has none of the characters `UNSAFE_TEXT_PATTERN` refuses. */
export function isSafeText(s: string): boolean {
  return !UNSAFE_TEXT_PATTERN.test(s);
}

/** Bandwidth package name: 1–64 characters, no `<` or `>` (Cloud Connect refuses them in names and descriptions). */
export const PACKAGE_NAME_MAX_LENGTH = 64;
/** Bandwidth package description: up to 85 characters, no `<` or `>`. */
export const PACKAGE_DESCRIPTION_MAX_LENGTH = 85;
export const NO_ANGLE_BRACKETS_PATTERN = /^[^<>]*$/;

/** Workspace bandwidth id (path parameter): 1–64 of letters, digits and `-`. */
export const BANDWIDTH_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
export function isValidBandwidthId(id: unknown): id is string {
  return typeof id === 'string' && BANDWIDTH_ID_PATTERN.test(id);
}

/** `Idempotency-Key`: 1–255 printable ASCII characters (space included). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,255}$/;
export function isValidIdempotencyKey(key: unknown): key is string {
  return typeof key === 'string' && IDEMPOTENCY_KEY_PATTERN.test(key);
}

// ---------------------------------------------------------------------------------------------
// Wire format helpers (the mapping itself lives in bff)

/** Workspace change order sends `bandwidth_size` as a *string* (Workspace API, Placing an Order on Changing the Bandwidth): 100 → "100". */
export function toWireBandwidthSize(sizeMbps: number): string {
  return String(sizeMbps);
}
/** Workspace change order sends `extend_param.is_auto_pay` as the string "true" / "false" (Workspace API, Placing an Order on Changing the Bandwidth). */
export function toWireAutoPay(autoPay: boolean): 'true' | 'false' {
  return autoPay ? 'true' : 'false';
}
