import { Entity, Column, Index } from 'typeorm';
import { AppEntity } from '../../infra/entity-base';

/** 仓库. Orders reserve from the default one unless they name another. */
@Entity('warehouses')
@Index('uq_warehouses_code', ['code'], { unique: true })
export class Warehouse extends AppEntity {
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  address!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;
}
