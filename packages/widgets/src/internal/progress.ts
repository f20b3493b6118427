/**
 * Live progress over Server-Sent Events read with fetch (`GET /v1/jobs/{id}/events`, `GET /v1/orders/{id}/events`):
 * EventSource cannot send the Authorization header the BFF needs, so the stream is read from a ReadableStream and
 * parsed here (the `text/event-stream` format of the HTML standard: `data:` lines up to a blank line make one event).
 * Part of the on-demand purchase chunk; the callers fall back to polling when it ends without a final state.
 */

/**
 * How a stream ended: `final` (the callback saw a final state), `ended` (the server closed it, or the caller
 * aborted), `unsupported` (no such route, 404/405, or no streaming here: poll instead), `failed` (anything else:
 * poll for now, try the stream again later).
 */
export type StreamEnd = 'final' | 'ended' | 'unsupported' | 'failed';

/** Calls `onData` with each event's JSON until it returns true (a final state), the stream ends or `signal` aborts. */
export async function followStream(
  url: string,
  token: string | undefined,
  signal: AbortSignal,
  onData: (data: unknown) => boolean | Promise<boolean>,
): Promise<StreamEnd> {
  if (!token || typeof ReadableStream === 'undefined' || typeof TextDecoderStream === 'undefined') return 'unsupported';
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      credentials: 'omit',
      // Kept out of the HTTP cache (an event stream is never worth storing; some servers send it `no-cache`, which
      // is storable). The default mode would save no preflight here: each job's or order's stream has its own URL.
      cache: 'no-store',
      signal,
    });
  } catch {
    return signal.aborted ? 'ended' : 'failed';
  }
  if (res.status === 404 || res.status === 405) return 'unsupported';
  if (!res.ok || !res.body || !/^text\/event-stream/.test(res.headers.get('content-type') ?? '')) {
    void res.body?.cancel().catch(() => undefined);
    return 'failed';
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'ended';
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === '') {
          // A blank line dispatches the event (comments and events without data, such as heartbeats, carry none).
          const text = data.join('\n');
          data = [];
          if (!text) continue;
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            continue;
          }
          if (await onData(json)) return 'final';
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line[5] === ' ' ? 6 : 5));
        }
      }
    }
  } catch {
    return signal.aborted ? 'ended' : 'failed';
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** Per followed id: whether the stream is worth trying now (not unsupported, not waiting out a backoff). */
export class Live {
  off = false;
  fails = 0;
  retryAt = 0;
  abort: AbortController | undefined;
  /** A stream is open now (its events keep the view current: no second one, no polling meanwhile). */
  on = false;

  /** True when the stream should be tried now. */
  get due(): boolean {
    return !this.off && Date.now() >= this.retryAt;
  }

  /** After a stream ended without a final state: unsupported → poll from now on; else try again after a backoff. */
  ended(end: StreamEnd): void {
    if (end === 'unsupported') this.off = true;
    else if (end !== 'final') this.retryAt = Date.now() + Math.min(1000 * 2 ** this.fails++, 30_000);
  }

  stop(): void {
    this.abort?.abort();
  }
}
