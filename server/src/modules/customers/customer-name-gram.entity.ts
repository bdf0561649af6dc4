import { Entity, Index, PrimaryColumn } from 'typeorm';
import { idTransformer } from '../../infra/entity-base';

/**
 * The customer search index: every two-character piece of every customer name. `LIKE '%q%'` cannot use an
 * index, so a search looks the query's pieces up here first (works on MySQL, MariaDB, TiDB and SQLite alike).
 */
@Entity('customer_name_grams')
@Index('ix_customer_name_grams_customer', ['customerId'])
export class CustomerNameGram {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  gram!: string;

  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  customerId!: string;
}
