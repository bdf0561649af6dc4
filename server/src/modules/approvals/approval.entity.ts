import { Entity, Column, Index } from 'typeorm';
import { APPROVAL_KINDS, APPROVAL_STATUSES, type ApprovalKind, type ApprovalStatus } from '@wesale/shared';
import { AppEntity, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** The one approval record every flow uses (claims now; discounts, credit, returns later). */
@Entity('approvals')
@Index('ix_approvals_status_team', ['status', 'teamId'])
@Index('ix_approvals_subject', ['subjectType', 'subjectId'])
@Index('ix_approvals_requested_by', ['requestedBy'])
export class Approval extends AppEntity {
  @Column({ type: 'simple-enum', enum: APPROVAL_KINDS })
  kind!: ApprovalKind;

  @Column({ type: 'varchar', length: 32 })
  subjectType!: string;

  @IdColumn()
  subjectId!: string;

  /** A short human description of the subject at the time of the request (e.g. the customer's name). */
  @Column({ type: 'varchar', length: 200 })
  subjectTitle!: string;

  @Column({ type: 'simple-enum', enum: APPROVAL_STATUSES, default: 'pending' })
  status!: ApprovalStatus;

  @IdColumn()
  requestedBy!: string;

  /** The requester's team: its manager decides. */
  @IdColumn({ nullable: true })
  teamId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @IdColumn({ nullable: true })
  decidedBy!: string | null;

  @TimestampColumn({ nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionComment!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  payload!: Record<string, unknown> | null;
}
