/**
 * `pnpm build`: dist/bwkit.js (all three elements) and one module per element (vite, library mode), each with its
 * on-demand zh-CN chunk (`<entry>.zh-CN.js`), dist/custom-elements.json (from the JSDoc tags) and the .d.ts types in
 * dist/types.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const started = Date.now();

const entries = ['bwkit', 'bandwidth-create', 'bandwidth-change-order', 'bandwidth-package-form'];
for (const entry of entries) {
  process.env['BWKIT_ENTRY'] = entry;
  await build({ root, configFile: join(root, 'vite.config.ts') });
  console.log(`  built dist/${entry}.js`);
}

const run = (file: string, args: string[]) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });

// Custom Elements Manifest (the analyzer brings its own TypeScript 5).
const cem = join(dirname(require.resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js');
run(cem, ['analyze', '--litelement', '--globs', 'src/components/*/*.ts', 'src/internal/form.ts', '--exclude', 'src/**/*.test.ts', '--exclude', 'src/**/*.styles.ts', '--outdir', 'dist', '--quiet']);
console.log('  wrote dist/custom-elements.json');

// Declarations with the repo's TypeScript 7.
const tsc = join(root, '../../node_modules/typescript/bin/tsc');
run(tsc, ['-p', 'tsconfig.build.json']);
console.log(`  wrote dist/types  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
