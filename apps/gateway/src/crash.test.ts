/**
 * Crashes mid-create, over real processes: the store (Redis with an fsynced append-only file, PostgreSQL) and the
 * gateway itself are SIGKILLed while the cloud call is in flight (the simulator holds its answer back, after acting),
 * then started again. Whatever happens, a retry with the same Idempotency-Key ends with exactly one resource in the
 * cloud, and the answer names that resource.
 */

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningCloudSim } from '@bwkit/cloud-sim/server';
import {
  type Answer,
  assertExactlyOnce,
  cases,
  DELAY_MS,
  delayEach,
  KILL_AT_MS,
  post,
  SETTLE_BUDGET_MS,
  settle,
  simView,
  sleep,
  startSim,
  untilInFlight,
} from '../bench/crash-support.js';
import { type Service, startGatewayProcess, writeGatewayConfig } from '../bench/lib.js';
import { postgresAvailable, type StoreProcess, startPostgres, startRedisAof } from '../bench/store-process.js';
import { mintToken, newKey, YEARLY_BANDWIDTHS } from './testing/index.js';

// ---- the store dies ----------------------------------------------------------------------------------------------

const BACK_BEFORE_ANSWER = ['back before the cloud answers', 800] as const;
const DOWN_AT_ANSWER = ['still down when the cloud answers', DELAY_MS + 4000] as const;

const stores: {
  label: string;
  available: () => boolean;
  start: () => Promise<StoreProcess>;
  config: (s: StoreProcess) => unknown;
  variants: (typeof BACK_BEFORE_ANSWER | typeof DOWN_AT_ANSWER)[];
}[] = [
  {
    label: 'Redis (appendfsync always)',
    available: () => true,
    start: () => startRedisAof(),
    config: (s) => ({ kind: 'redis', url: s.url }),
    variants: [BACK_BEFORE_ANSWER, DOWN_AT_ANSWER],
  },
  {
    // The fault of issue 11 as reported: Redis without persistence comes back empty, the intent gone. The gateway
    // that placed the order still holds its answer and writes it again. (Were Redis still down when the answer came,
    // a retry could reach the empty Redis before that write: without persistence that case is not covered.)
    label: 'Redis without persistence (restarted empty)',
    available: () => true,
    start: () => startRedisAof({ persist: false }),
    config: (s) => ({ kind: 'redis', url: s.url }),
    variants: [BACK_BEFORE_ANSWER],
  },
  {
    label: 'PostgreSQL',
    available: postgresAvailable,
    start: startPostgres,
    config: (s) => ({ kind: 'postgres', url: s.url }),
    variants: [BACK_BEFORE_ANSWER, DOWN_AT_ANSWER],
  },
];

for (const [si, storeKind] of stores.entries()) {
  describe(`${storeKind.label} SIGKILLed while creates are in flight`, {
    skip: !storeKind.available() && 'PostgreSQL is not installed',
  }, () => {
    let sim: RunningCloudSim;
    let store: StoreProcess;
    let gw: Service;
    let token: string;
    const dir = mkdtempSync(join(tmpdir(), 'bwkit-crash-store-'));
    before(async () => {
      sim = await startSim();
      store = await storeKind.start();
      const configPath = join(dir, 'gateway.json');
      writeGatewayConfig(configPath, { simUrl: sim.url, store: storeKind.config(store), timeoutMs: 5000 });
      gw = await startGatewayProcess({ configPath, logFile: join(dir, 'gateway.log'), maxLifetimeMs: 10 * 60_000 });
      token = await mintToken({ ttl: 900 });
    });
    after(async () => {
      await gw?.stop(5000);
      await store?.stop();
      await sim?.close();
    });

    for (const [label, restartAtMs] of storeKind.variants) {
      test(`${label}: the caller gets the cloud's answer, a retry with the same key returns the same resource, nothing doubled`, {
        timeout: SETTLE_BUDGET_MS + 30_000,
      }, async () => {
        const list = cases(`s${si}${restartAtMs}`, YEARLY_BANDWIDTHS[restartAtMs === 800 ? 0 : 1]!);
        const keys = list.map(() => newKey('crash'));
        const before = await simView(sim);
        await delayEach(sim, list);
        const sentAt = Date.now();
        const inFlight = list.map((c, i) => post(gw.url, c.path, keys[i]!, c.body, token).catch((e: Error) => e));
        await Promise.all([sleep(KILL_AT_MS), untilInFlight(sim, list, before)]);
        await store.kill9();
        await sleep(Math.max(100, sentAt + restartAtMs - Date.now()));
        await store.restart();
        const firsts = await Promise.all(inFlight);
        // The cloud acted and answered: the caller is told so (never a 500 for an order that went through).
        list.forEach((c, i) => {
          const a = firsts[i]!;
          assert.ok(!(a instanceof Error), `${c.op}: the gateway answered (${String(a)})`);
          assert.equal((a as Answer).status, c.created, `${c.op}: first answer ${JSON.stringify((a as Answer).body)}`);
        });
        const settled = await Promise.all(list.map((c, i) => settle(() => gw.url, c.path, keys[i]!, c.body, token)));
        await assertExactlyOnce(
          sim,
          list,
          before,
          settled.map((s) => s.final),
          firsts as Answer[],
          settled.map((s) => s.seen),
        );
        // and the created resource is what any later retry replays
        const again = await post(gw.url, list[0]!.path, keys[0]!, list[0]!.body, token);
        assert.equal(again.status, 201);
        assert.equal(again.body.bandwidth.id, (firsts[0] as Answer).body.bandwidth.id);
      });
    }
  });
}

