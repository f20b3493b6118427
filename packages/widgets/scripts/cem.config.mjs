/**
 * Custom Elements Manifest analyzer config (read by scripts/build.ts, which post-processes the result). Takes the
 * element classes wherever they live — `<name>/<name>.ts`, or `<name>/<name>.component.ts` with `<name>.ts` only
 * defining the tag — and the shared base class, so inherited attributes, events and parts are listed per element.
 */
export default {
  globs: ['src/components/**/*.ts', 'src/internal/form.ts', 'src/internal/events.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  litelement: true,
  dev: false,
  // package.json's `customElements` names the shipped file; the analyzer must not point it at its scratch output.
  packagejson: false,
};
