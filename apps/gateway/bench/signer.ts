/**
 * Signer micro-benchmark: the project's `sign()` (Web Crypto, async) against the official Huawei Cloud SDK signer
 * (`AKSKSigner.sign`, node:crypto, synchronous) on the same requests.
 *
 * Fairness: the same 256 requests (three operations, distinct bodies) for every contestant; each op includes
 * JSON.stringify of the body (the SDK does it inside sign); both stamp X-Sdk-Date from the clock; both produce the
 * same Authorization for the same date (checked first); a warm-up round is discarded; the order of contestants
 * rotates every round; the figure is the median of the rounds. `sign()` is awaited one at a time ("sequential") and
 * also with N signs in flight, since Web Crypto is async and runs its work on libuv's thread pool. CPU µs/op is the
 * process's user+system CPU (all threads) per op, so parallel work is not hidden.
 *
 * Standalone: `node --conditions=bwkit-source --import tsx bench/signer.ts` (SIGNER_ROUNDS, SIGNER_OPS).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sign } from '@bwkit/huaweicloud';
import { isMain } from './is-main.js';
import { fmt, median, signSync, table } from './lib.js';

interface SdkSigner {
  sign(
    request: {
      method: string;
      endpoint: string;
      queryParams: Record<string, string>;
      headers: Record<string, string>;
      data?: unknown;
    },
    credential: { getAk(): string; getSk(): string },
  ): Record<string, string>;
}

/** The official signer, resolved from packages/huaweicloud (its devDependency), as pnpm's strict layout requires. */
function loadSdkSigner(): SdkSigner {
  const fromPkg = createRequire(fileURLToPath(new URL('../../../packages/huaweicloud/package.json', import.meta.url)));
  return (fromPkg('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as { AKSKSigner: SdkSigner }).AKSKSigner;
}

interface Input {
  method: string;
  url: string;
  headers: Record<string, string>;
  data?: unknown;
}

const CREDS = { ak: 'BENCHSIGNERAK0000001', sk: 'bench-signer-secret-key-0000000000000000' };
const SDK_CREDS = { getAk: () => CREDS.ak, getSk: () => CREDS.sk };
const PROJECT = '0e69423d4400f4a82f67c0059a1e4cc8';
const DOMAIN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function inputs(n: number): Input[] {
  const out: Input[] = [];
  const base = { 'Content-Type': 'application/json;charset=UTF-8', 'User-Agent': 'bwkit/0.1' };
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0:
      case 1:
      case 2:
        out.push({
          method: 'POST',
          url: `https://vpc.ap-southeast-3.myhuaweicloud.com/v2.0/${PROJECT}/bandwidths`,
          headers: { ...base, 'X-Project-Id': PROJECT },
          data: { bandwidth: { name: `bench-bw-${i}`, size: 5 + (i % 300) } },
        });
        break;
      case 3:
        out.push({
          method: 'POST',
          url: `https://cc.myhuaweicloud.com/v3/${DOMAIN}/ccaas/bandwidth-packages`,
          headers: { ...base, 'X-Domain-Id': DOMAIN },
          data: {
            bandwidth_package: {
              name: `bench-bwp-${i}`,
              project_id: PROJECT,
              local_area_id: 'Chinese-Mainland',
              remote_area_id: 'Asia-Pacific',
              charge_mode: 'bandwidth',
              billing_mode: 4,
              bandwidth: 10,
              spec_code: 'bandwidth.cmtoap',
            },
          },
        });
        break;
      default:
        out.push({
          method: 'GET',
          url: `https://workspace.ap-southeast-3.myhuaweicloud.com/v2/${PROJECT}/workspace-jobs/${crypto.randomUUID()}`,
          headers: { ...base, 'X-Project-Id': PROJECT },
        });
    }
  }
  return out;
}

const ours = (x: Input) =>
  sign(
    {
      method: x.method,
      url: x.url,
      headers: x.headers,
      ...(x.data !== undefined ? { body: JSON.stringify(x.data) } : {}),
    },
    CREDS,
  );
const sdkSign = (sdk: SdkSigner, x: Input) =>
  sdk.sign(
    {
      method: x.method,
      endpoint: x.url,
      queryParams: {},
      headers: x.headers,
      ...(x.data !== undefined ? { data: x.data } : {}),
    },
    SDK_CREDS,
  );

/** Same date → same Authorization, or the comparison is meaningless. */
async function checkEquivalent(sdk: SdkSigner, xs: Input[]): Promise<void> {
  const date = '20261125T101010Z';
  for (const x of xs.slice(0, 20)) {
    const withDate = { ...x, headers: { ...x.headers, 'X-Sdk-Date': date } };
    const a = (await ours(withDate)).authorization;
    const b = sdkSign(sdk, withDate)['Authorization'];
    if (a !== b)
      throw new Error(
        `signer benchmark: the project's sign() and the SDK disagree for ${x.method} ${x.url}:\n  ${a}\n  ${b}`,
      );
    const body = x.data !== undefined ? JSON.stringify(x.data) : '';
    const c = signSync(x.method, new URL(x.url), x.headers, body, CREDS, date)['Authorization'];
    if (x.method === 'POST' && c !== a) throw new Error(`bench signSync disagrees with sign(): ${c} vs ${a}`);
  }
}

