/**
 * Loaded with `--import` into every process a benchmark starts: the child stops by itself when the benchmark that
 * started it goes away (its IPC channel closes) and after BENCH_CHILD_MAX_MS whatever happens. SIGTERM first, so the
 * gateway's own shutdown runs (and `--cpu-prof` writes its profile); a hard exit if that hangs.
 */
function stopSelf(why: string): void {
  process.stderr.write(`[bench guard] ${why}: stopping\n`);
  setTimeout(() => process.exit(3), 15_000).unref();
  process.kill(process.pid, 'SIGTERM');
}

if (process.send) {
  process.once('disconnect', () => stopSelf('the benchmark process went away'));
  process.channel?.unref();
}
const maxMs = Number(process.env['BENCH_CHILD_MAX_MS'] ?? 0);
if (maxMs > 0) setTimeout(() => stopSelf(`maximum lifetime of ${maxMs} ms reached`), maxMs).unref();

export {};
