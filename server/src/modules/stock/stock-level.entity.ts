import { Check, Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/**
 * Stock of one product in one warehouse. Every change goes through a conditional UPDATE in StockService
 * (0 ≤ reserved ≤ onHand holds after each statement) and is mirrored by a row in stock_movements.
 */
@Entity('stock_levels')
@Index('uq_stock_levels_warehouse_product', ['warehouseId', 'productId'], { unique: true })
@Index('ix_stock_levels_product', ['productId'])
// A backstop for the conditional updates; on MySQL/MariaDB the migration adds it (TypeORM leaves CHECKs alone there).
@Check('ck_stock_levels_quantities', 'reserved >= 0 AND onHand >= reserved AND minQty >= 0 AND maxQty >= 0')
export class StockLevel extends AppEntity {
  @IdColumn()
  warehouseId!: string;

  @IdColumn()
  productId!: string;

  @Column({ type: 'int', default: 0 })
  onHand!: number;

  @Column({ type: 'int', default: 0 })
  reserved!: number;

  @Column({ type: 'int', default: 0 })
  minQty!: number;

  @Column({ type: 'int', default: 0 })
  maxQty!: number;
}
