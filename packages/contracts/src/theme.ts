/**
 * Theme tokens and the check that keeps tenant and page values from breaking out of a CSS custom property.
 * zod-free (the widgets apply themes with it); `themeSchema` in config.ts validates tenant config with it.
 */
import type { TenantTheme } from './config.js';

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
const UNSAFE_WORDS =
  /(?:url|expression|image|image-set|-webkit-image-set|cross-fade|element|src|attr|env)\s*\(|javascript:|@import/i;

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

/** The theme as CSS custom properties (`{'--bwkit-color-primary': '#0a6'}`); unsafe values are skipped. */
export function themeToCustomProperties(theme: TenantTheme): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of Object.keys(THEME_TOKENS) as ThemeToken[]) {
    const v = theme[token];
    if (typeof v === 'string' && isSafeCssValue(v)) out[THEME_TOKENS[token]] = v;
  }
  return out;
}
