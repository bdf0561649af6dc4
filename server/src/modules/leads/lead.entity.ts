import { Entity, Column, Index } from 'typeorm';
import { LEAD_SOURCES, LEAD_STATUSES, type LeadSource, type LeadStatus } from '@wesale/shared';
import { AppEntity, IdColumn } from '../../infra/entity-base';

@Entity('leads')
@Index('uq_leads_wechat_contact', ['wechatContactId'], { unique: true })
@Index('uq_leads_openid', ['openid'], { unique: true })
@Index('ix_leads_owner_status', ['ownerId', 'status'])
@Index('ix_leads_unionid', ['unionid'])
@Index('ix_leads_mobile', ['mobile'])
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

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** The bot's WeChat contact id; unique so a repeated friend request never makes a second lead. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  wechatContactId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;
}
