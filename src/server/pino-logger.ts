import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields never written to the log, at any depth up to four (headers, bodies, error details). */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'adminToken',
  'apiToken',
  'secret',
];

const accessor = (key: string): string => (/^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `["${key}"]`);

export const REDACTED_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) =>
  ['', '*', '*.*', '*.*.*'].map((prefix) => {
    const tail = accessor(key);
    return prefix === '' ? (tail.startsWith('.') ? tail.slice(1) : tail) : prefix + tail;
  }),
);

/**
 * The server's logger: one JSON line per event on `destination` (stdout by default), ISO times,
 * secrets censored. Ship stdout to the log store (journald, Loki, Elasticsearch, …) as it is.
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
