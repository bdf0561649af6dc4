import { Entity, Column, Index } from 'typeorm';
import { IMPORT_KINDS, IMPORT_STATUSES, type ImportKind, type ImportStatus } from '@wesale/shared';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** An Excel import: runs in the background, reports progress, keeps a per-row report. */
@Entity('import_jobs')
@Index('ix_import_jobs_created_by', ['createdBy'])
export class ImportJob extends AppEntity {
  @Column({ type: 'simple-enum', enum: IMPORT_KINDS })
  kind!: ImportKind;

  @Column({ type: 'simple-enum', enum: IMPORT_STATUSES, default: 'queued' })
  status!: ImportStatus;

  @Column({ type: 'varchar', length: 200 })
  fileName!: string;

  @Column({ type: 'int', default: 0 })
  total!: number;

  @Column({ type: 'int', default: 0 })
  processed!: number;

  @Column({ type: 'int', default: 0 })
  imported!: number;

  @Column({ type: 'int', default: 0 })
  failed!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @IdColumn()
  createdBy!: string;
}
