import { Column, Entity, Index } from 'typeorm';
import { CONTRACT_STATUSES, type ContractStatus } from '@wesale/shared';
import { IdColumn, TimestampColumn } from '../../infra/entity-base';
import { SalesDocumentBase } from '../sales/sales-document.base';

/** 合同. Totals and cost are those of its lines, copied from the quote or priced when the draft was written. */
@Entity('contracts')
@Index('uq_contracts_number', ['number'], { unique: true })
// A quote becomes a contract once (NULLs, contracts not made from a quote, do not collide on MySQL or SQLite).
@Index('uq_contracts_quote', ['quoteId'], { unique: true })
@Index('ix_contracts_customer', ['customerId'])
@Index('ix_contracts_owner_status', ['ownerId', 'status'])
@Index('ix_contracts_team', ['teamId'])
@Index('ix_contracts_opportunity', ['opportunityId'])
export class Contract extends SalesDocumentBase {
  @Column({ type: 'varchar', length: 120 })
  title!: string;

  @Column({ type: 'simple-enum', enum: CONTRACT_STATUSES, default: 'draft' })
  status!: ContractStatus;

  @IdColumn({ nullable: true })
  quoteId!: string | null;

  @IdColumn({ nullable: true })
  opportunityId!: string | null;

  /** Shanghai calendar dates, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  startDate!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  endDate!: string | null;

  @Column({ type: 'text', nullable: true })
  terms!: string | null;

  @IdColumn({ nullable: true })
  approvedBy!: string | null;

  @TimestampColumn({ nullable: true })
  approvedAt!: Date | null;

  /** The customer's confirmation in the mini-program: when, which account, and the name it showed. */
  @TimestampColumn({ nullable: true })
  signedAt!: Date | null;

  @IdColumn({ nullable: true })
  signedByAccountId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  signedByName!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  terminatedReason!: string | null;

  @TimestampColumn({ nullable: true })
  terminatedAt!: Date | null;
}
