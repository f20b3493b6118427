/**
 * Node entry point of the simulator (@hono/node-server): `startCloudSim()` for tests and the gateway, and a CLI when
 * run directly (`pnpm sim`, i.e. `node --conditions=bwkit-source --import tsx src/server.ts`):
 *
 *   SIM_PORT         port to listen on (default 8790; 0 = any free port, the URL printed says which)
 *   SIM_HOST         address to bind (default 127.0.0.1)
 *   SIM_CREDENTIALS  "AK:SK" or "AK:SK:site" (site international | chinese-mainland), comma-separated;
 *                    default the demo pair DEMO_CREDENTIAL (international)
 *   SIM_ADMIN=1      mount the test-only /_sim admin routes
 *   SIM_QUOTA_SHARED_BANDWIDTHS  shared bandwidths a project may hold (default 50, as VPC.0304 enforces)
 *   SIM_BALANCE      the BSS balance every domain starts with (default 10000)
 */
import { realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { CloudSim, CloudSimOptions, SimCredential } from './app.js';
import { createCloudSim, DEMO_CREDENTIAL } from './app.js';

export type {
  CloudSim,
  CloudSimOptions,
  Currency,
  DomainState,
  FaultKind,
  LockoutState,
  OpName,
  OrderStatus,
  ProjectState,
  SeededSubnet,
  ServiceName,
  SimBindings,
  SimCloudConnection,
  SimCredential,
  SimEnv,
  SimFault,
  SimJob,
  SimOrder,
  SimPriceEntry,
  SimPricingCodes,
  SimState,
  SimSubnet,
  Site,
  UnitPrices,
} from './index.js';
// The Node entry is a superset of the Web one, so a Node consumer needs a single import.
export {
  BSS_ORDER_STATUS,
  CHANGE_JOB_TYPE,
  createCloudSim,
  DEFAULT_BALANCE,
  DEFAULT_JOB_FAIL_CODE,
  DEFAULT_JOB_FAIL_REASON,
  DEFAULT_JOB_TYPE,
  DEMO_CREDENTIAL,
  FAULT_KINDS,
  LOCKOUT_FAILURES,
  LOCKOUT_MS,
  OP_NAMES,
  OP_SERVICE,
  rules,
  SEEDED_CLOUD_CONNECTIONS,
  SEEDED_VPC_NAMES,
  SEEDED_WORKSPACE_BANDWIDTHS,
  SEEDED_WORKSPACE_SUBNETS,
  SIM_BUSINESS_DISCOUNT,
  SIM_PRICE_TABLE,
  SIM_PRICING_CODES,
  SITE_CURRENCY,
  SimConnectionReset,
} from './index.js';

export interface StartCloudSimOptions extends CloudSimOptions {
  /** default 0 (any free port) */
  port?: number;
  /** default 127.0.0.1 */
  hostname?: string;
}

export interface RunningCloudSim {
  /** base URL, e.g. http://127.0.0.1:8790 (no trailing slash) */
  url: string;
  port: number;
  close(): Promise<void>;
  sim: CloudSim;
}

export function startCloudSim(options: StartCloudSimOptions): Promise<RunningCloudSim> {
  const { port = 0, hostname = '127.0.0.1', ...simOptions } = options;
  const sim = createCloudSim(simOptions);
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: sim.app.fetch, port, hostname }) as Server;
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      let closing: Promise<void> | undefined;
      resolvePromise({
        url: `http://${host}:${address.port}`,
        port: address.port,
        sim,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            // keep-alive connections (fetch keeps them) would otherwise hold close() open
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1000).unref();
          })),
      });
    });
  });
}

/** Parses SIM_CREDENTIALS: "AK:SK" or "AK:SK:site", comma-separated. */
export function parseCredentials(spec: string): SimCredential[] {
  const out: SimCredential[] = [];
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [ak, sk, site, ...rest] = item.split(':');
    if (!ak || !sk || rest.length > 0)
      throw new Error(`SIM_CREDENTIALS: "${item.split(':')[0]}:…" must be AK:SK or AK:SK:site`);
    if (site !== undefined && site !== 'international' && site !== 'chinese-mainland') {
      throw new Error(`SIM_CREDENTIALS: site of ${ak} must be international or chinese-mainland, not "${site}"`);
    }
    out.push(site ? { ak, sk, site } : { ak, sk });
  }
  if (out.length === 0) throw new Error('SIM_CREDENTIALS holds no credential');
  return out;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8790;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`SIM_PORT must be a port number, not "${value}"`);
  return n;
}

function parseBalance(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new Error(`SIM_BALANCE must be a number of at least 0, not "${value}"`);
  return n;
}

function parseQuota(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`SIM_QUOTA_SHARED_BANDWIDTHS must be a positive integer, not "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const credentials = env['SIM_CREDENTIALS'] ? parseCredentials(env['SIM_CREDENTIALS']) : [{ ...DEMO_CREDENTIAL }];
  const admin = env['SIM_ADMIN'] === '1' || env['SIM_ADMIN'] === 'true';
  const running = await startCloudSim({
    credentials,
    admin,
    port: parsePort(env['SIM_PORT']),
    hostname: env['SIM_HOST'] || '127.0.0.1',
    ...(env['SIM_QUOTA_SHARED_BANDWIDTHS']
      ? { quota: { sharedBandwidths: parseQuota(env['SIM_QUOTA_SHARED_BANDWIDTHS']) } }
      : {}),
    ...(env['SIM_BALANCE'] ? { balance: parseBalance(env['SIM_BALANCE']) } : {}),
  });
  // one write, so a reader that waits for the URL line gets the whole banner
  console.log(
    [
      `@bwkit/cloud-sim listening on ${running.url}`,
      `  access keys: ${credentials.map((c) => `${c.ak} (${c.site ?? 'international'})`).join(', ')}`,
      ...(env['SIM_CREDENTIALS'] ? [] : [`  demo credentials: AK=${DEMO_CREDENTIAL.ak} SK=${DEMO_CREDENTIAL.sk}`]),
      `  admin routes (/_sim): ${admin ? 'on' : 'off (SIM_ADMIN=1 turns them on)'}`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`@bwkit/cloud-sim: ${signal} received, shutting down`);
    setTimeout(() => process.exit(1), 5000).unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** True when this file is the process's entry script (not when it is imported). */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main().catch((err: unknown) => {
    console.error(`@bwkit/cloud-sim: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
