// Appearance: edit the organisation's widget theme and watch every widget on the page follow, live, through each
// widget's `appearance` property ({colorScheme, variables:{colorPrimary, …}}). Reset hands the widgets back to the
// tenant theme they load from GET /v1/config.
import { bffGet, onTenantChange, startPortal, t, WIDGET_TAGS } from '../portal.js';

startPortal();

const COLOR_TOKENS = /** @type {const} */ (['colorPrimary', 'colorText', 'colorBackground', 'colorDanger']);
/** @typedef {'light' | 'dark' | 'auto'} Scheme */
/** @typedef {{ colorScheme: Scheme, colorPrimary: string, colorText: string, colorBackground: string, colorDanger: string, radius: number, fontFamily: string }} Values */

const FONTS = [
  { key: 'theme.font.system', css: "system-ui, -apple-system, 'Segoe UI', sans-serif" },
  { key: 'theme.font.humanist', css: "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, sans-serif" },
  { key: 'theme.font.serif', css: "Georgia, 'Times New Roman', serif" },
  { key: 'theme.font.cjk', css: "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" },
  { key: 'theme.font.mono', css: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace" },
];
/** Text, background and error colours that suit each scheme (the organisation's own where its scheme matches). */
const PALETTES = {
  light: { colorText: '#0f172a', colorBackground: '#ffffff', colorDanger: '#b91c1c' },
  dark: { colorText: '#e7e5e4', colorBackground: '#1c1917', colorDanger: '#f87171' },
};
const DEFAULTS = {
  colorScheme: /** @type {Scheme} */ ('light'),
  colorPrimary: '#1d4ed8',
  ...PALETTES.light,
  radius: 6,
  fontFamily: FONTS[0]?.css ?? 'system-ui',
};

const form = /** @type {HTMLFormElement} */ (document.getElementById('theme-form'));
const field = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const fontSelect = /** @type {HTMLSelectElement} */ (document.getElementById('fontFamily'));

/** @type {Values} */
let tenantValues = { ...DEFAULTS };
/** @type {Record<string, unknown>} */
let tenantTheme = {};
/** @type {Values} */
let values = { ...DEFAULTS };
let custom = false;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
function normaliseHex(/** @type {string} */ v) {
  const s = v.trim();
  if (!HEX.test(s)) return undefined;
  return s.length === 4 ? `#${[...s.slice(1)].map((c) => c + c).join('')}`.toLowerCase() : s.toLowerCase();
}

/** @returns {Values} */
function valuesFromTheme(/** @type {Record<string, unknown>} */ theme) {
  const scheme = /** @type {Scheme} */ (
    ['light', 'dark', 'auto'].includes(String(theme['colorScheme'])) ? theme['colorScheme'] : 'light'
  );
  const palette = scheme === 'dark' ? PALETTES.dark : PALETTES.light;
  const color = (
    /** @type {'colorPrimary' | 'colorText' | 'colorBackground' | 'colorDanger'} */ k,
    /** @type {string} */ fallback,
  ) => normaliseHex(String(theme[k] ?? '')) ?? fallback;
  return {
    colorScheme: scheme,
    colorPrimary: color('colorPrimary', DEFAULTS.colorPrimary),
    colorText: color('colorText', palette.colorText),
    colorBackground: color('colorBackground', palette.colorBackground),
    colorDanger: color('colorDanger', palette.colorDanger),
    radius: Number.parseInt(String(theme['radius'] ?? ''), 10) || 0,
    fontFamily: typeof theme['fontFamily'] === 'string' ? theme['fontFamily'] : DEFAULTS.fontFamily,
  };
}

// ---- form <-> values -----------------------------------------------------------------------------------------

function renderFontOptions() {
  const options = FONTS.map((f) => ({ label: t(f.key), css: f.css }));
  if (!options.some((o) => o.css === tenantValues.fontFamily))
    options.unshift({ label: t('theme.font.tenant'), css: tenantValues.fontFamily });
  fontSelect.replaceChildren(
    ...options.map((o) => {
      const opt = document.createElement('option');
      opt.value = o.css;
      opt.textContent = o.label;
      return opt;
    }),
  );
}

function fillForm() {
  for (const r of form.querySelectorAll('input[name="colorScheme"]')) {
    /** @type {HTMLInputElement} */ (r).checked = /** @type {HTMLInputElement} */ (r).value === values.colorScheme;
  }
  for (const tok of COLOR_TOKENS) {
    field(tok).value = values[tok];
    const hex = field(`${tok}-hex`);
    hex.value = values[tok];
    hex.removeAttribute('aria-invalid');
    hex.setAttribute('aria-label', t('theme.hexLabel', { name: t(`theme.${tok}`) }));
  }
  field('radius').value = String(values.radius);
  fontSelect.value = values.fontFamily;
  render();
}

function render() {
  const auto = values.colorScheme === 'auto';
  for (const tok of ['colorText', 'colorBackground']) {
    field(tok).disabled = auto;
    field(`${tok}-hex`).disabled = auto;
  }
  field('auto-note').hidden = !auto;
  const radiusOut = document.getElementById('radius-value');
  if (radiusOut) radiusOut.textContent = `${values.radius}px`;
  renderContrast();
  renderJson();
  const status = /** @type {HTMLElement} */ (document.getElementById('theme-status'));
  status.dataset['state'] = custom ? 'custom' : 'tenant';
  status.textContent = t(custom ? 'theme.status.custom' : 'theme.status.tenant');
}

/** The `appearance` every widget gets: in auto mode the scheme's own text and background colours apply. */
function appearance() {
  /** @type {Record<string, string>} */
  const variables = {
    colorPrimary: values.colorPrimary,
    colorDanger: values.colorDanger,
    radius: `${values.radius}px`,
    fontFamily: values.fontFamily,
  };
  if (values.colorScheme !== 'auto') {
    variables['colorText'] = values.colorText;
    variables['colorBackground'] = values.colorBackground;
  }
  return { colorScheme: values.colorScheme, variables };
}

function applyToWidgets() {
  const a = custom ? appearance() : undefined;
  for (const el of document.querySelectorAll(WIDGET_TAGS.join(','))) {
    /** @type {HTMLElement & { appearance?: unknown }} */ (el).appearance = a;
  }
}

function changed() {
  custom = true;
  render();
  applyToWidgets();
}

form.addEventListener('input', (e) => {
  const target = /** @type {HTMLInputElement | HTMLSelectElement} */ (e.target);
  const name = target.id;
  if (target.name === 'colorScheme') {
    const scheme = /** @type {Scheme} */ (target.value);
    // Switching between light and dark brings that scheme's text/background/error colours along.
    if (scheme !== 'auto' && scheme !== values.colorScheme) {
      const palette = scheme === tenantValues.colorScheme ? tenantValues : PALETTES[scheme];
      values = {
        ...values,
        colorText: palette.colorText,
        colorBackground: palette.colorBackground,
        colorDanger: palette.colorDanger,
      };
    }
    values.colorScheme = scheme;
    fillForm();
    changed();
    return;
  }
  if (COLOR_TOKENS.includes(/** @type {any} */ (name))) {
    values[/** @type {typeof COLOR_TOKENS[number]} */ (name)] = target.value;
    field(`${name}-hex`).value = target.value;
    field(`${name}-hex`).removeAttribute('aria-invalid');
    changed();
    return;
  }
  if (name.endsWith('-hex')) {
    const tok = /** @type {typeof COLOR_TOKENS[number]} */ (name.slice(0, -4));
    const hex = normaliseHex(target.value);
    if (!hex) {
      target.setAttribute('aria-invalid', 'true');
      return;
    }
    target.removeAttribute('aria-invalid');
    values[tok] = hex;
    field(tok).value = hex;
    changed();
    return;
  }
  if (name === 'radius') values.radius = Number(target.value);
  if (name === 'fontFamily') values.fontFamily = target.value;
  changed();
});
// A hex field left half-typed snaps back to the colour in use.
form.addEventListener('focusout', (e) => {
  const target = /** @type {HTMLInputElement} */ (e.target);
  if (target.id.endsWith('-hex') && target.getAttribute('aria-invalid') === 'true') {
    target.value = values[/** @type {typeof COLOR_TOKENS[number]} */ (target.id.slice(0, -4))];
    target.removeAttribute('aria-invalid');
  }
});
form.addEventListener('reset', (e) => {
  e.preventDefault();
  values = { ...tenantValues };
  custom = false;
  fillForm();
  applyToWidgets();
});

// ---- contrast and JSON ---------------------------------------------------------------------------------------

function luminance(/** @type {string} */ hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
function contrast(/** @type {string} */ a, /** @type {string} */ b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
function renderContrast() {
  const show = (/** @type {string} */ id, /** @type {number | undefined} */ ratio) => {
    const el = /** @type {HTMLElement} */ (document.getElementById(id));
    if (ratio === undefined) {
      el.textContent = '—';
      delete el.dataset['pass'];
      return;
    }
    const pass = ratio >= 4.5;
    el.dataset['pass'] = String(pass);
    el.textContent = t(pass ? 'theme.contrast.pass' : 'theme.contrast.fail', { ratio: ratio.toFixed(1) });
  };
  show('contrast-text', values.colorScheme === 'auto' ? undefined : contrast(values.colorText, values.colorBackground));
  // The button label is white or black, whichever reads better on the primary colour.
  show('contrast-button', Math.max(contrast('#ffffff', values.colorPrimary), contrast('#000000', values.colorPrimary)));
}

function themeJson() {
  const a = appearance();
  const spacing = tenantTheme['spacing'];
  return { ...a.variables, ...(typeof spacing === 'string' ? { spacing } : {}), colorScheme: a.colorScheme };
}
function renderJson() {
  const pre = document.getElementById('theme-json');
  if (pre) pre.textContent = JSON.stringify(themeJson(), null, 2);
}
document.getElementById('theme-copy')?.addEventListener('click', async (e) => {
  const btn = /** @type {HTMLButtonElement} */ (e.currentTarget);
  try {
    await navigator.clipboard.writeText(JSON.stringify(themeJson(), null, 2));
    btn.textContent = t('theme.copied');
    setTimeout(() => (btn.textContent = t('theme.copy')), 1600);
  } catch {
    /* clipboard refused: the text is there to select */
  }
});

// ---- load ----------------------------------------------------------------------------------------------------

let generation = 0;
async function load() {
  const gen = ++generation;
  form.inert = true;
  try {
    const config = await bffGet('/v1/config', ['workspace-bandwidth:create']);
    if (gen !== generation) return;
    tenantTheme = config.theme ?? {};
  } catch {
    tenantTheme = {};
  }
  tenantValues = valuesFromTheme(tenantTheme);
  values = { ...tenantValues };
  custom = false;
  renderFontOptions();
  fillForm();
  applyToWidgets();
  form.inert = false;
}

void load();
onTenantChange(() => void load());
