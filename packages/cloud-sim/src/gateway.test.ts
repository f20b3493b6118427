/** The API-gateway behaviour every route shares: signatures, clock skew, lockout, scope headers, 404, request ids. */

import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sign } from '@bwkit/huaweicloud';
import type { CallResult, TestSim } from './test-support.js';
import { fakeClock, INTL, makeClient, REQUEST_ID_RE, startTestSim, toResult } from './test-support.js';

const clock = fakeClock();
let sim: TestSim;
before(async () => {
  sim = await startTestSim({ now: clock.now, admin: false });
});
after(() => sim.close());

const P = 'proj-gw-1';
const vpcBody = { bandwidth: { name: 'bw-gw', size: 10 } };
const wksBody = { subnet_id: 'subnet-1', charge_mode: 'wks_bandwidth', bandwidth_size: 10 };
const ccBody = {
  bandwidth_package: {
    name: 'bwp-gw',
    project_id: 'p',
    local_area_id: 'Chinese-Mainland',
    remote_area_id: 'Asia-Pacific',
    charge_mode: 'bandwidth',
    billing_mode: 4,
    bandwidth: 5,
  },
};

function assertApigw(r: CallResult, status: number, code: string) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error_code, code, r.text);
  assert.equal(typeof r.json.error_msg, 'string');
  assert.match(r.json.request_id, REQUEST_ID_RE);
  assert.equal(r.json.request_id, r.headers.get('x-request-id'));
}

describe('signature', () => {
  test('a correctly signed request passes', async () => {
    const r = await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody });
    assert.equal(r.status, 200, r.text);
  });

  test('unsigned → 401 APIGW.0301 with the documented message', async () => {
    const r = await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody, unsigned: true });
    assertApigw(r, 401, 'APIGW.0301');
    assert.match(r.json.error_msg, /^Incorrect IAM authentication information: verify aksk signature fail/);
  });

  test('wrong SK, unknown AK, tampered body, tampered path → 401 APIGW.0301', async () => {
    const local = makeClient(sim.base, { now: clock.now });
    assertApigw(
      await local(`/v2.0/${P}/bandwidths`, { body: vpcBody, cred: { ak: 'NOSUCHAK000000000000', sk: 'x' } }),
      401,
      'APIGW.0301',
    );
    assertApigw(
      await local(`/v2.0/${P}/bandwidths`, { body: vpcBody, cred: { ak: 'TESTAKCHINAMAINLAND1', sk: 'wrong' } }),
      401,
      'APIGW.0301',
    );

    const url = `${sim.base}/v2.0/${P}/bandwidths`;
    const headers = { 'Content-Type': 'application/json', 'X-Project-Id': P };
    const signed = await sign({ method: 'POST', url, headers, body: JSON.stringify(vpcBody) }, INTL, clock.now());
    const tampered = await fetch(url, {
      method: 'POST',
      headers: signed.headers,
      body: JSON.stringify({ bandwidth: { name: 'other', size: 10 } }),
    });
    assertApigw(await toResult(tampered), 401, 'APIGW.0301');
    const otherPath = await fetch(`${sim.base}/v2.0/${P}x/bandwidths`, {
      method: 'POST',
      headers: { ...signed.headers, 'X-Project-Id': `${P}x` },
      body: JSON.stringify(vpcBody),
    });
    assertApigw(await toResult(otherPath), 401, 'APIGW.0301');
  });

  test('X-Sdk-Date more than 15 minutes off → 401 APIGW.0303; within 15 minutes passes', async () => {
    const stale = new Date(clock.now().getTime() - 16 * 60_000);
    const r = await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody, date: stale });
    assertApigw(r, 401, 'APIGW.0303');
    assert.match(r.json.error_msg, /request time/);
    const future = new Date(clock.now().getTime() + 16 * 60_000);
    assertApigw(await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody, date: future }), 401, 'APIGW.0303');
    const ok = await sim.call(`/v2.0/${P}/bandwidths`, {
      body: vpcBody,
      date: new Date(clock.now().getTime() - 14 * 60_000),
    });
    assert.equal(ok.status, 200, ok.text);
  });

  test('any Host header is accepted as long as it is the one signed', async () => {
    const host = 'vpc.cn-north-4.myhuaweicloud.com';
    const body = JSON.stringify(vpcBody);
    const signed = await sign(
      {
        method: 'POST',
        url: `https://${host}/v2.0/${P}/bandwidths`,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': P },
        body,
      },
      INTL,
      clock.now(),
    );
    const port = sim.running.port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: `/v2.0/${P}/bandwidths`, headers: signed.headers },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(status, 200);
  });
});

