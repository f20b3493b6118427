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

// Memory diagnostics for the soak: where RSS goes (V8 heap vs external/array buffers vs native, e.g. SQLite).
const memEvery = Number(process.env['BENCH_MEM_LOG_MS'] ?? 0);
if (memEvery > 0) {
  const mib = (n: number) => (n / 1048576).toFixed(1);
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(
      `[bench mem] t=${Math.round(process.uptime())}s rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)}\n`,
    );
  }, memEvery).unref();
}

// Soak memory check: SIGUSR2 runs a full GC (the process must run with --expose-gc), so RSS is read with the garbage
// gone — otherwise it mostly says how far V8 let its heap grow before the next collection.
const gc = (globalThis as { gc?: () => void }).gc;
if (process.env['BENCH_GC_ON_SIGUSR2'] === '1' && typeof gc === 'function') {
  process.on('SIGUSR2', () => {
    gc();
    const m = process.memoryUsage();
    process.stderr.write(
      `[bench gc] rss=${(m.rss / 1048576).toFixed(1)} heapUsed=${(m.heapUsed / 1048576).toFixed(1)} heapTotal=${(m.heapTotal / 1048576).toFixed(1)}\n`,
    );
  });
}

export {};
