/**
 * Theme layers. Component styles read every token as
 *   var(--bwkit-x, var(--_bwkit-appearance-x, var(--_bwkit-tenant-x, <default>)))
 * so a page's own `--bwkit-*` (on the element or an ancestor) always wins. The `appearance` property and the
 * tenant theme from GET /v1/config are written to the host with `style.setProperty` under the PRIVATE names only
 * (CSSOM: allowed by a CSP without 'unsafe-inline').
 */
import { type ColorScheme, isSafeCssValue, type TenantTheme, THEME_TOKENS, type ThemeToken } from '@bwkit/contracts';

/** What a page may pass as `appearance`. */
export interface Appearance {
  colorScheme?: ColorScheme;
  /** Theme tokens in camelCase, e.g. `{ colorPrimary: '#0a6', radius: '2px' }`. */
  variables?: Partial<Record<ThemeToken, string>>;
}

/** Colours chosen against the tenant's own background: they only hold in the tenant's scheme. */
const SURFACE: readonly ThemeToken[] = ['colorText', 'colorBackground', 'colorDanger'];
const dark = () => matchMedia('(prefers-color-scheme: dark)').matches;

/**
 * Writes both private layers onto `host` and says whether the widget renders dark. The scheme comes from
 * `appearance`, else the tenant, else light; `auto` follows prefers-color-scheme. A tenant's text, background and
 * danger colours belong to the tenant's own scheme, so they are left out when another scheme is in force.
 */
export function applyTheme(
  host: HTMLElement,
  tenant: TenantTheme | undefined,
  appearance: Appearance | undefined,
): boolean {
  const scheme = appearance?.colorScheme ?? tenant?.colorScheme ?? 'light';
  const isDark = scheme === 'dark' || (scheme === 'auto' && dark());
  const tenantScheme = tenant?.colorScheme;
  const tenantSurfaceOk = !tenantScheme || tenantScheme === 'auto' || (tenantScheme === 'dark') === isDark;
  for (const token of Object.keys(THEME_TOKENS) as ThemeToken[]) {
    const name = THEME_TOKENS[token].slice(8); // '--bwkit-color-primary' → 'color-primary'
    const layers: [string, string | undefined][] = [
      ['tenant', tenantSurfaceOk || !SURFACE.includes(token) ? tenant?.[token] : undefined],
      ['appearance', appearance?.variables?.[token]],
    ];
    for (const [layer, value] of layers) {
      const prop = `--_bwkit-${layer}-${name}`;
      if (typeof value === 'string' && isSafeCssValue(value)) host.style.setProperty(prop, value);
      else host.style.removeProperty(prop);
    }
  }
  return isDark;
}

/** Calls `cb` when the OS colour scheme changes; returns the unsubscribe function. */
export function onSchemeChange(cb: () => void): () => void {
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}
