/** Cloud Connect createBandwidthPackage over real HTTP, per website. */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rules } from '../../index.js';
import type { CallResult, TestSim } from '../../test-support.js';
import { CN, INTL, REQUEST_ID_RE, startTestSim, TIMESTAMP_RE, UUID_RE } from '../../test-support.js';

let sim: TestSim;
before(async () => {
  sim = await startTestSim();
});
after(() => sim.close());

const D = 'dom-cc-1';
let seq = 0;
const base = (over: Record<string, unknown> = {}) => ({
  name: `bwp-${++seq}`,
  project_id: '0e69423d4400f4a82f67c0059a1e4cc8',
  local_area_id: 'Chinese-Mainland',
  remote_area_id: 'Asia-Pacific',
  charge_mode: 'bandwidth',
  billing_mode: 4,
  bandwidth: 5,
  ...over,
});
const cnBase = (over: Record<string, unknown> = {}) =>
  base({ local_area_id: 'Chinese-Mainland', remote_area_id: 'Western-Latin-America', billing_mode: 3, ...over });
const create = (pkg: unknown, cred = INTL, domain = D) =>
  sim.call(`/v3/${domain}/ccaas/bandwidth-packages`, { body: { bandwidth_package: pkg }, cred });

function assertCc(r: CallResult, mentions?: RegExp, code = 'CC.1001') {
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['error_code', 'error_msg', 'request_id']);
  assert.equal(r.json.error_code, code, r.text);
  assert.equal(r.json.request_id, r.headers.get('x-request-id'));
  if (mentions) assert.match(r.json.error_msg, mentions);
}

