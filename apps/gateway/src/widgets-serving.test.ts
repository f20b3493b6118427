import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { WIDGETS_DIST } from './gateway.js';
import { startTestGateway, type TestGateway } from './testing/index.js';

// A bundle laid out as the widgets build lays it out: stable entries, content-hashed chunks, precompressed siblings.
const ENTRY = `import './chunks/form-3f9a1c.js';\n${'customElements.define("x-a", class extends HTMLElement {});\n'.repeat(40)}`;
const CHUNK = `export const form = ${JSON.stringify('x'.repeat(2000))};\n`;
let dir: string;
let gw: TestGateway;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bwkit-widgets-'));
  mkdirSync(join(dir, 'chunks'));
  for (const [name, body] of [
    ['bwkit.js', ENTRY],
    ['chunks/form-3f9a1c.js', CHUNK],
  ] as const) {
    writeFileSync(join(dir, name), body);
    writeFileSync(join(dir, `${name}.gz`), gzipSync(body));
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body));
  }
  gw = await startTestGateway({ gateway: { widgetsDir: dir } });
});
after(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the widget bundle, served like a CDN would', () => {
  test('is found through the installed @bwkit/widgets package, not a path relative to the gateway', () => {
    const pkgDir = dirname(WIDGETS_DIST);
    assert.equal(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name, '@bwkit/widgets');
    assert.equal(WIDGETS_DIST, join(pkgDir, 'dist'));
    const entry = realpathSync(fileURLToPath(import.meta.resolve('@bwkit/widgets')));
    assert.ok(entry.startsWith(realpathSync(pkgDir)), `${entry} lies in ${pkgDir}`);
  });

  test('a browser that accepts brotli gets the .br file, one that accepts only gzip the .gz, others plain', async () => {
    const br = await fetch(`${gw.url}/widgets/bwkit.js`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
      decompress: false,
    } as RequestInit);
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('vary') ?? '', /accept-encoding/i);
    assert.match(br.headers.get('content-type') ?? '', /javascript/);
    // undici decodes br itself; what arrives must be the entry's source either way.
    const body = Buffer.from(await br.arrayBuffer());
    const text = body.toString('utf8').startsWith('import')
      ? body.toString('utf8')
      : brotliDecompressSync(body).toString('utf8');
    assert.equal(text, ENTRY);

    const gz = await fetch(`${gw.url}/widgets/bwkit.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(await gz.text(), ENTRY);

    const plain = await fetch(`${gw.url}/widgets/bwkit.js`, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), ENTRY);
  });

  test('an entry carries an ETag and a short, revalidated cache; the same ETag answers 304 with no body', async () => {
    const first = await fetch(`${gw.url}/widgets/bwkit.js`, { headers: { 'Accept-Encoding': 'br' } });
    await first.arrayBuffer();
    const tag = first.headers.get('etag');
    assert.ok(tag, 'ETag present');
    assert.equal(first.headers.get('cache-control'), 'public, max-age=300, must-revalidate');
    const again = await fetch(`${gw.url}/widgets/bwkit.js`, {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': tag },
    });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    assert.equal(again.headers.get('etag'), tag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=300, must-revalidate');
    const gz = await fetch(`${gw.url}/widgets/bwkit.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    await gz.arrayBuffer();
    assert.notEqual(gz.headers.get('etag'), tag, 'each encoding is its own representation');
  });

  test('a content-hashed chunk is cached for a year, immutable', async () => {
    const r = await fetch(`${gw.url}/widgets/chunks/form-3f9a1c.js`, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), CHUNK);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  test('any portal origin may load it as a module script; it cannot be sniffed as another type', async () => {
    const r = await fetch(`${gw.url}/widgets/bwkit.js`, { headers: { Origin: 'https://portal.example.com' } });
    await r.arrayBuffer();
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  });

  test('a file that is not there is a 404 naming the build command', async () => {
    const r = await fetch(`${gw.url}/widgets/nope.js`);
    assert.equal(r.status, 404);
    assert.match(await r.text(), /pnpm --filter @bwkit\/widgets build/);
  });
});
