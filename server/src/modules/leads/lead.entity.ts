import { Entity, Column, Index } from 'typeorm';
import { LEAD_SOURCES, LEAD_STATUSES, type LeadSource, type LeadStatus } from '@wesale/shared';
import { AppEntity, IdColumn, TimestampColumn } from '../../infra/entity-base';

@Entity('leads')
@Index('uq_leads_wechat_contact', ['wechatContactId'], { unique: true })
@Index('uq_leads_openid', ['openid'], { unique: true })
@Index('ix_leads_owner_status', ['ownerId', 'status'])
@Index('ix_leads_unionid', ['unionid'])
@Index('ix_leads_mobile', ['mobile'])
@Index('ix_leads_company_normalized', ['companyNormalized'])
@Index('ix_leads_next_follow_up', ['nextFollowUpAt'])
export class Lead extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'simple-enum', enum: LEAD_SOURCES })
  source!: LeadSource;

  @Column({ type: 'simple-enum', enum: LEAD_STATUSES, default: 'new' })
  status!: LeadStatus;

  @IdColumn({ nullable: true })
  ownerId!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  company!: string | null;

  /** The company name as the duplicate check compares it (see shared/duplicates). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  companyNormalized!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** The bot's WeChat contact id; unique so a repeated friend request never makes a second lead. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  wechatContactId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;

  /** Official-account followers: false once they unsubscribe (the lead stays, marked). */
  @Column({ type: 'boolean', nullable: true })
  mpFollowing!: boolean | null;

  @TimestampColumn({ nullable: true })
  mpUnsubscribedAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  lostReason!: string | null;

  /** What the lead became when it was converted. */
  @IdColumn({ nullable: true })
  customerId!: string | null;

  @IdColumn({ nullable: true })
  contactId!: string | null;

  @TimestampColumn({ nullable: true })
  convertedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  lastFollowUpAt!: Date | null;

  @TimestampColumn({ nullable: true })
  nextFollowUpAt!: Date | null;
}