describe('createBandwidthPackage', () => {
  test('201 {request_id, bandwidth_package} with every documented field', async () => {
    const r = await create(base({ name: 'test_bwp_name', interflow_mode: 'Area', enterprise_project_id: '0' }));
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.request_id, REQUEST_ID_RE);
    assert.equal(r.json.request_id, r.headers.get('x-request-id'));
    const p = r.json.bandwidth_package;
    assert.deepEqual(Object.keys(p).sort(), [
      'admin_state_up',
      'bandwidth',
      'billing_mode',
      'charge_mode',
      'created_at',
      'description',
      'domain_id',
      'enterprise_project_id',
      'id',
      'interflow_mode',
      'local_area_id',
      'name',
      'order_id',
      'product_id',
      'project_id',
      'remote_area_id',
      'resource_id',
      'resource_type',
      'spec_code',
      'status',
      'tags',
      'updated_at',
    ]);
    assert.match(p.id, UUID_RE);
    assert.equal(p.name, 'test_bwp_name');
    assert.equal(p.description, '');
    assert.equal(p.domain_id, D);
    assert.equal(p.project_id, '0e69423d4400f4a82f67c0059a1e4cc8');
    assert.equal(p.billing_mode, 4);
    assert.equal(p.spec_code, 'bandwidth.cmtoap');
    assert.equal(p.status, 'ACTIVE');
    assert.equal(p.admin_state_up, true);
    assert.equal(p.order_id, '');
    assert.deepEqual(p.tags, []);
    assert.equal(p.charge_mode, 'bandwidth');
    assert.equal(p.bandwidth, 5);
    assert.equal(p.interflow_mode, 'Area');
    assert.equal(p.resource_type, '');
    assert.equal(p.resource_id, '');
    assert.match(p.created_at, TIMESTAMP_RE);
  });

  test('prepaid (billing_mode 1/2) gets an order_id; others do not', async () => {
    const intl = await create(
      base({
        billing_mode: 2,
        prepaid_options: { period_type: 'month', period_num: 9, is_auto_renew: true, is_auto_pay: true },
      }),
    );
    assert.equal(intl.status, 201, intl.text);
    assert.match(intl.json.bandwidth_package.order_id, /^CS\d{10}[A-Z]{5}$/);
    const cn = await create(cnBase({ billing_mode: 1, prepaid_options: { period_type: 'year', period_num: 3 } }), CN);
    assert.equal(cn.status, 201, cn.text);
    assert.ok(cn.json.bandwidth_package.order_id.length > 0);
    assert.equal((await create(base({ billing_mode: 6 }))).json.bandwidth_package.order_id, '');
  });

  test('spec_code is derived from the area pair in either order', async () => {
    const r1 = await create(base({ local_area_id: 'Eastern-Latin-America', remote_area_id: 'Africa' }));
    assert.equal(r1.json.bandwidth_package.spec_code, 'bandwidth.aftoela');
    const r2 = await create(base({ local_area_id: 'Africa', remote_area_id: 'Eastern-Latin-America' }));
    assert.equal(r2.json.bandwidth_package.spec_code, 'bandwidth.aftoela');
    const r3 = await create(
      base({ local_area_id: 'Asia-Pacific', remote_area_id: 'Chinese-Mainland', spec_code: 'bandwidth.cmtoap' }),
    );
    assert.equal(r3.status, 201, r3.text);
  });

  test('every pair of areas: a code where documented, refused where none exists (Africa–Africa, NLA–NLA)', async () => {
    for (const a of rules.CC_AREAS) {
      for (const b of rules.CC_AREAS) {
        const r = await create(base({ local_area_id: a, remote_area_id: b }));
        const expected = rules.specCodeForAreas(a, b);
        if (expected) {
          assert.equal(r.status, 201, `${a}–${b}: ${r.text}`);
          assert.equal(r.json.bandwidth_package.spec_code, expected);
        } else {
          assert.ok(
            (a === 'Africa' && b === 'Africa') || (a === 'Northern-Latin-America' && b === 'Northern-Latin-America'),
            `${a}–${b}`,
          );
          assertCc(r, /specification/);
        }
      }
    }
    assert.equal(rules.CC_SPEC_CODES.length, 19);
  });

  describe('website rules', () => {
    test("billing_mode must be of the AK's site: CN 1/3/5, international 2/4/6", async () => {
      for (const mode of [1, 3, 5])
        assertCc(
          await create(
            base({
              billing_mode: mode,
              prepaid_options: mode === 1 ? { period_type: 'month', period_num: 1 } : undefined,
            }),
          ),
          /billing_mode/,
        );
      for (const mode of [2, 4, 6])
        assertCc(
          await create(
            cnBase({
              billing_mode: mode,
              prepaid_options: mode === 2 ? { period_type: 'month', period_num: 1 } : undefined,
            }),
            CN,
          ),
          /billing_mode/,
        );
      assert.equal((await create(cnBase({ billing_mode: 5 }), CN)).status, 201);
    });

    test('international-only codes are refused on the Chinese mainland site, given or derived', async () => {
      for (const [a, b] of [
        ['Chinese-Mainland', 'Chinese-Mainland'],
        ['Chinese-Mainland', 'Asia-Pacific'],
        ['Chinese-Mainland', 'Africa'],
        ['Asia-Pacific', 'Asia-Pacific'],
        ['Asia-Pacific', 'Africa'],
      ]) {
        assertCc(await create(cnBase({ local_area_id: a, remote_area_id: b }), CN), /not sold/);
        assert.equal(
          (await create(base({ local_area_id: a, remote_area_id: b }))).status,
          201,
          `${a}–${b} on international`,
        );
      }
      assertCc(
        await create(
          cnBase({ local_area_id: 'Asia-Pacific', remote_area_id: 'Asia-Pacific', spec_code: 'bandwidth.aptoap' }),
          CN,
        ),
        /not sold/,
      );
      const both = await create(
        cnBase({
          local_area_id: 'Asia-Pacific',
          remote_area_id: 'Northern-Latin-America',
          spec_code: 'bandwidth.aptonla',
        }),
        CN,
      );
      assert.equal(both.status, 201, both.text);
    });
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['name missing', { name: undefined }, /name/],
    ['name empty', { name: '' }, /name/],
    ['name of 65', { name: 'n'.repeat(65) }, /name/],
    ['name with <', { name: 'a<b' }, /name/],
    ['description with <', { description: 'see <here>' }, /description/],
    ['description with >', { description: 'a > b' }, /description/],
    ['description of 86', { description: 'd'.repeat(86) }, /description/],
    ['project_id missing', { project_id: undefined }, /project_id/],
    ['local_area_id unknown', { local_area_id: 'Europe' }, /local_area_id/],
    ['remote_area_id missing', { remote_area_id: undefined }, /remote_area_id/],
    ['charge_mode traffic', { charge_mode: 'traffic' }, /charge_mode/],
    ['charge_mode missing', { charge_mode: undefined }, /charge_mode/],
    ['billing_mode 0', { billing_mode: 0 }, /billing_mode/],
    ['billing_mode 7', { billing_mode: 7 }, /billing_mode/],
    ['billing_mode "4"', { billing_mode: '4' }, /billing_mode/],
    ['bandwidth 0', { bandwidth: 0 }, /bandwidth/],
    ['bandwidth 2.5', { bandwidth: 2.5 }, /bandwidth/],
    ['bandwidth missing', { bandwidth: undefined }, /bandwidth/],
    ['spec_code unknown', { spec_code: 'bandwidth.eutoeu' }, /spec_code/],
    ['spec_code of another pair', { spec_code: 'bandwidth.cmtocm' }, /spec_code/],
    ['interflow_mode Global', { interflow_mode: 'Global' }, /interflow_mode/],
    ['resource_type without resource_id', { resource_type: 'cloud_connection' }, /resource_id/],
    ['resource_id without resource_type', { resource_id: 'cc-1' }, /resource_type/],
    ['resource_type other', { resource_type: 'vpc', resource_id: 'x' }, /resource_type/],
    [
      'prepaid_options with pay-per-use',
      { prepaid_options: { period_type: 'month', period_num: 1 } },
      /prepaid_options/,
    ],
    ['billing_mode 2 without prepaid_options', { billing_mode: 2 }, /prepaid_options/],
    ['period_type week', { billing_mode: 2, prepaid_options: { period_type: 'week', period_num: 1 } }, /period_type/],
    [
      'period_num 10 months',
      { billing_mode: 2, prepaid_options: { period_type: 'month', period_num: 10 } },
      /period_num/,
    ],
    [
      'period_num 0 months',
      { billing_mode: 2, prepaid_options: { period_type: 'month', period_num: 0 } },
      /period_num/,
    ],
    ['period_num 4 years', { billing_mode: 2, prepaid_options: { period_type: 'year', period_num: 4 } }, /period_num/],
    [
      'is_auto_pay "true"',
      { billing_mode: 2, prepaid_options: { period_type: 'year', period_num: 1, is_auto_pay: 'true' } },
      /is_auto_pay/,
    ],
    [
      'is_auto_renew 1',
      { billing_mode: 2, prepaid_options: { period_type: 'year', period_num: 1, is_auto_renew: 1 } },
      /is_auto_renew/,
    ],
  ];
  for (const [name, over, mentions] of bad) {
    test(`refused: ${name} → 400 CC.1001`, async () => {
      assertCc(await create(base(over)), mentions);
    });
  }

  test('edges accepted: 64-char name, 85-char description, 3 years, a resource binding', async () => {
    assert.equal((await create(base({ name: 'n'.repeat(64), description: 'd'.repeat(85) }))).status, 201);
    assert.equal(
      (await create(base({ billing_mode: 2, prepaid_options: { period_type: 'year', period_num: 3 } }))).status,
      201,
    );
    const bound = await create(
      base({ resource_type: 'cloud_connection', resource_id: 'cc-123', interflow_mode: 'Region' }),
    );
    assert.equal(bound.status, 201, bound.text);
    assert.equal(bound.json.bandwidth_package.resource_id, 'cc-123');
    assert.equal(bound.json.bandwidth_package.interflow_mode, 'Region');
  });

  test('missing bandwidth_package object → CC.1001', async () => {
    assertCc(await sim.call(`/v3/${D}/ccaas/bandwidth-packages`, { body: { name: 'x' } }), /bandwidth_package/);
  });

  test('duplicate name in the domain → 400 CC.1053; another domain may reuse it', async () => {
    assert.equal((await create(base({ name: 'dup-name' }))).status, 201);
    assertCc(await create(base({ name: 'dup-name' })), /dup-name/, 'CC.1053');
    assert.equal((await create(base({ name: 'dup-name' }), INTL, 'dom-cc-2')).status, 201);
  });
});

