import { Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** A person at a customer (联系人). */
@Entity('contacts')
@Index('ix_contacts_customer', ['customerId'])
@Index('ix_contacts_mobile', ['mobile'])
export class Contact extends AppEntity {
  @IdColumn()
  customerId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  title!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  wechatContactId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;

  @Column({ type: 'boolean', default: false })
  isPrimary!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remarks!: string | null;
}
