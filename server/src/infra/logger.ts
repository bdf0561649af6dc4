import pino from 'pino';

export type Logger = pino.Logger;

/** Secrets never reach the logs, whatever object a module hands the logger. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'session_key',
  '*.session_key',
  'sessionKey',
  '*.sessionKey',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/**
 * Structured JSON logs on stdout. Writes are buffered (4 KB) off the request path; `flushLogger` runs at
 * shutdown so the last lines are not lost.
 */
export function createLogger(level: string = 'info', options: { buffered?: boolean; stream?: pino.DestinationStream } = {}): Logger {
  const destination =
    options.stream ?? (options.buffered ? pino.destination({ dest: 1, sync: false, minLength: 4096 }) : pino.destination(1));
  return pino(
    {
      level,
      base: { service: 'wesale-server' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

export function flushLogger(logger: Logger): void {
  logger.flush();
}
