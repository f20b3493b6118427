/** VPC createSharedBandwidth over real HTTP. */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCloudSim } from '../../index.js';
import type { CallResult, TestSim } from '../../test-support.js';
import { fakeClock, startTestSim, TIMESTAMP_RE, UUID_RE } from '../../test-support.js';

const clock = fakeClock('2026-11-25T07:58:02Z');
let sim: TestSim;
before(async () => {
  sim = await startTestSim({ now: clock.now });
});
after(() => sim.close());

const P = '26ae5181a416420998eb2093aaed84d9';
const create = (bandwidth: unknown, project = P) => sim.call(`/v2.0/${project}/bandwidths`, { body: { bandwidth } });

function assertVpc(r: CallResult, code: string) {
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['code', 'message'], r.text);
  assert.equal(r.json.code, code, r.text);
}

describe('createSharedBandwidth', () => {
  test('200 {bandwidth} with exactly the documented fields', async () => {
    const r = await create({ name: 'bandwidth123', size: 10 });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), ['bandwidth']);
    const bw = r.json.bandwidth;
    assert.deepEqual(
      Object.keys(bw).sort(),
      [
        'billing_info',
        'bandwidth_type',
        'charge_mode',
        'created_at',
        'enterprise_project_id',
        'id',
        'name',
        'publicip_info',
        'share_type',
        'size',
        'status',
        'tenant_id',
        'updated_at',
      ].sort(),
    );
    assert.match(bw.id, UUID_RE);
    assert.equal(bw.name, 'bandwidth123');
    assert.equal(bw.size, 10);
    assert.equal(bw.share_type, 'WHOLE');
    assert.deepEqual(bw.publicip_info, []);
    assert.equal(bw.tenant_id, P);
    assert.equal(bw.bandwidth_type, 'share');
    assert.equal(bw.charge_mode, 'bandwidth');
    assert.equal(bw.billing_info, '');
    assert.equal(bw.enterprise_project_id, '0');
    assert.equal(bw.status, 'NORMAL');
    assert.equal(bw.created_at, '2026-11-25T07:58:02Z');
    assert.match(bw.updated_at, TIMESTAMP_RE);
  });

  test('optional fields are honoured', async () => {
    const ep = 'b261ac1f-2489-4bc7-b31b-c33c3346a439';
    const r = await create({
      name: 'peak',
      size: 300,
      charge_mode: '95peak_plus',
      enterprise_project_id: ep,
      bandwidth_type: 'edgeshare',
      public_border_group: 'center',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.bandwidth.charge_mode, '95peak_plus');
    assert.equal(r.json.bandwidth.enterprise_project_id, ep);
    assert.equal(r.json.bandwidth.bandwidth_type, 'edgeshare');
  });

  describe('name (VPC.0301)', () => {
    const good = ['a', 'bw_1-2.3', 'n'.repeat(64), 'ABC.def_9-x'];
    // The API page allows letters, digits, `_`, `-` and `.` only: Chinese characters are refused too.
    const bad: unknown[] = [
      '',
      'n'.repeat(65),
      'has space',
      'semi;colon',
      'slash/',
      'é-accent',
      '<b>',
      '共享带宽',
      'ABC.def_带宽-9',
      42,
      null,
    ];
    for (const name of good) {
      test(`accepted: ${JSON.stringify(name).slice(0, 20)}`, async () => {
        assert.equal((await create({ name, size: 10 })).status, 200);
      });
    }
    for (const name of bad) {
      test(`refused: ${JSON.stringify(name).slice(0, 20)}`, async () => {
        assertVpc(await create({ name, size: 10 }), 'VPC.0301');
      });
    }
    test('missing name', async () => assertVpc(await create({ size: 10 }), 'VPC.0301'));
  });

  describe('size (VPC.0002)', () => {
    const good: [unknown, number][] = [
      [5, 5],
      [299, 299],
      [300, 300],
      [350, 350],
      [1000, 1000],
      ['10', 10],
      ['10.2', 10],
      [10.7, 10],
      [' 20 ', 20],
    ];
    for (const [size, stored] of good) {
      test(`accepted: ${JSON.stringify(size)} → ${stored}`, async () => {
        const r = await create({ name: 'sz', size });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.bandwidth.size, stored);
      });
    }
    // 1–1000 by default, with the documented default minimum of 5
    const bad: unknown[] = [
      4,
      1,
      0,
      -10,
      301,
      310,
      999,
      1050,
      1250,
      1500,
      2000,
      2500,
      2001,
      'ten',
      '',
      true,
      [],
      {},
      '1e3',
    ];
    for (const size of bad) {
      test(`refused: ${JSON.stringify(size)}`, async () => {
        assertVpc(await create({ name: 'sz', size }), 'VPC.0002');
      });
    }
    test('missing size', async () => assertVpc(await create({ name: 'sz' }), 'VPC.0002'));
    test('the message explains the step and the range', async () => {
      const r = await create({ name: 'sz', size: 301 });
      assert.match(r.json.message, /multiple of 50/);
      assert.match((await create({ name: 'sz', size: 1050 })).json.message, /from 5 to 1000/);
      assert.match((await create({ name: 'sz', size: 4 })).json.message, /from 5 to 1000/);
    });

    test('the range is configurable: minimum from 1, maximum up to 2000 (the 1/50/500 steps still apply)', async () => {
      const wide = await startTestSim({ sharedBandwidth: { minSize: 1, maxSize: 2000 } });
      try {
        const make = (size: unknown) =>
          wide.call(`/v2.0/${P}/bandwidths`, { body: { bandwidth: { name: 'wide', size } } });
        for (const [size, stored] of [
          [1, 1],
          [1500, 1500],
          [2000, 2000],
        ] as const) {
          const ok = await make(size);
          assert.equal(ok.status, 200, ok.text);
          assert.equal(ok.json.bandwidth.size, stored);
        }
        for (const size of [0, 2001, 2500]) assertVpc(await make(size), 'VPC.0002');
        assert.match((await make(1050)).json.message, /multiple of 500/);
      } finally {
        await wide.close();
      }
      assert.throws(
        () => createCloudSim({ credentials: [{ ak: 'a', sk: 'b' }], sharedBandwidth: { minSize: 0 } }),
        /minSize/,
      );
      assert.throws(
        () => createCloudSim({ credentials: [{ ak: 'a', sk: 'b' }], sharedBandwidth: { maxSize: 2001 } }),
        /maxSize/,
      );
    });
  });

  describe('other fields', () => {
    test('95peak_plus needs at least 300', async () => {
      assertVpc(await create({ name: 'pk', size: 250, charge_mode: '95peak_plus' }), 'VPC.0002');
    });
    test('unknown charge_mode / bandwidth_type', async () => {
      assertVpc(await create({ name: 'x', size: 10, charge_mode: 'traffic' }), 'VPC.0002');
      assertVpc(await create({ name: 'x', size: 10, bandwidth_type: 'dedicated' }), 'VPC.0002');
    });
    test('enterprise_project_id: 0 or a UUID, else VPC.0011', async () => {
      assert.equal((await create({ name: 'x', size: 10, enterprise_project_id: '0' })).status, 200);
      for (const ep of ['1', 'default', 'b261ac1f-2489-4bc7-b31b', 7]) {
        assertVpc(await create({ name: 'x', size: 10, enterprise_project_id: ep }), 'VPC.0011');
      }
    });
    test('body without bandwidth object', async () => {
      assertVpc(await sim.call(`/v2.0/${P}/bandwidths`, { body: { name: 'x', size: 10 } }), 'VPC.0002');
      assertVpc(await sim.call(`/v2.0/${P}/bandwidths`, { body: { bandwidth: 'x' } }), 'VPC.0002');
    });
  });

  test('quota: at most 50 shared bandwidths per project → VPC.0304', async () => {
    const project = 'vpc-quota';
    for (let i = 0; i < 50; i++) assert.equal((await create({ name: `q${i}`, size: 5 }, project)).status, 200);
    const r = await create({ name: 'q50', size: 5 }, project);
    assertVpc(r, 'VPC.0304');
    assert.equal(r.json.message, 'createBandwidth error. NO QUOTAS for shareBandwidthIP!');
    // per project
    assert.equal((await create({ name: 'q50', size: 5 }, 'vpc-quota-2')).status, 200);
  });
});

