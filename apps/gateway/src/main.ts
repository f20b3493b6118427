#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// In a module of their own: gateway.ts uses them, and importing main.ts from there would be a cycle through main's
// top-level await (the process would hang and exit 13).
export { SERVER_TIMEOUTS, serverOptions } from './server-options.js';

/** The process entry point; importing this module starts nothing. */
async function main(): Promise<void> {
  const { ConfigError, loadConfig } = await import('./config/index.js');
  const { startGateway } = await import('./gateway.js');
  const demo = process.env['BWKIT_DEMO'] === '1';
  const defaultConfig = fileURLToPath(new URL('../bwkit.config.json', import.meta.url));
  try {
    const resolved = loadConfig(process.env, defaultConfig);
    // HOST: listen on another interface (0.0.0.0 in a container); PORT is read with the config.
    const host = process.env['HOST'] || undefined;
    let gw: Awaited<ReturnType<typeof startGateway>>;
    try {
      gw = await startGateway({ resolved, demo, ...(host ? { host } : {}) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
      if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES') {
        const where = `${err.address ?? host ?? resolved.config.server.host}:${err.port ?? resolved.config.server.port}`;
        const why =
          err.code === 'EADDRINUSE'
            ? 'is already in use (another gateway running? set PORT to another port)'
            : err.code === 'EACCES'
              ? 'needs privileges this process lacks (use a port above 1023)'
              : 'is not an address of this machine (check HOST)';
        process.stderr.write(`bwkit: cannot listen on ${where}: it ${why}\n`);
        process.exit(1);
      }
      throw e;
    }
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
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isEntryPoint()) await main();
