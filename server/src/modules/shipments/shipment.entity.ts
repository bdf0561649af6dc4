import { Column, Entity, Index } from 'typeorm';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '@wesale/shared';
import { AppEntity, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** 发货单. Customer, owner and team are the order's, so scopeSalesDocuments applies to shipments as to orders. */
@Entity('shipments')
@Index('uq_shipments_number', ['number'], { unique: true })
@Index('ix_shipments_order', ['orderId', 'status'])
@Index('ix_shipments_customer', ['customerId'])
@Index('ix_shipments_owner', ['ownerId'])
@Index('ix_shipments_team', ['teamId'])
export class Shipment extends AppEntity {
  @Column({ type: 'varchar', length: 32 })
  number!: string;

  @IdColumn()
  orderId!: string;

  @Column({ type: 'varchar', length: 32 })
  orderNumber!: string;

  @IdColumn()
  customerId!: string;

  @Column({ type: 'varchar', length: 120 })
  customerName!: string;

  @IdColumn({ nullable: true })
  ownerId!: string | null;

  @IdColumn({ nullable: true })
  teamId!: string | null;

  @IdColumn()
  warehouseId!: string;

  @Column({ type: 'simple-enum', enum: SHIPMENT_STATUSES, default: 'pending' })
  status!: ShipmentStatus;

  @Column({ type: 'varchar', length: 60, nullable: true })
  carrier!: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  trackingNumber!: string | null;

  @TimestampColumn({ nullable: true })
  shippedAt!: Date | null;

  @IdColumn({ nullable: true })
  shippedBy!: string | null;

  @TimestampColumn({ nullable: true })
  deliveredAt!: Date | null;

  @IdColumn({ nullable: true })
  createdBy!: string | null;
}
