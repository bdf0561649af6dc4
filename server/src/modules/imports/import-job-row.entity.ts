import { Entity, Column, Index } from 'typeorm';
import { IMPORT_ROW_STATUSES, type ImportRowStatus } from '@wesale/shared';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** One row of an import's report: its spreadsheet row number, outcome and reason. */
@Entity('import_job_rows')
@Index('ix_import_job_rows_job', ['jobId', 'rowNumber'])
export class ImportJobRow extends AppEntity {
  @IdColumn()
  jobId!: string;

  @Column({ type: 'int' })
  rowNumber!: number;

  @Column({ type: 'simple-enum', enum: IMPORT_ROW_STATUSES })
  status!: ImportRowStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @IdColumn({ nullable: true })
  recordId!: string | null;
}
