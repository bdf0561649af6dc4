import { Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

@Entity('teams')
@Index('uq_teams_name', ['name'], { unique: true })
@Index('ix_teams_manager', ['managerId'])
export class Team extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** The manager (销售经理) who leads the team; always a member of it. */
  @IdColumn({ nullable: true })
  managerId!: string | null;
}
