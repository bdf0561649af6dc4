import { Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

@Entity('stocktake_lines')
@Index('uq_stocktake_lines_stocktake_product', ['stocktakeId', 'productId'], { unique: true })
export class StocktakeLine extends AppEntity {
  @IdColumn()
  stocktakeId!: string;

  @IdColumn()
  productId!: string;

  /** On hand when the stocktake was created. */
  @Column({ type: 'int' })
  expectedQty!: number;

  @Column({ type: 'int', nullable: true })
  countedQty!: number | null;
}
