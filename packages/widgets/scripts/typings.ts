/**
 * JSX (React 19) and Vue typings of the elements, generated from the shipped custom-elements.json so they list
 * exactly its attributes, properties and events:
 * - jsx.d.ts augments `react`'s `JSX.IntrinsicElements`: attributes and public properties (React 19 sets a prop as a
 *   property when the element has one), and `on<event-name>` listeners (React 19 adds a custom element's
 *   `onbwkit-success` prop as a `bwkit-success` listener);
 * - vue.d.ts augments `vue`'s `GlobalComponents`: props camelCased as Vue normalises them (`bandwidth-id` is checked
 *   as `bandwidthId`), events as `onBwkitSuccess` props (what `@bwkit-success` checks).
 * Detail types come from the package's own types where it exports them, else from @bwkit/contracts.
 */
import type * as Schema from 'custom-elements-manifest';

interface Element {
  className: string;
  tag: string;
  description: string;
  /** Attribute name → TS type (JSDoc's where given). */
  attributes: [string, string][];
  /** Public settable properties without an attribute. */
  properties: string[];
  /** Event name → event type text, e.g. `CustomEvent<Order>`. */
  events: [string, string][];
}

function elementsOf(manifest: Schema.Package): Element[] {
  const out: Element[] = [];
  for (const mod of manifest.modules) {
    for (const d of mod.declarations ?? []) {
      const decl = d as Schema.CustomElementDeclaration & Schema.ClassDeclaration;
      if (!decl.customElement || !decl.tagName) continue;
      const attrFields = new Set((decl.attributes ?? []).map((a) => a.fieldName));
      out.push({
        className: decl.name,
        tag: decl.tagName,
        description: decl.summary ?? decl.description ?? '',
        // Typed as the property behind the attribute (frameworks set it as a property), which may take more than a
        // string: `token` takes a Promise too.
        attributes: (decl.attributes ?? []).map((a) => {
          const field = (decl.members ?? []).find((m) => m.kind === 'field' && m.name === a.fieldName);
          const type = (field?.kind === 'field' ? field.type : undefined) ?? a.type;
          return [a.name, type?.text.replace(/\s*\|\s*null\b/, '') ?? 'string'];
        }),
        properties: (decl.members ?? [])
          .filter((m) => m.kind === 'field' && !attrFields.has(m.name) && !(m as Schema.ClassField).readonly)
          .map((m) => m.name),
        events: (decl.events ?? []).map((e) => [e.name, e.type?.text ?? 'Event']),
      });
    }
  }
  return out;
}

/** Type names inside `CustomEvent<…>` texts. */
const detailNames = (els: Element[]) =>
  [...new Set(els.flatMap((e) => e.events.flatMap(([, t]) => [...t.matchAll(/\b([A-Z]\w*)\b/g)].map((m) => m[1]!))))]
    .filter((n) => n !== 'CustomEvent' && n !== 'Event')
    .sort();

/** The names a declaration file exports (`export { A, B as C }`, `export type {…}`, `export declare class X`, …). */
export function exportedNames(dts: string): ReadonlySet<string> {
  const names = new Set<string>();
  for (const m of dts.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  }
  for (const m of dts.matchAll(
    /export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|function|const|enum)\s+(\w+)/g,
  ))
    names.add(m[1]!);
  return names;
}

/** Import lines for the element classes and detail types, from ./index.js or @bwkit/contracts. */
function imports(els: Element[], exported: ReadonlySet<string>): string {
  const names = [...els.map((e) => e.className), ...detailNames(els)];
  const own = names.filter((n) => exported.has(n));
  const contracts = names.filter((n) => !exported.has(n));
  return [
    `import type { ${own.join(', ')} } from './index.js';`,
    ...(contracts.length ? [`import type { ${contracts.join(', ')} } from '@bwkit/contracts';`] : []),
  ].join('\n');
}

const camel = (s: string) => s.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
const quote = (s: string) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : `'${s}'`);
const HEADER = '// Generated from custom-elements.json by scripts/build.ts; do not edit.';

function propsBody(
  el: Element,
  eventProp: (name: string) => string,
  attrProp: (name: string) => string = (n) => n,
): string {
  return [
    ...el.attributes.map(([n, t]) => `    ${quote(attrProp(n))}?: ${t} | undefined;`),
    ...el.properties.map((p) => `    ${quote(p)}?: ${el.className}[${JSON.stringify(p)}] | undefined;`),
    ...el.events.map(([n, t]) => `    ${quote(eventProp(n))}?: ((event: ${t}) => void) | undefined;`),
  ].join('\n');
}

export function jsxTypings(manifest: Schema.Package, exported: ReadonlySet<string>): string {
  const els = elementsOf(manifest);
  const props = els
    .map(
      (el) =>
        `/** \`<${el.tag}>\`: ${el.description} */\nexport interface ${el.className}JSXProps extends HTMLAttributes<${el.className}>, RefAttributes<${el.className}> {\n${propsBody(el, (n) => `on${n}`).replace(/^ {4}/gm, '  ')}\n}`,
    )
    .join('\n');
  const intrinsic = els.map((el) => `        ${quote(el.tag)}: ${el.className}JSXProps;`).join('\n');
  return `${HEADER}
// Types for React 19 JSX: \`import type {} from '@bwkit/widgets/jsx';\` once in the project.
import type { HTMLAttributes, RefAttributes } from 'react';
${imports(els, exported)}

${props}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${intrinsic}
    }
  }
}
`;
}

export function vueTypings(manifest: Schema.Package, exported: ReadonlySet<string>): string {
  const els = elementsOf(manifest);
  const props = els
    .map(
      (el) =>
        `/** \`<${el.tag}>\`: ${el.description} */\nexport interface ${el.className}VueProps {\n${propsBody(el, (n) => camel(`on-${n}`), camel).replace(/^ {4}/gm, '  ')}\n}`,
    )
    .join('\n');
  const globals = els.map((el) => `    ${quote(el.tag)}: DefineComponent<${el.className}VueProps>;`).join('\n');
  return `${HEADER}
// Types for Vue templates (vue-tsc, Volar): \`import type {} from '@bwkit/widgets/vue';\` once in the project, and
// \`compilerOptions.isCustomElement: (tag) => tag.startsWith('bandwidth-')\` for Vue's template compiler.
import type { DefineComponent } from 'vue';
${imports(els, exported)}

${props}

declare module 'vue' {
  interface GlobalComponents {
${globals}
  }
}
`;
}
