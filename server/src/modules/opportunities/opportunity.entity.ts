import { Entity, Column, Index } from 'typeorm';
import { OPPORTUNITY_STATUSES, type OpportunityStatus } from '@wesale/shared';
import { AppEntity, FenColumn, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** 项目/商机. */
@Entity('opportunities')
@Index('ix_opportunities_customer', ['customerId'])
@Index('ix_opportunities_owner_status', ['ownerId', 'status'])
@Index('ix_opportunities_team', ['teamId'])
@Index('ix_opportunities_name_normalized', ['nameNormalized'])
@Index('ix_opportunities_stage', ['stageId'])
export class Opportunity extends AppEntity {
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 120 })
  nameNormalized!: string;

  @IdColumn()
  customerId!: string;

  @IdColumn()
  templateId!: string;

  @IdColumn()
  stageId!: string;

  @Column({ type: 'simple-enum', enum: OPPORTUNITY_STATUSES, default: 'open' })
  status!: OpportunityStatus;

  @FenColumn({ default: 0 })
  amountFen!: number;

  /** Shanghai calendar date, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  expectedCloseDate!: string | null;

  @IdColumn({ nullable: true })
  ownerId!: string | null;

  @IdColumn({ nullable: true })
  teamId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  closeReason!: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  competitor!: string | null;

  @TimestampColumn({ nullable: true })
  closedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  lastFollowUpAt!: Date | null;

  @IdColumn({ nullable: true })
  createdBy!: string | null;
}