describe('listSharedBandwidths', () => {
  const L = 'vpc-list-project';
  const list = (query = '', project = L) => sim.call(`/v1/${project}/bandwidths${query}`);

  test('lists the shared bandwidths created in the project, in creation order; marker = the last id of the page', async () => {
    assert.deepEqual((await list()).json, { bandwidths: [] });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ name: `list-${i}`, size: 10 + i }, L)).json.bandwidth.id);
    await create({ name: 'elsewhere', size: 10 }, 'vpc-list-other');
    const all = await list();
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(Object.keys(all.json), ['bandwidths']);
    assert.deepEqual(
      all.json.bandwidths.map((b: { id: string }) => b.id),
      ids,
    );
    assert.equal(all.json.bandwidths[2].name, 'list-2');
    assert.equal(all.json.bandwidths[2].size, 12);
    assert.equal(all.json.bandwidths[2].share_type, 'WHOLE');
    const first = await list('?limit=2');
    assert.deepEqual(
      first.json.bandwidths.map((b: { id: string }) => b.id),
      ids.slice(0, 2),
    );
    const second = await list(`?limit=2&marker=${ids[1]}`);
    assert.deepEqual(
      second.json.bandwidths.map((b: { id: string }) => b.id),
      ids.slice(2, 4),
    );
    assert.deepEqual((await list(`?limit=2&marker=${ids[4]}`)).json.bandwidths, []);
  });

  test('share_type filter; bad limit, share_type or marker → 400 VPC.0002; X-Project-Id checked', async () => {
    await create({ name: 'typed', size: 10 }, 'vpc-list-typed');
    assert.equal((await list('?share_type=WHOLE', 'vpc-list-typed')).json.bandwidths.length, 1);
    assert.deepEqual((await list('?share_type=PER', 'vpc-list-typed')).json.bandwidths, []);
    for (const q of ['?limit=0', '?limit=abc', '?share_type=whole', '?marker=no-such-id'])
      assertVpc(await list(q, 'vpc-list-typed'), 'VPC.0002');
    const r = await sim.call('/v1/vpc-list-typed/bandwidths', { scopeHeader: 'another' });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, 'VPC.0007');
  });
});
