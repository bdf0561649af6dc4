import { Entity, Column, CreateDateColumn, Generated, Index, PrimaryColumn } from 'typeorm';
import { STOCK_MOVEMENT_REASONS, type StockMovementReason } from '@wesale/shared';
import { IdColumn, idTransformer } from '../../infra/entity-base';

/** The stock ledger: append-only (hence no updatedAt); per warehouse and product the deltas sum to the level. */
@Entity('stock_movements')
@Index('ix_stock_movements_warehouse_product', ['warehouseId', 'productId', 'id'])
@Index('ix_stock_movements_product', ['productId', 'id'])
@Index('ix_stock_movements_ref', ['refType', 'refId'])
export class StockMovement {
  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  @Generated('increment')
  id!: string;

  @IdColumn()
  warehouseId!: string;

  @IdColumn()
  productId!: string;

  @Column({ type: 'simple-enum', enum: STOCK_MOVEMENT_REASONS })
  reason!: StockMovementReason;

  @Column({ type: 'int', default: 0 })
  onHandDelta!: number;

  @Column({ type: 'int', default: 0 })
  reservedDelta!: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  refType!: string | null;

  @IdColumn({ nullable: true })
  refId!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  refNumber!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @IdColumn({ nullable: true })
  actorId!: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt!: Date;
}
