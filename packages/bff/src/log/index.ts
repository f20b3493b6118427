/** One JSON object per line. The sink is injectable (tests read it; the gateway writes to stdout). */
export type LogSink = (line: string) => void;

export interface LogFields {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  requestId?: string;
  tenant?: string;
  [k: string]: unknown;
}

// Belt and braces: never let something that looks like a credential or token reach a log line.
const SECRET_KEYS = /^(authorization|sk|ak|secret|password|token|securitytoken|x-security-token)$/i;

export function createLogger(sink: LogSink, now: () => Date) {
  return (fields: LogFields) => {
    const clean: Record<string, unknown> = { time: now().toISOString() };
    for (const [k, v] of Object.entries(fields)) clean[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
    sink(JSON.stringify(clean));
  };
}
export type Logger = ReturnType<typeof createLogger>;

/**
 * Status logged and counted for a request whose client hung up before it was answered (nginx's convention):
 * an abandoned upload, or a body the server cut off at its request timeout. Not a server error.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/** Whether `err` is the request's own body stream failing because the client went away. */
export function isClientAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  // Node's IncomingMessage fails its body with exactly this when the connection closes mid-body.
  if (e.code === 'ECONNRESET' && e.message === 'aborted') return true;
  if (!signal?.aborted) return false;
  return (
    err === signal.reason ||
    e.name === 'AbortError' ||
    e.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    e.code === 'ECONNRESET'
  );
}
