import { Column, Entity, Index } from 'typeorm';
import { IdColumn } from '../../infra/entity-base';
import { DocumentLineBase } from '../sales/sales-document.base';

@Entity('contract_lines')
@Index('uq_contract_lines_line', ['contractId', 'lineNo'], { unique: true })
export class ContractLine extends DocumentLineBase {
  @IdColumn()
  contractId!: string;

  /**
   * The discount below the grade price and whether it went beyond the pricing rep's limit, as judged when
   * the line was priced (or as the quote it was copied from judged it): what the approver is shown.
   */
  @Column({ type: 'int', default: 0 })
  effectiveDiscountBp!: number;

  @Column({ type: 'boolean', default: false })
  beyondRepLimit!: boolean;
}
