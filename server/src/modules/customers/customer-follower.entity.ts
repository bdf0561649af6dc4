import { Entity, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

/** An extra rep following a customer: sees it as if it were their own. */
@Entity('customer_followers')
@Index('uq_customer_followers', ['customerId', 'userId'], { unique: true })
@Index('ix_customer_followers_user', ['userId'])
export class CustomerFollower extends AppEntity {
  @IdColumn()
  customerId!: string;

  @IdColumn()
  userId!: string;
}
