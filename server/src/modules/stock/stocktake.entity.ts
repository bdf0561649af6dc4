import { Entity, Column, Index } from 'typeorm';
import { STOCKTAKE_STATUSES, type StocktakeStatus } from '@wesale/shared';
import { AppEntity, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** 盘点单: a snapshot of expected on-hand quantities, the counts, and (on approval) the adjustments. */
@Entity('stocktakes')
@Index('uq_stocktakes_number', ['number'], { unique: true })
@Index('uq_stocktakes_open_warehouse', ['openWarehouseId'], { unique: true })
@Index('ix_stocktakes_warehouse', ['warehouseId', 'id'])
export class Stocktake extends AppEntity {
  /** PD + Shanghai date + id; written right after the insert. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  number!: string | null;

  @IdColumn()
  warehouseId!: string;

  /**
   * The warehouse while the stocktake is open (counting, pending approval, rejected), NULL once closed: the
   * unique index allows one open stocktake per warehouse, so two overlapping counts cannot both apply a difference.
   */
  @IdColumn({ nullable: true })
  openWarehouseId!: string | null;

  @Column({ type: 'simple-enum', enum: STOCKTAKE_STATUSES, default: 'counting' })
  status!: StocktakeStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @IdColumn({ nullable: true })
  approvalId!: string | null;

  @IdColumn({ nullable: true })
  createdBy!: string | null;

  @TimestampColumn({ nullable: true })
  submittedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  appliedAt!: Date | null;
}
