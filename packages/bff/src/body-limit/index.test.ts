import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type InProcess, inProcessBff, REGION } from '../testing/in-process.js';

/** Request bodies over the limit are refused with 413 payload_too_large before anything reads them. */
describe('body limit', () => {
  let t: InProcess;
  before(async () => {
    t = await inProcessBff({ bff: { bodyLimitBytes: 1024 } });
  });
  after(() => t.close());

  const code = async (r: Response) => ((await r.json()) as { code: string }).code;
  const big = JSON.stringify({ name: 'x'.repeat(2000), sizeMbps: 10, region: REGION });

  test('a body of declared length over the limit: 413, nothing sent to the cloud', async () => {
    const sent = t.sim.state.requests.createSharedBandwidth ?? 0;
    const r = await t.call('/v1/shared-bandwidths', {
      body: big,
      key: crypto.randomUUID(),
      headers: { 'content-length': String(big.length) },
    });
    assert.deepEqual([r.status, await code(r)], [413, 'payload_too_large']);
    assert.equal(t.sim.state.requests.createSharedBandwidth ?? 0, sent);
  });

  test('the declared length is enough to refuse: the body is not read', async () => {
    const small = JSON.stringify({ name: 'small', sizeMbps: 10, region: REGION });
    const r = await t.call('/v1/shared-bandwidths', {
      body: small,
      key: crypto.randomUUID(),
      headers: { 'content-length': '4096' },
    });
    assert.deepEqual([r.status, await code(r)], [413, 'payload_too_large']);
  });

  test('a streamed body of unknown length over the limit: 413 as well', async () => {
    const bytes = new TextEncoder().encode(big);
    const body = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < bytes.length; i += 256) ctl.enqueue(bytes.slice(i, i + 256));
        ctl.close();
      },
    });
    const r = await t.bff.request('/v1/shared-bandwidths', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token()}`,
        origin: 'https://portal.acme.test',
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.deepEqual([r.status, await code(r)], [413, 'payload_too_large']);
  });

  test('a body within the limit, declared or streamed, is read and answered', async () => {
    const ok = JSON.stringify({ name: `bl-${Date.now()}`, sizeMbps: 10, region: REGION });
    const r = await t.call('/v1/shared-bandwidths', { body: ok, key: crypto.randomUUID() });
    assert.equal(r.status, 201, await r.clone().text());
    const streamed = await t.bff.request('/v1/shared-bandwidths', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token()}`,
        origin: 'https://portal.acme.test',
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: new Blob([ok.replace('bl-', 'bls-')]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 201, await streamed.clone().text());
  });
});
