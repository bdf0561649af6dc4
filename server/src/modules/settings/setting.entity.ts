import { Entity, Column, Index } from 'typeorm';
import { AppEntity, LargeJsonColumn } from '../../infra/entity-base';

/** One row per setting; values are validated by the settings schema in shared/. */
@Entity('settings')
@Index('uq_settings_key', ['key'], { unique: true })
export class Setting extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @LargeJsonColumn()
  value!: unknown;
}
