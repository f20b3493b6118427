import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../store/memory.js';
import { writeOrRetryInBackground } from './background-write.js';

test('a record the store refuses at first is not an error: it is written in the background once the store is back', async () => {
  const store = createMemoryStore();
  const lines: Record<string, unknown>[] = [];
  let down = true;
  const ref = { tenantId: 'acme', region: 'ap-southeast-1', createdAt: new Date().toISOString() };
  await writeOrRetryInBackground(
    { log: (l) => lines.push(l) },
    { msg: 'job record', jobId: 'j1' },
    async () => {
      if (down) throw new Error('store down');
      await store.putJob('j1', ref, 60_000);
    },
    [10, 10, 10, 10],
  );
  assert.equal(await store.getJob('j1'), undefined);
  assert.match(String(lines[0]?.['msg']), /failed; retrying/);
  down = false;
  for (let i = 0; i < 50 && !(await store.getJob('j1')); i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(await store.getJob('j1'), ref);
  assert.ok(lines.some((l) => /stored after retrying/.test(String(l['msg']))));
});

test('a store that never comes back: the attempts end, and the log says so', async () => {
  const lines: Record<string, unknown>[] = [];
  let calls = 0;
  await writeOrRetryInBackground(
    { log: (l) => lines.push(l) },
    { msg: 'order record' },
    async () => {
      calls++;
      throw new Error('down');
    },
    [5, 5],
  );
  for (let i = 0; i < 50 && !lines.some((l) => /given up/.test(String(l['msg']))); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(calls, 3);
  assert.ok(lines.some((l) => /given up/.test(String(l['msg']))));
});
