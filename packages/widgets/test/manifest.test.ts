/**
 * What `pnpm build` ships for tools and compilers (runs in Node after the build, see package.json `test`):
 * custom-elements.json valid against the Custom Elements Manifest schema and describing the shipped files, and the
 * .d.ts (with the JSX and Vue typings) compiling under a strict consumer's tsconfig with skipLibCheck off.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type * as Schema from 'custom-elements-manifest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(dist, 'custom-elements.json'), 'utf8')) as Schema.Package;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The purchase forms (registered by bwkit.js on import). */
const FORMS = ['bandwidth-change-order', 'bandwidth-create', 'bandwidth-package-form'];
/** Every element shipped, each with its own entry (`<bandwidth-approvals>` is registered by bwkit.js on demand). */
const TAGS = ['bandwidth-approvals', ...FORMS];

type Decl = Schema.CustomElementDeclaration & Schema.ClassDeclaration;
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []) as Decl[]).filter((d) => d.customElement);
const element = (tag: string) => elements.find((d) => d.tagName === tag)!;

describe('custom-elements.json', () => {
  it('is valid against the Custom Elements Manifest schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('custom-elements-manifest/schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(manifest), JSON.stringify(validate.errors, null, 2));
  });

  it('is what package.json `customElements` names and exports', () => {
    assert.equal(pkg.customElements, 'dist/custom-elements.json');
    assert.equal(pkg.publishConfig.exports['./custom-elements.json'], './dist/custom-elements.json');
  });

  it('has one module per shipped entry, each a file in dist, exporting the class and its tag', () => {
    assert.deepEqual(
      manifest.modules.map((m) => m.path).sort(),
      ['dist/bwkit.js', ...TAGS.map((t) => `dist/${t}.js`)].sort(),
    );
    for (const m of manifest.modules) assert.ok(existsSync(join(root, m.path)), `${m.path} is not built`);
    for (const tag of TAGS) {
      const m = manifest.modules.find((x) => x.path === `dist/${tag}.js`)!;
      const cls = element(tag).name;
      assert.deepEqual(
        m.exports?.map((e) => [e.kind, e.name]),
        [
          ['js', cls],
          ['custom-element-definition', tag],
        ],
      );
    }
    const all = manifest.modules.find((x) => x.path === 'dist/bwkit.js')!;
    const defined = all.exports
      ?.filter((e) => e.kind === 'custom-element-definition')
      .map((e) => e.name)
      .sort();
    assert.deepEqual(defined, TAGS);
  });

  it('references only shipped modules (no sources, no internal modules, no base class)', () => {
    const paths = new Set(manifest.modules.map((m) => m.path));
    const text = JSON.stringify(manifest);
    assert.doesNotMatch(text, /"src\//);
    assert.doesNotMatch(text, /inheritedFrom|"superclass"/);
    for (const m of JSON.stringify(manifest).matchAll(/"module":"([^"]+)"/g)) assert.ok(paths.has(m[1]!), m[1]);
    for (const d of elements) assert.notEqual(d.name, 'BwkitForm');
  });

  it('keeps internals private: no _fields, no private/protected or static members', () => {
    for (const d of elements) {
      for (const m of d.members ?? []) {
        assert.ok(!m.name.startsWith('_') && !m.name.startsWith('#'), `${d.tagName}.${m.name}`);
        assert.ok(!('privacy' in m) || m.privacy === 'public', `${d.tagName}.${m.name} is ${m.privacy}`);
        assert.ok(!m.static, `${d.tagName}.${m.name} is static`);
      }
    }
  });

  it('keeps enumerated attribute types (service: "workspace" | "vpc", review: "off")', () => {
    const attr = (tag: string, name: string) => element(tag).attributes?.find((a) => a.name === name)?.type?.text;
    assert.equal(attr('bandwidth-create', 'service'), "'workspace' | 'vpc'");
    for (const tag of FORMS) assert.equal(attr(tag, 'review'), "'off'");
    const field = element('bandwidth-create').members?.find((m) => m.name === 'service') as Schema.ClassField;
    assert.equal(field.type?.text, "'workspace' | 'vpc'");
  });

  it('documents every element: events with detail types, CSS parts, CSS properties', () => {
    for (const tag of TAGS) {
      const d = element(tag);
      const events = d.events?.map((e) => e.name) ?? [];
      const expected = FORMS.includes(tag)
        ? ['bwkit-ready', 'bwkit-change', 'bwkit-submit', 'bwkit-success', 'bwkit-error']
        : ['bwkit-approval-decided', 'bwkit-error'];
      for (const e of expected) assert.ok(events.includes(e), `${tag} ${e}`);
      for (const e of d.events ?? []) assert.match(e.type?.text ?? '', /^CustomEvent<\w+>$/, `${tag} ${e.name}`);
      assert.ok(
        (d.cssParts ?? []).some((p) => p.name === (FORMS.includes(tag) ? 'submit' : 'approve')),
        tag,
      );
      assert.ok(
        (d.cssProperties ?? []).some((p) => p.name === '--bwkit-color-primary'),
        tag,
      );
    }
  });

  it('names only detail types the package exports from its types', () => {
    const index = readFileSync(join(dist, 'types/index.d.ts'), 'utf8');
    const names = new Set(
      elements.flatMap((d) => (d.events ?? []).map((e) => /^CustomEvent<(\w+)>$/.exec(e.type?.text ?? '')?.[1])),
    );
    const missing = [...names].filter((n) => n && !new RegExp(`\\b${n}\\b`).test(index));
    assert.deepEqual(missing, [], 'detail types missing from the exports of @bwkit/widgets');
  });
});

