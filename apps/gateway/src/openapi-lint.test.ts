import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestGateway, type TestGateway } from './testing/index.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));

/**
 * Known exceptions, each with its reason:
 * - Redocly `operation-4xx-response`: /healthz, /readyz, /metrics and /openapi.json answer before authentication
 *   and take no input, so no client error exists to document.
 * - Spectral `oas3-operation-security-defined`: OpenAPI 3.1 lets a security requirement of a non-OAuth scheme list
 *   the roles it needs ("widgetToken: [scope]"); the rule only knows OAuth flows. The BFF's own document test checks
 *   instead that every scheme is defined and every role is a real scope.
 */
const REDOCLY_IGNORE = `doc.json:
  operation-4xx-response:
    - '#/paths/~1healthz/get/responses'
    - '#/paths/~1readyz/get/responses'
    - '#/paths/~1metrics/get/responses'
    - '#/paths/~1openapi.json/get/responses'
`;
const SPECTRAL_RULESET = `extends: ["spectral:oas"]
overrides:
  - files: ["doc.json#/paths"]
    rules:
      oas3-operation-security-defined: "off"
`;

describe('the OpenAPI document passes the linters tools use', () => {
  let gw: TestGateway;
  let dir: string;
  before(async () => {
    gw = await startTestGateway();
    dir = mkdtempSync(join(tmpdir(), 'bwkit-openapi-'));
    writeFileSync(join(dir, 'doc.json'), await (await gw.call('/openapi.json')).text());
    writeFileSync(join(dir, '.redocly.lint-ignore.yaml'), REDOCLY_IGNORE);
    writeFileSync(join(dir, '.spectral.yaml'), SPECTRAL_RULESET);
  });
  after(async () => {
    await gw?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

  test('Redocly, recommended ruleset: no error, no warning', { timeout: 60_000 }, async () => {
    const r = await run(join(BIN, 'redocly'), ['lint', 'doc.json', '--extends=recommended', '--format=json'], {
      cwd: dir,
      env,
    }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    const report = JSON.parse(r.stdout) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const found = report.problems.map(
      (p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`,
    );
    assert.deepEqual(found, []);
    assert.equal(report.totals.errors + report.totals.warnings, 0);
  });

  test('Spectral, spectral:oas ruleset: no error, no warning', { timeout: 60_000 }, async () => {
    const r = await run(
      join(BIN, 'spectral'),
      ['lint', 'doc.json', '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'],
      { cwd: dir, env },
    ).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    const results = JSON.parse(r.stdout.trim() || '[]') as { code: string; message: string; path: string[] }[];
    assert.deepEqual(
      results.map((p) => `${p.code}: ${p.message} at ${p.path.join('.')}`),
      [],
      r.stderr,
    );
  });
});
