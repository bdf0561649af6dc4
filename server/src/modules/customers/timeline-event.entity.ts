import { Entity, Column, Index } from 'typeorm';
import { TIMELINE_KINDS, type TimelineKind } from '@wesale/shared';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** One line of a customer's activity timeline; later modules (quotes, orders, tickets) add their kinds. */
@Entity('timeline_events')
@Index('ix_timeline_events_customer', ['customerId', 'id'])
export class TimelineEvent extends AppEntity {
  @IdColumn()
  customerId!: string;

  @Column({ type: 'simple-enum', enum: TIMELINE_KINDS })
  kind!: TimelineKind;

  /** null for the system (e.g. the return-to-pool job). */
  @IdColumn({ nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 500 })
  summary!: string;

  @Column({ type: 'simple-json', nullable: true })
  data!: Record<string, unknown> | null;
}
