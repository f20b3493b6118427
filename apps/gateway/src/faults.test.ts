import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCloudSim } from '@bwkit/cloud-sim/server';
import {
  DEMO_ENV,
  mintToken,
  newKey,
  SUBNET,
  startTestGateway,
  type TestGateway,
  testConfig,
} from './testing/index.js';

const share = () => ({ name: newKey('f').slice(0, 60), sizeMbps: 10 });

describe('upstream faults become clear problems, and the gateway keeps serving', () => {
  let gw: TestGateway;
  let token: string;
  before(async () => {
    gw = await startTestGateway({ gateway: { upstreamTimeoutMs: 800 } });
    token = await mintToken();
  });
  after(() => gw.close());
  // Faults are one-shot (times: 1) unless a test says otherwise, so each test starts clean.

  const cases: [label: string, fault: Record<string, unknown>, status: number, code: string][] = [
    ['upstream 500', { kind: 'status', status: 500 }, 502, 'upstream_unavailable'],
    ['upstream 503', { kind: 'status', status: 503 }, 502, 'upstream_unavailable'],
    ['upstream 429 throttling (APIGW.0308)', { kind: 'rate_limit' }, 503, 'upstream_rate_limited'],
    ['upstream slower than the timeout', { kind: 'delay', delayMs: 1500 }, 504, 'upstream_timeout'],
    ['connection reset', { kind: 'reset' }, 502, 'upstream_unavailable'],
    ['malformed (truncated) body', { kind: 'malformed' }, 502, 'upstream_bad_response'],
    ['upstream 400', { kind: 'status', status: 400 }, 422, 'upstream_rejected'],
  ];
  for (const [label, fault, status, code] of cases) {
    test(`${label} → ${status} ${code}`, async () => {
      await gw.fault({ op: 'createSharedBandwidth', ...fault });
      const res = await gw.call('/v1/shared-bandwidths', { token, key: newKey(), body: share() });
      assert.equal(res.status, status);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      const p = await res.json();
      assert.equal(p.code, code);
      assert.equal(p.upstream?.service, 'vpc');
      assert.ok(p.requestId);
      if (code === 'upstream_rate_limited') assert.ok(Number(res.headers.get('retry-after')) >= 1);
      // and the next request is served normally
      const next = await gw.call('/v1/shared-bandwidths', { token, key: newKey(), body: share() });
      assert.equal(next.status, 201);
    });
  }

  test('a timeout keeps the key: the retry answers with the bandwidth the slow create made, never a second one', async () => {
    // Before issue 11 the retry replayed the 504 for 24 h and the bandwidth's id was never returned.
    const key = newKey();
    const body = share();
    const before = (await gw.simState()).counts['createSharedBandwidth'] ?? 0;
    await gw.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 1500 });
    assert.equal((await gw.call('/v1/shared-bandwidths', { token, key, body })).status, 504);
    await new Promise((r) => setTimeout(r, 1000));
    const retry = await gw.call('/v1/shared-bandwidths', { token, key, body });
    assert.equal(retry.status, 201);
    const settled = await retry.json();
    assert.equal(settled.bandwidth.name, body.name);
    // and from now on the key replays that answer; the slow create happened upstream exactly once
    const again = await gw.call('/v1/shared-bandwidths', { token, key, body });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), settled);
    assert.equal((await gw.simState()).counts['createSharedBandwidth'], before + 1);
  });

  test('following a job survives one upstream hiccup (GETs are retried once), and reports a second', async () => {
    const accepted = await (
      await gw.call('/v1/workspace-bandwidths', {
        token,
        key: newKey(),
        body: { subnetId: SUBNET, chargeMode: 'free' },
      })
    ).json();
    await gw.fault({ op: 'showWorkspaceJob', kind: 'status', status: 500, times: 1 });
    assert.equal((await gw.call(accepted.jobUrl, { token })).status, 200);
    // Until cleared rather than `times: 2`: the gateway also follows the job in the background (for its webhooks), and
    // a poll of its own between the two could take one of the failures meant for this GET.
    await gw.fault({ op: 'showWorkspaceJob', kind: 'status', status: 500, times: -1 });
    try {
      const res = await gw.call(accepted.jobUrl, { token });
      assert.equal(res.status, 502);
      assert.equal((await res.json()).code, 'upstream_unavailable');
    } finally {
      await gw.clearFaults();
    }
  });

  test('faults on every operation map the same way', async () => {
    const ops: [string, string, unknown][] = [
      ['createWorkspaceBandwidth', '/v1/workspace-bandwidths', { subnetId: SUBNET, chargeMode: 'free' }],
      [
        'changeWorkspaceBandwidth',
        '/v1/workspace-bandwidths/3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b/change-orders',
        { sizeMbps: 20, autoPay: true },
      ],
      [
        'createBandwidthPackage',
        '/v1/bandwidth-packages',
        { name: newKey('p'), localArea: 'Asia-Pacific', remoteArea: 'Asia-Pacific', billingMode: 4, sizeMbps: 5 },
      ],
    ];
    for (const [op, path, body] of ops) {
      await gw.fault({ op, kind: 'malformed' });
      const res = await gw.call(path, { token, key: newKey(), body });
      assert.equal(res.status, 502, op);
      assert.equal((await res.json()).code, 'upstream_bad_response', op);
    }
  });

  test('/metrics counts upstream errors by code', async () => {
    const text = await (await gw.call('/metrics')).text();
    assert.match(text, /bwkit_upstream_errors_total\{code="APIGW.0308",service="vpc"\} [1-9]/);
    assert.match(text, /bwkit_upstream_errors_total\{code="TIMEOUT",service="vpc"\} [1-9]/);
    assert.match(text, /bwkit_upstream_errors_total\{code="BAD_RESPONSE",service="vpc"\} [1-9]/);
  });
});

