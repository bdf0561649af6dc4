import { Entity, Column, Index } from 'typeorm';
import { ACTOR_KINDS, type ActorKind } from '@wesale/shared';
import { AppEntity, LargeJsonColumn } from '../../infra/entity-base';

/** Who changed what: approvals and every change that touches money are recorded here. */
@Entity('audit_logs')
@Index('ix_audit_logs_subject', ['subjectType', 'subjectId'])
export class AuditLog extends AppEntity {
  @Column({ type: 'simple-enum', enum: ACTOR_KINDS })
  actorKind!: ActorKind;

  @Column({ type: 'varchar', length: 32 })
  actorId!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ type: 'varchar', length: 32 })
  subjectId!: string;

  @LargeJsonColumn({ nullable: true })
  changes!: Record<string, unknown> | null;
}
