import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  maskPersonName,
  normalizeOpportunityName,
  OPPORTUNITY_REQUIRED_FIELD_LABELS,
  OPPORTUNITY_STATUS_LABELS,
  opportunityStateMachine,
  weightedAmountFen,
  type ApprovalDto,
  type CrmSettings,
  type DuplicateMatch,
  type DuplicatePolicy,
  type OpportunityCreate,
  type OpportunityDetailDto,
  type OpportunityDto,
  type OpportunityFunnelDto,
  type OpportunityFunnelQuery,
  type OpportunityListQuery,
  type OpportunityReopen,
  type OpportunityStageMove,
  type OpportunityUpdate,
  type OpportunityWriteResult,
  type Page,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { databaseKind, inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { AppError, badRequest, conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeCustomers, scopeOpportunities, type Access } from '../../infra/visibility';
import type { Approval } from '../approvals/approval.entity';
import type { ApprovalsService } from '../approvals/approvals.service';
import { recordAudit } from '../audit/audit.service';
import { Customer } from '../customers/customer.entity';
import type { StaffSummary, UsersService } from '../identity/users.service';
import type { SettingsService } from '../settings/settings.service';
import { OpportunityMember } from './opportunity-member.entity';
import { Opportunity } from './opportunity.entity';
import { OpportunityStageChange } from './stage-change.entity';
import { Stage } from './stage.entity';
import type { StageTemplatesService } from './stage-templates.service';

type RequiredField = CrmSettings['opportunityRequiredFields'][number];

const MAX_DUPLICATES = 5;
// Asia/Shanghai has had no daylight saving since 1991: a calendar day there starts at 16:00 UTC the day before.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const NOTE_MAX = 500;

function shanghaiDayStart(date: string, plusDays = 0): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + plusDays) - SHANGHAI_OFFSET_MS);
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

const statusLabel = (status: Opportunity['status']) => OPPORTUNITY_STATUS_LABELS[status];

/** A required amount of 0 counts as missing: nobody means "required" and accepts 0 fen. */
function missingRequired(required: readonly RequiredField[], values: Partial<Record<RequiredField, unknown>>, onlyPresent: boolean): RequiredField[] {
  return required.filter((field) => {
    if (onlyPresent && !(field in values)) return false;
    const value = values[field];
    return value === undefined || value === null || value === '' || (field === 'amountFen' && value === 0);
  });
}

function assertRequired(required: readonly RequiredField[], values: Partial<Record<RequiredField, unknown>>, onlyPresent = false) {
  const missing = missingRequired(required, values, onlyPresent);
  if (missing.length > 0) {
    throw badRequest(`请填写${missing.map((field) => OPPORTUNITY_REQUIRED_FIELD_LABELS[field]).join('、')}`, { fields: missing });
  }
}

/** The history keeps why a deal closed even after a reopen clears the opportunity's close fields. */
function closingNote(note: string | undefined, closeReason: string | undefined, competitor: string | undefined): string | null {
  const parts = [note, closeReason && `原因：${closeReason}`, competitor && `竞争对手：${competitor}`].filter(Boolean);
  return parts.length ? parts.join('；').slice(0, NOTE_MAX) : null;
}

/**
 * Opportunities (项目/商机): a sales process of stages with win probabilities, owner and members,
 * the negotiation history, won/lost, claims through approval, and the funnel. Every query is scoped
 * by the caller's data permissions (infra/visibility.ts): a record the caller may not see is a 404.
 */
