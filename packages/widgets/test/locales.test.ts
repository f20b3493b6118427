/**
 * The locale catalogues (runs in Node, see package.json `test`): every locale has every key English has — the
 * widgets' own strings, the purchase parts' strings and the contracts' issue, hint and problem texts — with the same
 * `{placeholders}`; tags resolve to the right locale and direction; and after `pnpm build` no locale's text is in
 * what bwkit.js loads up front, while each locale's chunk is there to be imported on demand.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_EN, type Catalogue } from '@bwkit/contracts';
import { APPROVALS_EN } from '../src/components/bandwidth-approvals/approvals-en.js';
import { dirOf, type Locale, type LocaleModule, loadTexts, textsOf, toLocale } from '../src/internal/i18n.js';
import { EN as FORM_PURCHASE_EN } from '../src/internal/purchase.js';
import { UI_EN as FORM_UI_EN } from '../src/internal/ui-en.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
const MODULES: Record<Exclude<Locale, 'en'>, () => Promise<LocaleModule>> = {
  'zh-CN': () => import('../src/internal/zh-CN.js'),
  es: () => import('../src/internal/es.js'),
  'pt-BR': () => import('../src/internal/pt-BR.js'),
  ar: () => import('../src/internal/ar.js'),
};
// English: the strings in bwkit.js and the form's own (ui-en.ts, added when the purchase chunk loads).
// Each locale's `purchase` table also carries <bandwidth-approvals>' texts (approvals-en.ts in English).
const PURCHASE_EN = { ...FORM_PURCHASE_EN, ...APPROVALS_EN };
const UI_EN = { ...textsOf('en')!.ui, ...FORM_UI_EN };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Has words to translate (not just `{from}–{to} Mbit/s` or `{segments}`). */
const wordy = (s: string) => (s.replace(/\{\w+\}|Mbit\/s/g, '').match(/[A-Za-z]{3,}/g)?.length ?? 0) >= 2;

/** Same keys as English, each a non-empty text with English's placeholders; most texts actually translated. */
function sameAsEnglish(what: string, en: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>) {
  assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `${what}: keys differ from English`);
  const untranslated: string[] = [];
  for (const [k, v] of Object.entries(en)) {
    const t = other[k]!;
    assert.ok(t.trim(), `${what}.${k} is empty`);
    assert.deepEqual(placeholders(t), placeholders(v), `${what}.${k}: placeholders differ from English`);
    if (wordy(v) && t === v) untranslated.push(k);
  }
  assert.deepEqual(untranslated, [], `${what}: left in English`);
}

describe('locale catalogues', () => {
  for (const [locale, load] of Object.entries(MODULES)) {
    it(`${locale} has every English key, with the same placeholders`, async () => {
      const m = await load();
      sameAsEnglish(`${locale} ui`, UI_EN, m.ui);
      sameAsEnglish(`${locale} purchase`, PURCHASE_EN, m.purchase);
      for (const part of ['messages', 'hints', 'problems'] as const satisfies (keyof Catalogue)[]) {
        sameAsEnglish(`${locale} ${part}`, CATALOGUE_EN[part], m.catalogue[part]);
      }
    });
  }
});

describe('right-to-left texts', () => {
  it('write no "5–300" ranges in Arabic (shown reversed right to left), but "من 5 إلى 300"', async () => {
    const m = await MODULES.ar();
    const all = [m.ui, m.purchase, m.catalogue.messages, m.catalogue.hints, m.catalogue.problems].flatMap(
      Object.values,
    );
    assert.deepEqual(
      all.filter((t) => /(\d|\})\s*–\s*(\d|\{)/.test(t)),
      [],
    );
  });
});

describe('locale resolution', () => {
  it('maps BCP 47 tags to the widget locales', () => {
    const cases: [string, Locale | undefined][] = [
      ['en-GB', 'en'],
      ['zh', 'zh-CN'],
      ['zh-Hans-CN', 'zh-CN'],
      ['es', 'es'],
      ['es-MX', 'es'],
      ['pt', 'pt-BR'],
      ['pt-PT', 'pt-BR'],
      ['PT-br', 'pt-BR'],
      ['ar', 'ar'],
      ['ar-EG', 'ar'],
      ['zh-TW', undefined],
      ['fr', undefined],
      ['est', undefined],
      ['', undefined],
    ];
    for (const [tag, locale] of cases) assert.equal(toLocale(tag), locale, tag);
  });

  it('lays Arabic out right to left, the others left to right', async () => {
    for (const l of ['en', 'zh-CN', 'es', 'pt-BR'] as const) assert.equal(dirOf(l), 'ltr');
    assert.equal(dirOf('ar'), 'rtl');
    await loadTexts('ar');
    await loadTexts('es');
    assert.equal(textsOf('ar')?.dir, 'rtl');
    assert.equal(textsOf('ar')?.ui.loading, 'جارٍ التحميل…');
    assert.equal(textsOf('es')?.dir, 'ltr');
    assert.equal(textsOf('es')?.n(1234.5), '1234,5');
  });
});

describe('built locale chunks', () => {
  /** The relative modules a built module imports statically and on demand. */
  const importsOf = (code: string) => ({
    static: [
      ...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g),
    ].map((m) => m[1]!),
    lazy: [...code.matchAll(/\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!),
  });
  const read = (f: string) => readFileSync(join(dist, f), 'utf8');
  const upFront = (entry: string) => {
    const files: string[] = [];
    const visit = (f: string) => {
      if (files.includes(f)) return;
      files.push(f);
      for (const s of importsOf(read(f)).static) visit(posix.normalize(posix.join(posix.dirname(f), s)));
    };
    visit(entry);
    return files.map(read).join('\n');
  };

  for (const [locale, load] of Object.entries(MODULES)) {
    it(`${locale}: in a chunk of its own that bwkit.js imports on demand, none of it up front`, async () => {
      const m = await load();
      const lazy = importsOf(read('bwkit.js')).lazy.map((s) => posix.normalize(s));
      const chunk = lazy.find((f) => new RegExp(`^chunks/${locale}-[\\w-]{8}\\.js$`).test(f));
      assert.ok(chunk, `no ${locale} chunk among ${lazy.join(', ')}`);
      // Texts long enough to be this locale's alone (the Spanish and Portuguese short words may coincide).
      const samples = [
        m.ui.network_error,
        m.catalogue.problems.insufficient_balance,
        m.catalogue.messages.unsafe_chars,
        m.purchase['checkingNote']!,
      ];
      const code = upFront('bwkit.js');
      const built = read(chunk);
      for (const s of samples) {
        assert.ok(!code.includes(s), `bwkit.js loads "${s}" up front`);
        assert.ok(built.includes(s), `${chunk} lacks "${s}"`);
      }
    });
  }
});