describe('lockout', () => {
  test('5 failures in a row lock the AK for 5 minutes, even with a correct signature', async () => {
    const cred = { ak: 'TESTAKCHINAMAINLAND1', sk: 'wrong-secret' };
    const path = `/v2.0/${P}/bandwidths`;
    const good = { ak: 'TESTAKCHINAMAINLAND1', sk: 'test-sk-chinese-mainland-00000000000000' };
    assert.equal((await sim.call(path, { body: vpcBody, cred: good })).status, 200); // start from zero failures
    for (let i = 0; i < 4; i++) assertApigw(await sim.call(path, { body: vpcBody, cred }), 401, 'APIGW.0301');
    assert.equal((await sim.call(path, { body: vpcBody, cred: good })).status, 200, 'four failures do not lock');
    for (let i = 0; i < 5; i++) assertApigw(await sim.call(path, { body: vpcBody, cred }), 401, 'APIGW.0301');
    const locked = await sim.call(path, { body: vpcBody, cred: good });
    assertApigw(locked, 401, 'APIGW.0301');
    assert.match(locked.json.error_msg, /locked/);
    // other AKs are unaffected
    assert.equal((await sim.call(path, { body: vpcBody })).status, 200);
    clock.advance(4 * 60_000);
    assertApigw(await sim.call(path, { body: vpcBody, cred: good }), 401, 'APIGW.0301');
    clock.advance(61_000);
    assert.equal((await sim.call(path, { body: vpcBody, cred: good })).status, 200);
  });

  test('a success resets the count of consecutive failures', async () => {
    const bad = { ak: INTL.ak, sk: 'nope' };
    const path = `/v2.0/${P}/bandwidths`;
    for (let i = 0; i < 4; i++) await sim.call(path, { body: vpcBody, cred: bad });
    assert.equal((await sim.call(path, { body: vpcBody })).status, 200);
    for (let i = 0; i < 4; i++) await sim.call(path, { body: vpcBody, cred: bad });
    assert.equal((await sim.call(path, { body: vpcBody })).status, 200);
  });

  test('lockout: false turns it off', async () => {
    const other = await startTestSim({ lockout: false });
    try {
      for (let i = 0; i < 6; i++)
        await other.call(`/v2.0/${P}/bandwidths`, { body: vpcBody, cred: { ak: INTL.ak, sk: 'bad' } });
      assert.equal((await other.call(`/v2.0/${P}/bandwidths`, { body: vpcBody })).status, 200);
    } finally {
      await other.close();
    }
  });
});

describe('scope headers', () => {
  test('Workspace without or with a different X-Project-Id → 400 WKS.0001 (Workspace body)', async () => {
    for (const scopeHeader of [null, 'another-project']) {
      const r = await sim.call(`/v2/${P}/bandwidths`, { body: wksBody, scopeHeader });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error_code, 'WKS.0001');
      assert.match(r.json.error_msg, /X-Project-Id/);
    }
  });

  test('VPC without or with a different X-Project-Id → 400 VPC.0007 ({code, message})', async () => {
    for (const scopeHeader of [null, 'another-project']) {
      const r = await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody, scopeHeader });
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(Object.keys(r.json).sort(), ['code', 'message']);
      assert.equal(r.json.code, 'VPC.0007');
    }
  });

  test('Cloud Connect without or with a different X-Domain-Id → 400 CC.1001 with request_id', async () => {
    for (const scopeHeader of [null, 'another-domain']) {
      const r = await sim.call('/v3/dom-gw/ccaas/bandwidth-packages', { body: ccBody, scopeHeader });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error_code, 'CC.1001');
      assert.match(r.json.error_msg, /X-Domain-Id/);
      assert.equal(r.json.request_id, r.headers.get('x-request-id'));
    }
  });

  test('any project id is accepted for a known AK', async () => {
    for (const p of ['0e69423d4400f4a82f67c0059a1e4cc8', 'x', 'project-with-dashes']) {
      assert.equal((await sim.call(`/v2.0/${p}/bandwidths`, { body: vpcBody })).status, 200);
    }
  });
});

describe('bodies must be JSON', () => {
  test('each service answers its own 400', async () => {
    const w = await sim.call(`/v2/${P}/bandwidths`, { rawBody: 'not json' });
    assert.equal(w.status, 400);
    assert.equal(w.json.error_code, 'WKS.0001');
    const v = await sim.call(`/v2.0/${P}/bandwidths`, { rawBody: '{"bandwidth":' });
    assert.equal(v.status, 400);
    assert.equal(v.json.code, 'VPC.0002');
    const c = await sim.call('/v3/dom-gw/ccaas/bandwidth-packages', { rawBody: '', method: 'POST' });
    assert.equal(c.status, 400);
    assert.equal(c.json.error_code, 'CC.1001');
  });
});

describe('routing', () => {
  test('unknown path or method → 404 APIGW.0101', async () => {
    assertApigw(await sim.call(`/v2/${P}/nothing-here`), 404, 'APIGW.0101');
    assertApigw(await sim.call('/'), 404, 'APIGW.0101');
    assertApigw(await sim.call(`/v2.0/${P}/bandwidths`, { method: 'GET' }), 404, 'APIGW.0101');
    assertApigw(await sim.call(`/v2/${P}/bandwidths`, { method: 'DELETE' }), 404, 'APIGW.0101');
  });

  test('admin routes are off by default: /_sim/* → 404 APIGW.0101', async () => {
    for (const [method, path] of [
      ['GET', '/_sim/state'],
      ['POST', '/_sim/faults'],
      ['POST', '/_sim/reset'],
    ] as const) {
      const r = await toResult(await fetch(sim.base + path, { method, body: method === 'POST' ? '{}' : undefined }));
      assertApigw(r, 404, 'APIGW.0101');
    }
  });
});

describe('X-Request-Id', () => {
  test('every response carries a fresh 32-hex id', async () => {
    const responses = [
      await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody }),
      await sim.call(`/v2/${P}/bandwidths`, { body: wksBody }),
      await sim.call('/v3/dom-gw/ccaas/bandwidth-packages', { body: ccBody }),
      await sim.call(`/v2/${P}/workspace-jobs/none`),
      await sim.call(`/v2.0/${P}/bandwidths`, { body: vpcBody, unsigned: true }),
      await sim.call('/nowhere'),
      await sim.call(`/v2.0/${P}/bandwidths`, { body: { bandwidth: { name: 'x', size: 1 } } }),
    ];
    const ids = responses.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) assert.match(id ?? '', REQUEST_ID_RE);
    assert.equal(new Set(ids).size, ids.length);
    // Cloud Connect carries it in the body too
    assert.equal(responses[2]!.json.request_id, ids[2]);
  });
});