describe('package.json for the packed package', () => {
  it('points every published export, `types` and `main` at a built file under `files`', () => {
    const targets: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.publishConfig.exports);
    targets.push(pkg.publishConfig.types, pkg.publishConfig.main);
    for (const t of targets) {
      assert.ok(existsSync(join(root, t)), `${t} does not exist`);
      assert.ok(t === './package.json' || t.startsWith('./dist/'), `${t} is not in dist/`);
    }
    assert.ok(pkg.files.includes('dist'));
    const tags = Object.keys(pkg.publishConfig.exports).filter((k) => /^\.\/bandwidth-[\w-]+\.js$/.test(k));
    assert.deepEqual(
      tags.sort(),
      TAGS.map((t) => `./${t}.js`),
    );
    assert.equal(pkg.license, 'MIT');
    assert.ok(pkg.sideEffects.includes('./dist/bwkit.js'));
  });
});

describe('sri.json and precompressed files', () => {
  it('has a sha384 for every entry, matching the file, and a .gz and .br beside every .js', async () => {
    const { createHash } = await import('node:crypto');
    const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
    const sri = JSON.parse(readFileSync(join(dist, 'sri.json'), 'utf8'));
    assert.deepEqual(Object.keys(sri).sort(), ['bwkit.js', ...TAGS.map((t) => `${t}.js`)].sort());
    for (const [file, hash] of Object.entries(sri)) {
      const code = readFileSync(join(dist, file));
      assert.equal(hash, `sha384-${createHash('sha384').update(code).digest('base64')}`);
    }
    const { readdirSync } = await import('node:fs');
    const chunks = readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js'));
    assert.ok(
      chunks.every((f) => /^[\w.-]+-[\w-]{8}\.js$/.test(f)),
      chunks.join(),
    );
    for (const f of [...Object.keys(sri), ...chunks.map((c) => `chunks/${c}`)]) {
      const code = readFileSync(join(dist, f));
      assert.deepEqual(gunzipSync(readFileSync(join(dist, `${f}.gz`))), code, `${f}.gz`);
      assert.deepEqual(brotliDecompressSync(readFileSync(join(dist, `${f}.br`))), code, `${f}.br`);
    }
  });
});

