import { Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/**
 * A customer who signed in to the mini-program with WeChat (openid) or by SMS code (mobile); bound to a lead
 * until the CRM converts it.
 */
@Entity('customer_accounts')
@Index('uq_customer_accounts_openid', ['openid'], { unique: true })
@Index('uq_customer_accounts_unionid', ['unionid'], { unique: true })
@Index('uq_customer_accounts_mobile', ['mobile'], { unique: true })
@Index('ix_customer_accounts_customer', ['customerId'])
export class CustomerAccount extends AppEntity {
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;

  /** The mobile an SMS code was verified for (11 digits). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  @IdColumn({ nullable: true })
  leadId!: string | null;

  /** Set when the lead is converted: from then on the account sees that customer's documents. */
  @IdColumn({ nullable: true })
  customerId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
