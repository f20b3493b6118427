import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from './index.js';

test('renders Prometheus text: counters with escaped labels, cumulative histogram buckets', () => {
  const m = new Metrics();
  m.requests.inc({ method: 'GET', route: '/v1/"x"', status: '200' });
  m.requests.inc({ method: 'GET', route: '/v1/"x"', status: '200' });
  m.latency.observe({ route: '/a' }, 0.02);
  m.latency.observe({ route: '/a' }, 3);
  const text = m.render();
  assert.match(text, /# TYPE bwkit_http_requests_total counter/);
  assert.match(text, /bwkit_http_requests_total\{method="GET",route="\/v1\/\\"x\\"",status="200"\} 2/);
  assert.match(text, /bwkit_http_request_duration_seconds_bucket\{route="\/a",le="0.025"\} 1/);
  assert.match(text, /bwkit_http_request_duration_seconds_bucket\{route="\/a",le="5"\} 2/);
  assert.match(text, /bwkit_http_request_duration_seconds_bucket\{route="\/a",le="\+Inf"\} 2/);
  assert.match(text, /bwkit_http_request_duration_seconds_count\{route="\/a"\} 2/);
});

test('renders the idempotency state machine series', () => {
  const m = new Metrics();
  m.idempotencyTransitions.inc({ from: 'pending', to: 'unknown', reason: 'timeout' });
  m.reconcileAttempts.inc({ result: 'succeeded' });
  m.storeErrors.inc({ op: 'complete' });
  const text = m.render();
  assert.match(text, /bwkit_idempotency_transitions_total\{from="pending",reason="timeout",to="unknown"\} 1/);
  assert.match(text, /bwkit_reconcile_attempts_total\{result="succeeded"\} 1/);
  assert.match(text, /bwkit_idempotency_store_errors_total\{op="complete"\} 1/);
});
