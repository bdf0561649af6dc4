import { Entity, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** Reps following an opportunity besides its owner (several reps can follow one). */
@Entity('opportunity_members')
@Index('uq_opportunity_members', ['opportunityId', 'userId'], { unique: true })
@Index('ix_opportunity_members_user', ['userId'])
export class OpportunityMember extends AppEntity {
  @IdColumn()
  opportunityId!: string;

  @IdColumn()
  userId!: string;
}
