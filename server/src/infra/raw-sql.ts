import type { EntityManager, EntityMetadata } from 'typeorm';
import { databaseKind } from './db';

/**
 * Hand-written SQL for the hot paths (placing and confirming an order), where building a statement through
 * TypeORM's query builder costs more CPU than running it. Values cross through the driver's own conversions
 * for the entity's columns — dates per dialect, bigint ids to strings and money to numbers (the column
 * transformers), simple-json — so rows are stored and read exactly as TypeORM stores and reads them.
 * Placeholders are `?`: mysql2 and better-sqlite3 both take them.
 */

type ColumnMetadata = EntityMetadata['columns'][number];
type EntityClass<T> = new () => T;

const columnsByMetadata = new WeakMap<EntityMetadata, { all: ColumnMetadata[]; byProperty: Map<string, ColumnMetadata> }>();

function columnsOf(em: EntityManager, entity: EntityClass<unknown>) {
  const metadata = em.connection.getMetadata(entity);
  let columns = columnsByMetadata.get(metadata);
  if (!columns) {
    columns = { all: metadata.columns, byProperty: new Map(metadata.columns.map((column) => [column.propertyName, column])) };
    columnsByMetadata.set(metadata, columns);
  }
  return columns;
}

/** A row of `SELECT t.*` (or some of its columns) as the entity a TypeORM find returns; columns not selected stay unset. */
export function toEntity<T>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T {
  const driver = em.connection.driver;
  const result = new entity() as Record<string, unknown>;
  for (const column of columnsOf(em, entity).all) {
    if (column.databaseName in row) result[column.propertyName] = driver.prepareHydratedValue(row[column.databaseName], column);
  }
  return result as T;
}

export async function selectEntities<T>(em: EntityManager, entity: EntityClass<T>, sql: string, params: unknown[]): Promise<T[]> {
  const rows: Array<Record<string, unknown>> = await em.query(sql, params);
  return rows.map((row) => toEntity(em, entity, row));
}

/** The parameters for `properties` of an entity-shaped object, converted as TypeORM converts them for its INSERT and UPDATE. */
export function columnValues<T>(em: EntityManager, entity: EntityClass<T>, values: Partial<T>, properties: readonly string[]): unknown[] {
  const driver = em.connection.driver;
  const { byProperty } = columnsOf(em, entity);
  return properties.map((property) => {
    const column = byProperty.get(property);
    if (!column) throw new Error(`${entity.name} has no column ${property}`);
    return driver.preparePersistentValue((values as Record<string, unknown>)[property], column);
  });
}

const placeholderLists: string[] = [];

/** `(?, ?, …)` for `count` values. */
export const placeholders = (count: number) => (placeholderLists[count] ??= `(${Array.from({ length: count }, () => '?').join(', ')})`);

/**
 * A write inside the caller's transaction. `affected` is the changed (MySQL: matched) row count, `raw` the driver's
 * answer: mysql2's result header (insertId), better-sqlite3's last rowid, or the rows of a RETURNING clause.
 */
export async function execute(em: EntityManager, sql: string, params: unknown[]): Promise<{ affected: number; raw: unknown }> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('raw-sql: writes run inside a transaction (inTransaction)');
  const result = await runner.query(sql, params, true);
  return { affected: result.affected ?? 0, raw: result.raw };
}

/** The id of a single-row INSERT: mysql2's insertId, better-sqlite3's lastInsertRowid. */
export function insertedId(raw: unknown): string {
  const value = typeof raw === 'object' && raw !== null && 'insertId' in raw ? (raw as { insertId: number | string }).insertId : raw;
  return String(value);
}

/**
 * Whether `INSERT … RETURNING` is available: MariaDB ≥ 10.5 (TypeORM reads the server version) and SQLite ≥ 3.35
 * (better-sqlite3 bundles its own, newer). Not MySQL nor TiDB: callers read the generated ids back there.
 */
export function insertReturning(em: EntityManager): boolean {
  return databaseKind(em.connection) === 'sqlite' || em.connection.driver.isReturningSqlSupported('insert');
}