export class OpportunitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly settings: SettingsService,
    private readonly approvals: ApprovalsService,
    private readonly templates: StageTemplatesService,
  ) {
    approvals.register('claim_opportunity', { onApproved: (em, approval, decidedBy) => this.transferToClaimant(em, approval, decidedBy) });
  }

  async list(actor: Actor, query: OpportunityListQuery): Promise<Page<OpportunityDto>> {
    const qb = scopeOpportunities(this.dataSource.getRepository(Opportunity).createQueryBuilder('o'), 'o', asStaff(actor), 'read');
    if (query.stageId) qb.andWhere('o.stageId = :stageId', { stageId: query.stageId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.ownerId) qb.andWhere('o.ownerId = :ownerId', { ownerId: query.ownerId });
    if (query.customerId) qb.andWhere('o.customerId = :customerId', { customerId: query.customerId });
    if (query.q) qb.andWhere(`o.name LIKE :q ${LIKE_ESCAPE}`, { q: likePattern(query.q) });
    const page = await paginate(qb, query, (opportunity) => opportunity);
    return { data: await this.toDtos(page.data), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<OpportunityDetailDto> {
    const opportunity = await this.findVisible(this.dataSource.manager, asStaff(actor), id, 'read');
    return this.toDetail(opportunity);
  }

  async create(actor: Actor, input: OpportunityCreate): Promise<OpportunityWriteResult> {
    const staff = asStaff(actor);
    const settings = await this.settings.crm();
    assertRequired(settings.opportunityRequiredFields, input);
    const owner = await this.resolveOwner(staff, input.ownerId);
    const memberIds = await this.resolveMembers(input.memberIds ?? [], owner.id);

    const { id, duplicates } = await inTransaction(this.dataSource, async (em) => {
      // Lock first: on MySQL a plain read would fix this transaction's snapshot before the wait.
      await this.lockCustomer(em, input.customerId);
      const customer = await this.findCustomer(em, staff, input.customerId);
      const { stages } = await this.templates.resolve(em, input.templateId);
      const firstStage = stages.find((stage) => stage.kind === 'open')!;
      const nameNormalized = normalizeOpportunityName(input.name);
      const duplicates = await this.checkDuplicates(em, staff, customer.id, nameNormalized, settings.opportunityDuplicatePolicy);
      const { identifiers } = await em.insert(Opportunity, {
        name: input.name,
        nameNormalized,
        customerId: customer.id,
        templateId: firstStage.templateId,
        stageId: firstStage.id,
        status: 'open',
        amountFen: input.amountFen ?? 0,
        expectedCloseDate: input.expectedCloseDate ?? null,
        description: input.description || null,
        ownerId: owner.id,
        teamId: owner.teamId,
        createdBy: staff.id,
      });
      const id = String(identifiers[0].id);
      if (memberIds.length) await em.insert(OpportunityMember, memberIds.map((userId) => ({ opportunityId: id, userId })));
      await em.insert(OpportunityStageChange, { opportunityId: id, fromStageId: null, toStageId: firstStage.id, actorId: staff.id, note: null });
      await recordAudit(em, staff, 'opportunity.create', { type: 'opportunity', id }, { amountFen: input.amountFen ?? 0 });
      return { id, duplicates };
    });
    return { ...(await this.get(actor, id)), duplicates };
  }

  async update(actor: Actor, id: string, input: OpportunityUpdate): Promise<OpportunityWriteResult> {
    const staff = asStaff(actor);
    const settings = await this.settings.crm();
    assertRequired(settings.opportunityRequiredFields, input, true);
    const duplicates = await inTransaction(this.dataSource, async (em) => {
      const before = await this.findVisible(em, staff, id, 'write');
      this.assertOpen(before);
      const changes: Partial<Opportunity> = {};
      let duplicates: DuplicateMatch[] = [];
      if (input.name !== undefined) {
        changes.name = input.name;
        changes.nameNormalized = normalizeOpportunityName(input.name);
        if (changes.nameNormalized !== before.nameNormalized) {
          await this.lockCustomer(em, before.customerId);
          duplicates = await this.checkDuplicates(em, staff, before.customerId, changes.nameNormalized, settings.opportunityDuplicatePolicy, id);
        }
      }
      if (input.amountFen !== undefined) changes.amountFen = input.amountFen;
      if (input.expectedCloseDate !== undefined) changes.expectedCloseDate = input.expectedCloseDate;
      if (input.description !== undefined) changes.description = input.description || null;
      const result = await em.update(Opportunity, { id, status: 'open' }, changes);
      if (!result.affected) throw conflict('商机刚被关闭，请刷新后重试');
      if (input.amountFen !== undefined && input.amountFen !== before.amountFen) {
        await recordAudit(em, staff, 'opportunity.amount_change', { type: 'opportunity', id }, { fromFen: before.amountFen, toFen: input.amountFen });
      }
      return duplicates;
    });
    return { ...(await this.get(actor, id)), duplicates };
  }

  /**
   * Moves an open opportunity to any stage of its own template, forward or back. A won or lost stage
   * closes it (lost needs a reason); a closed opportunity only moves again through reopen.
   */
  async moveStage(actor: Actor, id: string, input: OpportunityStageMove): Promise<OpportunityDetailDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const opportunity = await this.findVisible(em, staff, id, 'write');
      const target = await em.findOneBy(Stage, { id: input.stageId });
      if (!target || target.templateId !== opportunity.templateId) {
        throw badRequest('该阶段不属于此商机的销售流程', { field: 'stageId' });
      }
      if (opportunity.status !== 'open') throw illegalTransition('商机', statusLabel(opportunity.status), target.name);
      if (target.id === opportunity.stageId) {
        throw new AppError(409, ErrorCode.IllegalTransition, `商机已处于「${target.name}」阶段`, { from: target.name, to: target.name });
      }
      const nextStatus = target.kind;
      if (nextStatus !== 'open' && !opportunityStateMachine.canTransition(opportunity.status, nextStatus)) {
        throw illegalTransition('商机', statusLabel(opportunity.status), statusLabel(nextStatus));
      }
      if (nextStatus === 'lost' && !input.closeReason) throw badRequest('输单时请填写输单原因', { field: 'closeReason' });
      const closing = nextStatus !== 'open';
      // Conditional on the stage we read: of two concurrent moves only one applies, the other gets a 409.
      const result = await em.update(
        Opportunity,
        { id, stageId: opportunity.stageId, status: 'open' },
        {
          stageId: target.id,
          status: nextStatus,
          closedAt: closing ? new Date() : null,
          closeReason: closing ? (input.closeReason ?? null) : null,
          competitor: closing ? (input.competitor ?? null) : null,
        },
      );
      if (!result.affected) throw conflict('商机阶段刚被其他人修改，请刷新后重试');
      await em.insert(OpportunityStageChange, {
        opportunityId: id,
        fromStageId: opportunity.stageId,
        toStageId: target.id,
        actorId: staff.id,
        note: closing ? closingNote(input.note, input.closeReason, input.competitor) : (input.note ?? null),
      });
    });
    return this.get(actor, id);
  }

  /** Won or lost back to open (admin and manager only, by route): to the stage it was closed from, unless another is named. */
  async reopen(actor: Actor, id: string, input: OpportunityReopen): Promise<OpportunityDetailDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const opportunity = await this.findVisible(em, staff, id, 'write');
      if (!opportunityStateMachine.canTransition(opportunity.status, 'open')) {
        throw illegalTransition('商机', statusLabel(opportunity.status), statusLabel('open'));
      }
      const target = await this.reopenStage(em, opportunity, input.stageId);
      const result = await em.update(
        Opportunity,
        { id, status: opportunity.status },
        { status: 'open', stageId: target.id, closedAt: null, closeReason: null, competitor: null },
      );
      if (!result.affected) throw conflict('商机刚被其他人修改，请刷新后重试');
      await em.insert(OpportunityStageChange, {
        opportunityId: id,
        fromStageId: opportunity.stageId,
        toStageId: target.id,
        actorId: staff.id,
        note: `重新打开：${input.note}`.slice(0, NOTE_MAX),
      });
    });
    return this.get(actor, id);
  }

  /** Adding someone who already follows it changes nothing (the unique index decides). */
  async addMember(actor: Actor, id: string, userId: string): Promise<OpportunityDetailDto> {
    const staff = asStaff(actor);
    const opportunity = await this.findVisible(this.dataSource.manager, staff, id, 'write');
    this.assertOpen(opportunity);
    if (userId === opportunity.ownerId) throw badRequest('负责人无需添加为成员', { field: 'userId' });
    await this.requireMember(userId);
    try {
      await this.dataSource.getRepository(OpportunityMember).insert({ opportunityId: id, userId });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.get(actor, id);
  }

  async removeMember(actor: Actor, id: string, userId: string): Promise<OpportunityDetailDto> {
    const staff = asStaff(actor);
    const opportunity = await this.findVisible(this.dataSource.manager, staff, id, 'write');
    this.assertOpen(opportunity);
    const result = await this.dataSource.getRepository(OpportunityMember).delete({ opportunityId: id, userId });
    if (!result.affected) throw notFound('商机成员');
    return this.get(actor, id);
  }

  /**
   * A rep (or manager) applies to take over an open opportunity they can see but do not own — in practice
   * one they follow as a member, since others' opportunities are invisible to a rep. The requester's
   * manager decides; approval moves the owner and team.
   */
  async claim(actor: Actor, id: string, reason?: string): Promise<ApprovalDto> {
    const staff = asStaff(actor);
    const approval = await inTransaction(this.dataSource, async (em) => {
      const opportunity = await this.findVisible(em, staff, id, 'read');
      if (opportunity.ownerId === staff.id) throw conflict('您已经是该商机的负责人');
      if (opportunity.status !== 'open') throw conflict(`商机已${statusLabel(opportunity.status)}，不能申请领取`);
      return this.approvals.request(em, {
        kind: 'claim_opportunity',
        subjectType: 'opportunity',
        subjectId: id,
        subjectTitle: opportunity.name,
        requestedBy: staff,
        reason: reason || null,
        payload: { fromOwnerId: opportunity.ownerId },
      });
    });
    return this.approvals.get(actor, approval.id);
  }

  /**
   * Count, amount and weighted amount per stage of one template (the default unless named) over the
   * opportunities the caller may see. from/to are Shanghai calendar days, inclusive, on createdAt.
   * Weighted = round half up of (stage's summed amountFen × probability / 100): one rounding per stage,
   * and the totals add those up, so the figures always sum.
   */
  async funnel(actor: Actor, query: OpportunityFunnelQuery): Promise<OpportunityFunnelDto> {
    const staff = asStaff(actor);
    const { template, stages } = await this.templates.resolve(this.dataSource.manager, query.templateId);
    const qb = scopeOpportunities(this.dataSource.getRepository(Opportunity).createQueryBuilder('o'), 'o', staff, 'read')
      .select('o.stageId', 'stageId')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(o.amountFen)', 'amountFen')
      .andWhere('o.templateId = :templateId', { templateId: template.id })
      .groupBy('o.stageId');
    if (query.ownerId) qb.andWhere('o.ownerId = :ownerId', { ownerId: query.ownerId });
    if (query.teamId) qb.andWhere('o.teamId = :teamId', { teamId: query.teamId });
    if (query.from) qb.andWhere('o.createdAt >= :from', { from: shanghaiDayStart(query.from) });
    if (query.to) qb.andWhere('o.createdAt < :to', { to: shanghaiDayStart(query.to, 1) });
    const rows = await qb.getRawMany<{ stageId: unknown; count: unknown; amountFen: unknown }>();
    // MySQL returns COUNT and SUM of a BIGINT as strings, SQLite as numbers.
    const byStage = new Map(rows.map((row) => [String(row.stageId), { count: Number(row.count), amount: BigInt(String(row.amountFen ?? 0)) }]));
    const totals = { count: 0, amountFen: 0n, weightedAmountFen: 0 };
    const funnelStages = stages.map((stage) => {
      const figures = byStage.get(stage.id) ?? { count: 0, amount: 0n };
      const weighted = weightedAmountFen(figures.amount, stage.probability);
      totals.count += figures.count;
      totals.amountFen += figures.amount;
      totals.weightedAmountFen += weighted;
      return {
        stageId: stage.id,
        name: stage.name,
        kind: stage.kind,
        probability: stage.probability,
        count: figures.count,
        amountFen: Number(figures.amount),
        weightedAmountFen: weighted,
      };
    });
    return {
      templateId: template.id,
      templateName: template.name,
      from: query.from ?? null,
      to: query.to ?? null,
      stages: funnelStages,
      totals: { count: totals.count, amountFen: Number(totals.amountFen), weightedAmountFen: totals.weightedAmountFen },
    };
  }

  private async transferToClaimant(em: EntityManager, approval: Approval, decidedBy: StaffActor): Promise<void> {
    const opportunity = await em.findOneBy(Opportunity, { id: approval.subjectId });
    if (!opportunity) throw notFound('商机');
    if (opportunity.status !== 'open') throw conflict(`商机已${statusLabel(opportunity.status)}，不能再转给申请人`);
    const claimant = await this.users.requireAssignee(approval.requestedBy);
    const result = await em.update(
      Opportunity,
      { id: opportunity.id, status: 'open' },
      { ownerId: claimant.id, teamId: claimant.teamId },
    );
    if (!result.affected) throw conflict('商机刚被关闭，不能再转给申请人');
    await em.delete(OpportunityMember, { opportunityId: opportunity.id, userId: claimant.id });
    await recordAudit(em, decidedBy, 'opportunity.owner_change', { type: 'opportunity', id: opportunity.id }, {
      fromOwnerId: opportunity.ownerId,
      toOwnerId: claimant.id,
      approvalId: approval.id,
    });
  }

  private assertOpen(opportunity: Opportunity) {
    if (opportunity.status !== 'open') throw conflict(`商机已${statusLabel(opportunity.status)}，不能再修改；如需修改请先重新打开`);
  }

  private async findVisible(em: EntityManager, staff: StaffActor, id: string, access: Access): Promise<Opportunity> {
    const opportunity = await scopeOpportunities(em.createQueryBuilder(Opportunity, 'o'), 'o', staff, access)
      .andWhere('o.id = :id', { id })
      .getOne();
    if (!opportunity) throw notFound('商机');
    return opportunity;
  }

  private async findCustomer(em: EntityManager, staff: StaffActor, customerId: string): Promise<Customer> {
    const customer = await scopeCustomers(em.createQueryBuilder(Customer, 'c'), 'c', staff, 'read')
      .andWhere('c.id = :customerId', { customerId })
      .getOne();
    if (!customer) throw badRequest('客户不存在或您无权查看', { field: 'customerId' });
    return customer;
  }

  private get lockingReads(): boolean {
    return databaseKind(this.dataSource) === 'mysql';
  }

  /**
   * Serialises duplicate check + write per customer, so a forbid policy holds under concurrent creates.
   * SQLite has a single writer already (and refuses FOR UPDATE).
   */
  private async lockCustomer(em: EntityManager, customerId: string): Promise<void> {
    if (!this.lockingReads) return;
    await em.createQueryBuilder(Customer, 'c').select('c.id').setLock('pessimistic_write').where('c.id = :customerId', { customerId }).getOne();
  }

  /** Same customer, same normalised name. A caller who may not see a match learns only a masked owner. */
  private async checkDuplicates(
    em: EntityManager,
    staff: StaffActor,
    customerId: string,
    nameNormalized: string,
    policy: DuplicatePolicy,
    excludeId?: string,
  ): Promise<DuplicateMatch[]> {
    const qb = em
      .createQueryBuilder(Opportunity, 'o')
      .where('o.customerId = :customerId', { customerId })
      .andWhere('o.nameNormalized = :nameNormalized', { nameNormalized });
    if (excludeId) qb.andWhere('o.id <> :excludeId', { excludeId });
    // Locking reads see rows committed after this transaction's snapshot (a rename reads the opportunity first).
    if (this.lockingReads) qb.setLock('pessimistic_read');
    const matches = await qb.orderBy('o.id', 'ASC').limit(MAX_DUPLICATES).getMany();
    if (matches.length === 0) return [];
    const visibleQuery = scopeOpportunities(em.createQueryBuilder(Opportunity, 'v').select('v.id'), 'v', staff, 'read').andWhere({
      id: In(matches.map((m) => m.id)),
    });
    if (this.lockingReads) visibleQuery.setLock('pessimistic_read');
    const visibleRows = await visibleQuery.getMany();
    const visible = new Set(visibleRows.map((row) => row.id));
    const names = await this.users.namesByIds(matches.map((m) => m.ownerId));
    const duplicates: DuplicateMatch[] = matches.map((match) => {
      const canSee = visible.has(match.id);
      const ownerName = match.ownerId ? (names.get(match.ownerId) ?? '未知') : '无负责人';
      return {
        entity: 'opportunity',
        matchedOn: 'name',
        id: canSee ? match.id : null,
        name: canSee ? match.name : null,
        ownerName: canSee || !match.ownerId ? ownerName : maskPersonName(ownerName),
        visible: canSee,
      };
    });
    if (policy === 'forbid') {
      throw new AppError(409, ErrorCode.Conflict, `该客户下已有同名商机（负责人：${duplicates[0].ownerName}），不能重复录入`, { duplicates });
    }
    return duplicates;
  }

  /** A rep owns what they create; admins and managers may name an owner (a manager: from their own team). */
  private async resolveOwner(staff: StaffActor, ownerId: string | undefined): Promise<{ id: string; teamId: string | null }> {
    if (!ownerId || ownerId === staff.id) {
      const me = await this.users.get(staff.id);
      return { id: staff.id, teamId: me ? me.teamId : staff.teamId };
    }
    if (staff.role !== 'admin' && staff.role !== 'manager') throw forbidden('只有经理或管理员可以指定其他负责人');
    const owner = await this.users.requireAssignee(ownerId);
    if (staff.role === 'manager' && owner.teamId !== staff.teamId) throw badRequest('只能指定本团队的员工为负责人', { field: 'ownerId' });
    return owner;
  }

  private async resolveMembers(ids: string[], ownerId: string): Promise<string[]> {
    const unique = [...new Set(ids)].filter((id) => id !== ownerId);
    for (const id of unique) await this.requireMember(id);
    return unique;
  }

  private async requireMember(userId: string): Promise<StaffSummary> {
    try {
      return await this.users.requireAssignee(userId);
    } catch (error) {
      if (error instanceof AppError && error.status === 400) throw badRequest('成员不存在或不能参与商机', { field: 'userId', userId });
      throw error;
    }
  }

  private async reopenStage(em: EntityManager, opportunity: Opportunity, stageId: string | undefined): Promise<Stage> {
    const stages = await em.find(Stage, { where: { templateId: opportunity.templateId }, order: { sortOrder: 'ASC' } });
    const openStages = stages.filter((stage) => stage.kind === 'open');
    if (stageId) {
      const chosen = openStages.find((stage) => stage.id === stageId);
      if (!chosen) throw badRequest('请选择此商机销售流程中进行中的阶段', { field: 'stageId' });
      return chosen;
    }
    const closedBy = await em.findOne(OpportunityStageChange, {
      where: { opportunityId: opportunity.id, toStageId: opportunity.stageId },
      order: { id: 'DESC' },
    });
    return openStages.find((stage) => stage.id === closedBy?.fromStageId) ?? openStages[0];
  }

  private async toDtos(opportunities: Opportunity[]): Promise<OpportunityDto[]> {
    if (opportunities.length === 0) return [];
    const ids = opportunities.map((o) => o.id);
    const [stages, customers, members, names] = await Promise.all([
      this.dataSource.getRepository(Stage).findBy({ id: In([...new Set(opportunities.map((o) => o.stageId))]) }),
      this.dataSource.getRepository(Customer).find({ select: { id: true, name: true }, where: { id: In([...new Set(opportunities.map((o) => o.customerId))]) } }),
      this.dataSource.getRepository(OpportunityMember).find({ where: { opportunityId: In(ids) }, order: { id: 'ASC' } }),
      this.users.namesByIds(opportunities.map((o) => o.ownerId)),
    ]);
    const stageById = new Map(stages.map((stage) => [stage.id, stage]));
    const customerName = new Map(customers.map((customer) => [customer.id, customer.name]));
    return opportunities.map((o) => {
      const stage = stageById.get(o.stageId)!;
      return {
        id: o.id,
        name: o.name,
        customerId: o.customerId,
        customerName: customerName.get(o.customerId) ?? null,
        templateId: o.templateId,
        stageId: o.stageId,
        stageName: stage.name,
        stageKind: stage.kind,
        probability: stage.probability,
        status: o.status,
        amountFen: o.amountFen,
        weightedAmountFen: weightedAmountFen(o.amountFen, stage.probability),
        expectedCloseDate: o.expectedCloseDate,
        ownerId: o.ownerId,
        ownerName: o.ownerId ? (names.get(o.ownerId) ?? null) : null,
        teamId: o.teamId,
        memberIds: members.filter((m) => m.opportunityId === o.id).map((m) => m.userId),
        description: o.description,
        closeReason: o.closeReason,
        competitor: o.competitor,
        closedAt: o.closedAt?.toISOString() ?? null,
        lastFollowUpAt: o.lastFollowUpAt?.toISOString() ?? null,
        createdBy: o.createdBy,
        createdAt: o.createdAt.toISOString(),
        updatedAt: o.updatedAt.toISOString(),
      };
    });
  }

  private async toDetail(opportunity: Opportunity): Promise<OpportunityDetailDto> {
    const [[dto], history, stages] = await Promise.all([
      this.toDtos([opportunity]),
      this.dataSource.getRepository(OpportunityStageChange).find({ where: { opportunityId: opportunity.id }, order: { id: 'ASC' } }),
      this.dataSource.getRepository(Stage).findBy({ templateId: opportunity.templateId }),
    ]);
    const stageName = new Map(stages.map((stage) => [stage.id, stage.name]));
    const names = await this.users.namesByIds([...dto.memberIds, ...history.map((change) => change.actorId)]);
    return {
      ...dto,
      members: dto.memberIds.map((userId) => ({ userId, name: names.get(userId) ?? null })),
      history: history.map((change) => ({
        id: change.id,
        fromStageId: change.fromStageId,
        fromStageName: change.fromStageId ? (stageName.get(change.fromStageId) ?? null) : null,
        toStageId: change.toStageId,
        toStageName: stageName.get(change.toStageId) ?? '',
        actorId: change.actorId,
        actorName: names.get(change.actorId) ?? null,
        note: change.note,
        createdAt: change.createdAt.toISOString(),
      })),
    };
  }
}
