#!/usr/bin/env node
// `node tests/pack/pack.mjs <dir>` (after `pnpm build`): packs every publishable package into <dir> and writes
// <dir>/package.json depending on those tarballs, so `npm install` in <dir> installs them as a portal would. The
// Dockerfile and tests/pack/pack.test.mjs both use it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGES = {
  contracts: 'packages/contracts',
  huaweicloud: 'packages/huaweicloud',
  'cloud-sim': 'packages/cloud-sim',
  bff: 'packages/bff',
  widgets: 'packages/widgets',
  gateway: 'apps/gateway',
};
const root = fileURLToPath(new URL('../..', import.meta.url));

export function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  const deps = {};
  for (const [name, dir] of Object.entries(PACKAGES)) {
    // pnpm (not npm) packs: it applies publishConfig and turns workspace:* into the real versions.
    execFileSync('pnpm', ['pack', '--pack-destination', resolve(dest)], {
      cwd: join(root, dir),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const { version } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    deps[`@bwkit/${name}`] = `file:./bwkit-${name}-${version}.tgz`;
  }
  // overrides: the packed packages name each other by version; these tarballs satisfy them, not the registry.
  writeFileSync(
    join(dest, 'package.json'),
    JSON.stringify(
      {
        name: 'bwkit-install',
        private: true,
        type: 'module',
        dependencies: { ...deps, hono: '^4.13.19' },
        overrides: deps,
      },
      null,
      2,
    ) + '\n',
  );
  return deps;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    process.stderr.write('usage: node tests/pack/pack.mjs <dir>\n');
    process.exit(2);
  }
  packAll(process.argv[2]);
}