// ---- the gateway dies --------------------------------------------------------------------------------------------

// A crashed gateway's claim is only known to be dead when its lease runs out (60 s by default; here a lease just above
// the 5 s upstream timeout, so the test takes seconds): the two stores wait for it side by side.
const GATEWAY_CRASH_LEASE_MS = 7000;
describe('the gateway SIGKILLed while creates are in flight', { concurrency: true }, () => {
  for (const storeKind of [
    { label: 'SQLite', redis: false },
    { label: 'Redis', redis: true },
  ]) {
    describe(`${storeKind.label} store`, () => {
      let sim: RunningCloudSim;
      let redis: StoreProcess | undefined;
      let gw: Service | undefined;
      let token: string;
      let configPath: string;
      const dir = mkdtempSync(join(tmpdir(), 'bwkit-crash-gw-'));
      before(async () => {
        sim = await startSim();
        if (storeKind.redis) redis = await startRedisAof();
        configPath = join(dir, 'gateway.json');
        const store = redis ? { kind: 'redis', url: redis.url } : { kind: 'sqlite', path: join(dir, 'gateway.db') };
        writeGatewayConfig(configPath, {
          simUrl: sim.url,
          store,
          timeoutMs: 5000,
          idempotency: { leaseMs: GATEWAY_CRASH_LEASE_MS },
        });
        token = await mintToken({ ttl: 900 });
      });
      after(async () => {
        await gw?.stop(5000);
        await redis?.stop();
        await sim?.close();
      });

      test('restarted, a retry with the same key returns the one resource each create made', {
        timeout: SETTLE_BUDGET_MS + 60_000,
      }, async () => {
        gw = await startGatewayProcess({ configPath, logFile: join(dir, 'gateway-1.log'), maxLifetimeMs: 10 * 60_000 });
        const list = cases(storeKind.redis ? 'gr' : 'gs', YEARLY_BANDWIDTHS[2]!);
        const keys = list.map(() => newKey('crash'));
        const before = await simView(sim);
        await delayEach(sim, list);
        const inFlight = list.map((c, i) => post(gw!.url, c.path, keys[i]!, c.body, token).catch((e: Error) => e));
        await Promise.all([sleep(KILL_AT_MS), untilInFlight(sim, list, before)]);
        gw.proc.kill('SIGKILL');
        await gw.exited;
        const firsts = await Promise.all(inFlight);
        for (const a of firsts) assert.ok(a instanceof Error, 'a killed gateway answers nothing');
        await sleep(DELAY_MS); // the cloud has acted and answered into the void
        gw = await startGatewayProcess({ configPath, logFile: join(dir, 'gateway-2.log'), maxLifetimeMs: 10 * 60_000 });
        const settled = await Promise.all(list.map((c, i) => settle(() => gw!.url, c.path, keys[i]!, c.body, token)));
        await assertExactlyOnce(
          sim,
          list,
          before,
          settled.map((s) => s.final),
          list.map(() => undefined),
          settled.map((s) => s.seen),
        );
        // once settled, the key replays the same answer
        for (const [i, c] of list.entries()) {
          const again = await post(gw.url, c.path, keys[i]!, c.body, token);
          assert.equal(again.status, settled[i]!.final.status, c.op);
          assert.deepEqual(again.body, settled[i]!.final.body, c.op);
          assert.equal(again.replayed, true, c.op);
        }
      });
    });
  }
});
