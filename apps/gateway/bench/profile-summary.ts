/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by SELF time with file:line, plus self time
 * per package/file group, so a benchmark can say where the gateway spends its CPU.
 *
 *   tsx bench/profile-summary.ts <file.cpuprofile> [top=15] [fromMs=0]
 *
 * Self time of a node = the sum of the sampling intervals (timeDeltas) attributed to it; nodes with the same
 * function, file, line and column are merged (the same function reached by different call paths). Line numbers are
 * 1-based. TypeScript runs through tsx, which emits each file as ONE line (minified whitespace): V8 reports
 * line 1 and a column; the source line is recovered from the source map tsx keeps in its cache
 * (<tmpdir>/tsx-<uid>/, newest entry per source file). Without a map the location reads `file:1:col (generated)`.
 * "(idle)" is time the thread waited (for the network, the thread pool): not CPU. For runtime and library functions
 * (Web Crypto jobs, undici, streams…) "via" names the nearest caller in a JavaScript file on disk (our packages or a
 * library) and its share of that function's self time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './is-main.js';

// ---- tsx source maps ---------------------------------------------------------------------------------------------

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Decodes a source map's `mappings` into, per generated line, [generatedColumn, originalLine] pairs (0-based). */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let origLine = 0;
  for (const lineText of mappings.split(';')) {
    const segs: [number, number][] = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.get(ch) ?? 0;
        value += (d & 31) << shift;
        if (d & 32) {
          shift += 5;
          continue;
        }
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
      genCol += fields[0] ?? 0;
      if (fields.length >= 4) {
        origLine += fields[2]!;
        segs.push([genCol, origLine]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

type LineMapper = (line0: number, col0: number) => number | undefined;
let tsxMaps: Map<string, LineMapper> | undefined;

/** path of the original file → mapper, from tsx's on-disk cache (newest entry wins). */
function loadTsxMaps(): Map<string, LineMapper> {
  if (tsxMaps) return tsxMaps;
  tsxMaps = new Map();
  let uid = 0;
  try {
    uid = userInfo().uid;
  } catch {
    /* default */
  }
  const dir = join(tmpdir(), `tsx-${uid}`);
  let entries: { file: string; mtime: number }[] = [];
  try {
    entries = readdirSync(dir)
      .map((f) => ({ file: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
  } catch {
    return tsxMaps;
  }
  const raw = new Map<string, string>();
  for (const e of entries) {
    try {
      const d = JSON.parse(readFileSync(e.file, 'utf8')) as {
        map?: string | { sources?: string[]; mappings?: string };
      };
      const map = typeof d.map === 'string' ? (JSON.parse(d.map) as { sources?: string[]; mappings?: string }) : d.map;
      const src = map?.sources?.[0];
      if (src && map?.mappings && !raw.has(src)) raw.set(src, map.mappings);
    } catch {
      /* not a cache entry */
    }
  }
  for (const [src, mappings] of raw) {
    let decoded: [number, number][][] | undefined;
    tsxMaps.set(src, (line0, col0) => {
      decoded ??= decodeMappings(mappings);
      const segs = decoded[line0];
      if (!segs?.length) return undefined;
      let best: number | undefined;
      for (const [c, l] of segs) {
        if (c <= col0) best = l;
        else break;
      }
      return best ?? segs[0]![1];
    });
  }
  return tsxMaps;
}

function locate(url: string, line0: number, col0: number): string {
  const short = shortUrl(url);
  if (url.startsWith('file://') && /\.[cm]?tsx?$/.test(url)) {
    const mapper = loadTsxMaps().get(fileURLToPath(url));
    const orig = mapper?.(line0, col0);
    return orig !== undefined ? `${short}:${orig + 1}` : `${short}:${line0 + 1}:${col0 + 1} (generated)`;
  }
  return `${short}:${line0 + 1}`;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  where: string;
  group: string;
  selfMs: number;
  pct: number;
  via: string[];
}
export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** sampled time minus (idle): what the thread spent running (JS, GC, native) */
  busyMs: number;
  idleMs: number;
  gcMs: number;
  top: ProfileEntry[];
  groups: { group: string; selfMs: number; pct: number }[];
  text: string;
}

const ROOT_HINT = '/work/main/';

/** file:///…/node_modules/.pnpm/hono@4/node_modules/hono/dist/x.js → hono/dist/x.js; repo files relative to the root. */
export function shortUrl(url: string): string {
  if (!url) return '';
  let u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) u = u.slice(nm + '/node_modules/'.length);
  else {
    const i = u.indexOf(ROOT_HINT);
    if (i >= 0) u = u.slice(i + ROOT_HINT.length);
  }
  return u;
}

/** What a function belongs to: an npm package, a workspace package, node internals. */
export function groupOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native / V8)';
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    // node:internal/deps/undici/undici → "node: internal/deps/undici"; node:internal/streams/x → "node: internal/streams"
    return 'node: ' + (parts[0] === 'internal' ? parts.slice(0, parts[1] === 'deps' ? 3 : 2).join('/') : parts[0]);
  }
  const s = shortUrl(url);
  if (url.includes('/node_modules/')) {
    const parts = s.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const m = /^(packages|apps)\/([^/]+)\/src\/(.*?)(\/[^/]*)?$/.exec(s);
  if (m) return `${m[1]}/${m[2]}/${m[3]!.split('/')[0]}`;
  return s;
}

/**
 * `fromMs`: ignore samples taken earlier than this many ms after the profile started (start-up: module loading,
 * compilation), so the summary describes the process under load.
 */
export function summariseProfile(file: string, topN = 15, fromMs = 0): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  if (samples.length && deltas.length === samples.length) {
    // timeDeltas[i] is the gap before sample i; the time belongs to the sample that follows it (as DevTools does).
    let t = 0;
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i]!;
      if (t < fromMs * 1000) continue;
      const next = deltas[i + 1] ?? 0;
      selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, next));
    }
  } else {
    const interval =
      (prof.endTime - prof.startTime) /
      Math.max(
        1,
        prof.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0),
      );
    for (const n of prof.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * interval);
  }
  // For runtime internals (Web Crypto jobs, undici, streams): which code of ours / of a library led there.
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isOurs = (f: CallFrame) => f.url.startsWith('file://');
  const callerCache = new Map<number, string>();
  const callerOf = (id: number): string => {
    const hit = callerCache.get(id);
    if (hit !== undefined) return hit;
    let p = parent.get(id);
    let out = '';
    while (p !== undefined) {
      const f = byId.get(p)!.callFrame;
      if (isOurs(f)) {
        out = `${f.functionName || '(anonymous)'} ${locate(f.url, f.lineNumber, f.columnNumber)}`;
        break;
      }
      p = parent.get(p);
    }
    callerCache.set(id, out);
    return out;
  };
  const merged = new Map<
    string,
    { name: string; where: string; group: string; us: number; via: Map<string, number> }
  >();
  let totalUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    totalUs += us;
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    if (name === '(garbage collector)') gcUs += us;
    const where = f.url ? locate(f.url, f.lineNumber, f.columnNumber) : '';
    const key = `${name}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
    const e = merged.get(key) ?? { name, where, group: groupOf(f.url, name), us: 0, via: new Map<string, number>() };
    e.us += us;
    if (!isOurs(f)) {
      const c = callerOf(id);
      if (c) e.via.set(c, (e.via.get(c) ?? 0) + us);
    }
    merged.set(key, e);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => (busyUs > 0 ? (100 * us) / busyUs : 0);
  const top = [...merged.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map((e) => ({
      name: e.name,
      where: e.where,
      group: e.group,
      selfMs: e.us / 1000,
      pct: pct(e.us),
      via: [...e.via.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([c, us]) => `${c} (${Math.round((100 * us) / e.us)}%)`),
    }));
  const groupUs = new Map<string, number>();
  for (const e of merged.values()) groupUs.set(e.group, (groupUs.get(e.group) ?? 0) + e.us);
  const groups = [...groupUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([group, us]) => ({ group, selfMs: us / 1000, pct: pct(us) }));

  const lines = [
    `CPU profile ${file}${fromMs ? ` (from ${(fromMs / 1000).toFixed(1)} s: start-up left out)` : ''}`,
    `  sampled ${(totalUs / 1e6).toFixed(1)} s; busy ${(busyUs / 1e6).toFixed(1)} s (idle ${(idleUs / 1e6).toFixed(1)} s); GC ${(gcUs / 1e6).toFixed(2)} s. Percentages are of busy time.`,
    `  top ${topN} functions by self time:`,
    ...top.flatMap((e, i) => [
      `  ${String(i + 1).padStart(2)}. ${e.pct.toFixed(1).padStart(5)}%  ${e.selfMs.toFixed(0).padStart(6)} ms  ${e.name}  ${e.where}`.trimEnd(),
      ...(e.via.length ? [`                        via ${e.via.join(', ')}`] : []),
    ]),
    '  self time by package / module:',
    ...groups.map((g) => `      ${g.pct.toFixed(1).padStart(5)}%  ${g.selfMs.toFixed(0).padStart(6)} ms  ${g.group}`),
  ];
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    top,
    groups,
    text: lines.join('\n'),
  };
}

if (isMain(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top=15] [fromMs=0]\n');
    process.exit(2);
  }
  const top = Number(process.argv[3]);
  const from = Number(process.argv[4] ?? 0);
  console.log(
    summariseProfile(file, Number.isInteger(top) && top > 0 ? top : 15, Number.isFinite(from) ? from : 0).text,
  );
}
