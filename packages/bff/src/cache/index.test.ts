import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache } from './index.js';

describe('TtlCache', () => {
  it('shares one load between concurrent callers and keeps it for the ttl', async () => {
    let t = 0;
    let loads = 0;
    const cache = new TtlCache({ ttlMs: 15_000, now: () => t });
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return ['a'];
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('acme:ap', load)));
    assert.equal(loads, 1);
    assert.ok(answers.every((a) => a[0] === 'a'));
    t = 14_999;
    await cache.get('acme:ap', load);
    assert.equal(loads, 1);
    t = 15_000;
    await cache.get('acme:ap', load);
    assert.equal(loads, 2, 'expired after the ttl');
    await cache.get('globex:ap', load);
    assert.equal(loads, 3, 'another key loads on its own');
  });

  it('does not keep a failure', async () => {
    const cache = new TtlCache({ ttlMs: 15_000 });
    await assert.rejects(
      cache.get('k', async () => {
        throw new Error('down');
      }),
      /down/,
    );
    assert.equal(await cache.get('k', async () => 'up'), 'up');
  });

  it('invalidates by prefix', async () => {
    let loads = 0;
    const cache = new TtlCache({ ttlMs: 15_000 });
    const load = async () => ++loads;
    await cache.get('acme:wb:ap', load);
    await cache.get('globex:wb:ap', load);
    cache.invalidate('acme:');
    assert.equal(await cache.get('acme:wb:ap', load), 3);
    assert.equal(await cache.get('globex:wb:ap', load), 2);
  });
});
