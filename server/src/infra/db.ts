import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, getMetadataArgsStorage, type EntityManager } from 'typeorm';
import { entities } from '../entities';
import { migrations } from '../migrations';

export type DatabaseKind = 'mysql' | 'sqlite';

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** SQLite file name under dataDir (tests use their own). */
  sqliteFile?: string;
  poolSize?: number;
}

export function databaseKind(dataSource: DataSource): DatabaseKind {
  return dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
}

export function createDataSource(options: DatabaseOptions): DataSource {
  if (options.databaseUrl) {
    // TypeORM reads a MariaDB schema differently from MySQL's (defaults, NULLs): the URL scheme says which it is.
    const isMariaDb = options.databaseUrl.startsWith('mariadb:');
    return new DataSource({
      type: isMariaDb ? 'mariadb' : 'mysql',
      url: options.databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      entities,
      migrations,
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      poolSize: options.poolSize ?? 20,
      // trace: mysql2 captures a stack per query for its error messages — ~6 % of the CPU of an order; TypeORM's own errors carry the SQL.
      extra: { connectTimeout: 5000, enableKeepAlive: true, trace: false },
    });
  }
  mkdirSync(options.dataDir, { recursive: true });
  useSqliteRowIds();
  useSqliteTextTypes();
  return new DataSource({
    type: 'better-sqlite3',
    database: path.join(options.dataDir, options.sqliteFile ?? 'wesale.sqlite'),
    entities,
    // The embedded SQLite default is for trying WeSale on one machine: its schema follows the entities.
    // MySQL/MariaDB, the production database, only ever changes through the migrations above.
    synchronize: true,
    enableWAL: true,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  });
}

/**
 * Ids are BIGINT AUTO_INCREMENT on MySQL; SQLite only auto-increments an `INTEGER PRIMARY KEY` (which is
 * 64-bit there), so the generated primary keys are declared as integer for the embedded database.
 */
function useSqliteRowIds() {
  const storage = getMetadataArgsStorage();
  const generated = new Set(storage.generations.map((g) => `${g.propertyName}`));
  for (const column of storage.columns) {
    if (column.options.primary && column.options.type === 'bigint' && generated.has(column.propertyName)) {
      column.options.type = 'integer';
    }
  }
}

/** MySQL's larger text types (bodies over TEXT's 64 KB) are plain `text` on SQLite, which has no size classes. */
function useSqliteTextTypes() {
  for (const column of getMetadataArgsStorage().columns) {
    if (column.options.type === 'mediumtext' || column.options.type === 'longtext') column.options.type = 'text';
  }
}

/** Opens the database and brings its schema up to date (migrations on MySQL). */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  if (databaseKind(dataSource) === 'mysql') await runMigrationsExclusively(dataSource);
  return dataSource;
}

/** Several instances may start at once: a named lock lets one migrate while the others wait, then find nothing to do. */
async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    const [{ acquired }] = await runner.query("SELECT GET_LOCK('wesale_migrations', 120) AS acquired");
    if (Number(acquired) !== 1) throw new Error('Timed out waiting for another instance to finish the database migrations');
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query("SELECT RELEASE_LOCK('wesale_migrations')");
    }
  } finally {
    await runner.release();
  }
}

/** Writes that join a transaction run in some async context, inside it (e.g. the idempotency key row of a request). */
export interface TransactionParticipant {
  /** Runs the transaction's own work inside the same transaction. */
  run<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T>;
  /** Told after the transaction committed (true) or rolled back (false). */
  settle(committed: boolean): void;
}

/** Per transaction started in the context: a participant, or undefined to leave that transaction alone. */
type ParticipantFactory = () => TransactionParticipant | undefined;

const transactionParticipants = new AsyncLocalStorage<ParticipantFactory>();

/** Runs `fn` so that each transaction it starts (through `inTransaction`) asks `join` for a participant. */
export function withTransactionParticipant<T>(join: ParticipantFactory, fn: () => Promise<T>): Promise<T> {
  return transactionParticipants.run(join, fn);
}

const RETRYABLE_MYSQL_ERRORS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

const sqliteWriters = new WeakMap<DataSource, Promise<unknown>>();

/**
 * The embedded SQLite database has one connection per process, shared by every request: two transactions
 * interleaving on it would nest. So on SQLite, transactions take turns (SQLite has a single writer anyway).
 */
function oneAtATime<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const previous = sqliteWriters.get(dataSource) ?? Promise.resolve();
  const current = previous.then(work, work);
  sqliteWriters.set(dataSource, current.catch(() => undefined));
  return current;
}

/**
 * One transaction, retried a bounded number of times on deadlock (1213) or lock wait timeout (1205).
 * Every write goes through here (also single-row ones), so on SQLite no write lands inside another's transaction.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (em: EntityManager) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const participant = transactionParticipants.getStore()?.();
    const run = participant ? (em: EntityManager) => participant.run(em, work) : work;
    try {
      const result =
        databaseKind(dataSource) === 'sqlite'
          ? await oneAtATime(dataSource, () => dataSource.transaction(run))
          : await dataSource.transaction(run);
      participant?.settle(true);
      return result;
    } catch (error) {
      participant?.settle(false);
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE_MYSQL_ERRORS.has(code)) throw error;
      // Full jitter, doubling: transactions that deadlocked together must not retry in step (gap locks of the
      // duplicate checks make bursts of concurrent inserts of near names deadlock more than once).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const err = error as { code?: string; driverError?: { code?: string } };
  const code = err.code ?? err.driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** `column LIKE :q ${LIKE_ESCAPE}` with `likePattern(text)`: '!' escapes the same way on MySQL and SQLite (a backslash does not). */
export const LIKE_ESCAPE = "ESCAPE '!'";

export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
