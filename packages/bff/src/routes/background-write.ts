import type { BffDeps } from '../context.js';

/** Delays between attempts: quick at first (a store restarting), then every 10 s, for about five minutes in all. */
export const BACKGROUND_WRITE_DELAYS_MS = [250, 500, 1000, 2000, 5000, ...Array.from({ length: 29 }, () => 10_000)];

/**
 * Writes a record of something the cloud has already done. The cloud's answer must reach the caller whatever happens
 * to this write, so a failure is never thrown: it is logged and the write is tried again in the background until the
 * store takes it (or the attempts run out, which is logged too). Resolves once the first attempt is over.
 */
export async function writeOrRetryInBackground(
  deps: Pick<BffDeps, 'log'>,
  what: Record<string, unknown> & { msg: string },
  write: () => Promise<void>,
  delaysMs: readonly number[] = BACKGROUND_WRITE_DELAYS_MS,
): Promise<void> {
  try {
    await write();
    return;
  } catch (e) {
    deps.log({ level: 'error', ...what, msg: `${what.msg} failed; retrying in the background`, error: String(e) });
  }
  let attempt = 0;
  const retry = () => {
    write().then(
      () => deps.log({ level: 'info', ...what, msg: `${what.msg} stored after retrying`, attempts: attempt + 1 }),
      (e: unknown) => {
        if (attempt >= delaysMs.length) {
          deps.log({ level: 'error', ...what, msg: `${what.msg} given up`, attempts: attempt + 1, error: String(e) });
          return;
        }
        schedule();
      },
    );
  };
  const schedule = () => {
    const t = setTimeout(retry, delaysMs[attempt++]);
    t.unref?.();
  };
  schedule();
}
