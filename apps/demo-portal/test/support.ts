/**
 * Test support: a demo-mode gateway of its own (child process, free port, in-memory store, fast simulator jobs),
 * the widget bundle built if missing, and Debian's Chromium through playwright-core.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const PORTAL_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const REPO = resolve(PORTAL_DIR, '../..');
export const GATEWAY_DIR = join(REPO, 'apps/gateway');
export const WIDGETS_BUNDLE = join(REPO, 'packages/widgets/dist/bwkit.js');
export const ARTIFACTS = join(PORTAL_DIR, 'artifacts');

/** Builds the widget bundle when it is missing (as `pnpm start` does); throws with the build's output if it fails. */
export function ensureWidgetsBuilt(): void {
  if (existsSync(WIDGETS_BUNDLE)) return;
  const run = spawnSync('pnpm', ['--filter', '@bwkit/widgets', 'build'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0 || !existsSync(WIDGETS_BUNDLE)) {
    throw new Error(
      `packages/widgets/dist/bwkit.js is missing and \`pnpm --filter @bwkit/widgets build\` did not produce it ` +
        `(exit ${run.status ?? run.signal ?? run.error?.message}):\n${(run.stdout ?? '').slice(-2000)}${(run.stderr ?? '').slice(-2000)}`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/** KEY=value lines of apps/gateway/demo.env (comments and blanks skipped). */
export function demoEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(GATEWAY_DIR, 'demo.env'), 'utf8').split('\n')) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export interface TestGateway {
  url: string;
  port: number;
  /** Everything the gateway printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  port?: number;
  jobRunningAfterMs?: number;
  jobDoneAfterMs?: number;
  /** Where the tenants' webhook endpoints point instead (a receiver the test runs). */
  webhookUrl?: string;
}

/**
 * Starts `node --conditions=bwkit-source --import tsx apps/gateway/src/main.ts` in demo mode with a temporary copy of bwkit.config.json:
 * this port's origins allowed for both tenants, an in-memory store and a fast job simulator.
 */
export async function startGateway(opts: GatewayOptions = {}): Promise<TestGateway> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'bwkit-portal-e2e-'));
  const config = JSON.parse(readFileSync(join(GATEWAY_DIR, 'bwkit.config.json'), 'utf8')) as {
    server?: unknown;
    upstream: unknown;
    store: unknown;
    tenants: { allowedOrigins: string[]; webhooks?: { url: string }[] }[];
  };
  config.server = { port, host: '127.0.0.1' };
  config.upstream = {
    mode: 'simulator',
    jobRunningAfterMs: opts.jobRunningAfterMs ?? 300,
    jobDoneAfterMs: opts.jobDoneAfterMs ?? 1500,
  };
  config.store = { kind: 'memory' };
  for (const t of config.tenants) {
    t.allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (opts.webhookUrl) for (const w of t.webhooks ?? []) w.url = opts.webhookUrl;
  }
  const configPath = join(dir, 'bwkit.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=bwkit-source', '--import', 'tsx', join(GATEWAY_DIR, 'src/main.ts')],
    {
      cwd: GATEWAY_DIR,
      env: { ...process.env, ...demoEnv(), BWKIT_DEMO: '1', PORT: String(port), BWKIT_CONFIG: configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

  await new Promise<void>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`the gateway did not say "listening" within 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000);
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`the gateway exited (code ${code}) before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROME_PATH'] || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
