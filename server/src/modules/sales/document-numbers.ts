import type { DataSource } from 'typeorm';
import { formatDocumentNumber, shanghaiDateStamp } from '@wesale/shared';
import type { KeyValueStore } from '../../infra/kv';

export type DocumentPrefix = 'QT' | 'HT' | 'SO' | 'FH';

const COUNTER_TTL_MS = 3 * 24 * 60 * 60 * 1000;
const MAX_ATTEMPTS = 5;

/**
 * Daily document numbers (SO20261122-0001) from a Redis counter per prefix and day — an atomic INCR, so
 * no database row is locked by every order (the sequence-row bottleneck of ERPs under load). Numbers used
 * by a transaction that rolls back leave a gap, as in Odoo's "standard" sequences.
 *
 * The counter is not the only guard: each table has a unique index on its number. If Redis lost the day's
 * counter, the first caller of the new counter continues after the highest number in the database, and a
 * caller that still collided retries with the next number (`withNumber`).
 */
export class DocumentNumbers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kv: KeyValueStore,
  ) {}

  async next(prefix: DocumentPrefix, table: string, at: Date = new Date()): Promise<string> {
    const day = shanghaiDateStamp(at);
    const key = `docno:${prefix}:${day}`;
    const { count } = await this.kv.increment(key, COUNTER_TTL_MS);
    if (count !== 1) return formatDocumentNumber(prefix, at, count);
    const used = await this.highestUsed(prefix, table, day);
    if (used === 0) return formatDocumentNumber(prefix, at, 1);
    const { count: continued } = await this.kv.increment(key, COUNTER_TTL_MS, used);
    return formatDocumentNumber(prefix, at, continued);
  }

  /** Runs `create` with a fresh number, and again with the next one if the number was taken meanwhile. */
  async withNumber<T>(prefix: DocumentPrefix, table: string, create: (number: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const number = await this.next(prefix, table);
      try {
        return await create(number);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isDuplicateNumber(error, table)) throw error;
      }
    }
  }

  private async highestUsed(prefix: DocumentPrefix, table: string, day: string): Promise<number> {
    const rows: Array<{ number: string }> = await this.dataSource.query(
      `SELECT number FROM ${table} WHERE number LIKE ? ORDER BY LENGTH(number) DESC, number DESC LIMIT 1`,
      [`${prefix}${day}-%`],
    );
    if (rows.length === 0) return 0;
    return Number(rows[0].number.slice(prefix.length + day.length + 1)) || 0;
  }
}

function isDuplicateNumber(error: unknown, table: string): boolean {
  const err = error as { code?: string; errno?: number; message?: string; driverError?: { code?: string; message?: string } };
  const code = err.driverError?.code ?? err.code;
  const message = err.driverError?.message ?? err.message ?? '';
  if (code === 'ER_DUP_ENTRY') return message.includes(`uq_${table}_number`);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes(`${table}.number`);
}
