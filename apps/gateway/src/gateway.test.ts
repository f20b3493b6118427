import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  mintToken,
  newKey,
  PAY_PER_USE_BANDWIDTH,
  SUBNET,
  startTestGateway,
  type TestGateway,
  waitFor,
  YEARLY_BANDWIDTHS,
} from './testing/index.js';

describe('gateway + simulator over HTTP: every operation', () => {
  let gw: TestGateway;
  let acme: string;
  let globex: string;
  before(async () => {
    gw = await startTestGateway({ demo: true });
    acme = await mintToken({ tenant: 'acme' });
    globex = await mintToken({ tenant: 'globex' });
  });
  after(() => gw.close());

  test("GET /v1/config answers the tenant's own choices and limits", async () => {
    const a = await (await gw.call('/v1/config', { token: acme })).json();
    const g = await (await gw.call('/v1/config', { token: globex })).json();
    assert.equal(a.tenant.id, 'acme');
    assert.equal(a.site, 'international');
    assert.deepEqual(
      a.enums.billingModes.map((m: { mode: number }) => m.mode),
      [2, 4, 6],
    );
    assert.equal(g.site, 'chinese-mainland');
    assert.deepEqual(
      g.enums.billingModes.map((m: { mode: number }) => m.mode),
      [1, 3, 5],
    );
    assert.equal(a.limits.sharedBandwidth.maxMbps, 1000);
    assert.equal(g.limits.sharedBandwidth.maxMbps, 2000);
    assert.notEqual(a.theme.colorPrimary, g.theme.colorPrimary);
    assert.equal(JSON.stringify(a).includes(gw.env['ACME_HUAWEICLOUD_SK']!), false);
  });

  test('createWorkspaceBandwidth: 202 with a job that reaches succeeded with the new bandwidth id', async () => {
    const res = await gw.call('/v1/workspace-bandwidths', {
      token: acme,
      key: newKey(),
      body: { subnetId: SUBNET, chargeMode: 'wks_traffic', sizeMbps: 20, name: 'office', region: 'ap-southeast-1' },
    });
    assert.equal(res.status, 202);
    const accepted = await res.json();
    assert.match(accepted.jobId, /^[0-9a-f-]{36}$/);
    assert.equal(accepted.status, 'pending');
    assert.equal(accepted.jobUrl, `/v1/jobs/${accepted.jobId}`);
    const seen = new Set<string>();
    const done = await waitFor(async () => {
      const job = await (await gw.call(accepted.jobUrl, { token: acme })).json();
      seen.add(job.status);
      return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
    });
    assert.equal(done.status, 'succeeded');
    assert.equal(done.progress, 100);
    assert.match(done.bandwidthId, /^[0-9a-f-]{36}$/);
    assert.ok(seen.has('pending') || seen.has('running'));
  });

  test('a job that fails upstream is reported failed with its reason', async () => {
    await gw.fault({ kind: 'job_fail' });
    const accepted = await (
      await gw.call('/v1/workspace-bandwidths', {
        token: acme,
        key: newKey(),
        body: { subnetId: SUBNET, chargeMode: 'free' },
      })
    ).json();
    const done = await waitFor(async () => {
      const job = await (await gw.call(accepted.jobUrl, { token: acme })).json();
      return job.status === 'failed' || job.status === 'succeeded' ? job : undefined;
    });
    assert.equal(done.status, 'failed');
    assert.ok(done.error.code.length > 0);
    assert.ok(done.error.message.length > 0);
  });

  test("another tenant's job id is 404, exactly like one that does not exist", async () => {
    const accepted = await (
      await gw.call('/v1/workspace-bandwidths', {
        token: acme,
        key: newKey(),
        body: { subnetId: SUBNET, chargeMode: 'free' },
      })
    ).json();
    const theirs = await gw.call(accepted.jobUrl, { token: globex });
    const none = await gw.call('/v1/jobs/00000000-0000-4000-8000-000000000000', { token: globex });
    assert.equal(theirs.status, 404);
    assert.equal(none.status, 404);
    const [a, b] = [await theirs.json(), await none.json()];
    assert.equal(a.code, 'not_found');
    assert.equal(a.detail, b.detail);
  });

  test('changeWorkspaceBandwidth: 201 with the order id; paymentRequired follows autoPay', async () => {
    const unpaid = await gw.call(`/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[0]}/change-orders`, {
      token: acme,
      key: newKey(),
      body: { sizeMbps: 30, autoPay: false },
    });
    assert.equal(unpaid.status, 201);
    const u = await unpaid.json();
    assert.ok(u.orderId.length > 0);
    assert.equal(u.paymentRequired, true);
    const paid = await gw.call(`/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[1]}/change-orders`, {
      token: acme,
      key: newKey(),
      body: { sizeMbps: 40, autoPay: true, name: 'renamed' },
    });
    assert.equal(paid.status, 201);
    assert.equal((await paid.json()).paymentRequired, false);
  });

  test('a change order on a pending or pay-per-use bandwidth is a 409 carrying the upstream code', async () => {
    const ppu = await gw.call(`/v1/workspace-bandwidths/${PAY_PER_USE_BANDWIDTH}/change-orders`, {
      token: globex,
      key: newKey(),
      body: { sizeMbps: 30, autoPay: false },
    });
    assert.equal(ppu.status, 409);
    const p = await ppu.json();
    assert.equal(p.code, 'upstream_conflict');
    assert.equal(p.upstream.service, 'workspace');
    assert.match(p.upstream.code, /^WKS\./);
    await gw.call(`/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[2]}/change-orders`, {
      token: globex,
      key: newKey(),
      body: { sizeMbps: 30, autoPay: false },
    });
    const pending = await gw.call(`/v1/workspace-bandwidths/${YEARLY_BANDWIDTHS[2]}/change-orders`, {
      token: globex,
      key: newKey(),
      body: { sizeMbps: 50, autoPay: false },
    });
    assert.equal(pending.status, 409);
  });

  test('an unknown bandwidth id is refused upstream and reported as 422 with the upstream code', async () => {
    const res = await gw.call('/v1/workspace-bandwidths/0a0a0a0a-0000-4000-8000-000000000000/change-orders', {
      token: acme,
      key: newKey(),
      body: { sizeMbps: 30, autoPay: false },
    });
    assert.equal(res.status, 422);
    const p = await res.json();
    assert.equal(p.code, 'upstream_rejected');
    assert.equal(p.upstream.code, 'WKS.0001');
  });

  test('createSharedBandwidth: 201 with the documented bandwidth fields, in the region asked for', async () => {
    const res = await gw.call('/v1/shared-bandwidths', {
      token: globex,
      key: newKey(),
      body: { name: 'shared-bw_01.cn', sizeMbps: 1500, region: 'cn-east-3' },
    });
    assert.equal(res.status, 201);
    const { bandwidth } = await res.json();
    assert.match(bandwidth.id, /^[0-9a-f-]{36}$/);
    assert.equal(bandwidth.name, 'shared-bw_01.cn');
    assert.equal(bandwidth.sizeMbps, 1500);
    assert.equal(bandwidth.shareType, 'WHOLE');
    assert.equal(bandwidth.status, 'NORMAL');
    assert.ok(bandwidth.createdAt);
  });

  test('createBandwidthPackage: 201, spec code derived from the areas, order id for yearly/monthly', async () => {
    const prepaid = await gw.call('/v1/bandwidth-packages', {
      token: acme,
      key: newKey(),
      body: {
        name: newKey('pkg'),
        localArea: 'Asia-Pacific',
        remoteArea: 'Chinese-Mainland',
        billingMode: 2,
        sizeMbps: 10,
        interflowMode: 'Area',
        prepaid: { periodType: 'year', periodCount: 1, autoRenew: true, autoPay: true },
      },
    });
    assert.equal(prepaid.status, 201);
    const p = await prepaid.json();
    assert.equal(p.bandwidthPackage.specCode, 'bandwidth.cmtoap');
    assert.equal(p.bandwidthPackage.billingMode, 2);
    assert.ok(p.orderId);
    const ppu = await gw.call('/v1/bandwidth-packages', {
      token: globex,
      key: newKey(),
      body: {
        name: newKey('pkg'),
        description: 'LatAm link',
        localArea: 'Western-Latin-America',
        remoteArea: 'Eastern-Latin-America',
        billingMode: 5,
        sizeMbps: 5,
      },
    });
    assert.equal(ppu.status, 201);
    const q = await ppu.json();
    assert.equal(q.bandwidthPackage.specCode, 'bandwidth.wlatoela');
    assert.equal(q.orderId, undefined);
  });

  test('a duplicate package name comes back on the name field with the upstream code', async () => {
    const body = {
      name: newKey('dup'),
      localArea: 'Asia-Pacific',
      remoteArea: 'Asia-Pacific',
      billingMode: 4,
      sizeMbps: 5,
    };
    assert.equal((await gw.call('/v1/bandwidth-packages', { token: acme, key: newKey(), body })).status, 201);
    const res = await gw.call('/v1/bandwidth-packages', { token: acme, key: newKey(), body });
    assert.equal(res.status, 422);
    const p = await res.json();
    assert.equal(p.upstream.code, 'CC.1053');
    assert.equal(p.fields[0].path, 'name');
  });

  test('GET /v1/audit: every POST recorded for its own tenant only, newest first, paged', async () => {
    const key = newKey('audited');
    await gw.call('/v1/shared-bandwidths', { token: acme, key, body: { name: 'audited', sizeMbps: 10 } });
    const page = await (await gw.call('/v1/audit?limit=3', { token: acme })).json();
    assert.equal(page.items.length, 3);
    const first = page.items[0];
    assert.equal(first.idempotencyKey, key);
    assert.equal(first.operation, 'createSharedBandwidth');
    assert.equal(first.tenantId, 'acme');
    assert.equal(first.subject, 'user-1');
    assert.equal(first.outcome, 'succeeded');
    assert.equal(first.status, 201);
    assert.ok(first.upstreamRequestId);
    assert.deepEqual(first.requestSummary, { name: 'audited', sizeMbps: 10 });
    assert.ok(first.durationMs >= 0);
    assert.ok(page.nextCursor);
    const next = await (await gw.call(`/v1/audit?limit=3&cursor=${page.nextCursor}`, { token: acme })).json();
    assert.ok(next.items.every((r: { at: string }) => r.at <= page.items[2].at));
    assert.ok(!next.items.some((r: { id: string }) => page.items.some((p: { id: string }) => p.id === r.id)));
    const theirs = await (await gw.call('/v1/audit?limit=200', { token: globex })).json();
    assert.ok(theirs.items.every((r: { tenantId: string }) => r.tenantId === 'globex'));
    assert.ok(!theirs.items.some((r: { idempotencyKey?: string }) => r.idempotencyKey === key));
  });

  test('/healthz, /readyz, /metrics, /openapi.json and /docs', async () => {
    assert.equal((await gw.call('/healthz')).status, 200);
    const ready = await gw.call('/readyz');
    assert.equal(ready.status, 200);
    assert.equal((await ready.json()).store, 'memory');
    const metrics = await (await gw.call('/metrics')).text();
    assert.match(
      metrics,
      /bwkit_http_requests_total\{method="POST",route="\/v1\/shared-bandwidths",status="201"\} \d+/,
    );
    assert.match(metrics, /bwkit_http_request_duration_seconds_bucket\{/);
    assert.match(
      metrics,
      /bwkit_upstream_requests_total\{operation="createSharedBandwidth",outcome="ok",service="vpc"\} \d+/,
    );
    assert.match(metrics, /bwkit_upstream_errors_total\{code="CC.1053",service="cc"\} \d+/);
    const doc = await (await gw.call('/openapi.json')).json();
    for (const [path, method] of [
      ['/v1/config', 'get'],
      ['/v1/workspace-bandwidths', 'post'],
      ['/v1/jobs/{jobId}', 'get'],
      ['/v1/workspace-bandwidths/{bandwidthId}/change-orders', 'post'],
      ['/v1/shared-bandwidths', 'post'],
      ['/v1/bandwidth-packages', 'post'],
      ['/v1/audit', 'get'],
    ] as const) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path} documented`);
    }
    assert.equal(doc.paths['/v1/shared-bandwidths'].post.operationId, 'createSharedBandwidth');
    // The body is a named component (#/components/schemas/…): follow the reference.
    const body = doc.paths['/v1/shared-bandwidths'].post.requestBody.content['application/json'].schema;
    assert.ok((body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body).properties.sizeMbps);
    const docs = await gw.call('/docs');
    assert.equal(docs.status, 200);
    const html = await docs.text();
    assert.match(html, /\/docs\/assets\/swagger-ui-dist\/swagger-ui-bundle\.js/);
    assert.equal((await gw.call('/docs/assets/swagger-ui-dist/swagger-ui-bundle.js')).status, 200);
  });

  test('demo token endpoint mints a token the BFF accepts, with the scopes asked for', async () => {
    const res = await gw.call('/demo/token', { body: { tenant: 'globex', subject: 'alice', scopes: ['audit:read'] } });
    const { token, expiresAt } = await res.json();
    assert.ok(Date.parse(expiresAt) > Date.now());
    const cfg = await (await gw.call('/v1/config', { token })).json();
    assert.deepEqual(cfg.scopes, ['audit:read']);
    assert.equal((await gw.call('/demo/token', { body: { tenant: 'nobody' } })).status, 400);
  });

  test('malformed JSON, a non-JSON body and an oversized body are 4xx problems, never 5xx', async () => {
    const bad = await gw.call('/v1/shared-bandwidths', { token: acme, key: newKey(), body: '{"name":' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    const text = await gw.call('/v1/shared-bandwidths', {
      token: acme,
      key: newKey(),
      body: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(text.status, 415);
    const big = await gw.call('/v1/shared-bandwidths', {
      token: acme,
      key: newKey(),
      body: { name: 'x'.repeat(40_000), sizeMbps: 10 },
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).code, 'payload_too_large');
    const noKey = await gw.call('/v1/shared-bandwidths', { token: acme, body: { name: 'x', sizeMbps: 10 } });
    assert.equal(noKey.status, 400);
    assert.equal((await noKey.json()).code, 'idempotency_key_missing');
    const unknown = await gw.call('/v1/nothing-here', { token: acme });
    assert.equal(unknown.status, 404);
  });

  test('X-Request-Id is taken from the caller and returned, and appears in the log line of that request', async () => {
    const res = await gw.call('/v1/config', { token: acme, headers: { 'x-request-id': 'portal-req-123' } });
    assert.equal(res.headers.get('x-request-id'), 'portal-req-123');
    const line = gw.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'portal-req-123');
    assert.ok(line);
    assert.equal(line.tenant, 'acme');
    assert.equal(line.route, '/v1/config');
  });
});
