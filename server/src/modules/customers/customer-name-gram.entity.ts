import { Entity, Index, PrimaryColumn } from 'typeorm';
import { idTransformer } from '../../infra/entity-base';

/**
 * The customer search index for names: every run of one to three characters of every customer name (folded:
 * half-width, lower case, no whitespace). `LIKE '%q%'` cannot use an index, so a search walks these rows
 * instead (works on MySQL, MariaDB, TiDB and SQLite alike).
 */
@Entity('customer_name_grams')
@Index('ix_customer_name_grams_customer', ['customerId'])
export class CustomerNameGram {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  gram!: string;

  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  customerId!: string;
}
