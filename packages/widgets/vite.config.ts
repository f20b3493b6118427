/**
 * Library build of ONE entry (Lit and the contracts bundled in): `vite build` makes dist/bwkit.js (all three
 * elements); scripts/build.ts runs it once per entry (BWKIT_ENTRY) to add one module per element, all under stable
 * names, which a CDN serves with a short cache and revalidation. Each entry is one self-contained file: shared
 * chunks between entries would cost about 1.3 kB gzip on bwkit.js (each file compressed on its own), over budget.
 * What an entry loads on demand (locale texts, the purchase parts) goes to dist/chunks/<name>-<hash>.js: the hash
 * changes with the content, so those are served `immutable`. scripts/build.ts adds the .gz/.br files, sri.json,
 * the manifest and the types.
 */
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { minify } from 'terser';
import { defineConfig, type Plugin } from 'vite';

export const ENTRIES = {
  bwkit: 'src/bwkit.ts',
  'bandwidth-create': 'src/components/bandwidth-create/bandwidth-create.ts',
  'bandwidth-change-order': 'src/components/bandwidth-change-order/bandwidth-change-order.ts',
  'bandwidth-package-form': 'src/components/bandwidth-package-form/bandwidth-package-form.ts',
  'bandwidth-approvals': 'src/components/bandwidth-approvals/bandwidth-approvals.ts',
} as const;

const name = (process.env['BWKIT_ENTRY'] ?? 'bwkit') as keyof typeof ENTRIES;

/**
 * A second minification pass with terser over what rolldown's minifier made (about 1.3 % smaller after gzip than
 * either alone). Runs on the finished chunks, so it sees exactly what ships.
 */
const terserPass: Plugin = {
  name: 'bwkit:terser-pass',
  apply: 'build',
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const out = await minify(chunk.code, { module: true, ecma: 2020, compress: { passes: 2 }, sourceMap: false });
      if (out.code) chunk.code = out.code;
    }
  },
};

export default defineConfig({
  logLevel: 'warn',
  plugins: [
    // Minifies the markup and CSS inside html`` / css`` templates (html-minifier-next, lightningcss) before the
    // TypeScript transform; fails the build rather than ship a template it could not handle.
    { ...minifyHTML({ failOnError: true }), enforce: 'pre' },
    terserPass,
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: name === 'bwkit',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: ENTRIES[name], formats: ['es'], fileName: () => `${name}.js` },
    rolldownOptions: {
      // The terser pass is slow on purpose; no timing report for it.
      checks: { bundlerTimings: false },
      // The file is the product (loaded by a <script> tag), not input to another bundler: minify it fully.
      output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
