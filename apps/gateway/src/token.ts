import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCOPES, type Scope } from '@bwkit/contracts';
import { ConfigError, loadConfig } from './config/index.js';
import { mintDemoToken } from './gateway.js';

// `pnpm token --tenant acme --scope shared-bandwidth:create --scope audit:read` prints a widget token (demo only:
// a real portal backend mints these itself with the tenant's secret or private key).
const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    scope: { type: 'string', multiple: true },
    subject: { type: 'string' },
    ttl: { type: 'string' },
  },
});
try {
  const resolved = loadConfig(process.env, fileURLToPath(new URL('../bwkit.config.json', import.meta.url)));
  const tenant = resolved.tenants.find((t) => t.id === values.tenant);
  if (!tenant) throw new ConfigError([`--tenant must be one of: ${resolved.tenants.map((t) => t.id).join(', ')}`]);
  const scopes = (values.scope ?? [...SCOPES]).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length) throw new ConfigError([`unknown scope ${bad.join(', ')}; known: ${SCOPES.join(' ')}`]);
  const ttl = values.ttl ? Number(values.ttl) : 600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 900)
    throw new ConfigError(['--ttl must be 1–900 seconds (tokens live at most 15 minutes)']);
  const { token } = await mintDemoToken(tenant, values.subject ?? 'cli-user', scopes as Scope[], ttl);
  process.stdout.write(token + '\n');
} catch (e) {
  process.stderr.write(`bwkit token: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
