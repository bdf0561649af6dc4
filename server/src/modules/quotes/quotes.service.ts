import { type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  QUOTE_STATUS_LABELS,
  quoteStateMachine,
  type CustomerQuoteDto,
  type CustomerQuoteSummaryDto,
  type Page,
  type QuoteCreate,
  type QuoteDto,
  type QuoteExportFormat,
  type QuoteListQuery,
  type QuoteStatus,
  type QuoteSummaryDto,
  type QuoteUpdate,
  type QuoteVersionDto,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { badRequest, conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeOpportunities, scopeSalesDocuments, type Access } from '../../infra/visibility';
import { Approval } from '../approvals/approval.entity';
import type { ApprovalsService } from '../approvals/approvals.service';
import { recordAudit } from '../audit/audit.service';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import type { UsersService } from '../identity/users.service';
import { Opportunity } from '../opportunities/opportunity.entity';
import type { DocumentNumbers } from '../sales/document-numbers';
import { documentParty } from '../sales/document-party';
import { lineColumns, lineDto, marginDto, staffLineDto, totalsDto, type PricedDocument, type PriceRules } from '../sales/price-rules';
import type { SettingsService } from '../settings/settings.service';
import { addCalendarDays, shanghaiDate } from '@wesale/shared';
import { buildQuoteDocx, buildQuoteXlsx, QUOTE_FILE_TYPES, type QuoteFile } from './quote-export';
import { QuoteLine } from './quote-line.entity';
import { Quote } from './quote.entity';

export interface QuotesDeps {
  users: UsersService;
  settings: SettingsService;
  approvals: ApprovalsService;
  priceRules: PriceRules;
  documentNumbers: DocumentNumbers;
}

const label = (status: QuoteStatus) => QUOTE_STATUS_LABELS[status];
const iso = (date: Date | null) => date?.toISOString() ?? null;
const STALE = '报价单刚被其他人修改，请刷新后重试';

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

function totalsColumns(totals: PricedDocument['totals']) {
  const { grossFen, discountFen, totalFen, taxFen, costFen } = totals;
  return { grossFen, discountFen, totalFen, taxFen, costFen };
}

function assertNotPast(validUntil: string | undefined) {
  if (validUntil !== undefined && validUntil < shanghaiDate()) throw badRequest('有效期不能早于今天', { field: 'validUntil' });
}

/**
 * Quotes (报价单): priced lines, approval of prices beyond the rep's limit or under the floor, sending to
 * the customer, the customer's answer, versions (revise) and expiry. Every finder goes through
 * scopeSalesDocuments; customers only ever see quotes that were sent to their company.
 */
export class QuotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: QuotesDeps,
  ) {
    deps.approvals.register('quote_price', {
      onApproved: async (em, approval, decidedBy) => {
        await this.transition(em, await this.approvalSubject(em, approval), 'approved', { approvedBy: decidedBy.id, approvedAt: new Date() });
      },
      onRejected: async (em, approval) => {
        await this.transition(em, await this.approvalSubject(em, approval), 'draft', { submittedAt: null });
      },
    });
  }

  async list(actor: Actor, query: QuoteListQuery): Promise<Page<QuoteSummaryDto | CustomerQuoteSummaryDto>> {
    const qb = this.visibleQuery(this.dataSource.manager, actor, 'read');
    if (query.customerId) qb.andWhere('q.customerId = :customerId', { customerId: query.customerId });
    if (query.opportunityId && actor.kind === 'staff') qb.andWhere('q.opportunityId = :opportunityId', { opportunityId: query.opportunityId });
    if (query.status) qb.andWhere('q.status = :status', { status: query.status });
    if (query.q) qb.andWhere(`(q.number LIKE :q ${LIKE_ESCAPE} OR q.customerName LIKE :q ${LIKE_ESCAPE})`, { q: likePattern(query.q) });
    if (query.latest) {
      // A customer's newest version is the newest one sent to them: a draft V2 does not hide the V1 they hold.
      if (actor.kind === 'customer') qb.andWhere('NOT EXISTS (SELECT 1 FROM quotes nq WHERE nq.rootId = q.rootId AND nq.version > q.version AND nq.sentAt IS NOT NULL)');
      else qb.andWhere('q.isLatest = :latest', { latest: true });
    }
    const page = await paginate(qb, query, (quote) => quote);
    if (actor.kind === 'customer') return { data: page.data.map(customerSummary), nextCursor: page.nextCursor };
    const names = await this.deps.users.namesByIds(page.data.map((quote) => quote.ownerId));
    return { data: page.data.map((quote) => staffSummary(quote, names)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<QuoteDto | CustomerQuoteDto> {
    const quote = await this.findVisible(this.dataSource.manager, actor, id, 'read');
    return this.toDto(actor, quote);
  }

  async create(actor: Actor, input: QuoteCreate): Promise<QuoteDto> {
    const staff = asStaff(actor);
    assertNotPast(input.validUntil);
    const sales = await this.deps.settings.sales();
    const id = await this.deps.documentNumbers.withNumber('QT', 'quotes', (number) =>
      inTransaction(this.dataSource, async (em) => {
        const party = await documentParty(em, staff, input.customerId);
        const opportunityId = await this.checkOpportunity(em, staff, input.opportunityId ?? null, party.customer.id);
        const priced = await this.deps.priceRules.priceLines(em, { customerGrade: party.customer.grade, lines: input.lines, pricedBy: staff });
        const contact =
          input.contactName === undefined && input.contactMobile === undefined
            ? await em.findOne(Contact, { where: { customerId: party.customer.id, isPrimary: true }, order: { id: 'ASC' } })
            : null;
        const { identifiers } = await em.insert(Quote, {
          number,
          version: 1,
          customerId: party.customer.id,
          customerName: party.customer.name,
          ownerId: party.ownerId,
          teamId: party.teamId,
          createdBy: staff.id,
          opportunityId,
          contactName: input.contactName ?? contact?.name ?? null,
          contactMobile: input.contactMobile ?? contact?.mobile ?? null,
          validUntil: input.validUntil ?? addCalendarDays(shanghaiDate(), sales.quoteValidityDays),
          terms: input.terms ?? sales.quoteTerms,
          remarks: input.remarks || null,
          status: 'draft',
          isLatest: true,
          approvalReasons: priced.approvalReasons,
          ...totalsColumns(priced.totals),
        });
        const id = String(identifiers[0].id);
        await em.update(Quote, { id }, { rootId: id });
        await insertQuoteLines(em, id, priced.lines);
        await recordAudit(em, staff, 'quote.create', { type: 'quote', id }, { number, totalFen: priced.totals.totalFen });
        return id;
      }),
    );
    return this.get(actor, id) as Promise<QuoteDto>;
  }

  /** Only a draft changes; new lines are priced again (by the editor's limit). */
  async update(actor: Actor, id: string, input: QuoteUpdate): Promise<QuoteDto> {
    const staff = asStaff(actor);
    assertNotPast(input.validUntil);
    await inTransaction(this.dataSource, async (em) => {
      const quote = await this.findVisible(em, staff, id, 'write');
      if (quote.status !== 'draft') throw conflict(`报价单${label(quote.status)}，只有草稿可以修改`);
      const changes: Partial<Quote> = {};
      if (input.opportunityId !== undefined) changes.opportunityId = await this.checkOpportunity(em, staff, input.opportunityId, quote.customerId);
      if (input.validUntil !== undefined) changes.validUntil = input.validUntil;
      if (input.contactName !== undefined) changes.contactName = input.contactName || null;
      if (input.contactMobile !== undefined) changes.contactMobile = input.contactMobile || null;
      if (input.terms !== undefined) changes.terms = input.terms;
      if (input.remarks !== undefined) changes.remarks = input.remarks || null;
      const priced = input.lines ? await this.price(em, staff, quote.customerId, input.lines) : null;
      if (priced) Object.assign(changes, totalsColumns(priced.totals), { approvalReasons: priced.approvalReasons });
      const result = await em.update(Quote, { id, status: 'draft' }, changes);
      if (!result.affected) throw conflict(STALE);
      if (priced) {
        await em.delete(QuoteLine, { quoteId: id });
        await insertQuoteLines(em, id, priced.lines);
        if (priced.totals.totalFen !== quote.totalFen) {
          await recordAudit(em, staff, 'quote.amount_change', { type: 'quote', id }, { fromFen: quote.totalFen, toFen: priced.totals.totalFen });
        }
      }
    });
    return this.get(actor, id) as Promise<QuoteDto>;
  }

  /** A V1 draft may be thrown away; a later version stays, since its predecessor is already superseded. */
  async remove(actor: Actor, id: string): Promise<void> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const quote = await this.findVisible(em, staff, id, 'write');
      if (quote.status !== 'draft') throw conflict(`报价单${label(quote.status)}，只有草稿可以删除`);
      if (quote.version > 1) throw conflict('修订出的新版本不能删除，请修改后继续使用');
      const result = await em.delete(Quote, { id, status: 'draft' });
      if (!result.affected) throw conflict(STALE);
      await em.delete(QuoteLine, { quoteId: id });
      await recordAudit(em, staff, 'quote.delete', { type: 'quote', id }, { number: quote.number, totalFen: quote.totalFen });
    });
  }

  /**
   * Prices the draft again with today's products and the submitter's limit: without reasons it is approved
   * at once, otherwise it waits for the generic approval (the requester's manager, or an admin).
   */
  async submit(actor: Actor, id: string): Promise<QuoteDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const quote = await this.findVisible(em, staff, id, 'write');
      if (quote.status !== 'draft') throw illegalTransition('报价单', label(quote.status), label('pending_approval'));
      if (quote.validUntil < shanghaiDate()) throw conflict('报价有效期已过，请先修改有效期再提交', { field: 'validUntil' });
      const stored = await this.lines(em, id);
      const priced = await this.price(
        em,
        staff,
        quote.customerId,
        stored.map((line) => ({ productId: line.productId, quantity: line.quantity, unitPriceFen: line.unitPriceFen, discountFen: line.discountFen })),
      );
      const needsApproval = priced.approvalReasons.length > 0;
      const now = new Date();
      await this.transition(em, quote, needsApproval ? 'pending_approval' : 'approved', {
        ...totalsColumns(priced.totals),
        approvalReasons: priced.approvalReasons,
        submittedAt: now,
        approvedBy: null,
        approvedAt: needsApproval ? null : now,
      });
      await em.delete(QuoteLine, { quoteId: id });
      await insertQuoteLines(em, id, priced.lines);
      if (needsApproval) {
        await this.deps.approvals.request(em, {
          kind: 'quote_price',
          subjectType: 'quote',
          subjectId: id,
          subjectTitle: `${quote.number} V${quote.version} ${quote.customerName}`,
          requestedBy: staff,
          reason: priced.approvalReasons.join('；').slice(0, 500),
          payload: { number: quote.number, version: quote.version, totalFen: priced.totals.totalFen },
        });
      }
    });
    return this.get(actor, id) as Promise<QuoteDto>;
  }

  /** Decides the quote's pending approval: the same as POST /approvals/:id/approve|reject on it. */
  async decide(actor: Actor, id: string, decision: 'approved' | 'rejected', comment?: string): Promise<QuoteDto> {
    const staff = asStaff(actor);
    const quote = await this.findVisible(this.dataSource.manager, staff, id, 'read');
    if (quote.status !== 'pending_approval') {
      throw illegalTransition('报价单', label(quote.status), label(decision === 'approved' ? 'approved' : 'draft'));
    }
    const approval = await this.dataSource
      .getRepository(Approval)
      .findOneBy({ kind: 'quote_price', subjectType: 'quote', subjectId: id, status: 'pending' });
    if (!approval) throw conflict('该报价单没有待处理的审批');
    await this.deps.approvals.decide(staff, approval.id, decision, comment);
    return this.get(actor, id) as Promise<QuoteDto>;
  }

  async send(actor: Actor, id: string): Promise<QuoteDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const quote = await this.findVisible(em, staff, id, 'write');
      if (quote.status === 'approved' && quote.validUntil < shanghaiDate()) throw conflict('报价已过期，请修订出新版本后再发送');
      await this.transition(em, quote, 'sent', { sentAt: new Date() });
      await recordAudit(em, staff, 'quote.send', { type: 'quote', id }, { totalFen: quote.totalFen });
    });
    return this.get(actor, id) as Promise<QuoteDto>;
  }

  /**
   * The customer's answer to a sent quote, within its validity. The customer gives it in the mini-program;
   * a rep who may edit the quote can record an answer given by phone or in person, with a note.
   */
  async respond(actor: Actor, id: string, answer: 'accepted' | 'declined', note?: string): Promise<QuoteDto | CustomerQuoteDto> {
    await inTransaction(this.dataSource, async (em) => {
      const quote = await this.findVisible(em, actor, id, actor.kind === 'customer' ? 'read' : 'write');
      if (!quoteStateMachine.canTransition(quote.status, answer)) throw illegalTransition('报价单', label(quote.status), label(answer));
      if (quote.validUntil < shanghaiDate()) throw conflict('报价已过期', { validUntil: quote.validUntil });
      await this.transition(em, quote, answer, {
        respondedAt: new Date(),
        respondedByAccountId: actor.kind === 'customer' ? actor.id : null,
        respondedByUserId: actor.kind === 'staff' ? actor.id : null,
        responseNote: note || null,
      });
      await recordAudit(em, actor, `quote.${answer}`, { type: 'quote', id }, { totalFen: quote.totalFen });
    });
    return this.get(actor, id);
  }

  /**
   * The next version (V2, V3 …) as a draft copy of this one, which becomes superseded. The conditional
   * update on the old row's status makes two concurrent revisions produce exactly one new version.
   */
  async revise(actor: Actor, id: string): Promise<QuoteDto> {
    const staff = asStaff(actor);
    const sales = await this.deps.settings.sales();
    let newId: string;
    try {
      newId = await inTransaction(this.dataSource, async (em) => {
        const quote = await this.findVisible(em, staff, id, 'write');
        await this.transition(em, quote, 'superseded', { isLatest: false });
        const {
          id: _id,
          createdAt: _createdAt,
          updatedAt: _updatedAt,
          submittedAt: _submittedAt,
          approvedBy: _approvedBy,
          approvedAt: _approvedAt,
          sentAt: _sentAt,
          respondedAt: _respondedAt,
          respondedByAccountId: _account,
          respondedByUserId: _user,
          responseNote: _note,
          supersededById: _superseded,
          ...kept
        } = quote;
        const { identifiers } = await em.insert(Quote, {
          ...kept,
          version: quote.version + 1,
          status: 'draft',
          isLatest: true,
          createdBy: staff.id,
          validUntil: addCalendarDays(shanghaiDate(), sales.quoteValidityDays),
        });
        const nextId = String(identifiers[0].id);
        const lines = await this.lines(em, id);
        await em.insert(
          QuoteLine,
          lines.map(({ id: _lineId, createdAt: _c, updatedAt: _u, ...line }) => ({ ...line, quoteId: nextId })),
        );
        await em.update(Quote, { id }, { supersededById: nextId });
        await recordAudit(em, staff, 'quote.revise', { type: 'quote', id: nextId }, { fromId: id, version: quote.version + 1 });
        return nextId;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('该报价单刚被修订出新版本，请刷新后重试');
      throw error;
    }
    return this.get(actor, newId) as Promise<QuoteDto>;
  }

  /** Sent quotes past their last valid day (Shanghai) become expired; running it twice changes nothing more. */
  async expireOverdue(now: Date = new Date()): Promise<{ expired: number }> {
    const from: QuoteStatus = 'sent';
    if (!quoteStateMachine.canTransition(from, 'expired')) throw illegalTransition('报价单', label(from), label('expired'));
    const result = await inTransaction(this.dataSource, (em) =>
      em
        .createQueryBuilder()
        .update(Quote)
        .set({ status: 'expired' })
        .where('status = :from', { from })
        .andWhere('validUntil < :today', { today: shanghaiDate(now) })
        .execute(),
    );
    return { expired: result.affected ?? 0 };
  }

  /** The printable quote (Excel or Word): what the customer sees, never cost or floor prices. */
  async exportDocument(actor: Actor, id: string, format: QuoteExportFormat): Promise<QuoteFile> {
    const quote = await this.findVisible(this.dataSource.manager, actor, id, 'read');
    const [lines, sales, names] = await Promise.all([this.lines(this.dataSource.manager, id), this.deps.settings.sales(), this.deps.users.namesByIds([quote.ownerId])]);
    const document = {
      company: sales.company,
      number: quote.number,
      version: quote.version,
      date: shanghaiDate(quote.sentAt ?? quote.createdAt),
      validUntil: quote.validUntil,
      customerName: quote.customerName,
      contactName: quote.contactName,
      contactMobile: quote.contactMobile,
      salesName: quote.ownerId ? (names.get(quote.ownerId) ?? null) : null,
      lines: lines.map(lineDto),
      totals: totalsDto(quote),
      terms: quote.terms,
      remarks: quote.remarks,
    };
    const buffer = format === 'xlsx' ? await buildQuoteXlsx(document) : await buildQuoteDocx(document);
    const base = `${quote.number}-V${quote.version}`;
    return { buffer, contentType: QUOTE_FILE_TYPES[format], fileName: `报价单-${base}.${format}`, asciiFileName: `quote-${base}.${format}` };
  }

  private async approvalSubject(em: EntityManager, approval: Approval): Promise<Quote> {
    const quote = await em.findOneBy(Quote, { id: approval.subjectId });
    if (!quote) throw notFound('报价单');
    return quote;
  }

  /** Every status change: the state machine says whether it is allowed, the conditional update that it still is. */
  private async transition(em: EntityManager, quote: Quote, to: QuoteStatus, changes: Partial<Quote> = {}): Promise<void> {
    if (!quoteStateMachine.canTransition(quote.status, to)) throw illegalTransition('报价单', label(quote.status), label(to));
    const result = await em.update(Quote, { id: quote.id, status: quote.status }, { ...changes, status: to });
    if (!result.affected) throw conflict(STALE);
  }

  private visibleQuery(em: EntityManager, actor: Actor, access: Access): SelectQueryBuilder<Quote> {
    const qb = scopeSalesDocuments(em.createQueryBuilder(Quote, 'q'), 'q', actor, access);
    // Customers only learn of a quote once it is sent; drafts and approvals are internal.
    if (actor.kind === 'customer') qb.andWhere('q.sentAt IS NOT NULL');
    return qb;
  }

  private async findVisible(em: EntityManager, actor: Actor, id: string, access: Access): Promise<Quote> {
    const quote = await this.visibleQuery(em, actor, access).andWhere('q.id = :id', { id }).getOne();
    if (!quote) throw notFound('报价单');
    return quote;
  }

  private async checkOpportunity(em: EntityManager, staff: StaffActor, opportunityId: string | null, customerId: string): Promise<string | null> {
    if (!opportunityId) return null;
    const opportunity = await scopeOpportunities(em.createQueryBuilder(Opportunity, 'o'), 'o', staff, 'read')
      .andWhere('o.id = :opportunityId', { opportunityId })
      .getOne();
    if (!opportunity || opportunity.customerId !== customerId) throw badRequest('商机不存在或不属于该客户', { field: 'opportunityId' });
    return opportunity.id;
  }

  private async price(em: EntityManager, staff: StaffActor, customerId: string, lines: QuoteCreate['lines']): Promise<PricedDocument> {
    const customer = await em.findOne(Customer, { where: { id: customerId }, select: { id: true, grade: true } });
    if (!customer) throw conflict('该报价单的客户已被删除');
    return this.deps.priceRules.priceLines(em, { customerGrade: customer.grade, lines, pricedBy: staff });
  }

  private lines(em: EntityManager, quoteId: string): Promise<QuoteLine[]> {
    return em.find(QuoteLine, { where: { quoteId }, order: { lineNo: 'ASC' } });
  }

  private async toDto(actor: Actor, quote: Quote): Promise<QuoteDto | CustomerQuoteDto> {
    const em = this.dataSource.manager;
    const [lines, versionRows] = await Promise.all([
      this.lines(em, quote.id),
      em.find(Quote, {
        select: { id: true, version: true, status: true, totalFen: true, createdAt: true, sentAt: true },
        where: { rootId: quote.rootId },
        order: { version: 'ASC' },
      }),
    ]);
    const versions = (rows: Quote[]): QuoteVersionDto[] =>
      rows.map((row) => ({ id: row.id, version: row.version, status: row.status, totalFen: row.totalFen, createdAt: row.createdAt.toISOString() }));
    const shared = {
      contactName: quote.contactName,
      contactMobile: quote.contactMobile,
      totals: totalsDto(quote),
      terms: quote.terms,
      remarks: quote.remarks,
      responseNote: quote.responseNote,
    };
    if (actor.kind === 'customer') {
      return {
        ...customerSummary(quote),
        ...shared,
        lines: lines.map(lineDto),
        versions: versions(versionRows.filter((row) => row.sentAt !== null)),
      };
    }
    const [names, costVisible] = await Promise.all([this.deps.users.namesByIds([quote.ownerId]), this.deps.priceRules.costVisibleTo(actor)]);
    return {
      ...staffSummary(quote, names),
      ...shared,
      lines: lines.map((line) => staffLineDto(line, costVisible)),
      margin: costVisible ? marginDto(quote) : null,
      approvalReasons: quote.approvalReasons,
      rootId: quote.rootId,
      supersededById: quote.supersededById,
      createdBy: quote.createdBy,
      submittedAt: iso(quote.submittedAt),
      approvedBy: quote.approvedBy,
      approvedAt: iso(quote.approvedAt),
      respondedByAccountId: quote.respondedByAccountId,
      respondedByUserId: quote.respondedByUserId,
      versions: versions(versionRows),
    };
  }
}

/** Stores priced lines on a quote, with the pricing-time judgement the approval was asked on. */
export async function insertQuoteLines(em: EntityManager, quoteId: string, lines: PricedDocument['lines']): Promise<void> {
  await em.insert(
    QuoteLine,
    lines.map((line) => ({ ...lineColumns(line), quoteId, effectiveDiscountBp: line.effectiveDiscountBp, beyondRepLimit: line.beyondRepLimit })),
  );
}

function customerSummary(quote: Quote): CustomerQuoteSummaryDto {
  return {
    id: quote.id,
    number: quote.number,
    version: quote.version,
    status: quote.status,
    customerId: quote.customerId,
    customerName: quote.customerName,
    totalFen: quote.totalFen,
    validUntil: quote.validUntil,
    sentAt: iso(quote.sentAt),
    respondedAt: iso(quote.respondedAt),
    createdAt: quote.createdAt.toISOString(),
  };
}

function staffSummary(quote: Quote, names: Map<string, string>): QuoteSummaryDto {
  return {
    ...customerSummary(quote),
    opportunityId: quote.opportunityId,
    ownerId: quote.ownerId,
    ownerName: quote.ownerId ? (names.get(quote.ownerId) ?? null) : null,
    teamId: quote.teamId,
    isLatest: quote.isLatest,
    needsApproval: quote.approvalReasons.length > 0,
    updatedAt: quote.updatedAt.toISOString(),
  };
}
