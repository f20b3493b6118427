import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAnswer, checkSchema, documentedPath, type OpenApiDocument } from './openapi.js';

/** A small document in the shape the BFF's has: a named answer, a problem, a header component. */
const doc: OpenApiDocument = {
  paths: {
    '/v1/jobs/{jobId}': {
      get: {
        responses: {
          200: {
            description: 'The job',
            headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } },
          },
          404: {
            description: 'Not found',
            content: {
              'application/problem+json': {
                schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
  components: {
    headers: { 'X-Request-Id': { schema: { type: 'string' } } },
    schemas: {
      Job: {
        type: 'object',
        required: ['jobId', 'status'],
        additionalProperties: false,
        properties: {
          jobId: { type: 'string', maxLength: 8 },
          status: { type: 'string', enum: ['pending', 'succeeded'] },
          progress: { type: 'integer', minimum: 0, maximum: 100 },
          result: {
            oneOf: [{ type: 'object', required: ['a'], properties: { a: { const: true } } }, { type: 'null' }],
          },
        },
      },
    },
  },
};

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json', ...headers },
  });

describe('the response validator', () => {
  test('an answer as documented passes, and its path is matched to the template', async () => {
    assert.equal(documentedPath(doc, '/v1/jobs/abc'), '/v1/jobs/{jobId}');
    assert.deepEqual(
      await checkAnswer(
        doc,
        'GET',
        '/v1/jobs/abc',
        answer(200, { jobId: 'j1', status: 'pending', progress: 5 }, { 'x-request-id': 'r' }),
      ),
      [],
    );
    assert.deepEqual(await checkAnswer(doc, 'GET', '/v1/jobs/abc', answer(404, { code: 'not_found' })), []);
  });

  test('what the document does not describe is reported, not failed', async () => {
    assert.equal(await checkAnswer(doc, 'GET', '/docs', answer(200, {})), undefined);
    assert.equal(await checkAnswer(doc, 'DELETE', '/v1/jobs/abc', answer(200, {})), undefined);
  });

  test('drift fails: an undocumented status, a body off its schema, a header not documented, a wrong content type', async () => {
    assert.match(
      (await checkAnswer(doc, 'GET', '/v1/jobs/a', answer(409, { code: 'x' })))!.join(),
      /status not documented/,
    );
    const off = await checkAnswer(
      doc,
      'GET',
      '/v1/jobs/a',
      answer(200, { jobId: 'far-too-long', status: 'done', progress: 101, extra: 1 }),
    );
    assert.deepEqual(off!.map((p) => p.replace(/^.*?: /, '')).sort(), [
      '$.extra: no value is allowed here',
      '$.jobId: longer than 8',
      '$.progress: 101 > maximum 100',
      '$.status: "done" is not one of ["pending","succeeded"]',
    ]);
    assert.match(
      (await checkAnswer(doc, 'GET', '/v1/jobs/a', answer(200, { jobId: 'j' })))!.join(),
      /"status" is required/,
    );
    assert.match(
      (await checkAnswer(doc, 'GET', '/v1/jobs/a', answer(404, { code: 'x' }, { 'retry-after': '1' })))!.join(),
      /header retry-after sent but not documented/,
    );
    assert.match(
      (await checkAnswer(
        doc,
        'GET',
        '/v1/jobs/a',
        new Response('{}', { status: 200, headers: { 'content-type': 'text/html' } }),
      ))!.join(),
      /content type "text\/html" not documented/,
    );
  });

  test('oneOf needs exactly one match; a keyword the checker does not know is an error, never a silent pass', () => {
    const job = { $ref: '#/components/schemas/Job' };
    assert.deepEqual(checkSchema(doc, job, { jobId: 'j', status: 'pending', result: null }), []);
    assert.deepEqual(checkSchema(doc, job, { jobId: 'j', status: 'pending', result: { a: true } }), []);
    assert.match(
      checkSchema(doc, job, { jobId: 'j', status: 'pending', result: { a: false } }).join(),
      /matches 0 of oneOf/,
    );
    assert.match(
      checkSchema(doc, { type: 'string', contentEncoding: 'base64' }, 'x').join(),
      /does not know the keyword "contentEncoding"/,
    );
  });
});
