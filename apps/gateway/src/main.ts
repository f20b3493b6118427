import { realpathSync } from 'node:fs';
import type { ServerOptions } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * Connection limits for the gateway's Node server (pass as `serverOptions` to @hono/node-server's `serve()`).
 * Node's defaults let a client trickle a request for 300 s (requestTimeout) and only look every 30 s; the API's
 * bodies are at most a few KiB, so any honest client sends headers and body in well under these.
 */
export const SERVER_TIMEOUTS = {
  /** Whole request head (request line and headers) received within this. */
  headersTimeoutMs: 10_000,
  /** Whole request, head and body, received within this (a trickled upload is cut off with 408). */
  requestTimeoutMs: 15_000,
  /** An idle keep-alive connection is closed after this (behind a load balancer keep it above the balancer's idle timeout). */
  keepAliveTimeoutMs: 5_000,
  /** How often Node checks the two limits above: the limit is enforced within this much of its value. */
  checkIntervalMs: 1_000,
} as const;

export function serverOptions(): ServerOptions {
  return {
    headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    connectionsCheckingInterval: SERVER_TIMEOUTS.checkIntervalMs,
  };
}

/** The process entry point; importing this module (for `serverOptions`) starts nothing. */
async function main(): Promise<void> {
  const { ConfigError, loadConfig } = await import('./config/index.js');
  const { startGateway } = await import('./gateway.js');
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
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isEntryPoint()) await main();
