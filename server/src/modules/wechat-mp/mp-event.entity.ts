import { Entity, Column, Index } from 'typeorm';
import { AppEntity } from '../../infra/entity-base';

/** Every official-account event processed, keyed so WeChat's retries of the same event are processed once. */
@Entity('mp_events')
@Index('uq_mp_events_dedupe', ['dedupeKey'], { unique: true })
export class MpEvent extends AppEntity {
  @Column({ type: 'varchar', length: 191 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  @Column({ type: 'varchar', length: 32 })
  event!: string;
}