describe('credentials never leave the gateway (canary)', () => {
  const CANARY = {
    ACME_HUAWEICLOUD_AK: 'CANARYAKACME7Q2Z9X4W',
    ACME_HUAWEICLOUD_SK: 'canary-sk-acme-6f1d2c9b8a7e4d3c2b1a0f9e8d7c6b5a',
    GLOBEX_HUAWEICLOUD_AK: 'CANARYAKGLOBEX5K8M3N',
    GLOBEX_HUAWEICLOUD_SK: 'canary-sk-globex-0a1b2c3d4e5f60718293a4b5c6d7e8f',
  };
  const secrets = [
    ...Object.values(CANARY),
    DEMO_ENV['ACME_WIDGET_TOKEN_SECRET']!,
    DEMO_ENV['GLOBEX_WIDGET_TOKEN_SECRET']!,
  ];
  let gw: TestGateway;
  let wrongSkGw: TestGateway;
  let otherSim: Awaited<ReturnType<typeof startCloudSim>>;
  const seen: string[] = [];
  const record = async (res: Response) => {
    seen.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
  };
  before(async () => {
    gw = await startTestGateway({ env: CANARY, gateway: { upstreamTimeoutMs: 800 } });
    // a cloud that knows acme's AK with a different SK: every call fails its signature check
    otherSim = await startCloudSim({
      credentials: [{ ak: CANARY.ACME_HUAWEICLOUD_AK, sk: 'some-other-secret' }],
      admin: true,
    });
    wrongSkGw = await startTestGateway({
      env: CANARY,
      simUrl: otherSim.url,
      raw: testConfig({
        upstream: { mode: 'huaweicloud', endpoints: { workspace: otherSim.url, vpc: otherSim.url, cc: otherSim.url } },
      }),
    });
  });
  after(async () => {
    await gw.close();
    await wrongSkGw.close();
    await otherSim.close();
  });

  test('no AK, SK or token secret in any response body, header or log line — successes, failures and faults alike', async () => {
    const acme = await mintToken({ tenant: 'acme' });
    const globex = await mintToken({ tenant: 'globex' });
    for (const [g, t] of [
      [gw, acme],
      [gw, globex],
      [wrongSkGw, acme],
    ] as const) {
      await record(await g.call('/v1/config', { token: t }));
      await record(await g.call('/v1/shared-bandwidths', { token: t, key: newKey(), body: share() }));
      await record(
        await g.call('/v1/shared-bandwidths', { token: t, key: newKey(), body: { name: 'bad name', sizeMbps: 7.5 } }),
      );
      const ws = await g.call('/v1/workspace-bandwidths', {
        token: t,
        key: newKey(),
        body: { subnetId: SUBNET, chargeMode: 'free' },
      });
      const wsText = await ws.clone().text();
      await record(ws);
      if (ws.status === 202) await record(await g.call(JSON.parse(wsText).jobUrl, { token: t }));
      await record(
        await g.call('/v1/bandwidth-packages', {
          token: t,
          key: newKey(),
          body: { name: newKey('c'), localArea: 'Asia-Pacific', remoteArea: 'Africa', billingMode: 4, sizeMbps: 5 },
        }),
      );
      await record(await g.call('/v1/audit', { token: t }));
      await record(await g.call('/v1/config', { token: t + 'x' }));
    }
    for (const kind of ['reset', 'malformed', 'rate_limit']) {
      await gw.fault({ op: 'createSharedBandwidth', kind });
      await record(await gw.call('/v1/shared-bandwidths', { token: acme, key: newKey(), body: share() }));
    }
    await gw.fault({ op: 'createSharedBandwidth', kind: 'delay', delayMs: 1500 });
    await record(await gw.call('/v1/shared-bandwidths', { token: acme, key: newKey(), body: share() }));
    await record(await gw.call('/metrics'));
    await record(await gw.call('/openapi.json'));

    // the wrong-SK gateway really did fail upstream authentication, and said so without detail
    const failed = await wrongSkGw.call('/v1/shared-bandwidths', { token: acme, key: newKey(), body: share() });
    assert.equal(failed.status, 502);
    const p = await failed.json();
    assert.equal(p.upstream.code, 'APIGW.0301');
    seen.push(JSON.stringify(p));

    const everything = [...seen, ...gw.logs, ...wrongSkGw.logs].join('\n');
    assert.ok(seen.length > 20 && gw.logs.length > 20, 'the canary looked at real traffic');
    for (const s of secrets) assert.equal(everything.includes(s), false, `a secret leaked: ${s.slice(0, 6)}…`);
    // and no widget token either: logs never carry the Authorization header
    assert.equal([...gw.logs, ...wrongSkGw.logs].join('\n').includes(acme), false);
  });
});
