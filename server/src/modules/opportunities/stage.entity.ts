import { Entity, Column, Index } from 'typeorm';
import { STAGE_KINDS, type StageKind } from '@wesale/shared';
import { AppEntity, IdColumn } from '../../infra/entity-base';

@Entity('stages')
@Index('uq_stages_template_order', ['templateId', 'sortOrder'], { unique: true })
export class Stage extends AppEntity {
  @IdColumn()
  templateId!: string;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  /** Win probability in percent (0–100). */
  @Column({ type: 'int' })
  probability!: number;

  @Column({ type: 'int' })
  sortOrder!: number;

  /** open stages move forward; a won or lost stage closes the opportunity. */
  @Column({ type: 'simple-enum', enum: STAGE_KINDS, default: 'open' })
  kind!: StageKind;
}
