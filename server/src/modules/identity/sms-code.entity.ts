import { Entity, Column, Index } from 'typeorm';
import { AppEntity, TimestampColumn } from '../../infra/entity-base';

/**
 * The live SMS login code of a mobile (at most one: a new code replaces the old). Only a keyed hash is kept.
 * The row is deleted when the code is used, so a second use finds nothing; `attempts` counts the tries.
 */
@Entity('sms_codes')
@Index('uq_sms_codes_mobile', ['mobile'], { unique: true })
export class SmsCode extends AppEntity {
  @Column({ type: 'varchar', length: 20 })
  mobile!: string;

  /** HMAC-SHA256 of mobile and code, hex. */
  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @TimestampColumn()
  expiresAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;
}
