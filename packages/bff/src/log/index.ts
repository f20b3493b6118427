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
