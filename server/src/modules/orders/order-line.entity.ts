import { Column, Entity, Index } from 'typeorm';
import { IdColumn } from '../../infra/entity-base';
import { DocumentLineBase } from '../sales/sales-document.base';

@Entity('order_lines')
@Index('uq_order_lines_line', ['orderId', 'lineNo'], { unique: true })
@Index('ix_order_lines_contract_line', ['contractLineId'])
export class OrderLine extends DocumentLineBase {
  @IdColumn()
  orderId!: string;

  @IdColumn({ nullable: true })
  contractLineId!: string | null;

  /** Shipped so far; a conditional UPDATE keeps it ≤ quantity. */
  @Column({ type: 'int', default: 0 })
  shippedQty!: number;
}
