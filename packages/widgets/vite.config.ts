/**
 * Library build of ONE self-contained ES module (Lit and the contracts bundled in). `vite build` makes
 * dist/bwkit.js; scripts/build.ts runs it once per entry (BWKIT_ENTRY) to add one module per element.
 */
import { defineConfig } from 'vite';

export const ENTRIES = {
  bwkit: 'src/bwkit.ts',
  'bandwidth-create': 'src/components/bandwidth-create/bandwidth-create.ts',
  'bandwidth-change-order': 'src/components/bandwidth-change-order/bandwidth-change-order.ts',
  'bandwidth-package-form': 'src/components/bandwidth-package-form/bandwidth-package-form.ts',
} as const;

const name = (process.env['BWKIT_ENTRY'] ?? 'bwkit') as keyof typeof ENTRIES;

export default defineConfig({
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: name === 'bwkit',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: ENTRIES[name], formats: ['es'], fileName: () => `${name}.js` },
    rolldownOptions: {
      // The file is the product (loaded by a <script> tag), not input to another bundler: minify it fully.
      output: { minify: true, codeSplitting: false },
    },
  },
});
