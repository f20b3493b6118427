import { ConfigError, loadConfig } from './config/index.js';
import { startGateway } from './gateway.js';
import { fileURLToPath } from 'node:url';

const demo = process.env['BWKIT_DEMO'] === '1';
const defaultConfig = fileURLToPath(new URL('../bwkit.config.json', import.meta.url));

try {
  const resolved = loadConfig(process.env, defaultConfig);
  const gw = await startGateway({ resolved, demo });
  // What a person opens: "localhost" reads better than the loopback address the server binds.
  const shown = gw.url.replace('//127.0.0.1:', '//localhost:');
  const mode = resolved.config.upstream.mode === 'simulator' ? `cloud simulator at ${gw.simUrl}` : 'Huawei Cloud';
  process.stderr.write(
    `\nbwkit gateway listening on ${gw.url}  (upstream: ${mode}; store: ${gw.store.kind}${demo ? '; demo mode' : ''})\n` +
      (demo ? `  demo portal:  ${shown}/portal/\n` : '') +
      `  API docs:     ${shown}/docs\n  widgets:      ${shown}/widgets/bwkit.js\n\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing in-flight requests…\n`);
    await gw.close(10_000);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`bwkit: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
