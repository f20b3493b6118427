import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEMO_CONFIG_PATH, DEMO_ENV, testConfig } from '../testing/index.js';
import { ConfigError, loadConfig, parseConfig } from './index.js';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return e.problems;
  }
  assert.fail('expected the config to be refused');
};

describe('bwkit.config.json', () => {
  test('the committed demo config is valid with the demo environment', () => {
    const r = loadConfig({ ...DEMO_ENV, BWKIT_CONFIG: DEMO_CONFIG_PATH });
    assert.deepEqual(
      r.tenants.map((t) => t.id),
      ['acme', 'globex'],
    );
    assert.equal(r.tenants[0]!.site, 'international');
    assert.equal(r.tenants[1]!.site, 'chinese-mainland');
    assert.equal(r.tenants[0]!.credentials.sk, DEMO_ENV['ACME_HUAWEICLOUD_SK']);
    assert.notDeepEqual(r.tenants[0]!.theme, r.tenants[1]!.theme);
    assert.equal(r.config.store.kind, 'sqlite');
  });

  test('a missing file says so, with the path and the variable that sets it', () => {
    const problems = problemsOf(() => loadConfig({ BWKIT_CONFIG: '/nonexistent/bwkit.config.json' }));
    assert.match(problems[0]!, /file not found.*BWKIT_CONFIG/);
  });

  test('a file that is not JSON says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bwkit-cfg-'));
    writeFileSync(join(dir, 'c.json'), '{ "tenants": [ }');
    assert.match(problemsOf(() => loadConfig({ BWKIT_CONFIG: join(dir, 'c.json') }))[0]!, /not valid JSON/);
  });

  test('each wrong field is named by its path (and tenant id), all at once', () => {
    const raw = testConfig({
      mutate(c) {
        c.tenants[0].site = 'mars';
        c.tenants[0].allowedOrigins = ['https://portal.example.com/path'];
        c.tenants[1].defaultRegion = 'eu-west-0';
        c.tenants[1].token = { alg: 'HS256' };
        c.store = { kind: 'mongodb' };
      },
    });
    const problems = problemsOf(() => parseConfig(raw, DEMO_ENV));
    const text = problems.join('\n');
    assert.match(text, /tenants\[0\] \(acme\)\.site/);
    assert.match(text, /tenants\[0\] \(acme\)\.allowedOrigins\[0\]: must be an origin/);
    assert.match(text, /tenants\[1\] \(globex\)\.token\.secretEnv/);
    assert.match(text, /store\.kind/);
  });

  test('cross-field problems: default region outside the list, a region without a project', () => {
    const raw = testConfig({
      mutate(c) {
        c.tenants[1].defaultRegion = 'eu-west-0';
        delete c.tenants[0].credentials.projects['af-south-1'];
      },
    });
    const text = problemsOf(() => parseConfig(raw, DEMO_ENV)).join('\n');
    assert.match(text, /globex.*defaultRegion: must be one of regions/);
    assert.match(text, /acme.*credentials\.projects\.af-south-1: region af-south-1 needs a project id/);
  });

  test('secrets come only from the environment: a missing variable is named, never a value', () => {
    const env = { ...DEMO_ENV };
    delete env['GLOBEX_HUAWEICLOUD_SK'];
    const text = problemsOf(() => parseConfig(testConfig(), env)).join('\n');
    assert.match(text, /globex.*credentials\.skEnv: environment variable GLOBEX_HUAWEICLOUD_SK is not set/);
    assert.equal(text.includes(DEMO_ENV['ACME_HUAWEICLOUD_SK']!), false);
  });

  test('unsafe theme values and impossible limits are refused', () => {
    const raw = testConfig({
      mutate(c) {
        c.tenants[0].theme.colorPrimary = 'red; background: url(https://evil.test/x)';
        c.tenants[0].limits.sharedBandwidth = { minMbps: 5, maxMbps: 5000 };
      },
    });
    const text = problemsOf(() => parseConfig(raw, DEMO_ENV)).join('\n');
    assert.match(text, /acme.*theme\.colorPrimary/);
    assert.match(text, /acme.*limits\.sharedBandwidth/);
  });

  test('a weak HS256 secret is refused', () => {
    const text = problemsOf(() => parseConfig(testConfig(), { ...DEMO_ENV, ACME_WIDGET_TOKEN_SECRET: 'short' })).join(
      '\n',
    );
    assert.match(text, /at least 32 characters/);
  });

  test('env overrides: REDIS_URL switches the store, PORT the port', () => {
    const r = parseConfig(testConfig(), { ...DEMO_ENV, REDIS_URL: 'redis://127.0.0.1:6390', PORT: '9999' });
    assert.deepEqual(r.config.store, { kind: 'redis', url: 'redis://127.0.0.1:6390' });
    assert.equal(r.config.server.port, 9999);
    assert.match(problemsOf(() => parseConfig(testConfig(), { ...DEMO_ENV, PORT: 'eighty' }))[0]!, /PORT/);
  });

  test('huaweicloud mode with endpoint overrides is accepted, and unknown keys are refused', () => {
    const ok = parseConfig(
      testConfig({ upstream: { mode: 'huaweicloud', endpoints: { vpc: 'http://127.0.0.1:9000' } } }),
      DEMO_ENV,
    );
    assert.equal(ok.config.upstream.mode, 'huaweicloud');
    const text = problemsOf(() =>
      parseConfig(testConfig({ upstream: { mode: 'huaweicloud', endpoint: 'x' } }), DEMO_ENV),
    ).join('\n');
    assert.match(text, /upstream/);
  });
});