describe('types under a strict consumer tsconfig', () => {
  const tsc = join(root, '../../node_modules/typescript/bin/tsc');
  const projects = join(root, 'test/types');
  let tmp: string;
  let contracts: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'bwkit-consumer-'));
    // @bwkit/contracts as a portal gets it: its emitted declarations, not its sources.
    contracts = join(tmp, 'contracts');
    execFileSync(
      process.execPath,
      [
        tsc,
        '--ignoreConfig',
        '--declaration',
        '--emitDeclarationOnly',
        '--outDir',
        contracts,
        '--rootDir',
        join(root, '../contracts/src'),
        '--target',
        'es2022',
        '--module',
        'esnext',
        '--moduleResolution',
        'bundler',
        '--strict',
        '--skipLibCheck',
        '--lib',
        'es2023,dom',
        '--types',
        'node',
        join(root, '../contracts/src/index.ts'),
      ],
      { cwd: root, stdio: 'pipe' },
    );
    // Its dependency zod, as npm would install it beside.
    mkdirSync(join(tmp, 'node_modules'));
    symlinkSync(realpathSync(join(root, '../contracts/node_modules/zod')), join(tmp, 'node_modules/zod'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /**
   * Compiles the type-level project test/types/<name> (its strict options and files) with the repo's tsc, the
   * widgets' declarations taken from `types` (dist/types unless given) and @bwkit/contracts from the fresh emit.
   * Returns tsc's output, '' when it compiles.
   */
  function compile(name: 'jsx' | 'vue', types = join(dist, 'types')): string {
    const config = join(tmp, `${name}.tsconfig.json`);
    const vue = dirname(require.resolve('vue/package.json'));
    const react = join(root, '../react/node_modules/@types/react');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(projects, name, 'tsconfig.json'),
        compilerOptions: {
          // Absolute, so that a copy of the declarations outside the package resolves the same packages.
          paths: {
            '@bwkit/widgets': [join(types, 'index.d.ts')],
            '@bwkit/widgets/jsx': [join(types, 'jsx.d.ts')],
            '@bwkit/widgets/vue': [join(types, 'vue.d.ts')],
            '@bwkit/contracts': [join(contracts, 'index.d.ts')],
            react: [join(react, 'index.d.ts')],
            'react/jsx-runtime': [join(react, 'jsx-runtime.d.ts')],
            vue: [join(vue, JSON.parse(readFileSync(join(vue, 'package.json'), 'utf8')).types)],
            lit: [join(root, 'node_modules/lit/index.d.ts')],
            'lit/*': [join(root, 'node_modules/lit/*')],
          },
        },
      }),
    );
    try {
      execFileSync(process.execPath, [tsc, '-p', config], { cwd: tmp, stdio: 'pipe' });
      return '';
    } catch (e) {
      const err = e as { stdout?: Buffer; stderr?: Buffer };
      return `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` || String(e);
    }
  }

  it("the package types and the JSX typings compile against React 19's own types (test/types/jsx)", () => {
    assert.equal(compile('jsx'), '', 'test/types/jsx does not compile');
  });

  it("the Vue typings compile against Vue's own types: props and listeners accepted, wrong ones rejected (test/types/vue)", () => {
    assert.equal(require('vue/package.json').version, '3.5.45');
    assert.equal(compile('vue'), '', 'test/types/vue does not compile');
  });

  it('a typing that lets a wrong value through fails the check (an unused @ts-expect-error)', () => {
    // dist/types with `service` widened to any string, in both the JSX and the Vue typings.
    const broken = join(tmp, 'broken-types');
    cpSync(join(dist, 'types'), broken, { recursive: true });
    for (const file of ['jsx.d.ts', 'vue.d.ts']) {
      const text = readFileSync(join(broken, file), 'utf8');
      const widened = text.replaceAll("service?: 'workspace' | 'vpc' | undefined;", 'service?: string | undefined;');
      assert.notEqual(widened, text, `${file} types service as 'workspace' | 'vpc'`);
      writeFileSync(join(broken, file), widened);
    }
    for (const name of ['jsx', 'vue'] as const) {
      assert.match(compile(name, broken), /Unused '@ts-expect-error' directive/, name);
    }
  });
});
