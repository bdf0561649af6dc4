import { createLogger, type Logger } from '../logger';

export interface CapturedLogs {
  logger: Logger;
  /** Raw JSON lines, as they would reach stdout. */
  lines: string[];
  entries(): Array<Record<string, unknown>>;
}

/** A real pino logger writing into memory, so tests can read what the bot logged. */
export function capturingLogger(level = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
