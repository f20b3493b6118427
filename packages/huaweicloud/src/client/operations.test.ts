import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVICE_NAMES } from '../services.js';
import { matchOperation, OPERATION_NAMES, OPERATIONS } from './operations.js';

test('every row names a known service, a documented path and a credential scope that fits the path', () => {
  for (const name of OPERATION_NAMES) {
    const spec = OPERATIONS[name];
    assert.ok(SERVICE_NAMES.includes(spec.service), name);
    assert.match(spec.path, /^\/v[0-9.]+\//, name);
    if (spec.path.includes('{project_id}')) assert.equal(spec.credentials, 'project', name);
    if (spec.path.includes('{domain_id}')) assert.equal(spec.credentials, 'domain', name);
    assert.ok(spec.okStatuses.length > 0, name);
  }
});

test('only GETs are retried, and every GET and price inquiry is read-only while creates, pay and cancel are not', () => {
  for (const name of OPERATION_NAMES) {
    const spec = OPERATIONS[name];
    assert.equal(spec.retried, spec.method === 'GET', name);
    if (spec.retried) assert.ok(spec.readOnly, name);
  }
  assert.deepEqual(
    OPERATION_NAMES.filter((n) => OPERATIONS[n].readOnly && OPERATIONS[n].method !== 'GET'),
    ['ratePeriodProducts', 'rateOnDemandProducts'],
  );
  assert.deepEqual(
    OPERATION_NAMES.filter((n) => !OPERATIONS[n].readOnly),
    [
      'createWorkspaceBandwidth',
      'changeWorkspaceBandwidth',
      'createSharedBandwidth',
      'createBandwidthPackage',
      'payOrder',
      'cancelOrder',
    ],
  );
});

test('every row is found again from its own method and path', () => {
  for (const name of OPERATION_NAMES) {
    const spec = OPERATIONS[name];
    const path = spec.path.replace(/\{([a-z_]+)\}/g, (_, p: string) => `x-${p}`);
    assert.equal(matchOperation(spec.method, path)?.operation, name);
  }
});
