import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { idTransformer, TimestampColumn } from './entity-base';

/**
 * One `Idempotency-Key` of one caller and route, written in the same transaction as the request's effect:
 * a committed row means a committed effect. Kept until the retention job deletes it (7 days).
 */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_scope_key', ['scope', 'idempotencyKey'], { unique: true })
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  @Generated('increment')
  id!: string;

  /** Caller and route, e.g. `staff:3:post:/orders:/api/v1/orders`. */
  @Column({ type: 'varchar', length: 255 })
  scope!: string;

  @Column({ type: 'varchar', length: 128 })
  idempotencyKey!: string;

  /** sha256 of the request body: the same key with another body is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  /** JSON of what the request's transaction returned, committed with it: the answer is rebuilt from it. */
  @Column({ type: 'mediumtext', nullable: true })
  transactionResult!: string | null;

  @Column({ type: 'int', nullable: true })
  responseStatus!: number | null;

  /** JSON of the first answer, stored after the commit unless it is the transaction result itself. */
  @Column({ type: 'mediumtext', nullable: true })
  responseBody!: string | null;

  @TimestampColumn()
  createdAt!: Date;
}
