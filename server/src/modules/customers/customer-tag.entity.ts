import { Entity, Column, Index } from 'typeorm';
import { AppEntity, IdColumn } from '../../infra/entity-base';

@Entity('customer_tags')
@Index('uq_customer_tags', ['customerId', 'tag'], { unique: true })
@Index('ix_customer_tags_tag', ['tag'])
export class CustomerTag extends AppEntity {
  @IdColumn()
  customerId!: string;

  @Column({ type: 'varchar', length: 32 })
  tag!: string;
}
