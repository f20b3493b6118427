/**
 * The gateway's own lifecycle: the background sweeper settles unknown outcomes nobody retried, and a start that fails
 * leaves nothing running.
 */

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { freePort } from '@bwkit/bff/testing';
import { parseConfig } from './config/index.js';
import { startGateway } from './gateway.js';
import { DEMO_ENV, mintToken, newKey, startTestGateway, testConfig, waitFor } from './testing/index.js';

test('a timed-out create nobody retries is settled in the background: audited as reconciled, and the key replays the bandwidth', {
  timeout: 30_000,
}, async () => {
  const gw = await startTestGateway({
    raw: testConfig({
      mutate: (c) => {
        c.idempotency = { leaseMs: 1000, sweepIntervalMs: 200 };
      },
    }),
    gateway: { upstreamTimeoutMs: 300 },
  });
  try {
    const token = await mintToken({ scopes: ['shared-bandwidth:create', 'audit:read'] });
    await gw.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 800, times: 1 });
    const key = newKey('swept');
    const body = { name: 'swept-later', sizeMbps: 10 };
    assert.equal((await gw.call('/v1/shared-bandwidths', { token, key, body })).status, 504);
    const settled = await waitFor(
      async () => {
        const audit = await (await gw.call('/v1/audit', { token })).json();
        return audit.items.find(
          (r: { idempotencyKey?: string; outcome: string }) => r.idempotencyKey === key && r.outcome === 'reconciled',
        );
      },
      15_000,
      200,
    );
    assert.equal(settled.requestSummary.settledBy, 'reconciler');
    const again = await gw.call('/v1/shared-bandwidths', { token, key, body });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal((await again.json()).bandwidth.name, 'swept-later');
    assert.equal((await gw.simState()).counts['createSharedBandwidth'], 1);
  } finally {
    await gw.close();
  }
});

test('a start that fails (its port is taken) rejects and leaves the simulator it started stopped', async () => {
  const taken: Server = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  const simPort = await freePort();
  try {
    const resolved = parseConfig(testConfig(), DEMO_ENV, 'test-config.json');
    await assert.rejects(
      startGateway({
        resolved,
        port: (taken.address() as AddressInfo).port,
        host: '127.0.0.1',
        sim: { port: simPort },
        log: () => {},
      }),
      /EADDRINUSE/,
    );
    // The simulator's port is free again.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(simPort, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((r) => probe.close(() => r()));
  } finally {
    await new Promise<void>((r) => taken.close(() => r()));
  }
});
