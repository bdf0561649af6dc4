import { Entity, Column, Index } from 'typeorm';
import { AppEntity } from '../../infra/entity-base';

/** A sales process (销售流程模板): its stages come in order with a win probability each. */
@Entity('stage_templates')
@Index('uq_stage_templates_name', ['name'], { unique: true })
export class StageTemplate extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;
}
