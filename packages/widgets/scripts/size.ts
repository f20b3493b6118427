/**
 * `pnpm size`: min + gzip size of what each module in dist/ (built minified by `pnpm build`) makes a page load, and
 * the budget: dist/bwkit.js — all three elements with Lit and the contracts — at most 20 kB gzip, counting the
 * entry and every module it imports statically. Modules an entry imports on demand (dist/chunks: the texts of each
 * locale but English, the purchase parts) get a line of their own and do not count. Exits 1 over budget, and also
 * when what an entry loads up front carries zod (the validators are zod-free) or Chinese or Arabic text (that
 * belongs in the locale's on-demand chunk; test/locales.test.ts checks every locale).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const BUDGET_BYTES = 20_000;
const BUDGETED = 'bwkit.js';
const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
if (!existsSync(join(dist, BUDGETED))) {
  console.error(`dist/${BUDGETED} is missing: run \`pnpm build\` first.`);
  process.exit(2);
}

interface Size {
  min: number;
  gzip: number;
  brotli: number;
}
const sizeOf = (file: string): Size => {
  const code = readFileSync(join(dist, file));
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length };
};
const add = (a: Size, b: Size): Size => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

/** The relative modules a built module imports: statically (`import … from`, `export … from`, `import "…"`) or on demand (`import(…)`). */
export function importsOf(code: string): { static: string[]; lazy: string[] } {
  const spec = `["'\`](\\.{1,2}/[^"'\`]+)["'\`]`;
  const lazy = [...code.matchAll(new RegExp(`\\bimport\\s*\\(\\s*${spec}\\s*\\)`, 'g'))].map((m) => m[1]!);
  const stat = [
    ...code.matchAll(new RegExp(`(?:^|[;}\\s])(?:import|export)\\s*(?:[\\w$*{},\\s]*?\\s*from\\s*)?${spec}`, 'g')),
  ].map((m) => m[1]!);
  return { static: stat, lazy };
}

/** A module and everything it imports statically, and what any of them imports on demand. */
function closure(entry: string): { files: string[]; lazy: string[] } {
  const files: string[] = [];
  const lazy = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const found = importsOf(readFileSync(join(dist, file), 'utf8'));
    const resolve = (s: string) => posix.normalize(posix.join(posix.dirname(file), s));
    for (const s of found.static) visit(resolve(s));
    for (const s of found.lazy) lazy.add(resolve(s));
  };
  visit(entry);
  return { files, lazy: [...lazy].filter((f) => !files.includes(f)) };
}

const all = readdirSync(dist).filter((f) => f.endsWith('.js'));
const lazyOnly = new Set(all.flatMap((f) => closure(f).lazy));
const entries = all
  .filter((f) => !lazyOnly.has(f))
  .sort((a, b) => (a === BUDGETED ? -1 : b === BUDGETED ? 1 : a.localeCompare(b)));

/** What must never be in what an entry loads up front. */
const FORBIDDEN: [string, RegExp][] = [
  ['zod code', /_zod\b|\$Zod|ZodError|__zod_globalConfig/],
  ['Chinese text (belongs in the zh-CN chunk)', /[\u4E00-\u9FFF]/],
  ['Arabic text (belongs in the ar chunk)', /[\u0600-\u06FF]/],
];
const leaks: string[] = [];

const kb = (n: number) => `${(n / 1000).toFixed(2)} kB`;
const rows: { label: string; size: Size }[] = [];
for (const entry of entries) {
  const { files, lazy } = closure(entry);
  for (const f of files) {
    const code = readFileSync(join(dist, f), 'utf8');
    for (const [what, re] of FORBIDDEN) if (re.test(code)) leaks.push(`dist/${f} contains ${what}`);
  }
  const size = files.map(sizeOf).reduce(add);
  const extra = files.length > 1 ? ` (+ ${files.slice(1).join(', ')})` : '';
  rows.push({ label: `dist/${entry}${extra}`, size });
  for (const f of lazy) rows.push({ label: `  └ dist/${f} (loaded on demand)`, size: sizeOf(f) });
}
const w = Math.max(...rows.map((r) => r.label.length), 4);
const line = (a: string, b: string, c: string, d: string) =>
  `${a.padEnd(w)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d.padStart(10)}`;
console.log(line('file', 'min', 'min+gzip', 'min+brotli'));
console.log('-'.repeat(w + 36));
for (const r of rows) console.log(line(r.label, kb(r.size.min), kb(r.size.gzip), kb(r.size.brotli)));

const total = rows.find((r) => r.label.startsWith(`dist/${BUDGETED}`))!.size.gzip;
const ok = total <= BUDGET_BYTES;
console.log(
  `\nbudget: dist/${BUDGETED} (all three elements, Lit included, with what it imports statically) ${kb(total)} gzip of ` +
    `${kb(BUDGET_BYTES)} — ${ok ? `OK, ${kb(BUDGET_BYTES - total)} to spare` : `OVER by ${kb(total - BUDGET_BYTES)}`}`,
);
for (const leak of leaks) console.error(`✗ ${leak}`);
process.exit(ok && leaks.length === 0 ? 0 : 1);
