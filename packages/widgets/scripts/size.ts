/**
 * `pnpm size`: min + gzip size of every module in dist/ (built minified by `pnpm build`), and the budget:
 * dist/bwkit.js — all three elements with Lit, the contracts and zod/mini — at most 20 kB gzip. Exits 1 over it.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';

const BUDGET_BYTES = 20_000;
const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
if (!existsSync(join(dist, 'bwkit.js'))) {
  console.error('dist/bwkit.js is missing: run `pnpm build` first.');
  process.exit(2);
}
const kb = (n: number) => `${(n / 1000).toFixed(2)} kB`;
const rows = readdirSync(dist)
  .filter((f) => f.endsWith('.js'))
  .sort((a, b) => (a === 'bwkit.js' ? -1 : b === 'bwkit.js' ? 1 : a.localeCompare(b)))
  .map((f) => {
    const code = readFileSync(join(dist, f));
    return { file: `dist/${f}`, min: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length };
  });
const w = Math.max(...rows.map((r) => r.file.length), 4);
const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d.padStart(10)}`;
console.log(line('file', 'min', 'min+gzip', 'min+brotli'));
console.log('-'.repeat(w + 36));
for (const r of rows) console.log(line(r.file, kb(r.min), kb(r.gzip), kb(r.brotli)));
const total = rows.find((r) => r.file === 'dist/bwkit.js')!.gzip;
const ok = total <= BUDGET_BYTES;
console.log(
  `\nbudget: dist/bwkit.js (all three elements, Lit included) ${kb(total)} gzip of ${kb(BUDGET_BYTES)} — ` +
    (ok ? `OK, ${kb(BUDGET_BYTES - total)} to spare` : `OVER by ${kb(total - BUDGET_BYTES)}`),
);
process.exit(ok ? 0 : 1);
