/**
 * Every event an element documents (its `@event` tags, from which custom-elements.json is generated) has its
 * `onBwkit…` prop in @bwkit/react, named by the documented rule.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BWKIT_EVENTS, eventProp } from '../src/events.js';

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const WIDGETS_SRC = fileURLToPath(new URL('../../widgets/src/', import.meta.url));

/** `@event {CustomEvent<…>} bwkit-ready - …` (also `@fires`) in the widgets' sources, by file. */
function documentedEvents(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const files = readdirSync(WIDGETS_SRC, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'),
  );
  for (const file of files) {
    const text = readFileSync(join(WIDGETS_SRC, file), 'utf8');
    const names = [...text.matchAll(/@(?:event|fires)\s+(?:\{[^}]*\}\s+)?([a-z][a-z0-9-]*)/g)].map((m) => m[1]!);
    if (names.length) out.set(file, names);
  }
  return out;
}

describe('@bwkit/react events', () => {
  it('names props by the rule: on + each dash-separated word capitalised', () => {
    assert.equal(eventProp('bwkit-success'), 'onBwkitSuccess');
    assert.equal(eventProp('bwkit-order-placed'), 'onBwkitOrderPlaced');
    assert.equal(eventProp('bwkit-job-progress'), 'onBwkitJobProgress');
    assert.equal(new Set(BWKIT_EVENTS.map(eventProp)).size, BWKIT_EVENTS.length);
  });

  it('maps every event each element documents', () => {
    const documented = documentedEvents();
    for (const tag of ['bandwidth-create', 'bandwidth-change-order', 'bandwidth-package-form']) {
      assert(
        [...documented.keys()].some((f) => f.includes(`${tag}/`)),
        `${tag} documents its events`,
      );
    }
    const listed = new Set<string>(BWKIT_EVENTS);
    for (const [file, names] of documented) {
      for (const name of names) assert(listed.has(name), `${name} (documented in ${file}) has no React prop`);
    }
  });

  it('README names every event prop, and its React example is the one the type check covers', () => {
    for (const name of BWKIT_EVENTS) {
      assert(README.includes(`\`${eventProp(name)}\``), `README lists ${eventProp(name)}`);
    }
    const example = /## React\n\n```tsx\n([\s\S]*?)```/.exec(README)?.[1];
    const checked = readFileSync(fileURLToPath(new URL('readme-example.tsx', import.meta.url)), 'utf8');
    assert.equal(checked.slice(checked.indexOf('\n') + 1), example);
  });
});