describe('listCloudConnections', () => {
  const L = 'dom-cc-list';
  const list = (query = '', domain = L) => sim.call(`/v3/${domain}/ccaas/cloud-connections${query}`);

  test('seeded per domain: at least three, one not ACTIVE, with the documented fields', async () => {
    const r = await list();
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['cloud_connections', 'page_info', 'request_id']);
    assert.equal(r.json.request_id, r.headers.get('x-request-id'));
    const conns = r.json.cloud_connections;
    assert.ok(conns.length >= 3);
    assert.deepEqual(r.json.page_info, { current_count: conns.length });
    assert.ok(conns.some((c: { status: string }) => c.status !== 'ACTIVE'));
    for (const c of conns) {
      assert.deepEqual(Object.keys(c).sort(), [
        'admin_state_up',
        'bandwidth_package_number',
        'created_at',
        'description',
        'domain_id',
        'enterprise_project_id',
        'id',
        'inter_region_bandwidth_number',
        'name',
        'network_instance_number',
        'status',
        'tags',
        'updated_at',
        'used_scene',
      ]);
      assert.equal(c.domain_id, L);
      assert.match(c.id, UUID_RE);
      assert.match(c.created_at, TIMESTAMP_RE);
    }
  });

  test('marker pages: next_marker while more follow, previous_marker after the first page', async () => {
    const all = (await list()).json.cloud_connections.map((c: { id: string }) => c.id);
    const p1 = await list('?limit=1');
    assert.deepEqual(
      p1.json.cloud_connections.map((c: { id: string }) => c.id),
      [all[0]],
    );
    assert.deepEqual(p1.json.page_info, { current_count: 1, next_marker: all[0] });
    const p2 = await list(`?limit=1&marker=${p1.json.page_info.next_marker}`);
    assert.deepEqual(p2.json.page_info, { current_count: 1, next_marker: all[1], previous_marker: all[1] });
    const last = await list(`?limit=5&marker=${all[all.length - 2]}`);
    assert.deepEqual(last.json.page_info, { current_count: 1, previous_marker: all[all.length - 1] });
    for (const q of ['?limit=0', '?limit=2001', '?limit=x', '?marker=nope']) assertCc(await list(q), /limit|marker/);
  });

  test('csv filters, comma-joined or repeated: status, id, name', async () => {
    const conns = (await list()).json.cloud_connections;
    const active = await list('?status=ACTIVE');
    assert.ok(active.json.cloud_connections.length >= 2);
    assert.ok(active.json.cloud_connections.every((c: { status: string }) => c.status === 'ACTIVE'));
    const two = await list(`?id=${conns[0].id},${conns[2].id}`);
    assert.deepEqual(
      two.json.cloud_connections.map((c: { id: string }) => c.id),
      [conns[0].id, conns[2].id],
    );
    const repeated = await list(`?name=${conns[1].name}&name=${conns[2].name}`);
    assert.equal(repeated.json.cloud_connections.length, 2);
    assert.equal((await list('?name=nobody')).json.page_info.current_count, 0);
  });

  test('X-Domain-Id must match the path', async () => {
    assertCc(await sim.call(`/v3/${L}/ccaas/cloud-connections`, { scopeHeader: 'other' }), /X-Domain-Id/);
  });
});

