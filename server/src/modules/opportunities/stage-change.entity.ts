import { Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** The negotiation history: every stage change with who, when and a note. */
@Entity('opportunity_stage_changes')
@Index('ix_stage_changes_opportunity', ['opportunityId', 'id'])
export class OpportunityStageChange extends AppEntity {
  @IdColumn()
  opportunityId!: string;

  @IdColumn({ nullable: true })
  fromStageId!: string | null;

  @IdColumn()
  toStageId!: string;

  @IdColumn()
  actorId!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;
}
