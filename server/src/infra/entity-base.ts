import { Column, CreateDateColumn, Generated, PrimaryColumn, UpdateDateColumn, type ColumnOptions, type ValueTransformer } from 'typeorm';

/** bigint ids come back as strings from MySQL and as numbers from SQLite; the domain always sees strings. */
export const idTransformer: ValueTransformer = {
  from: (value: unknown) => (value === null || value === undefined ? value : String(value)),
  to: (value: unknown) => value,
};

export function IdColumn(options: ColumnOptions = {}) {
  return Column({ type: 'bigint', transformer: idTransformer, ...options });
}

/** Money in integer fen as BIGINT; MySQL hands bigint back as a string, the domain always sees a number. */
export function FenColumn(options: ColumnOptions = {}) {
  return Column({ type: 'bigint', transformer: { from: (v: unknown) => (v == null ? v : Number(v)), to: (v: unknown) => v }, ...options });
}

/**
 * JSON in a MEDIUMTEXT (16 MB) column, for values whose schema allows more than TEXT's 64 KB (e.g. 500 grade
 * discounts in CJK); `simple-json` maps to TEXT on MySQL.
 */
export function LargeJsonColumn(options: ColumnOptions = {}) {
  return Column({
    type: 'mediumtext',
    transformer: { from: (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v), to: (v: unknown) => (v == null ? v : JSON.stringify(v)) },
    ...options,
  });
}

/** UTC timestamps with sub-second precision on both drivers (a plain MySQL datetime drops the milliseconds). */
export function TimestampColumn(options: ColumnOptions = {}) {
  return Column({ type: 'datetime', precision: 6, ...options });
}

export abstract class AppEntity {
  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  @Generated('increment')
  id!: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
