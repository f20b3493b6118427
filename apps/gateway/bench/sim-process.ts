/**
 * The cloud simulator as a process of its own, for the benchmarks: admin routes on (state, faults, reset), the
 * shared-bandwidth quota raised (BENCH_SIM_QUOTA) so a run of thousands of creates does not hit VPC.0304.
 *
 *   BENCH_SIM_CREDENTIALS  "AK:SK:site", comma-separated (as SIM_CREDENTIALS)
 *   BENCH_SIM_QUOTA        shared bandwidths per project (default 10 000 000)
 *   BENCH_SIM_PORT         default 0 (any free port)
 *
 * Prints `SIM_READY <url>` once listening.
 */
import './child-guard.js';
import { parseCredentials, startCloudSim } from '@bwkit/cloud-sim/server';

const env = process.env;
const sim = await startCloudSim({
  credentials: parseCredentials(env['BENCH_SIM_CREDENTIALS'] ?? ''),
  admin: true,
  quota: { sharedBandwidths: Number(env['BENCH_SIM_QUOTA'] ?? 10_000_000) },
  port: Number(env['BENCH_SIM_PORT'] ?? 0),
  hostname: '127.0.0.1',
});
process.stdout.write(`SIM_READY ${sim.url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 5000).unref();
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
