import type { KeyValueStore } from '../infra/kv';
import type { Logger } from '../infra/logger';

/**
 * Runs one tick of a scheduled job under a Redis lock, so N server instances run it once per tick.
 * The work itself is idempotent too (conditional updates), so a lock that expires mid-run is harmless.
 */
export async function runLocked<T>(kv: KeyValueStore, name: string, ttlMs: number, logger: Logger, work: () => Promise<T>): Promise<T | null> {
  const lock = await kv.acquireLock(`job:${name}`, ttlMs);
  if (!lock) {
    logger.debug({ job: name }, 'job skipped: another instance holds the lock');
    return null;
  }
  try {
    const result = await work();
    logger.info({ job: name, result }, 'job done');
    return result;
  } catch (error) {
    logger.error({ job: name, err: error }, 'job failed');
    return null;
  } finally {
    await lock.release();
  }
}
