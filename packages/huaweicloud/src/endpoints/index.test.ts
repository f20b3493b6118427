import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../errors/index.js';
import { isServiceName, SERVICE_NAMES } from '../services.js';
import { BSS_ENDPOINTS, DEFAULT_ENDPOINTS, defaultEndpoint, endpointFor, KNOWN_WORKSPACE_REGIONS } from './index.js';

test('defaults: regional Workspace and VPC, global Cloud Connect', () => {
  assert.equal(endpointFor('workspace', 'cn-north-4'), 'https://workspace.cn-north-4.myhuaweicloud.com');
  assert.equal(endpointFor('vpc', 'ap-southeast-1'), 'https://vpc.ap-southeast-1.myhuaweicloud.com');
  assert.equal(endpointFor('cc', 'cn-north-4'), 'https://cc.myhuaweicloud.com');
  assert.equal(endpointFor('cc', ''), 'https://cc.myhuaweicloud.com');
});

test('DEFAULT_ENDPOINTS and KNOWN_WORKSPACE_REGIONS are as documented', () => {
  assert.deepEqual(
    { ...DEFAULT_ENDPOINTS },
    {
      workspace: 'https://workspace.{region}.myhuaweicloud.com',
      vpc: 'https://vpc.{region}.myhuaweicloud.com',
      cc: 'https://cc.myhuaweicloud.com',
      bss: 'https://bss-intl.myhuaweicloud.com',
    },
  );
  assert.equal(KNOWN_WORKSPACE_REGIONS.length, 13);
  for (const r of ['cn-north-4', 'ap-southeast-3', 'eu-west-101', 'tr-west-1']) {
    assert.ok((KNOWN_WORKSPACE_REGIONS as readonly string[]).includes(r), r);
  }
  assert.ok(Object.isFrozen(DEFAULT_ENDPOINTS));
});

test('BSS is global, with one host per site (international by default)', () => {
  assert.equal(endpointFor('bss', ''), 'https://bss-intl.myhuaweicloud.com');
  assert.equal(endpointFor('bss', 'cn-north-4', undefined, 'international'), 'https://bss-intl.myhuaweicloud.com');
  assert.equal(endpointFor('bss', 'cn-north-4', undefined, 'chinese-mainland'), 'https://bss.myhuaweicloud.com');
  assert.equal(endpointFor('bss', '', {}, 'chinese-mainland'), 'https://bss.myhuaweicloud.com');
  assert.deepEqual(
    { ...BSS_ENDPOINTS },
    {
      international: 'https://bss-intl.myhuaweicloud.com',
      'chinese-mainland': 'https://bss.myhuaweicloud.com',
    },
  );
  // the site only concerns BSS
  assert.equal(endpointFor('cc', '', undefined, 'chinese-mainland'), 'https://cc.myhuaweicloud.com');
  assert.equal(defaultEndpoint('vpc', 'chinese-mainland'), 'https://vpc.{region}.myhuaweicloud.com');
  assert.deepEqual([...SERVICE_NAMES], ['workspace', 'vpc', 'cc', 'bss']);
  assert.ok(isServiceName('bss'));
});

test('a bss override wins over the site default', () => {
  assert.equal(endpointFor('bss', '', { bss: 'http://127.0.0.1:9000/' }, 'chinese-mainland'), 'http://127.0.0.1:9000');
  assert.equal(endpointFor('bss', '', { bss: 'http://127.0.0.1:9000' }, 'international'), 'http://127.0.0.1:9000');
});

const overrideCases: [string, Parameters<typeof endpointFor>, string][] = [
  ['plain override', ['vpc', 'cn-north-4', { vpc: 'http://127.0.0.1:9000' }], 'http://127.0.0.1:9000'],
  ['trailing slash removed', ['vpc', 'cn-north-4', { vpc: 'http://127.0.0.1:9000/' }], 'http://127.0.0.1:9000'],
  ['several trailing slashes', ['cc', 'x', { cc: 'http://sim.local//' }], 'http://sim.local'],
  [
    'override with {region}',
    ['workspace', 'la-south-2', { workspace: 'https://wks.{region}.example.com/' }],
    'https://wks.la-south-2.example.com',
  ],
  [
    'override with a path prefix',
    ['workspace', 'cn-east-3', { workspace: 'http://gw:8080/upstream/{region}/wks/' }],
    'http://gw:8080/upstream/cn-east-3/wks',
  ],
  [
    'other services keep their default',
    ['workspace', 'cn-east-3', { vpc: 'http://127.0.0.1:1' }],
    'https://workspace.cn-east-3.myhuaweicloud.com',
  ],
  ['empty override ignored', ['vpc', 'cn-east-3', { vpc: '' }], 'https://vpc.cn-east-3.myhuaweicloud.com'],
];
for (const [name, args, expected] of overrideCases) {
  test(`overrides: ${name}`, () => assert.equal(endpointFor(...args), expected));
}

const badCases: [string, () => unknown][] = [
  ['region with a dot', () => endpointFor('vpc', 'evil.com/x')],
  ['region with @', () => endpointFor('workspace', 'a@b')],
  ['empty region for a regional service', () => endpointFor('workspace', '')],
  ['upper-case region', () => endpointFor('workspace', 'CN-NORTH-4')],
  ['relative override', () => endpointFor('vpc', 'cn-north-4', { vpc: '/v' })],
  ['non-http override', () => endpointFor('vpc', 'cn-north-4', { vpc: 'ftp://x' })],
  ['override with credentials', () => endpointFor('vpc', 'cn-north-4', { vpc: 'http://u:p@x' })],
  ['unknown service', () => endpointFor('ecs' as never, 'cn-north-4')],
  ['unknown site for bss', () => endpointFor('bss', '', undefined, 'mars' as never)],
];
for (const [name, fn] of badCases) {
  test(`rejects ${name}`, () => assert.throws(fn, ConfigError));
}
