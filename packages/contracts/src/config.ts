/** Tenant theme and the GET /v1/config view the widgets render their forms from. */
import * as z from 'zod/mini';
import { checked, integer } from './schema-util.js';
import {
  AREAS,
  BILLING_MODES,
  BILLING_MODE_IDS,
  INTERFLOW_MODES,
  PERIOD_RANGES,
  PERIOD_TYPES,
  SCOPES,
  SITES,
  SPEC_CODES,
  SPEC_CODE_IDS,
  WORKSPACE_CHARGE_MODES,
  billingModesForSite,
  type Site,
} from './enums.js';
import { limitsSchema, type RuleContext } from './rules.js';

/** Theme token (camelCase, as in tenant config and `appearance`) → CSS custom property. */
export const THEME_TOKENS = {
  colorPrimary: '--bwkit-color-primary',
  colorText: '--bwkit-color-text',
  colorBackground: '--bwkit-color-background',
  colorDanger: '--bwkit-color-danger',
  radius: '--bwkit-radius',
  fontFamily: '--bwkit-font-family',
  spacing: '--bwkit-spacing',
} as const;
export type ThemeToken = keyof typeof THEME_TOKENS;

export const COLOR_SCHEMES = ['light', 'dark', 'auto'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/** Characters that could end a declaration or a block, open markup, or escape / hide text. */
const UNSAFE_CHARS = /[;{}<>\\\u0000-\u001F\u007F]/;
/** Functions and schemes that load or run something. */
const UNSAFE_WORDS = /(?:url|expression|image|image-set|-webkit-image-set|cross-fade|element|src|attr|env)\s*\(|javascript:|@import/i;

/**
 * Whether a string is safe to inject as a CSS custom-property value: at most 200 characters, none of
 * `; { } < > \` or control characters, no `url(` / `expression(` (or other loading functions),
 * no `javascript:` or `@import`, and balanced quotes and parentheses.
 */
export function isSafeCssValue(value: string): boolean {
  if (value.length > 200 || UNSAFE_CHARS.test(value) || UNSAFE_WORDS.test(value)) return false;
  let depth = 0;
  let quote = '';
  for (const ch of value) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0 && quote === '';
}

/* @__NO_SIDE_EFFECTS__ */
const cssValue = () => checked(z.string(), z.minLength(1), z.refine(isSafeCssValue, 'unsafe CSS value'));

/** A tenant theme: strings become CSS custom properties, so anything that could break out is refused. */
export const themeSchema = z.object({
  colorPrimary: z.optional(cssValue()),
  colorText: z.optional(cssValue()),
  colorBackground: z.optional(cssValue()),
  colorDanger: z.optional(cssValue()),
  radius: z.optional(cssValue()),
  fontFamily: z.optional(cssValue()),
  spacing: z.optional(cssValue()),
  colorScheme: z.optional(z.enum(COLOR_SCHEMES)),
});
/** Alias of `themeSchema`, following the `XxxSchema` naming. */
export const TenantThemeSchema = themeSchema;
export type TenantTheme = z.infer<typeof themeSchema>;

/** The theme as CSS custom properties (`{'--bwkit-color-primary': '#0a6'}`); unsafe values are skipped. */
export function themeToCustomProperties(theme: TenantTheme): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of Object.keys(THEME_TOKENS) as ThemeToken[]) {
    const v = theme[token];
    if (typeof v === 'string' && isSafeCssValue(v)) out[THEME_TOKENS[token]] = v;
  }
  return out;
}

const area = z.enum(AREAS);
const site = z.enum(SITES);

/** GET /v1/config: what a widget needs to render choices and hints and to validate. */
export const TenantConfigViewSchema = z.object({
  tenant: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(z.enum(SCOPES)),
  regions: z.array(z.object({ id: z.string(), name: z.string() })),
  defaultRegion: z.string(),
  site,
  theme: themeSchema,
  limits: limitsSchema,
  enums: z.object({
    areas: z.array(area),
    /** Spec code → its area pair and the sites it is sold on. */
    specCodes: z.partialRecord(z.enum(SPEC_CODE_IDS), z.object({ areas: checked(z.array(area), z.length(2)), sites: z.array(site) })),
    /** The billing modes of the tenant's site, with their kind. */
    billingModes: z.array(
      z.object({ mode: z.literal(BILLING_MODE_IDS), kind: z.enum(['prepaid', 'pay-per-use', '95th-percentile']) }),
    ),
    workspaceChargeModes: z.array(z.enum(WORKSPACE_CHARGE_MODES)),
    interflowModes: z.array(z.enum(INTERFLOW_MODES)),
    periodTypes: z.array(z.enum(PERIOD_TYPES)),
    periodRanges: z.object({
      month: z.object({ min: integer(), max: integer() }),
      year: z.object({ min: integer(), max: integer() }),
    }),
  }),
});
export type TenantConfigView = z.infer<typeof TenantConfigViewSchema>;
export type ConfigEnums = TenantConfigView['enums'];

/** The `enums` block of GET /v1/config for a site (every spec code with its sites; the site's billing modes). */
export function configEnumsForSite(s: Site): ConfigEnums {
  return {
    areas: [...AREAS],
    specCodes: Object.fromEntries(
      SPEC_CODE_IDS.map((c) => [c, { areas: [...SPEC_CODES[c].areas], sites: [...SPEC_CODES[c].sites] }]),
    ) as ConfigEnums['specCodes'],
    billingModes: billingModesForSite(s).map((mode) => ({ mode, kind: BILLING_MODES[mode].kind })),
    workspaceChargeModes: [...WORKSPACE_CHARGE_MODES],
    interflowModes: [...INTERFLOW_MODES],
    periodTypes: [...PERIOD_TYPES],
    periodRanges: { month: { ...PERIOD_RANGES.month }, year: { ...PERIOD_RANGES.year } },
  };
}

/** The rule context a widget validates with, from the config view. */
export function ruleContextFromConfig(view: Pick<TenantConfigView, 'site' | 'limits' | 'regions'>): RuleContext {
  return { site: view.site, limits: view.limits, regions: view.regions.map((r) => r.id) };
}
