import { Entity, Index, PrimaryColumn } from 'typeorm';
import { idTransformer } from '../../infra/entity-base';

/**
 * The customer search index for mobiles: every leading part of a customer's mobile (1, 13, 138, …, the whole
 * number). A mobile query is a prefix; looked up here it is one ordered index range, newest customer first.
 */
@Entity('customer_mobile_prefixes')
@Index('ix_customer_mobile_prefixes_customer', ['customerId'])
export class CustomerMobilePrefix {
  @PrimaryColumn({ type: 'varchar', length: 11 })
  prefix!: string;

  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  customerId!: string;
}
