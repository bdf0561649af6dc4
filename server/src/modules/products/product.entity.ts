import { Entity, Column, Index } from 'typeorm';
import { PRODUCT_STATUSES, type ProductStatus } from '@wesale/shared';
import { AppEntity, FenColumn } from '../../infra/entity-base';

@Entity('products')
@Index('uq_products_sku', ['sku'], { unique: true })
@Index('ix_products_status_category', ['status', 'category'])
@Index('ix_products_name', ['name'])
export class Product extends AppEntity {
  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 120, default: '' })
  spec!: string;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  /** List price, tax included (含税价). */
  @FenColumn()
  priceFen!: number;

  /** Unit cost: for gross margins; never shown to customers. */
  @FenColumn({ default: 0 })
  costFen!: number;

  /** Selling below this needs a manager's approval; never shown to customers. */
  @FenColumn({ default: 0 })
  floorPriceFen!: number;

  /** VAT rate in basis points (1300 = 13 %). */
  @Column({ type: 'int', default: 1300 })
  taxRateBp!: number;

  @Column({ type: 'simple-enum', enum: PRODUCT_STATUSES, default: 'active' })
  status!: ProductStatus;
}
