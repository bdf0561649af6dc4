import { Column, Entity, Index } from 'typeorm';
import { PAYMENT_METHODS, type PaymentMethod } from '@wesale/shared';
import { AppEntity, FenColumn, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** 收款. For now written by one-step billing (开单); finance's receivables and allocation build on it. */
@Entity('payments')
@Index('ix_payments_customer', ['customerId', 'id'])
@Index('ix_payments_order', ['orderId'])
export class Payment extends AppEntity {
  @IdColumn()
  customerId!: string;

  @IdColumn({ nullable: true })
  orderId!: string | null;

  @FenColumn()
  amountFen!: number;

  @Column({ type: 'simple-enum', enum: PAYMENT_METHODS })
  method!: PaymentMethod;

  @TimestampColumn()
  receivedAt!: Date;

  @IdColumn({ nullable: true })
  recordedBy!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;
}
