import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROBLEM_CODES, PROBLEM_STATUS, ProblemSchema } from '@bwkit/contracts';
import { malformedRequest, ProblemError, problemResponse, validationProblem } from './index.js';

test('every problem code answers with the status PROBLEM_STATUS gives it, as a valid problem+json body', async () => {
  for (const code of PROBLEM_CODES) {
    const res = problemResponse(new ProblemError(code, 'detail'), 'req-1');
    assert.equal(res.status, PROBLEM_STATUS[code], code);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const body = await res.json();
    assert.equal(ProblemSchema.safeParse(body).success, true, code);
    assert.deepEqual([body.code, body.status, body.requestId], [code, PROBLEM_STATUS[code], 'req-1']);
  }
});

test('a rule broken is 422; a request that cannot be read at all is 400, both validation_failed with their fields', () => {
  const fields = [{ path: 'sizeMbps', code: 'too_big', message: 'At most 1000.' }];
  const rule = validationProblem(fields);
  assert.deepEqual([rule.problem.status, rule.problem.code, rule.problem.fields], [422, 'validation_failed', fields]);
  const unreadable = malformedRequest('The body is not valid JSON.', [
    { path: '', code: 'invalid_type', message: 'Not JSON.' },
  ]);
  assert.deepEqual([unreadable.problem.status, unreadable.problem.code], [400, 'validation_failed']);
  // `malformed` only changes validation_failed: any other code keeps its own status.
  assert.equal(new ProblemError('not_found', undefined, { malformed: true }).problem.status, 404);
});

test('a ProblemError is an Error named ProblemError, carrying extra headers onto the answer', () => {
  const e = new ProblemError('upstream_unavailable', 'Keys unavailable.', { headers: { 'retry-after': '5' } });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'ProblemError');
  assert.equal(e.message, 'Keys unavailable.');
  assert.equal(problemResponse(e, undefined).headers.get('retry-after'), '5');
});
