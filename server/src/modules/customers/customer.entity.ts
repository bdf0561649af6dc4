import { Entity, Column, Index } from 'typeorm';
import { CUSTOMER_VALUE_LEVELS, LEAD_SOURCES, type CustomerValueLevel, type LeadSource } from '@wesale/shared';
import { AppEntity, FenColumn, IdColumn, TimestampColumn } from '../../infra/entity-base';

/** A customer (客户): owned by a rep, or in the public pool (公海) when it has no owner. */
@Entity('customers')
@Index('ix_customers_name_normalized', ['nameNormalized'])
@Index('ix_customers_mobile', ['mobile'])
@Index('ix_customers_owner', ['ownerId'])
@Index('ix_customers_team', ['teamId'])
@Index('ix_customers_last_follow_up', ['lastFollowUpAt'])
@Index('ix_customers_next_follow_up', ['nextFollowUpAt'])
@Index('uq_customers_openid', ['openid'], { unique: true })
@Index('uq_customers_wechat_contact', ['wechatContactId'], { unique: true })
export class Customer extends AppEntity {
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 120 })
  nameNormalized!: string;

  /** Grade code from settings (new / regular / premium …); drives the default discount. */
  @Column({ type: 'varchar', length: 32, default: 'new' })
  grade!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  region!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  industry!: string | null;

  @Column({ type: 'simple-enum', enum: LEAD_SOURCES, default: 'manual' })
  source!: LeadSource;

  @Column({ type: 'simple-enum', enum: CUSTOMER_VALUE_LEVELS, nullable: true })
  valueLevel!: CustomerValueLevel | null;

  /** 资质: licences, certifications, credit notes. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  qualification!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  preferredFollowUpMethod!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  @FenColumn({ default: 0 })
  creditLimitFen!: number;

  @Column({ type: 'int', default: 0 })
  paymentTermsDays!: number;

  @Column({ type: 'text', nullable: true })
  remarks!: string | null;

  /** null = in the public pool. */
  @IdColumn({ nullable: true })
  ownerId!: string | null;

  /** The owner's team when it was assigned: a manager sees their team's customers. */
  @IdColumn({ nullable: true })
  teamId!: string | null;

  @TimestampColumn({ nullable: true })
  ownedSince!: Date | null;

  @TimestampColumn({ nullable: true })
  lastFollowUpAt!: Date | null;

  @TimestampColumn({ nullable: true })
  nextFollowUpAt!: Date | null;

  /** When the owner was warned that the customer is about to return to the pool (once per ownership). */
  @TimestampColumn({ nullable: true })
  poolWarnedAt!: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  wechatContactId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;

  /** The lead this customer was converted from. */
  @IdColumn({ nullable: true })
  leadId!: string | null;

  @IdColumn({ nullable: true })
  createdBy!: string | null;
}
