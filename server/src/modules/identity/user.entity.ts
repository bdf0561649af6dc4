import { Entity, Column, Index } from 'typeorm';
import { STAFF_ROLES, type StaffRole } from '@wesale/shared';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** A staff member (员工). Customers sign in through WeChat as a CustomerAccount instead. */
@Entity('users')
@Index('uq_users_username', ['username'], { unique: true })
@Index('ix_users_team', ['teamId'])
export class User extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash!: string;

  @Column({ type: 'simple-enum', enum: STAFF_ROLES })
  role!: StaffRole;

  @IdColumn({ nullable: true })
  teamId!: string | null;

  /** Discount a rep may grant without approval, in basis points (1000 = 10%). */
  @Column({ type: 'int', default: 0 })
  maxDiscountBp!: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Carried in each token; bumped on deactivation, role, team or password change, which ends every older token. */
  @Column({ type: 'int', default: 0 })
  tokenVersion!: number;
}
