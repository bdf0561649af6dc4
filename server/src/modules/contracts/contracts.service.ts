import type { DataSource, EntityManager } from 'typeorm';
import {
  CONTRACT_STATUS_LABELS,
  CUSTOMER_VISIBLE_CONTRACT_STATUSES,
  contractStateMachine,
  formatYuan,
  type ContractCreate,
  type ContractDto,
  type ContractInstallmentDto,
  type ContractInstallmentInput,
  type ContractListQuery,
  type ContractStatus,
  type ContractSummaryDto,
  type ContractUpdate,
  type CustomerContractDto,
  type CustomerContractSummaryDto,
  type Page,
  type StaffDocumentLine,
} from '@wesale/shared';
import type { Actor, CustomerActor, StaffActor } from '../../infra/actor';
import { inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { badRequest, conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeOpportunities, scopeSalesDocuments, type Access } from '../../infra/visibility';
import { Approval } from '../approvals/approval.entity';
import type { ApprovalsService } from '../approvals/approvals.service';
import { recordAudit } from '../audit/audit.service';
import { Customer } from '../customers/customer.entity';
import { CustomerAccount } from '../identity/customer-account.entity';
import type { UsersService } from '../identity/users.service';
import { Opportunity } from '../opportunities/opportunity.entity';
import { addCalendarDays } from '@wesale/shared';
import { QuoteLine } from '../quotes/quote-line.entity';
import { Quote } from '../quotes/quote.entity';
import type { DocumentNumbers } from '../sales/document-numbers';
import { documentParty, type DocumentParty } from '../sales/document-party';
import { lineColumns, lineDto, marginDto, staffLineDto, totalsDto, type PriceRules, type PricedLineSnapshot } from '../sales/price-rules';
import type { SettingsService } from '../settings/settings.service';
import { ContractInstallment } from './contract-installment.entity';
import { ContractLine } from './contract-line.entity';
import { Contract } from './contract.entity';

export interface ContractsDeps {
  users: UsersService;
  settings: SettingsService;
  approvals: ApprovalsService;
  priceRules: PriceRules;
  documentNumbers: DocumentNumbers;
}

const SUBJECT_TYPE = 'contract';
const CUSTOMER_VISIBLE: readonly ContractStatus[] = CUSTOMER_VISIBLE_CONTRACT_STATUSES;
const label = (status: ContractStatus) => CONTRACT_STATUS_LABELS[status];

type LineRow = Omit<ContractLine, 'id' | 'contractId' | 'createdAt' | 'updatedAt'>;
type Totals = Pick<Contract, 'grossFen' | 'discountFen' | 'totalFen' | 'taxFen' | 'costFen'>;

/** What a new contract is made of, wherever it comes from. */
interface ContractSource {
  party: DocumentParty;
  quoteId: string | null;
  opportunityId: string | null;
  lines: LineRow[];
  totals: Totals;
  terms: string | null;
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

function pricedRows(lines: PricedLineSnapshot[]): LineRow[] {
  return lines.map((line) => ({ ...lineColumns(line), effectiveDiscountBp: line.effectiveDiscountBp, beyondRepLimit: line.beyondRepLimit }));
}

function copiedLine(line: QuoteLine): LineRow {
  return {
    ...lineDto(line),
    costFen: line.costFen,
    floorPriceFen: line.floorPriceFen,
    effectiveDiscountBp: line.effectiveDiscountBp,
    beyondRepLimit: line.beyondRepLimit,
  };
}

function totalsOf(totals: Totals): Totals {
  return { grossFen: totals.grossFen, discountFen: totals.discountFen, totalFen: totals.totalFen, taxFen: totals.taxFen, costFen: totals.costFen };
}


function installmentDto(installment: ContractInstallment): ContractInstallmentDto {
  return {
    seq: installment.seq,
    dueDate: installment.dueDate,
    amountFen: installment.amountFen,
    paidFen: installment.paidFen,
    status: installment.status,
    note: installment.note,
  };
}

/** The plan must pay exactly the contract total: a fen more or less would leave a receivable nobody can settle. */
function assertPlanMatches(installments: Array<{ amountFen: number }>, totalFen: number): void {
  const planned = installments.reduce((sum, installment) => sum + installment.amountFen, 0);
  if (planned !== totalFen) {
    throw badRequest(`付款计划合计 ${formatYuan(planned)} 与合同金额 ${formatYuan(totalFen)} 不一致`, {
      field: 'installments',
      plannedFen: planned,
      totalFen,
    });
  }
}

/** Without a plan: the whole amount due the customer's payment terms after the start (nothing to pay, no installment). */
function defaultPlan(totalFen: number, startDate: string, paymentTermsDays: number): ContractInstallmentInput[] {
  return totalFen === 0 ? [] : [{ dueDate: addCalendarDays(startDate, paymentTermsDays), amountFen: totalFen }];
}

function isQuoteTaken(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const err = error as { message?: string; driverError?: { message?: string } };
  const message = err.driverError?.message ?? err.message ?? '';
  return message.includes('uq_contracts_quote') || message.includes('contracts.quoteId');
}

/**
 * Contracts (合同): a draft from an accepted quote, an opportunity or a customer; approved by the requester's
 * manager through the generic approval; confirmed by the customer in the mini-program; then active until
 * completed, or terminated by a manager. Every move goes through `contractStateMachine` as a conditional
 * UPDATE on the status read, so of two concurrent moves exactly one applies.
 */
export class ContractsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: ContractsDeps,
  ) {
    deps.approvals.register('contract', {
      onApproved: async (em, approval, decidedBy) => {
        const contract = await em.findOneBy(Contract, { id: approval.subjectId });
        if (!contract) throw notFound('合同');
        await this.move(em, contract, 'approved', { approvedBy: decidedBy.id, approvedAt: new Date() });
      },
      onRejected: async (em, approval) => {
        const contract = await em.findOneBy(Contract, { id: approval.subjectId });
        if (!contract) throw notFound('合同');
        await this.move(em, contract, 'draft');
      },
    });
  }

  async list(actor: Actor, query: ContractListQuery): Promise<Page<ContractSummaryDto | CustomerContractSummaryDto>> {
    const qb = scopeSalesDocuments(this.dataSource.getRepository(Contract).createQueryBuilder('c'), 'c', actor, 'read');
    if (actor.kind === 'customer') qb.andWhere('c.status IN (:...visible)', { visible: CUSTOMER_VISIBLE });
    if (query.customerId) qb.andWhere('c.customerId = :customerId', { customerId: query.customerId });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.quoteId) qb.andWhere('c.quoteId = :quoteId', { quoteId: query.quoteId });
    if (query.opportunityId) qb.andWhere('c.opportunityId = :opportunityId', { opportunityId: query.opportunityId });
    if (query.q) {
      qb.andWhere(`(c.number LIKE :q ${LIKE_ESCAPE} OR c.title LIKE :q ${LIKE_ESCAPE} OR c.customerName LIKE :q ${LIKE_ESCAPE})`, { q: likePattern(query.q) });
    }
    const page = await paginate(qb, query, (contract) => contract);
    if (actor.kind === 'customer') return { data: page.data.map((contract) => this.customerSummary(contract)), nextCursor: page.nextCursor };
    const names = await this.deps.users.namesByIds(page.data.map((contract) => contract.ownerId));
    return { data: page.data.map((contract) => this.staffSummary(contract, names)), nextCursor: page.nextCursor };
  }

  get(actor: Actor, id: string): Promise<ContractDto | CustomerContractDto> {
    return actor.kind === 'customer' ? this.customerView(actor, id) : this.staffView(asStaff(actor), id);
  }

  async create(actor: Actor, input: ContractCreate): Promise<ContractDto> {
    const staff = asStaff(actor);
    let id: string;
    try {
      id = await this.deps.documentNumbers.withNumber('HT', 'contracts', (number) =>
        inTransaction(this.dataSource, async (em) => {
          const source = await this.source(em, staff, input);
          const plan = input.installments ?? defaultPlan(source.totals.totalFen, input.startDate, source.party.customer.paymentTermsDays);
          assertPlanMatches(plan, source.totals.totalFen);
          const { identifiers } = await em.insert(Contract, {
            number,
            title: input.title,
            status: 'draft',
            customerId: source.party.customer.id,
            customerName: source.party.customer.name,
            ownerId: source.party.ownerId,
            teamId: source.party.teamId,
            createdBy: staff.id,
            quoteId: source.quoteId,
            opportunityId: source.opportunityId,
            startDate: input.startDate,
            endDate: input.endDate ?? null,
            terms: input.terms ?? source.terms,
            remarks: input.remarks || null,
            ...source.totals,
          });
          const contractId = String(identifiers[0].id);
          await this.replaceLines(em, contractId, source.lines);
          await this.replaceInstallments(em, contractId, plan);
          await recordAudit(em, staff, 'contract.create', { type: SUBJECT_TYPE, id: contractId }, { totalFen: source.totals.totalFen, quoteId: source.quoteId });
          return contractId;
        }),
      );
    } catch (error) {
      if (input.quoteId && isQuoteTaken(error)) throw await this.quoteTaken(input.quoteId);
      throw error;
    }
    return this.staffView(staff, id);
  }

  /** A draft only. New lines are priced again; a single installment follows the new total, a longer plan must be restated. */
  async update(actor: Actor, id: string, input: ContractUpdate): Promise<ContractDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const contract = await this.findForStaff(em, staff, id, 'write');
      if (contract.status !== 'draft') throw conflict(`合同${label(contract.status)}，只有草稿可以修改`);
      const changes: Partial<Contract> = {};
      if (input.title !== undefined) changes.title = input.title;
      if (input.startDate !== undefined) changes.startDate = input.startDate;
      if (input.endDate !== undefined) changes.endDate = input.endDate;
      if (input.terms !== undefined) changes.terms = input.terms;
      if (input.remarks !== undefined) changes.remarks = input.remarks || null;
      const startDate = changes.startDate ?? contract.startDate;
      const endDate = changes.endDate === undefined ? contract.endDate : changes.endDate;
      if (endDate && endDate < startDate) throw badRequest('结束日期不能早于开始日期', { field: 'endDate' });

      let lines: LineRow[] | null = null;
      let customer: Customer | null = null;
      if (input.lines) {
        if (contract.quoteId) throw conflict('该合同的明细来自客户接受的报价单，不能修改；如需调整请修订报价单后重新生成合同');
        customer = await em.findOneByOrFail(Customer, { id: contract.customerId });
        const priced = await this.deps.priceRules.priceLines(em, { customerGrade: customer.grade, lines: input.lines, pricedBy: staff });
        lines = pricedRows(priced.lines);
        Object.assign(changes, totalsOf(priced.totals));
      }
      const totalFen = changes.totalFen ?? contract.totalFen;
      let plan: ContractInstallmentInput[] | null = input.installments ?? null;
      if (!plan && customer) {
        const current = await this.installmentsOf(em, id);
        if (current.length === 0) plan = defaultPlan(totalFen, startDate, customer.paymentTermsDays);
        else if (current.length === 1) plan = totalFen === 0 ? [] : [{ dueDate: current[0].dueDate, amountFen: totalFen, note: current[0].note ?? undefined }];
        else assertPlanMatches(current, totalFen);
      }
      if (plan) assertPlanMatches(plan, totalFen);

      // Conditional on the draft status: a concurrent submit wins or this edit does, never both.
      const result = await em.update(Contract, { id, status: 'draft' }, { ...changes, updatedAt: new Date() });
      if (!result.affected) throw conflict('合同刚被提交审批，请刷新后重试');
      if (lines) await this.replaceLines(em, id, lines);
      if (plan) await this.replaceInstallments(em, id, plan);
      if (changes.totalFen !== undefined && changes.totalFen !== contract.totalFen) {
        await recordAudit(em, staff, 'contract.amount_change', { type: SUBJECT_TYPE, id }, { fromFen: contract.totalFen, toFen: changes.totalFen });
      }
    });
    return this.staffView(staff, id);
  }

  /** Every contract is approved by a superior; the approver sees the amount and any line priced below floor or beyond the rep's limit. */
  async submit(actor: Actor, id: string): Promise<ContractDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const contract = await this.findForStaff(em, staff, id, 'write');
      await this.move(em, contract, 'pending_approval');
      const lines = (await this.linesOf(em, id)).map((line) => staffLineDto(line, false));
      const reasons = [
        `合同金额 ${formatYuan(contract.totalFen)}`,
        ...lines.filter((line) => line.belowFloor).map((line) => `第 ${line.lineNo} 行「${line.productName}」低于底价`),
        ...lines
          .filter((line) => line.beyondRepLimit)
          .map((line) => `第 ${line.lineNo} 行「${line.productName}」折扣 ${(line.effectiveDiscountBp / 100).toFixed(2)}% 超出销售权限`),
      ];
      await this.deps.approvals.request(em, {
        kind: 'contract',
        subjectType: SUBJECT_TYPE,
        subjectId: id,
        subjectTitle: `${contract.number} ${contract.title}`,
        requestedBy: staff,
        reason: reasons.join('；').slice(0, 500),
        payload: { totalFen: contract.totalFen },
      });
    });
    return this.staffView(staff, id);
  }

  /** Back to draft while pending: the pending approval is withdrawn with it (also repairs one cancelled under /approvals). */
  async withdraw(actor: Actor, id: string): Promise<ContractDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const contract = await this.findForStaff(em, staff, id, 'write');
      if (!contractStateMachine.canTransition(contract.status, 'draft')) throw illegalTransition('合同', label(contract.status), label('draft'));
      // The approval row first, as a decision does: the two never lock in opposite orders.
      await em.update(Approval, { subjectType: SUBJECT_TYPE, subjectId: id, status: 'pending' }, { status: 'cancelled' });
      await this.move(em, contract, 'draft');
    });
    return this.staffView(staff, id);
  }

  /** Decides the contract's pending approval, exactly as POST /approvals/:id/approve|reject would. */
  async decide(actor: Actor, id: string, decision: 'approved' | 'rejected', comment?: string): Promise<ContractDto> {
    const staff = asStaff(actor);
    const contract = await this.findForStaff(this.dataSource.manager, staff, id, 'read');
    const pending = await this.pendingApproval(this.dataSource.manager, contract);
    if (!pending) throw illegalTransition('合同', label(contract.status), label(decision === 'approved' ? 'approved' : 'draft'));
    await this.deps.approvals.decide(staff, pending.id, decision, comment);
    return this.staffView(staff, id);
  }

  /** The customer confirms an approved contract in the mini-program; staff cannot sign on the customer's behalf. */
  async sign(actor: Actor, id: string): Promise<CustomerContractDto> {
    if (actor.kind !== 'customer') throw forbidden('合同须由客户本人在小程序中确认，员工不能代为签署');
    await inTransaction(this.dataSource, async (em) => {
      const contract = await this.findForCustomer(em, actor, id);
      const account = await em.findOneBy(CustomerAccount, { id: actor.id, active: true });
      if (!account) throw notFound('合同');
      await this.move(em, contract, 'signed', { signedAt: new Date(), signedByAccountId: account.id, signedByName: account.displayName });
      await recordAudit(em, actor, 'contract.sign', { type: SUBJECT_TYPE, id }, { signedByName: account.displayName });
    });
    return this.customerView(actor, id);
  }

  async activate(actor: Actor, id: string): Promise<ContractDto> {
    return this.staffMove(actor, id, 'active');
  }

  async complete(actor: Actor, id: string): Promise<ContractDto> {
    return this.staffMove(actor, id, 'completed');
  }

  async terminate(actor: Actor, id: string, reason: string): Promise<ContractDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const contract = await this.findForStaff(em, staff, id, 'write');
      await this.move(em, contract, 'terminated', { terminatedReason: reason, terminatedAt: new Date() });
      await recordAudit(em, staff, 'contract.terminate', { type: SUBJECT_TYPE, id }, { from: contract.status, reason });
    });
    return this.staffView(staff, id);
  }

  /** For the orders module: the first order placed against a signed contract puts it into effect. */
  async activateIfSigned(em: EntityManager, contractId: string): Promise<boolean> {
    const result = await em.update(Contract, { id: contractId, status: 'signed' }, { status: 'active' });
    return Boolean(result.affected);
  }

  /**
   * For the orders module: the lines of a contract the caller may see, provided it is signed or active.
   * Ordered quantities are the orders module's to track.
   */
  async linesForOrder(em: EntityManager, actor: Actor, contractId: string): Promise<{ contract: Contract; lines: ContractLine[] }> {
    const contract = actor.kind === 'customer' ? await this.findForCustomer(em, actor, contractId) : await this.findForStaff(em, asStaff(actor), contractId, 'read');
    if (contract.status === 'completed') throw conflict('合同已完成，不能再下单');
    if (contract.status === 'terminated') throw conflict('合同已终止，不能再下单');
    if (contract.status !== 'signed' && contract.status !== 'active') throw conflict('合同尚未经客户确认签署，不能下单');
    return { contract, lines: await this.linesOf(em, contractId) };
  }

  private async staffView(staff: StaffActor, id: string): Promise<ContractDto> {
    const em = this.dataSource.manager;
    return this.staffDto(em, staff, await this.findForStaff(em, staff, id, 'read'));
  }

  private async customerView(customer: CustomerActor, id: string): Promise<CustomerContractDto> {
    const em = this.dataSource.manager;
    return this.customerDto(em, await this.findForCustomer(em, customer, id));
  }

  private async staffMove(actor: Actor, id: string, to: ContractStatus): Promise<ContractDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      await this.move(em, await this.findForStaff(em, staff, id, 'write'), to);
    });
    return this.staffView(staff, id);
  }

  /** The one way a contract's status changes: legal by the machine, and conditional on the status that was read. */
  private async move(em: EntityManager, contract: Contract, to: ContractStatus, changes: Partial<Contract> = {}): Promise<void> {
    if (!contractStateMachine.canTransition(contract.status, to)) throw illegalTransition('合同', label(contract.status), label(to));
    const result = await em.update(Contract, { id: contract.id, status: contract.status }, { ...changes, status: to });
    if (!result.affected) throw conflict('合同状态刚被其他人修改，请刷新后重试');
  }

  private async source(em: EntityManager, staff: StaffActor, input: ContractCreate): Promise<ContractSource> {
    if (input.quoteId) return this.sourceFromQuote(em, staff, input.quoteId, input);
    let customerId = input.customerId;
    let opportunityId: string | null = null;
    if (input.opportunityId) {
      const opportunity = await scopeOpportunities(em.createQueryBuilder(Opportunity, 'o'), 'o', staff, 'read')
        .andWhere('o.id = :id', { id: input.opportunityId })
        .getOne();
      if (!opportunity) throw notFound('商机');
      if (opportunity.status === 'lost') throw conflict('商机已输单，不能生成合同');
      if (customerId && customerId !== opportunity.customerId) throw badRequest('商机不属于所选客户', { field: 'opportunityId' });
      customerId = opportunity.customerId;
      opportunityId = opportunity.id;
    }
    const party = await documentParty(em, staff, customerId);
    const priced = await this.deps.priceRules.priceLines(em, { customerGrade: party.customer.grade, lines: input.lines!, pricedBy: staff });
    const { quoteTerms } = await this.deps.settings.sales();
    return { party, quoteId: null, opportunityId, lines: pricedRows(priced.lines), totals: totalsOf(priced.totals), terms: quoteTerms };
  }

  /** The customer agreed to the quote's prices: its lines and totals are copied as they are, never priced again. */
  private async sourceFromQuote(em: EntityManager, staff: StaffActor, quoteId: string, input: ContractCreate): Promise<ContractSource> {
    const quote = await scopeSalesDocuments(em.createQueryBuilder(Quote, 'q'), 'q', staff, 'read').andWhere('q.id = :quoteId', { quoteId }).getOne();
    if (!quote) throw notFound('报价单');
    if (quote.status !== 'accepted') throw conflict('报价单尚未被客户接受，不能生成合同', { quoteStatus: quote.status });
    if (input.customerId && input.customerId !== quote.customerId) throw badRequest('报价单不属于所选客户', { field: 'quoteId' });
    if (input.opportunityId && input.opportunityId !== quote.opportunityId) throw badRequest('报价单不属于所选商机', { field: 'quoteId' });
    const party = await documentParty(em, staff, quote.customerId);
    const quoteLines = await em.find(QuoteLine, { where: { quoteId }, order: { lineNo: 'ASC' } });
    return { party, quoteId, opportunityId: quote.opportunityId, lines: quoteLines.map(copiedLine), totals: totalsOf(quote), terms: quote.terms };
  }

  private async quoteTaken(quoteId: string) {
    const existing = await this.dataSource.getRepository(Contract).findOne({ where: { quoteId }, select: { id: true, number: true } });
    return conflict(`该报价单已生成合同${existing ? ` ${existing.number}` : ''}，不能重复生成`, { contractId: existing?.id ?? null });
  }

  private async replaceLines(em: EntityManager, contractId: string, lines: LineRow[]): Promise<void> {
    await em.delete(ContractLine, { contractId });
    if (lines.length) await em.insert(ContractLine, lines.map((line) => ({ ...line, contractId })));
  }

  private async replaceInstallments(em: EntityManager, contractId: string, plan: ContractInstallmentInput[]): Promise<void> {
    await em.delete(ContractInstallment, { contractId });
    if (plan.length === 0) return;
    await em.insert(
      ContractInstallment,
      plan.map((installment, index) => ({
        contractId,
        seq: index + 1,
        dueDate: installment.dueDate,
        amountFen: installment.amountFen,
        paidFen: 0,
        status: 'unpaid' as const,
        note: installment.note || null,
      })),
    );
  }

  private linesOf(em: EntityManager, contractId: string): Promise<ContractLine[]> {
    return em.find(ContractLine, { where: { contractId }, order: { lineNo: 'ASC' } });
  }

  private installmentsOf(em: EntityManager, contractId: string): Promise<ContractInstallment[]> {
    return em.find(ContractInstallment, { where: { contractId }, order: { seq: 'ASC' } });
  }

  private async pendingApproval(em: EntityManager, contract: Contract): Promise<Approval | null> {
    if (contract.status !== 'pending_approval') return null;
    return em.findOneBy(Approval, { subjectType: SUBJECT_TYPE, subjectId: contract.id, status: 'pending' });
  }

  private async findForStaff(em: EntityManager, staff: StaffActor, id: string, access: Access): Promise<Contract> {
    const contract = await scopeSalesDocuments(em.createQueryBuilder(Contract, 'c'), 'c', staff, access).andWhere('c.id = :id', { id }).getOne();
    if (!contract) throw notFound('合同');
    return contract;
  }

  /** A customer sees its own company's contracts once approved; drafts and pending ones do not exist for it. */
  private async findForCustomer(em: EntityManager, customer: CustomerActor, id: string): Promise<Contract> {
    const contract = await scopeSalesDocuments(em.createQueryBuilder(Contract, 'c'), 'c', customer, 'read')
      .andWhere('c.id = :id', { id })
      .andWhere('c.status IN (:...visible)', { visible: CUSTOMER_VISIBLE })
      .getOne();
    if (!contract) throw notFound('合同');
    return contract;
  }

  private staffSummary(contract: Contract, names: Map<string, string>): ContractSummaryDto {
    return {
      id: contract.id,
      number: contract.number,
      title: contract.title,
      status: contract.status,
      customerId: contract.customerId,
      customerName: contract.customerName,
      quoteId: contract.quoteId,
      opportunityId: contract.opportunityId,
      ownerId: contract.ownerId,
      ownerName: contract.ownerId ? (names.get(contract.ownerId) ?? null) : null,
      teamId: contract.teamId,
      totalFen: contract.totalFen,
      startDate: contract.startDate,
      endDate: contract.endDate,
      signedAt: contract.signedAt?.toISOString() ?? null,
      createdAt: contract.createdAt.toISOString(),
      updatedAt: contract.updatedAt.toISOString(),
    };
  }

  private async staffDto(em: EntityManager, staff: StaffActor, contract: Contract): Promise<ContractDto> {
    const [lines, installments, pending, names, costVisible] = await Promise.all([
      this.linesOf(em, contract.id),
      this.installmentsOf(em, contract.id),
      this.pendingApproval(em, contract),
      this.deps.users.namesByIds([contract.ownerId, contract.approvedBy]),
      this.deps.priceRules.costVisibleTo(staff, em),
    ]);
    return {
      ...this.staffSummary(contract, names),
      createdBy: contract.createdBy,
      lines: lines.map((line) => staffLineDto(line, costVisible)),
      totals: totalsDto(contract),
      ...(costVisible ? { margin: marginDto(contract) } : {}),
      installments: installments.map(installmentDto),
      terms: contract.terms,
      remarks: contract.remarks,
      pendingApprovalId: pending?.id ?? null,
      approvedBy: contract.approvedBy,
      approvedByName: contract.approvedBy ? (names.get(contract.approvedBy) ?? null) : null,
      approvedAt: contract.approvedAt?.toISOString() ?? null,
      signedByAccountId: contract.signedByAccountId,
      signedByName: contract.signedByName,
      terminatedReason: contract.terminatedReason,
      terminatedAt: contract.terminatedAt?.toISOString() ?? null,
    };
  }

  private customerSummary(contract: Contract): CustomerContractSummaryDto {
    return {
      id: contract.id,
      number: contract.number,
      title: contract.title,
      status: contract.status as CustomerContractSummaryDto['status'],
      totalFen: contract.totalFen,
      startDate: contract.startDate,
      endDate: contract.endDate,
      signedAt: contract.signedAt?.toISOString() ?? null,
      createdAt: contract.createdAt.toISOString(),
    };
  }

  private async customerDto(em: EntityManager, contract: Contract): Promise<CustomerContractDto> {
    const [lines, installments] = await Promise.all([this.linesOf(em, contract.id), this.installmentsOf(em, contract.id)]);
    return {
      ...this.customerSummary(contract),
      customerName: contract.customerName,
      lines: lines.map(lineDto),
      totals: totalsDto(contract),
      installments: installments.map(installmentDto),
      terms: contract.terms,
      signedByName: contract.signedByName,
      terminatedAt: contract.terminatedAt?.toISOString() ?? null,
    };
  }
}
