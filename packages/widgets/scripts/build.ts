/**
 * `pnpm build`: the widgets as a CDN or a bundler takes them, in dist/:
 * - bwkit.js (all three elements) and one entry per element, under stable names; what they load on demand in
 *   chunks/<name>-<hash>.js (vite.config.ts);
 * - a .js.gz and a .js.br beside every .js, so a server sends them precompressed;
 * - sri.json: the sha384 Subresource Integrity hash of every entry, also printed, for `<script integrity>`;
 * - custom-elements.json (scripts/manifest.ts), types/**.d.ts, and types/jsx.d.ts + types/vue.d.ts generated from the
 *   manifest (scripts/typings.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defaultClientConditions } from 'vite';
import { ENTRIES } from '../vite.config.js';
import { shipManifest } from './manifest.js';
import { exportedNames, jsxTypings, vueTypings } from './typings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Built in a scratch folder that replaces dist/ at the end, so a test run reading dist/ meanwhile (or a second
// build at the same time) never sees it half made.
const dist = mkdtempSync(join(root, '.dist-'));
process.once('exit', () => rmSync(dist, { recursive: true, force: true }));
const require = createRequire(import.meta.url);
const started = Date.now();

const entries = Object.keys(ENTRIES).map((e) => `${e}.js`);
for (const entry of Object.keys(ENTRIES)) {
  process.env['BWKIT_ENTRY'] = entry;
  // bwkit-source: the workspace packages bundled in (@bwkit/contracts) from their TypeScript sources, not a dist/
  // that may be missing or stale; Vite's own conditions kept.
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    resolve: { conditions: ['bwkit-source', ...defaultClientConditions] },
    build: { outDir: dist },
  });
}
const chunks = readdirSync(join(dist, 'chunks'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `chunks/${f}`);
console.log(`  built dist/{${entries.join(',')}} and ${chunks.length} chunks in dist/chunks`);

// Precompressed copies at the highest levels: they are made once and served many times.
for (const file of [...entries, ...chunks]) {
  const code = readFileSync(join(dist, file));
  writeFileSync(join(dist, `${file}.gz`), gzipSync(code, { level: 9 }));
  writeFileSync(
    join(dist, `${file}.br`),
    brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
    }),
  );
}
console.log('  wrote .gz and .br beside every .js');

// Subresource Integrity (https://www.w3.org/TR/SRI/): sha384 of the exact bytes served, base64.
const sri = Object.fromEntries(
  entries.map((f) => [
    f,
    `sha384-${createHash('sha384')
      .update(readFileSync(join(dist, f)))
      .digest('base64')}`,
  ]),
);
writeFileSync(join(dist, 'sri.json'), `${JSON.stringify(sri, null, 2)}\n`);
console.log('  wrote dist/sri.json (for <script type="module" integrity="…">):');
for (const [f, h] of Object.entries(sri)) console.log(`    ${f.padEnd(28)} ${h}`);

const run = (file: string, args: string[]) =>
  execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });

// Declarations with the repo's TypeScript 7.
const tsc = join(root, '../../node_modules/typescript/bin/tsc');
run(tsc, ['-p', 'tsconfig.build.json', '--declarationDir', join(dist, 'types')]);
const exported = exportedNames(readFileSync(join(dist, 'types/index.d.ts'), 'utf8'));

// Custom Elements Manifest: the analyzer (it brings its own TypeScript 5) reads the sources into a scratch file,
// then shipManifest rewrites it to describe what ships (the dist entries), without the internals.
// (the analyzer takes --outdir relative to the working directory)
const tmp = mkdtempSync(join(dist, '.cem-'));
try {
  const cem = join(dirname(require.resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js');
  run(cem, ['analyze', '--config', 'scripts/cem.config.mjs', '--outdir', relative(root, tmp), '--quiet']);
  const raw = JSON.parse(readFileSync(join(tmp, 'custom-elements.json'), 'utf8'));
  const manifest = shipManifest(raw, (path) => readFileSync(join(root, path), 'utf8'), exported);
  writeFileSync(join(dist, 'custom-elements.json'), `${JSON.stringify(manifest, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log('  wrote dist/custom-elements.json');

// The JSX and Vue typings from the manifest.
const manifest = JSON.parse(readFileSync(join(dist, 'custom-elements.json'), 'utf8'));
writeFileSync(join(dist, 'types/jsx.d.ts'), jsxTypings(manifest, exported));
writeFileSync(join(dist, 'types/vue.d.ts'), vueTypings(manifest, exported));
console.log('  wrote dist/types (with jsx.d.ts, vue.d.ts)');

rmSync(join(root, 'dist'), { recursive: true, force: true });
renameSync(dist, join(root, 'dist'));
console.log(`  dist/ ready  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
