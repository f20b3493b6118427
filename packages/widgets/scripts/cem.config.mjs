/**
 * Custom Elements Manifest analyzer config (read by scripts/build.ts, which post-processes the result into what
 * ships). Reads every source module, so the element classes are found wherever they live — `<name>/<name>.ts`, or
 * `<name>/<name>.component.ts` with `<name>.ts` only defining the tag — together with the base class and whatever
 * it is split into, so inherited attributes, properties and events are listed per element.
 */
export default {
  globs: ['src/**/*.ts'],
  // Tests, styles and the locale catalogues declare nothing an element exposes.
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/internal/{zh-CN,es,pt-BR,ar}.ts'],
  litelement: true,
  dev: false,
  // package.json's `customElements` names the shipped file; the analyzer must not point it at its scratch output.
  packagejson: false,
};