describe('listBandwidthPackages', () => {
  const L = 'dom-cc-packages';
  const list = (query = '') => sim.call(`/v3/${L}/ccaas/bandwidth-packages${query}`);

  test('created packages appear, bound ones counted on their cloud connection; filters and pages', async () => {
    assert.deepEqual((await list()).json.bandwidth_packages, []);
    const cc = (await sim.call(`/v3/${L}/ccaas/cloud-connections`)).json.cloud_connections[0];
    const a = (await create(base({ name: 'pkg-a' }), INTL, L)).json.bandwidth_package;
    const b = (await create(base({ name: 'pkg-b', resource_type: 'cloud_connection', resource_id: cc.id }), INTL, L))
      .json.bandwidth_package;
    const c = (
      await create(
        base({ name: 'pkg-c', billing_mode: 2, prepaid_options: { period_type: 'month', period_num: 1 } }),
        INTL,
        L,
      )
    ).json.bandwidth_package;
    const r = await list();
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['bandwidth_packages', 'page_info', 'request_id']);
    assert.deepEqual(
      r.json.bandwidth_packages.map((p: { id: string }) => p.id),
      [a.id, b.id, c.id],
    );
    assert.deepEqual(r.json.bandwidth_packages[1], b);
    assert.deepEqual(
      (await list(`?cloud_connection_id=${cc.id}`)).json.bandwidth_packages.map((p: { name: string }) => p.name),
      ['pkg-b'],
    );
    assert.deepEqual(
      (await list(`?resource_id=${cc.id}`)).json.bandwidth_packages.map((p: { name: string }) => p.name),
      ['pkg-b'],
    );
    assert.deepEqual(
      (await list('?billing_mode=2')).json.bandwidth_packages.map((p: { name: string }) => p.name),
      ['pkg-c'],
    );
    assert.deepEqual(
      (await list('?name=pkg-a,pkg-c')).json.bandwidth_packages.map((p: { name: string }) => p.name),
      ['pkg-a', 'pkg-c'],
    );
    const page = await list(`?limit=1&marker=${a.id}`);
    assert.deepEqual(page.json.page_info, { current_count: 1, next_marker: b.id, previous_marker: b.id });
    const bound = (await sim.call(`/v3/${L}/ccaas/cloud-connections?id=${cc.id}`)).json.cloud_connections[0];
    assert.equal(bound.bandwidth_package_number, 1);
  });
});

