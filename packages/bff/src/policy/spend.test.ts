import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../store/memory.js';
import { createSqliteStore } from '../store/sqlite.js';
import { monthOf, releaseSpend, reserveSpend, spentIn } from './spend.js';

const AT = '2026-03-05T10:00:00.000Z';

for (const [name, make] of [
  ['memory', () => createMemoryStore()],
  ['sqlite', () => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'bwkit-spend-')), 's.db'))],
] as const) {
  describe(`monthly spend (${name})`, () => {
    it('concurrent purchases never pass the cap together; a release gives the amount back', async () => {
      const store = make();
      try {
        const month = monthOf(new Date(AT));
        assert.equal(month, '2026-03');
        const results = await Promise.all(
          Array.from({ length: 12 }, () => reserveSpend(store, 'acme', month, 1.1, 'USD', 5.5, AT)),
        );
        assert.equal(results.filter((r) => r.ok).length, 5);
        assert.equal(await spentIn(store, 'acme', month), 5.5);
        await releaseSpend(store, 'acme', month, 1.1, AT);
        assert.equal(await spentIn(store, 'acme', month), 4.4);
        assert.equal((await reserveSpend(store, 'acme', month, 1.1, 'USD', 5.5, AT)).ok, true);
        // Another tenant, another month: their own totals.
        assert.equal(await spentIn(store, 'globex', month), 0);
        assert.equal(await spentIn(store, 'acme', '2026-04'), 0);
      } finally {
        await store.close();
      }
    });
  });
}
