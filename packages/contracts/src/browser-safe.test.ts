/**
 * The package ships to browsers inside the widget bundle (20 kB gzip budget): no Node built-ins, no
 * Node globals, and zod only as 'zod/mini'. Only relative imports and 'zod/mini' are allowed. What the widgets
 * run (validators, English texts, rules, enums, theme) does not reach zod at all, and only messages.ts (the
 * every-locale API) reaches the Chinese catalogue.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** Every module specifier a source imports or re-exports, statically or dynamically. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const re =
    /(?:\bimport|\bexport)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return out;
}

export function problems(source: string): string[] {
  const bad = specifiers(source).filter((s) => s !== 'zod/mini' && !/^\.\.?\/[\w./-]+\.js$/.test(s));
  for (const g of ['process.', 'Buffer.', '__dirname', '__filename', 'require(']) if (source.includes(g)) bad.push(g);
  return bad;
}

describe('browser-safe sources', () => {
  it('the scanner catches what it must', () => {
    assert.deepEqual(problems("import * as z from 'zod';"), ['zod']);
    assert.deepEqual(problems("import { readFileSync } from 'node:fs';"), ['node:fs']);
    assert.deepEqual(problems("import crypto from 'crypto';"), ['crypto']);
    assert.deepEqual(problems("export { x } from 'zod/v4';"), ['zod/v4']);
    assert.deepEqual(problems("const m = await import('node:path');"), ['node:path']);
    assert.deepEqual(problems("import type {\n  Foo,\n} from 'zod';"), ['zod']);
    assert.deepEqual(problems('const e = process.env.X;'), ['process.']);
    assert.deepEqual(problems("import * as z from 'zod/mini';\nimport { a } from './a.js';"), []);
  });

  const files = readdirSync(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it('finds the sources', () => assert.ok(files.includes('index.ts') && files.includes('operations.ts')));
  for (const f of files) {
    it(`${f} imports only 'zod/mini' and relative modules`, () => {
      assert.deepEqual(problems(readFileSync(`${SRC}/${f}`, 'utf8')), []);
    });
  }
});

/** The modules a source imports for their values (`import type` / `export type` left out), relative ones resolved. */
function valueImports(file: string): string[] {
  const source = readFileSync(`${SRC}/${file}`, 'utf8');
  const out: string[] = [];
  const re = /\b(?:import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re))
    if (!m[1]) out.push(m[2]!.startsWith('.') ? m[2]!.replace(/^\.\//, '').replace(/\.js$/, '.ts') : m[2]!);
  return out;
}
/** Every module `file` reaches through value imports, itself included. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  if (file.endsWith('.ts')) for (const dep of valueImports(file)) reach(dep, seen);
  return seen;
}

describe('zod-free browser path', () => {
  it('the reach scanner sees value imports and skips type-only ones', () => {
    assert.ok(reach('operations.ts').has('zod/mini'));
    assert.ok(reach('operations.ts').has('validators.ts'));
    assert.ok(!reach('theme.ts').has('config.ts'), 'theme.ts imports config.ts for a type only');
  });
  for (const f of [
    'validators.ts',
    'messages-en.ts',
    'messages-zh-CN.ts',
    'rules.ts',
    'enums.ts',
    'issues.ts',
    'theme.ts',
  ]) {
    it(`${f} reaches no zod`, () => {
      const found = [...reach(f)];
      assert.deepEqual(
        found.filter((m) => m.startsWith('zod')),
        [],
        found.join(' '),
      );
    });
  }
  it('only messages.ts brings in the Chinese texts', () => {
    for (const f of ['validators.ts', 'messages-en.ts', 'rules.ts', 'theme.ts'])
      assert.ok(!reach(f).has('messages-zh-CN.ts'), f);
  });
});
