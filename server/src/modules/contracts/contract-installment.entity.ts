import { Column, Entity, Index } from 'typeorm';
import { CONTRACT_INSTALLMENT_STATUSES, type ContractInstallmentStatus } from '@wesale/shared';
import { AppEntity, FenColumn, IdColumn } from '../../infra/entity-base';

/** One installment of a contract's payment plan (a receivable once the contract is signed). */
@Entity('contract_installments')
@Index('uq_contract_installments_seq', ['contractId', 'seq'], { unique: true })
@Index('ix_contract_installments_due', ['dueDate'])
export class ContractInstallment extends AppEntity {
  @IdColumn()
  contractId!: string;

  @Column({ type: 'int' })
  seq!: number;

  /** Shanghai calendar date, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  dueDate!: string;

  @FenColumn()
  amountFen!: number;

  /** Collected so far; payments are allocated by the finance module. */
  @FenColumn({ default: 0 })
  paidFen!: number;

  @Column({ type: 'simple-enum', enum: CONTRACT_INSTALLMENT_STATUSES, default: 'unpaid' })
  status!: ContractInstallmentStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;
}
