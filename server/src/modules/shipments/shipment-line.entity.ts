import { Column, Entity, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

@Entity('shipment_lines')
@Index('ix_shipment_lines_shipment', ['shipmentId'])
@Index('ix_shipment_lines_order_line', ['orderLineId'])
export class ShipmentLine extends AppEntity {
  @IdColumn()
  shipmentId!: string;

  @IdColumn()
  orderLineId!: string;

  @IdColumn()
  productId!: string;

  @Column({ type: 'int' })
  quantity!: number;
}
