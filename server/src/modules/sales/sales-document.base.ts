import { Column } from 'typeorm';
import { AppEntity, FenColumn, IdColumn } from '../../infra/entity-base';

/**
 * The columns every sales document line has (quote, contract and order lines). The product is copied onto
 * the line when it is priced, so a document keeps what was offered even after the catalogue changes.
 */
export abstract class DocumentLineBase extends AppEntity {
  @Column({ type: 'int' })
  lineNo!: number;

  @IdColumn()
  productId!: string;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'varchar', length: 120 })
  productName!: string;

  @Column({ type: 'varchar', length: 120, default: '' })
  spec!: string;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @FenColumn()
  listPriceFen!: number;

  @FenColumn()
  unitPriceFen!: number;

  @FenColumn({ default: 0 })
  discountFen!: number;

  @Column({ type: 'int' })
  taxRateBp!: number;

  /** quantity × unit price − discount, tax included. */
  @FenColumn()
  totalFen!: number;

  @FenColumn()
  taxFen!: number;

  /** quantity × unit cost at pricing time; staff only. */
  @FenColumn()
  costFen!: number;

  @FenColumn()
  floorPriceFen!: number;
}

/** Number, customer, owner and tax-inclusive totals: shared by quotes, contracts and orders. */
export abstract class SalesDocumentBase extends AppEntity {
  @Column({ type: 'varchar', length: 32 })
  number!: string;

  @IdColumn()
  customerId!: string;

  /** The customer's name when the document was made (documents print it). */
  @Column({ type: 'varchar', length: 120 })
  customerName!: string;

  /** The rep responsible; null for a pool customer's self-service order. */
  @IdColumn({ nullable: true })
  ownerId!: string | null;

  @IdColumn({ nullable: true })
  teamId!: string | null;

  @IdColumn({ nullable: true })
  createdBy!: string | null;

  @FenColumn({ default: 0 })
  grossFen!: number;

  @FenColumn({ default: 0 })
  discountFen!: number;

  @FenColumn({ default: 0 })
  totalFen!: number;

  @FenColumn({ default: 0 })
  taxFen!: number;

  @FenColumn({ default: 0 })
  costFen!: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  remarks!: string | null;
}
