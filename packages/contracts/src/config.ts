/**
 * The zod/mini schemas of the tenant theme and of the GET /v1/config view the widgets render their forms from.
 * The plain functions beside them (theme tokens, `isSafeCssValue`, `ruleContextFromConfig`) live in zod-free
 * modules (theme.ts, rules.ts) and are re-exported here.
 */
import * as z from 'zod/mini';
import { PolicyViewSchema } from './approvals.js';
import {
  AREAS,
  BILLING_MODE_IDS,
  BILLING_MODES,
  billingModesForSite,
  INTERFLOW_MODES,
  PERIOD_RANGES,
  PERIOD_TYPES,
  SCOPES,
  SITES,
  type Site,
  SPEC_CODE_IDS,
  SPEC_CODES,
  WORKSPACE_CHARGE_MODES,
} from './enums.js';
import { limitsSchema } from './limits.js';
import { checked, integer } from './schema-util.js';
import { COLOR_SCHEMES, isSafeCssValue } from './theme.js';

export { ruleContextFromConfig } from './rules.js';
export {
  COLOR_SCHEMES,
  type ColorScheme,
  isSafeCssValue,
  THEME_TOKENS,
  type ThemeToken,
  themeToCustomProperties,
} from './theme.js';

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
  /** Paying orders: whether the widget may pay (tenant `orders.allowPay`), else where to pay (`billingUrl`). */
  orders: z.object({ allowPay: z.boolean(), billingUrl: z.optional(z.string()) }),
  /** The tenant's policy, when it has one: limits to show before submit, the spend cap, when approval is needed. */
  policy: z.optional(PolicyViewSchema),
  enums: z.object({
    areas: z.array(area),
    /** Spec code → its area pair and the sites it is sold on. */
    specCodes: z.partialRecord(
      z.enum(SPEC_CODE_IDS),
      z.object({ areas: checked(z.array(area), z.length(2)), sites: z.array(site) }),
    ),
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
