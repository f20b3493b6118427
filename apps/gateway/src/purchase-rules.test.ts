/**
 * Fidelity of the rules between the public contract and the simulated cloud: the shared-bandwidth name rule is the
 * same on both sides, and names/descriptions with control or bidi characters, or package names with < >, are
 * refused by the gateway before anything reaches the cloud.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rules } from '@bwkit/cloud-sim';
import { DEFAULT_LIMITS, SHARED_BANDWIDTH_NAME_PATTERN, validateCreateSharedBandwidth } from '@bwkit/contracts';
import { mintToken, newKey, startTestGateway, type TestGateway } from './testing/index.js';

describe('shared bandwidth name: contracts and simulator agree', () => {
  test('letters, digits, _ - . (1–64) on both sides, for any string', () => {
    const ctx = { site: 'international' as const, limits: DEFAULT_LIMITS, regions: ['ap-southeast-3'] };
    // Names drawn (with a fixed seed) from allowed characters mixed with every kind of refused one.
    const alphabet = [
      ...'abcXYZ019_.-',
      ' ',
      '共',
      '享',
      '\n',
      '\t',
      '<',
      '>',
      '/',
      'é',
      '\u202E',
      '\uD83D',
      '\uDE00',
      '\u0000',
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const names = ['共享带宽', 'bw 1', 'a'.repeat(64), 'a'.repeat(65), '', 'ok_1.2-3'];
    for (let i = 0; i < 3000; i++) {
      const clean = next() < 0.5;
      const len = Math.floor(next() * 70);
      names.push(
        Array.from({ length: len }, () => alphabet[Math.floor(next() * (clean ? 12 : alphabet.length))]).join(''),
      );
    }
    for (const name of names) {
      const contract = SHARED_BANDWIDTH_NAME_PATTERN.test(name);
      assert.equal(contract, rules.VPC_NAME_RE.test(name), JSON.stringify(name));
      assert.equal(validateCreateSharedBandwidth({ name, sizeMbps: 10 }, ctx).ok, contract, JSON.stringify(name));
    }
    assert.ok(names.filter((n) => SHARED_BANDWIDTH_NAME_PATTERN.test(n)).length > 500);
  });
});

describe('refused before the cloud', () => {
  let gw: TestGateway;
  let acme: string;
  before(async () => {
    gw = await startTestGateway();
    acme = await mintToken();
  });
  after(() => gw.close());

  test('control characters, CR/LF, bidi overrides, lone surrogates and < > never reach the cloud', async () => {
    const before = await gw.simState();
    const cases: [string, unknown, string, string][] = [
      [
        '/v1/workspace-bandwidths',
        { subnetId: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', chargeMode: 'free', name: 'office\r\nX-Injected: 1' },
        'name',
        'unsafe_chars',
      ],
      [
        '/v1/workspace-bandwidths',
        { subnetId: '2fe2cebf-fb0c-40a6-8daa-f60bef147583', chargeMode: 'free', name: 'abc\u202Etxt.exe' },
        'name',
        'unsafe_chars',
      ],
      [
        '/v1/workspace-bandwidths/3f9e8d7c-6b5a-4938-8271-605f4e3d2c1b/change-orders',
        { sizeMbps: 20, autoPay: false, name: 'a\uD83D' },
        'name',
        'unsafe_chars',
      ],
      [
        '/v1/bandwidth-packages',
        {
          name: 'pkg<script>',
          localArea: 'Asia-Pacific',
          remoteArea: 'Chinese-Mainland',
          billingMode: 4,
          sizeMbps: 10,
        },
        'name',
        'angle_brackets',
      ],
      [
        '/v1/bandwidth-packages',
        {
          name: 'pkg',
          description: 'line 1\nline 2',
          localArea: 'Asia-Pacific',
          remoteArea: 'Chinese-Mainland',
          billingMode: 4,
          sizeMbps: 10,
        },
        'description',
        'unsafe_chars',
      ],
      ['/v1/shared-bandwidths', { name: '共享带宽-01', sizeMbps: 10 }, 'name', 'name_chars'],
    ];
    for (const [path, body, field, code] of cases) {
      const res = await gw.call(path, { token: acme, key: newKey(), body });
      const p = (await res.json()) as any;
      assert.equal(res.status, 422, `${path} ${JSON.stringify(body)}`);
      assert.deepEqual(
        p.fields.map((f: any) => [f.path, f.code]),
        [[field, code]],
        JSON.stringify(p),
      );
    }
    const after = await gw.simState();
    assert.deepEqual(after.counts, before.counts, 'nothing was sent upstream');
  });
});