interface Sample {
  opsPerSec: number;
  cpuUsPerOp: number;
}
type Contestant = { name: string; run: (xs: Input[], ops: number) => Promise<void> };

async function measure(c: Contestant, xs: Input[], ops: number): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await c.run(xs, ops);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { opsPerSec: (ops * 1000) / ms, cpuUsPerOp: (cpu.user + cpu.system) / ops };
}

function contestants(sdk: SdkSigner, concurrency: number[]): Contestant[] {
  const list: Contestant[] = [
    {
      name: 'bwkit sign() — sequential (await each)',
      async run(xs, ops) {
        for (let i = 0; i < ops; i++) await ours(xs[i % xs.length]!);
      },
    },
    {
      name: 'official SDK AKSKSigner.sign (sync)',
      async run(xs, ops) {
        let sink = 0;
        for (let i = 0; i < ops; i++) sink += sdkSign(sdk, xs[i % xs.length]!)['Authorization']!.length;
        if (sink === 0) throw new Error('unreachable');
      },
    },
  ];
  for (const n of concurrency) {
    list.push({
      name: `bwkit sign() — ${n} in flight`,
      async run(xs, ops) {
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < ops; i = next++) await ours(xs[i % xs.length]!);
        };
        await Promise.all(Array.from({ length: n }, worker));
      },
    });
  }
  list.push({
    name: 'reference: node:crypto sync (bench signSync)',
    async run(xs, ops) {
      let sink = 0;
      for (let i = 0; i < ops; i++) {
        const x = xs[i % xs.length]!;
        sink += signSync(
          x.method,
          new URL(x.url),
          x.headers,
          x.data !== undefined ? JSON.stringify(x.data) : '',
          CREDS,
          '20261125T101010Z',
        )['Authorization']!.length;
      }
      if (sink === 0) throw new Error('unreachable');
    },
  });
  return list;
}

export interface SignerBenchResult {
  rounds: number;
  opsPerRound: number;
  rows: { name: string; opsPerSec: number; cpuUsPerOp: number; samples: number[] }[];
  ratioSequential: number;
  ratioBestConcurrent: number;
  bestConcurrentName: string;
  target: number;
  text: string;
}

export async function runSignerBench(
  opts: { rounds?: number; opsPerRound?: number; concurrency?: number[] } = {},
): Promise<SignerBenchResult> {
  const rounds = opts.rounds ?? Number(process.env['SIGNER_ROUNDS'] ?? 7);
  const ops = opts.opsPerRound ?? Number(process.env['SIGNER_OPS'] ?? 4000);
  const concurrency = opts.concurrency ?? [8, 64];
  const sdk = loadSdkSigner();
  const xs = inputs(256);
  await checkEquivalent(sdk, xs);
  const list = contestants(sdk, concurrency);
  const samples = new Map<string, Sample[]>(list.map((c) => [c.name, []]));
  // warm-up (JIT, key cache, thread pool), discarded
  for (const c of list) await measure(c, xs, ops);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < list.length; k++) {
      const c = list[(k + r) % list.length]!;
      samples.get(c.name)!.push(await measure(c, xs, ops));
    }
  }
  const rows = list.map((c) => {
    const s = samples.get(c.name)!;
    return {
      name: c.name,
      opsPerSec: median(s.map((x) => x.opsPerSec)),
      cpuUsPerOp: median(s.map((x) => x.cpuUsPerOp)),
      samples: s.map((x) => Math.round(x.opsPerSec)),
    };
  });
  const sdkOps = rows[1]!.opsPerSec;
  const concurrent = rows.filter((r) => r.name.includes('in flight'));
  const best = concurrent.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a), concurrent[0] ?? rows[0]!);
  const target = 1.0;
  const ratioSequential = rows[0]!.opsPerSec / sdkOps;
  const ratioBestConcurrent = best.opsPerSec / sdkOps;
  const verdict = (r: number) => (r >= target ? 'PASS' : `MISS (${fmt((1 - r) * 100, 0)}% short)`);
  const text = [
    `Signer micro-benchmark: ${rounds} rounds × ${ops} signs (median; warm-up discarded; same 256 requests; signatures checked equal)`,
    table([
      ['signer', 'ops/s', 'CPU µs/op', 'vs SDK'],
      ...rows.map((r) => [r.name, Math.round(r.opsPerSec), fmt(r.cpuUsPerOp, 1), `${fmt(r.opsPerSec / sdkOps)}x`]),
    ]),
    `target bwkit/SDK ≥ ${fmt(target, 1)}x — sequential: ${fmt(ratioSequential)}x ${verdict(ratioSequential)}; ` +
      `best concurrent (${best.name.replace('bwkit sign() — ', '')}): ${fmt(ratioBestConcurrent)}x ${verdict(ratioBestConcurrent)}`,
  ].join('\n');
  return {
    rounds,
    opsPerRound: ops,
    rows,
    ratioSequential,
    ratioBestConcurrent,
    bestConcurrentName: best.name,
    target,
    text,
  };
}

if (isMain(import.meta.url)) {
  const r = await runSignerBench();
  console.log(r.text);
}
