import { Entity, Column, Index } from 'typeorm';
import { AppEntity } from '../../infra/entity-base';

@Entity('teams')
@Index('uq_teams_name', ['name'], { unique: true })
export class Team extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  name!: string;
}
