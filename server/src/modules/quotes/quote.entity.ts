import { Entity, Column, Index } from 'typeorm';
import { QUOTE_STATUSES, type QuoteStatus } from '@wesale/shared';
import { IdColumn, TimestampColumn } from '../../infra/entity-base';
import { SalesDocumentBase } from '../sales/sales-document.base';

/** 报价单: one row per version; all versions of a quote share its number and its root (the V1). */
@Entity('quotes')
@Index('uq_quotes_number', ['number', 'version'], { unique: true })
@Index('ix_quotes_root_version', ['rootId', 'version'])
@Index('ix_quotes_customer', ['customerId'])
@Index('ix_quotes_owner', ['ownerId'])
@Index('ix_quotes_team', ['teamId'])
@Index('ix_quotes_opportunity', ['opportunityId'])
@Index('ix_quotes_status_valid_until', ['status', 'validUntil'])
export class Quote extends SalesDocumentBase {
  @IdColumn({ nullable: true })
  opportunityId!: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  contactName!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  contactMobile!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  /** The V1's id (a V1 points at itself); null only inside the transaction that creates the V1. */
  @IdColumn({ nullable: true })
  rootId!: string;

  @IdColumn({ nullable: true })
  supersededById!: string | null;

  /** The newest version of its root; kept by the revise transaction so lists need no self-join. */
  @Column({ type: 'boolean', default: true })
  isLatest!: boolean;

  /** Last valid day, a Shanghai calendar date YYYY-MM-DD (compares as text on both drivers). */
  @Column({ type: 'varchar', length: 10 })
  validUntil!: string;

  @Column({ type: 'text' })
  terms!: string;

  @Column({ type: 'simple-enum', enum: QUOTE_STATUSES, default: 'draft' })
  status!: QuoteStatus;

  /** Why the prices need approval, as of the last pricing; staff only. */
  @Column({ type: 'simple-json' })
  approvalReasons!: string[];

  @TimestampColumn({ nullable: true })
  submittedAt!: Date | null;

  @IdColumn({ nullable: true })
  approvedBy!: string | null;

  @TimestampColumn({ nullable: true })
  approvedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  sentAt!: Date | null;

  @TimestampColumn({ nullable: true })
  respondedAt!: Date | null;

  /** The customer account that accepted or declined in the mini-program. */
  @IdColumn({ nullable: true })
  respondedByAccountId!: string | null;

  /** The staff member who recorded the customer's answer on their behalf. */
  @IdColumn({ nullable: true })
  respondedByUserId!: string | null;

  /** The reason of a decline, or a note on an acceptance. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  responseNote!: string | null;
}
