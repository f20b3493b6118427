/**
 * The public API's operations against the upstream OPERATIONS table: every public operation except createQuote
 * (which the BFF answers with one or two BSS price inquiries) is one upstream operation of the same name.
 * Imported by relative path: @bwkit/contracts does not depend on @bwkit/huaweicloud (it ships to browsers).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPERATIONS as UPSTREAM } from '../../huaweicloud/src/client/operations.js';
import { OPERATION_SCOPES, OPERATIONS, QUOTE_OPERATIONS } from './enums.js';

const BFF_ONLY = ['createQuote'];

test('every public operation that calls the cloud has a row in the upstream OPERATIONS table', () => {
  const missing = OPERATIONS.filter((op) => !BFF_ONLY.includes(op) && !Object.hasOwn(UPSTREAM, op));
  assert.deepEqual(missing, []);
});

test('the operations a quote prices and those with a scope of their own are upstream operations too', () => {
  for (const op of QUOTE_OPERATIONS) assert.ok(Object.hasOwn(UPSTREAM, op), op);
  for (const op of Object.keys(OPERATION_SCOPES)) assert.ok(Object.hasOwn(UPSTREAM, op), op);
});

test('the price inquiries behind a quote are read-only upstream operations', () => {
  assert.equal(UPSTREAM.ratePeriodProducts.readOnly, true);
  assert.equal(UPSTREAM.rateOnDemandProducts.readOnly, true);
});