describe('purchase-flow config: orders, pricing, postgres, bss endpoint', () => {
  test('the demo lets acme pay in the widget and sends globex to its billing center', () => {
    const r = loadConfig({ ...DEMO_ENV, BWKIT_CONFIG: DEMO_CONFIG_PATH });
    assert.deepEqual(r.tenants[0]!.orders, { allowPay: true });
    assert.equal(r.tenants[1]!.orders?.allowPay, false);
    assert.match(r.tenants[1]!.orders?.billingUrl ?? '', /^https:\/\//);
  });

  test('paying is off unless a tenant says allowPay', () => {
    const r = parseConfig(
      testConfig({
        mutate(c) {
          delete c.tenants[0].orders;
          c.tenants[1].orders = { billingUrl: 'https://billing.example.com' };
        },
      }),
      DEMO_ENV,
    );
    assert.deepEqual(r.tenants[0]!.orders, { allowPay: false });
    assert.deepEqual(r.tenants[1]!.orders, { allowPay: false, billingUrl: 'https://billing.example.com' });
  });

  test('in simulator mode every purchase has product codes; in huaweicloud mode only the documented shared-bandwidth ones', () => {
    const sim = parseConfig(testConfig(), DEMO_ENV);
    assert.deepEqual(Object.keys(sim.tenants[0]!.pricing ?? {}).sort(), [
      'changeWorkspaceBandwidth',
      'createBandwidthPackage',
      'createSharedBandwidth',
      'createWorkspaceBandwidth',
    ]);
    assert.equal(sim.tenants[0]!.pricing?.createBandwidthPackage?.resourceSpec, '{specCode}');
    const real = parseConfig(testConfig({ upstream: { mode: 'huaweicloud' } }), DEMO_ENV);
    assert.deepEqual(Object.keys(real.tenants[0]!.pricing ?? {}), ['createSharedBandwidth']);
    assert.deepEqual(real.tenants[0]!.pricing?.createSharedBandwidth, {
      cloudServiceType: 'hws.service.type.vpc',
      resourceType: 'hws.resource.type.bandwidth',
      resourceSpec: '19_share',
      sizeMeasureId: 15,
      usageFactor: 'Duration',
      usageMeasureId: 4,
    });
  });

  test("a tenant's pricing replaces the default of that purchase", () => {
    const codes = {
      cloudServiceType: 'hws.service.type.cc',
      resourceType: 'hws.resource.type.cc.bwp',
      resourceSpec: '{specCode}',
      sizeMeasureId: 15,
    };
    const r = parseConfig(
      testConfig({
        upstream: { mode: 'huaweicloud' },
        mutate(c) {
          c.tenants[0].pricing = { createBandwidthPackage: codes };
        },
      }),
      DEMO_ENV,
    );
    assert.deepEqual(r.tenants[0]!.pricing?.createBandwidthPackage, codes);
    assert.ok(r.tenants[0]!.pricing?.createSharedBandwidth);
  });

  test('wrong orders and pricing are named by path', () => {
    const raw = testConfig({
      mutate(c) {
        c.tenants[0].orders = { allowPay: 'yes', billingUrl: 'ftp://x' };
        c.tenants[1].pricing = { createSharedBandwidth: { cloudServiceType: 'x' }, deleteEverything: {} };
      },
    });
    const text = problemsOf(() => parseConfig(raw, DEMO_ENV)).join('\n');
    assert.match(text, /tenants\[0\] \(acme\)\.orders\.allowPay/);
    assert.match(text, /tenants\[0\] \(acme\)\.orders\.billingUrl: must be an http\(s\) URL/);
    assert.match(text, /tenants\[1\] \(globex\)\.pricing\.createSharedBandwidth\.resourceType/);
    assert.match(text, /tenants\[1\] \(globex\)\.pricing.*deleteEverything/);
  });

  test('postgres store: a URL in the file or DATABASE_URL (which wins over REDIS_URL)', () => {
    const file = parseConfig(
      testConfig({ store: { kind: 'postgres', url: 'postgres://u@localhost/bwkit' } }),
      DEMO_ENV,
    );
    assert.deepEqual(file.config.store, { kind: 'postgres', url: 'postgres://u@localhost/bwkit' });
    assert.match(
      problemsOf(() => parseConfig(testConfig({ store: { kind: 'postgres', url: 'mysql://x' } }), DEMO_ENV)).join('\n'),
      /store\.url: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    const env = parseConfig(testConfig(), {
      ...DEMO_ENV,
      DATABASE_URL: 'postgresql://db/bwkit',
      REDIS_URL: 'redis://r',
    });
    assert.deepEqual(env.config.store, { kind: 'postgres', url: 'postgresql://db/bwkit' });
    assert.match(
      problemsOf(() => parseConfig(testConfig(), { ...DEMO_ENV, DATABASE_URL: 'localhost:5432' })).join('\n'),
      /DATABASE_URL/,
    );
  });

  test('a JWKS URL must be https (plain http only on loopback): named by path, no stack', () => {
    const withJwks = (jwksUrl: string) =>
      testConfig({
        mutate: (c) => {
          c.tenants[0].token = { alg: 'ES256', jwksUrl };
        },
      });
    const problems = problemsOf(() => parseConfig(withJwks('http://keys.example.com/jwks.json'), DEMO_ENV)).join('\n');
    assert.match(
      problems,
      /tenants\[0\] \(acme\)\.token\.jwksUrl: must be https \(plain http only on loopback\), got http:\/\/keys\.example\.com/,
    );
    for (const ok of ['https://keys.example.com/jwks.json', 'http://127.0.0.1:9000/jwks.json']) {
      assert.equal(parseConfig(withJwks(ok), DEMO_ENV).tenants[0]!.token.alg, 'ES256', ok);
    }
  });

  test('idempotency: lease, settle time and sweep interval are optional numbers', () => {
    const r = parseConfig(
      testConfig({
        mutate: (c) => {
          c.idempotency = { leaseMs: 7000, settleMs: 1000, sweepIntervalMs: 0 };
        },
      }),
      DEMO_ENV,
    );
    assert.deepEqual(r.config.idempotency, { leaseMs: 7000, settleMs: 1000, sweepIntervalMs: 0 });
    assert.equal(parseConfig(testConfig(), DEMO_ENV).config.idempotency, undefined);
    assert.match(
      problemsOf(() =>
        parseConfig(
          testConfig({
            mutate: (c) => {
              c.idempotency = { leaseMs: -1, ttl: 5 };
            },
          }),
          DEMO_ENV,
        ),
      ).join('\n'),
      /idempotency/,
    );
  });

  test('huaweicloud mode takes a bss endpoint override', () => {
    const r = parseConfig(
      testConfig({ upstream: { mode: 'huaweicloud', endpoints: { bss: 'https://bss-intl.myhuaweicloud.com' } } }),
      DEMO_ENV,
    );
    assert.equal(
      r.config.upstream.mode === 'huaweicloud' && r.config.upstream.endpoints?.bss,
      'https://bss-intl.myhuaweicloud.com',
    );
  });
});

describe('policy and webhooks', () => {
  const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  test('policy and webhooks reach the tenant, the signing secret read from the environment', () => {
    const raw = testConfig({
      mutate: (r) => {
        r.tenants[0].policy = { monthlySpendCap: { amount: 10, currency: 'USD' }, approval: { aboveSizeMbps: 100 } };
        r.tenants[0].webhooks = [
          {
            id: 'erp',
            url: 'https://portal.example.com/hooks',
            events: ['order.completed'],
            secretEnv: 'ERP_HOOK_SECRET',
          },
        ];
      },
    });
    const [acme, globex] = parseConfig(raw, { ...DEMO_ENV, ERP_HOOK_SECRET: SECRET }).tenants;
    assert.deepEqual(acme!.policy, {
      monthlySpendCap: { amount: 10, currency: 'USD' },
      approval: { aboveSizeMbps: 100, expiresAfterHours: 72 },
    });
    assert.deepEqual(acme!.webhooks, [
      { id: 'erp', url: 'https://portal.example.com/hooks', events: ['order.completed'], secret: SECRET },
    ]);
    assert.equal(globex!.policy, undefined);
  });

  test('refuses a policy region the tenant does not have, an unknown rule, an unset or weak secret, an unknown event', () => {
    const problems = problemsOf(() =>
      parseConfig(
        testConfig({
          mutate: (r) => {
            r.tenants[0].policy = { operations: { createSharedBandwidth: { regions: ['mars-1'] } } };
          },
        }),
        DEMO_ENV,
      ),
    );
    assert.match(
      problems.join('\n'),
      /policy\.operations\.createSharedBandwidth\.regions: region mars-1 is not one of regions/,
    );
    assert.match(
      problemsOf(() =>
        parseConfig(
          testConfig({
            mutate: (r) => {
              r.tenants[0].policy = { operations: { createSharedBandwidth: { maxSize: 5 } } };
            },
          }),
          DEMO_ENV,
        ),
      ).join('\n'),
      /maxSize/,
    );
    const hook = (events: string[]) =>
      testConfig({
        mutate: (r) => {
          r.tenants[0].webhooks = [{ id: 'erp', url: 'https://p.example.com/h', events, secretEnv: 'ERP_HOOK_SECRET' }];
        },
      });
    assert.match(
      problemsOf(() => parseConfig(hook(['order.completed']), DEMO_ENV)).join('\n'),
      /webhooks\[0\]\.secretEnv: environment variable ERP_HOOK_SECRET is not set/,
    );
    assert.match(
      problemsOf(() => parseConfig(hook(['order.completed']), { ...DEMO_ENV, ERP_HOOK_SECRET: 'short' })).join('\n'),
      /whsec_/,
    );
    assert.match(
      problemsOf(() => parseConfig(hook(['order.lost']), { ...DEMO_ENV, ERP_HOOK_SECRET: SECRET })).join('\n'),
      /webhooks\.0\.events\.0|webhooks\[0\]\.events\[0\]/,
    );
  });

  test('the demo config has a policy for acme and none for globex; its webhook secret is a valid one', () => {
    const r = loadConfig({ ...DEMO_ENV, BWKIT_CONFIG: DEMO_CONFIG_PATH });
    assert.deepEqual(r.tenants[0]!.policy?.approval?.subjects, ['intern@acme.example']);
    assert.equal(r.tenants[1]!.policy, undefined);
    assert.match(DEMO_ENV['ACME_WEBHOOK_SECRET'] ?? '', /^whsec_/);
  });
});

test('a spend cap is in the currency the site quotes in', () => {
  const problems = problemsOf(() =>
    parseConfig(
      testConfig({
        mutate: (r) => {
          r.tenants[1].policy = { monthlySpendCap: { amount: 100, currency: 'USD' } };
        },
      }),
      DEMO_ENV,
    ),
  );
  assert.match(problems.join('\n'), /policy\.monthlySpendCap\.currency: must be CNY/);
});