describe('prepaid packages and BSS orders', () => {
  const L = 'dom-cc-orders';
  const show = (id: string, cred = INTL) =>
    sim.call(`/v2/orders/customer-orders/details/${id}`, { cred, scopeHeader: L });

  test('billing_mode 2 without auto-pay: an order pending payment (6) priced per Mbit/s and period, in USD', async () => {
    const pkg = (
      await create(
        base({
          name: 'prepaid-1',
          bandwidth: 10,
          billing_mode: 2,
          prepaid_options: { period_type: 'year', period_num: 2 },
        }),
        INTL,
        L,
      )
    ).json.bandwidth_package;
    const o = (await show(pkg.order_id)).json.order_info;
    assert.deepEqual([o.status, o.order_type, o.service_type_code, o.currency], [6, 1, 'hws.service.type.cc', 'USD']);
    assert.equal(o.official_amount, 4284); // 21 × 10.2 per Mbit/s-year × 10 Mbit/s × 2 years
    assert.equal(o.amount_after_discount, 3855.6);
    assert.match(pkg.product_id, /^OFFI/);
  });

  test('billing_mode 1 on the Chinese mainland site: CNY; is_auto_pay: completed (5) at once', async () => {
    const pkg = (
      await create(
        cnBase({
          name: 'prepaid-cn',
          billing_mode: 1,
          prepaid_options: { period_type: 'month', period_num: 1, is_auto_pay: true },
        }),
        CN,
        L,
      )
    ).json.bandwidth_package;
    const o = (await show(pkg.order_id, CN)).json.order_info;
    assert.deepEqual([o.status, o.currency, o.official_amount], [5, 'CNY', 750]);
  });

  test("cancelling a prepaid package's order: the package is not bought and leaves the list", async () => {
    const pkg = (
      await create(
        base({ name: 'prepaid-cancel', billing_mode: 2, prepaid_options: { period_type: 'month', period_num: 1 } }),
        INTL,
        L,
      )
    ).json.bandwidth_package;
    const r = await sim.call('/v2/orders/customer-orders/cancel', {
      method: 'PUT',
      body: { order_id: pkg.order_id },
      scopeHeader: L,
    });
    assert.equal(r.status, 204, r.text);
    assert.equal((await show(pkg.order_id)).json.order_info.status, 4);
    const names = (await sim.call(`/v3/${L}/ccaas/bandwidth-packages`)).json.bandwidth_packages.map(
      (p: { name: string }) => p.name,
    );
    assert.ok(!names.includes('prepaid-cancel'));
  });
});
