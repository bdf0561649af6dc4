import { Entity, Column, Index } from 'typeorm';
import { IdColumn } from '../../infra/entity-base';
import { DocumentLineBase } from '../sales/sales-document.base';

@Entity('quote_lines')
@Index('uq_quote_lines_quote_line', ['quoteId', 'lineNo'], { unique: true })
export class QuoteLine extends DocumentLineBase {
  @IdColumn()
  quoteId!: string;

  /**
   * The discount below the grade price and whether it exceeded the pricing rep's limit, as judged when the
   * line was last priced: the approval was asked on these, and the rep's limit may change afterwards.
   */
  @Column({ type: 'int', default: 0 })
  effectiveDiscountBp!: number;

  @Column({ type: 'boolean', default: false })
  beyondRepLimit!: boolean;
}
