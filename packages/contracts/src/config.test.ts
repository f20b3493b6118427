import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configEnumsForSite,
  isSafeCssValue,
  ruleContextFromConfig,
  type TenantConfigView,
  TenantConfigViewSchema,
  THEME_TOKENS,
  themeSchema,
  themeToCustomProperties,
} from './config.js';
import { SPEC_CODE_IDS } from './enums.js';
import { DEFAULT_LIMITS } from './rules.js';

describe('theme', () => {
  it('maps every token to its --bwkit-* property', () => {
    assert.deepEqual(THEME_TOKENS, {
      colorPrimary: '--bwkit-color-primary',
      colorText: '--bwkit-color-text',
      colorBackground: '--bwkit-color-background',
      colorDanger: '--bwkit-color-danger',
      radius: '--bwkit-radius',
      fontFamily: '--bwkit-font-family',
      spacing: '--bwkit-spacing',
    });
  });

  const safe = [
    '#0a66c2',
    'rgb(10 102 194 / 80%)',
    'oklch(60% 0.15 250)',
    'var(--brand, #333)',
    '4px',
    '0.5rem',
    "'Noto Sans SC', system-ui, sans-serif",
    'calc(4px + 0.25rem)',
  ];
  const unsafe = [
    'red; background: url(https://evil.example/x)',
    'red}body{display:none',
    'url(https://evil.example/x.png)',
    'URL (x)',
    'expression(alert(1))',
    '</style><script>alert(1)</script>',
    'red\\3b',
    'javascript:alert(1)',
    '@import "x"',
    'red\ncolor: blue',
    "'unterminated",
    'rgb(1,2,3',
    'a)b(',
    'x'.repeat(201),
    'image-set("x.png" 1x)',
  ];
  for (const v of safe)
    it(`accepts ${JSON.stringify(v)}`, () =>
      assert.ok(isSafeCssValue(v) && themeSchema.safeParse({ colorPrimary: v }).success));
  for (const v of unsafe) {
    it(`refuses ${JSON.stringify(v.slice(0, 40))}`, () => {
      assert.equal(isSafeCssValue(v), false);
      assert.equal(themeSchema.safeParse({ fontFamily: v }).success, false);
    });
  }

  it('colorScheme is light, dark or auto', () => {
    for (const s of ['light', 'dark', 'auto']) assert.ok(themeSchema.safeParse({ colorScheme: s }).success);
    assert.equal(themeSchema.safeParse({ colorScheme: 'sepia' }).success, false);
  });

  it('themeToCustomProperties emits only tokens with safe values', () => {
    assert.deepEqual(
      themeToCustomProperties({ colorPrimary: '#0a6', radius: '4px', colorScheme: 'dark', spacing: 'x;y' }),
      {
        '--bwkit-color-primary': '#0a6',
        '--bwkit-radius': '4px',
      },
    );
  });
});

describe('config view', () => {
  const view: TenantConfigView = {
    tenant: { id: 'acme', name: 'ACME' },
    scopes: ['shared-bandwidth:create', 'bandwidth-package:create'],
    regions: [
      { id: 'ap-southeast-1', name: 'AP-Hong Kong' },
      { id: 'ap-southeast-3', name: 'AP-Singapore' },
    ],
    defaultRegion: 'ap-southeast-1',
    site: 'international',
    theme: { colorPrimary: '#0a66c2', colorScheme: 'auto' },
    limits: DEFAULT_LIMITS,
    orders: { allowPay: false, billingUrl: 'https://console.example.com/billing' },
    enums: configEnumsForSite('international'),
  };

  it('a view built with configEnumsForSite passes the schema', () => {
    const r = TenantConfigViewSchema.safeParse(view);
    assert.ok(r.success, JSON.stringify(r.error?.issues));
  });

  it('says whether orders may be paid in the widget (the orders block is required)', () => {
    assert.ok(TenantConfigViewSchema.safeParse({ ...view, orders: { allowPay: true } }).success);
    const { orders: _orders, ...withoutOrders } = view;
    assert.equal(TenantConfigViewSchema.safeParse(withoutOrders).success, false);
  });

  it('enums carry the site billing modes and the spec code table', () => {
    assert.deepEqual(configEnumsForSite('chinese-mainland').billingModes, [
      { mode: 1, kind: 'prepaid' },
      { mode: 3, kind: 'pay-per-use' },
      { mode: 5, kind: '95th-percentile' },
    ]);
    const e = configEnumsForSite('international');
    assert.deepEqual(Object.keys(e.specCodes).sort(), [...SPEC_CODE_IDS].sort());
    assert.deepEqual(e.specCodes['bandwidth.cmtocm'], {
      areas: ['Chinese-Mainland', 'Chinese-Mainland'],
      sites: ['international'],
    });
    assert.deepEqual(e.periodRanges, { month: { min: 1, max: 9 }, year: { min: 1, max: 3 } });
  });

  it('refuses a bad view', () => {
    assert.equal(TenantConfigViewSchema.safeParse({ ...view, site: 'mars' }).success, false);
    assert.equal(TenantConfigViewSchema.safeParse({ ...view, scopes: ['root'] }).success, false);
    assert.equal(TenantConfigViewSchema.safeParse({ ...view, theme: { colorText: 'red;x' } }).success, false);
  });

  it('ruleContextFromConfig', () => {
    assert.deepEqual(ruleContextFromConfig(view), {
      site: 'international',
      limits: DEFAULT_LIMITS,
      regions: ['ap-southeast-1', 'ap-southeast-3'],
    });
  });
});
