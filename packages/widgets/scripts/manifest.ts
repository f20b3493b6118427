/**
 * Turns the analyzer's manifest of the sources into the one that ships (https://github.com/webcomponents/custom-elements-manifest):
 * - modules are the files a page imports: `dist/<tag>.js` per element, and `dist/bwkit.js` re-exporting all of them;
 * - each exports the class (`js`) and its tag (`custom-element-definition`);
 * - no internals: no private/protected/`_`-prefixed/static members, none without a doc comment (every public
 *   member is documented, so an undocumented one is the framework's or the base class's plumbing, e.g. Lit's
 *   reactive state), no base-class or internal-module references;
 * - event types with a reference to the detail type the package exports (for generators of framework wrappers);
 * - attribute types as the element's JSDoc writes them (`@attr {'workspace'|'vpc'} service`), where the class field
 *   is a plain `string | null`, so tools offer the allowed values.
 */
import type * as Schema from 'custom-elements-manifest';

type Decl = Schema.CustomElementDeclaration & Schema.ClassDeclaration;

/** `@attr {type} name` tags of a source file: name → type. */
export function jsdocAttrTypes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/@attr(?:ibute)?\s+\{([^}]+)\}\s+([\w-]+)/g)) {
    const type = m[1]!.trim().replace(/\s*\|\s*/g, ' | ');
    out.set(m[2]!, type);
  }
  return out;
}

const isPublic = (m: { name: string; privacy?: string; static?: boolean; description?: string }) =>
  !m.name.startsWith('_') &&
  !m.name.startsWith('#') &&
  m.privacy !== 'private' &&
  m.privacy !== 'protected' &&
  !m.static &&
  !!m.description?.trim();

/** Elements bwkit.js registers on demand (their own module, fetched when the document has the tag). */
export const ON_DEMAND = ['bandwidth-approvals'];

/** The shipped manifest; `read(path)` gives a source file's text (paths as the analyzer wrote them). */
export function shipManifest(
  raw: Schema.Package,
  read: (path: string) => string,
  exported: ReadonlySet<string>,
): Schema.Package {
  /** An event type with a reference to the package export its detail type is (`CustomEvent<Order>` → Order). */
  const eventType = (type: Schema.Type | undefined): Schema.Type | undefined => {
    const m = type && /^(CustomEvent<)(\w+)>$/.exec(type.text);
    if (!type || !m || !exported.has(m[2]!)) return type;
    const start = m[1]!.length;
    return {
      text: type.text,
      references: [{ name: m[2]!, package: '@bwkit/widgets', start, end: start + m[2]!.length }],
    };
  };
  const elements: { decl: Decl; tag: string; jsdoc: Map<string, string> }[] = [];
  for (const mod of raw.modules) {
    for (const d of mod.declarations ?? []) {
      const decl = d as Decl;
      if (decl.kind !== 'class' || !decl.customElement || !decl.tagName) continue;
      elements.push({ decl, tag: decl.tagName, jsdoc: jsdocAttrTypes(read(mod.path)) });
    }
  }
  elements.sort((a, b) => a.tag.localeCompare(b.tag));

  const modules: Schema.JavaScriptModule[] = [];
  for (const { decl, tag, jsdoc } of elements) {
    const path = `dist/${tag}.js`;
    const members = (decl.members ?? []).filter(isPublic).map((m) => {
      const { inheritedFrom: _from, ...rest } = m as Schema.ClassField & { inheritedFrom?: unknown };
      const attr = (decl.attributes ?? []).find((a) => a.fieldName === m.name);
      const type = attr && jsdoc.get(attr.name);
      // The attribute's JSDoc type names the field's too, unless the property takes more than the attribute can say
      // (`token`: a string, or a Promise of one set by script) — then the source's wider type stands.
      const own = rest.kind === 'field' ? rest.type?.text : undefined;
      if (type && own && own !== type && own.split('|').some((t) => t.trim() === type)) return rest;
      return type && rest.kind === 'field' ? { ...rest, type: { text: type } } : rest;
    });
    const attributes = (decl.attributes ?? []).map((a) => {
      const { inheritedFrom: _from, ...rest } = a;
      const type = jsdoc.get(a.name);
      return type ? { ...rest, type: { text: type } } : rest;
    });
    const strip = <T extends { inheritedFrom?: unknown }>(xs: T[] | undefined) =>
      (xs ?? []).map(({ inheritedFrom: _from, ...rest }) => rest);
    const { superclass: _super, mixins: _mixins, members: _m, attributes: _a, events, ...head } = decl;
    const clean: Decl = {
      ...head,
      members,
      attributes,
      events: strip(events).map((e) => {
        const type = eventType(e.type);
        return type ? { ...e, type } : e;
      }),
      ...(decl.cssParts ? { cssParts: decl.cssParts } : {}),
      ...(decl.cssProperties ? { cssProperties: decl.cssProperties } : {}),
      ...(decl.slots ? { slots: decl.slots } : {}),
    };
    if (!clean.slots) delete clean.slots;
    const ref = { name: decl.name, module: path };
    modules.push({
      kind: 'javascript-module',
      path,
      declarations: [clean],
      exports: [
        { kind: 'js', name: decl.name, declaration: ref },
        { kind: 'custom-element-definition', name: tag, declaration: ref },
      ],
    });
  }
  modules.unshift({
    kind: 'javascript-module',
    path: 'dist/bwkit.js',
    description:
      'The three purchase elements, registered on import, and <bandwidth-approvals>, registered once the document has the tag (its module, dist/bandwidth-approvals.js, is fetched then).',
    declarations: [],
    exports: elements.flatMap(({ decl, tag }) => {
      const ref = { name: decl.name, module: `dist/${tag}.js` };
      const definition = { kind: 'custom-element-definition' as const, name: tag, declaration: ref };
      // Loaded on demand: bwkit.js defines the tag but does not export the class.
      return ON_DEMAND.includes(tag)
        ? [definition]
        : [{ kind: 'js' as const, name: decl.name, declaration: ref }, definition];
    }),
  });
  return { schemaVersion: raw.schemaVersion, modules };
}
