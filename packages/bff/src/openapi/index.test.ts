import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCOPES } from '@bwkit/contracts';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { type InProcess, inProcessBff } from '../testing/in-process.js';
import { registerOpenApiDocument } from './index.js';

type Doc = {
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        description?: string;
        tags?: string[];
        security?: Record<string, string[]>[];
        responses: Record<string, { headers?: Record<string, unknown> }>;
      }
    >
  >;
  components: {
    schemas: Record<string, unknown>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
};

/** Every `$ref` in the document, with where it was found. */
function refs(v: unknown, at = '#'): [string, string][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => refs(x, `${at}/${i}`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) =>
    k === '$ref' && typeof x === 'string' ? [[x, at] as [string, string]] : refs(x, `${at}/${k}`),
  );
}

describe('the OpenAPI document', () => {
  let t: InProcess;
  let doc: Doc;
  before(async () => {
    t = await inProcessBff();
    doc = (await (await t.bff.request('http://gateway.example/openapi.json')).json()) as Doc;
  });
  after(() => t.close());

  test('answers, problems and request bodies are named components, and every reference resolves', () => {
    for (const name of [
      'Problem',
      'Job',
      'AuditPage',
      'Quote',
      'Order',
      'SubnetList',
      'WorkspaceBandwidthList',
      'CloudConnectionList',
      'TenantConfigView',
      'WorkspaceBandwidthAccepted',
      'ChangeOrderCreated',
      'SharedBandwidthCreated',
      'BandwidthPackageCreated',
      'CreateWorkspaceBandwidthRequest',
      'ChangeWorkspaceBandwidthRequest',
      'CreateSharedBandwidthRequest',
      'CreateBandwidthPackageRequest',
      'QuoteRequest',
      'OrderActionRequest',
    ]) {
      assert.ok(doc.components.schemas[name], `#/components/schemas/${name}`);
    }
    for (const [ref, at] of refs(doc)) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      assert.ok(target, `${ref} (at ${at}) resolves`);
    }
  });

  test('headers the API sends are documented on the answers that carry them', () => {
    for (const h of [
      'X-Request-Id',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Retry-After',
      'Idempotent-Replayed',
      'Idempotency-Settled',
    ]) {
      assert.ok(doc.components.headers[h], h);
    }
    const create = doc.paths['/v1/shared-bandwidths']!['post']!;
    assert.deepEqual(Object.keys(create.responses['201']!.headers ?? {}).sort(), [
      'Idempotency-Settled',
      'Idempotent-Replayed',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'X-Request-Id',
    ]);
    assert.ok(create.responses['429']!.headers?.['Retry-After'], 'a rate-limited answer says when to retry');
    assert.ok(create.responses['503']!.headers?.['Retry-After'], 'so does a store that is down');
  });

  test('every operation has an id, a description, a described tag and a security requirement naming real scopes', () => {
    const tags = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        assert.ok(op.operationId, `${method} ${path} operationId`);
        assert.ok(op.description, `${method} ${path} description`);
        for (const tag of op.tags ?? [])
          assert.ok(tags.get(tag), `${method} ${path}: tag ${tag} is declared with a description`);
        assert.ok(op.tags?.length, `${method} ${path} is tagged`);
        for (const requirement of op.security ?? []) {
          for (const [scheme, roles] of Object.entries(requirement)) {
            assert.ok(doc.components.securitySchemes[scheme], `${method} ${path}: scheme ${scheme} is defined`);
            for (const role of roles)
              assert.ok((SCOPES as readonly string[]).includes(role), `${method} ${path}: ${role} is a scope`);
          }
        }
        if (path.startsWith('/v1/')) assert.ok(op.security?.length, `${method} ${path} needs a widget token`);
      }
    }
  });

  test('the operational paths are documented, with no token', () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
      const op = doc.paths[path]?.['get'];
      assert.ok(op, `GET ${path}`);
      assert.deepEqual(op.security, []);
    }
    assert.ok(doc.paths['/readyz']!['get']!.responses['503'], 'a store that does not answer is documented');
  });

  test('servers names where the document was fetched from; mounted under a prefix, it carries the prefix', async () => {
    assert.deepEqual(
      doc.servers?.map((s) => s.url),
      ['http://gateway.example'],
    );
    const portal = new Hono();
    portal.get('/', (c) => c.text('portal home'));
    portal.route('/bwkit', t.bff);
    const res = await portal.request('https://portal.example/bwkit/openapi.json');
    assert.equal(res.status, 200);
    const mounted = (await res.json()) as Doc;
    assert.deepEqual(
      mounted.servers?.map((s) => s.url),
      ['https://portal.example/bwkit'],
    );
    // The paths stay relative to that server, so a client generated from it calls /bwkit/v1/… .
    assert.ok(mounted.paths['/v1/config']);
    const config = await portal.request('https://portal.example/bwkit/v1/config', {
      headers: { authorization: `Bearer ${await t.token()}`, origin: 'https://portal.acme.test' },
    });
    assert.equal(config.status, 200);
  });

  test('a configured public URL (behind a proxy) is the server, whatever the request looked like', async () => {
    const app = new OpenAPIHono();
    registerOpenApiDocument(app, { serverUrl: 'https://portal.example/bwkit/' });
    const d = (await (await app.request('http://10.0.0.7:8080/openapi.json')).json()) as Doc;
    assert.deepEqual(
      d.servers?.map((s) => s.url),
      ['https://portal.example/bwkit'],
    );
  });
});
