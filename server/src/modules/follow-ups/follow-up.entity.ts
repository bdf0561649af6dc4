import { Entity, Column, Index } from 'typeorm';
import { FOLLOW_UP_METHODS, FOLLOW_UP_SUBJECTS, type FollowUpMethod, type FollowUpSubject } from '@wesale/shared';
import { AppEntity, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** 跟进记录 on a lead, a customer or an opportunity. */
@Entity('follow_ups')
@Index('ix_follow_ups_subject', ['subjectType', 'subjectId'])
@Index('ix_follow_ups_customer', ['customerId'])
@Index('ix_follow_ups_due', ['createdBy', 'nextFollowUpAt'])
export class FollowUp extends AppEntity {
  @Column({ type: 'simple-enum', enum: FOLLOW_UP_SUBJECTS })
  subjectType!: FollowUpSubject;

  @IdColumn()
  subjectId!: string;

  /** The customer it belongs to, when there is one (a converted lead's follow-ups move here too). */
  @IdColumn({ nullable: true })
  customerId!: string | null;

  @Column({ type: 'simple-enum', enum: FOLLOW_UP_METHODS })
  method!: FollowUpMethod;

  @Column({ type: 'text' })
  content!: string;

  @TimestampColumn({ nullable: true })
  nextFollowUpAt!: Date | null;

  /** Cleared when the next follow-up is recorded, so "due" lists only what is still open. */
  @Column({ type: 'boolean', default: true })
  nextFollowUpOpen!: boolean;

  @IdColumn()
  createdBy!: string;
}
