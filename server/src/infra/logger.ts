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

export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    base: { service: 'wesale-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}
