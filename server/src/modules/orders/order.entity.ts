import { Column, Entity, Index } from 'typeorm';
import {
  ORDER_CHANNELS,
  ORDER_REVIEW_STATUSES,
  ORDER_STATUSES,
  type OrderChannel,
  type OrderReviewReason,
  type OrderReviewStatus,
  type OrderStatus,
} from '@wesale/shared';
import { FenColumn, IdColumn, TimestampColumn } from '../../infra/entity-base';
import { SalesDocumentBase } from '../sales/sales-document.base';

/** 销售订单. Status changes go through orderStateMachine with conditional UPDATEs (WHERE status = the expected one). */
@Entity('orders')
@Index('uq_orders_number', ['number'], { unique: true })
// The credit rule sums the customer's open orders: the index covers the whole query (no row lookups).
@Index('ix_orders_customer_status', ['customerId', 'status', 'totalFen', 'paidFen'])
@Index('ix_orders_owner', ['ownerId'])
@Index('ix_orders_team', ['teamId'])
@Index('ix_orders_contract', ['contractId'])
export class Order extends SalesDocumentBase {
  @Column({ type: 'simple-enum', enum: ORDER_CHANNELS })
  channel!: OrderChannel;

  @IdColumn({ nullable: true })
  contractId!: string | null;

  @Column({ type: 'simple-enum', enum: ORDER_STATUSES, default: 'pending_review' })
  status!: OrderStatus;

  /** Where the stock is reserved; chosen at create or confirm. */
  @IdColumn({ nullable: true })
  warehouseId!: string | null;

  @FenColumn({ default: 0 })
  paidFen!: number;

  @Column({ type: 'simple-enum', enum: ORDER_REVIEW_STATUSES, default: 'not_required' })
  reviewStatus!: OrderReviewStatus;

  /** Approvals still undecided: the order is confirmable at 0. */
  @Column({ type: 'int', default: 0 })
  pendingApprovals!: number;

  @Column({ type: 'simple-json', nullable: true })
  reviewReasons!: OrderReviewReason[] | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  shippingAddress!: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  contactName!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone!: string | null;

  @TimestampColumn({ nullable: true })
  confirmedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cancelReason!: string | null;

  @TimestampColumn({ nullable: true })
  deliveredAt!: Date | null;

  @TimestampColumn({ nullable: true })
  completedAt!: Date | null;
}
