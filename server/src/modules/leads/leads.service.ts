import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import {
  LEAD_SOURCE_LABELS,
  LEAD_STATUS_LABELS,
  leadStateMachine,
  normalizeCompanyName,
  normalizeMobile,
  type BotEventResult,
  type DuplicateMatch,
  type Lead as LeadDto,
  type LeadConvert,
  type LeadCreate,
  type LeadListQuery,
  type LeadStatus,
  type LeadStatusChange,
  type LeadUpdate,
  type Page,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { badRequest, conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeLeads, type Access } from '../../infra/visibility';
import type { ApprovalsService } from '../approvals/approvals.service';
import { Contact } from '../customers/contact.entity';
import type { CustomersService } from '../customers/customers.service';
import type { DuplicatesService } from '../customers/duplicates.service';
import { recordTimeline } from '../customers/timeline';
import { FollowUp } from '../follow-ups/follow-up.entity';
import { CustomerAccount } from '../identity/customer-account.entity';
import type { UsersService } from '../identity/users.service';
import type { SettingsService } from '../settings/settings.service';
import { Lead } from './lead.entity';
import { recordAudit } from '../audit/audit.service';

export function toLeadDto(lead: Lead, ownerName: string | null = null): LeadDto {
  return {
    id: lead.id,
    name: lead.name,
    source: lead.source,
    status: lead.status,
    ownerId: lead.ownerId,
    ownerName,
    mobile: lead.mobile,
    company: lead.company,
    notes: lead.notes,
    wechatContactId: lead.wechatContactId,
    openid: lead.openid,
    unionid: lead.unionid,
    customerId: lead.customerId,
    lostReason: lead.lostReason,
    mpFollowing: lead.mpFollowing,
    lastFollowUpAt: lead.lastFollowUpAt?.toISOString() ?? null,
    nextFollowUpAt: lead.nextFollowUpAt?.toISOString() ?? null,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

export interface LeadsDeps {
  users: UsersService;
  settings: SettingsService;
  approvals: ApprovalsService;
  duplicates: DuplicatesService;
  customers: CustomersService;
}

/** Leads (线索): from WeChat friends, official-account followers, the mini-program, reps and imports. */
export class LeadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: LeadsDeps,
  ) {
    deps.approvals.register('claim_lead', {
      onApproved: async (em, approval) => {
        const requester = await deps.users.requireAssignee(approval.requestedBy);
        await em.update(Lead, { id: approval.subjectId }, { ownerId: requester.id });
      },
    });
  }

  private scoped(actor: Actor, access: Access, em: EntityManager = this.dataSource.manager) {
    return scopeLeads(em.getRepository(Lead).createQueryBuilder('l'), 'l', actor, access);
  }

  async findVisible(actor: Actor, id: string, access: Access = 'read', em?: EntityManager): Promise<Lead> {
    const lead = await this.scoped(actor, access, em).andWhere('l.id = :id', { id }).getOne();
    if (!lead) throw notFound('线索');
    return lead;
  }

  async list(actor: Actor, query: LeadListQuery): Promise<Page<LeadDto>> {
    const staff = asStaff(actor);
    const qb = this.scoped(staff, 'read');
    if (query.scope === 'mine') qb.andWhere('l.ownerId = :mine', { mine: staff.id });
    if (query.scope === 'pool') qb.andWhere('l.ownerId IS NULL');
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.source) qb.andWhere('l.source = :source', { source: query.source });
    if (query.q) {
      qb.andWhere(`(l.name LIKE :q ${LIKE_ESCAPE} OR l.company LIKE :q ${LIKE_ESCAPE} OR l.mobile LIKE :q ${LIKE_ESCAPE})`, {
        q: likePattern(query.q),
      });
    }
    const page = await paginate(qb, query, (lead) => lead);
    return { data: await this.toDtos(page.data), nextCursor: page.nextCursor };
  }

  async listAll(actor: Actor, query: Omit<LeadListQuery, 'limit' | 'cursor'>, max = 100_000): Promise<LeadDto[]> {
    const rows: LeadDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(actor, { ...query, limit: 100, cursor } as LeadListQuery);
      rows.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < max);
    return rows;
  }

  async get(actor: Actor, id: string): Promise<LeadDto> {
    const [dto] = await this.toDtos([await this.findVisible(actor, id)]);
    return dto;
  }

  async create(actor: Actor, input: LeadCreate): Promise<LeadDto & { duplicates: DuplicateMatch[] }> {
    const staff = asStaff(actor);
    const settings = await this.deps.settings.crm();
    try {
      const { id, duplicates } = await inTransaction(this.dataSource, async (em) => {
        const found = await this.deps.duplicates.check(staff, { name: input.company, mobile: input.mobile }, settings.customerDuplicatePolicy, em);
        return { id: await this.insertLead(em, staff.id, input), duplicates: found };
      });
      return { ...(await this.get(actor, id)), duplicates };
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('该微信身份已经是一条线索', { fields: ['wechatContactId', 'openid'] });
      throw error;
    }
  }

  /** Inserts one lead owned by `ownerId`; used by create and import. */
  async insertLead(em: EntityManager, ownerId: string | null, input: LeadCreate): Promise<string> {
    const { identifiers } = await em.insert(Lead, {
      name: input.name,
      source: input.source,
      status: 'new',
      ownerId,
      mobile: input.mobile ? normalizeMobile(input.mobile) : null,
      company: input.company ?? null,
      companyNormalized: input.company ? normalizeCompanyName(input.company) : null,
      notes: input.notes ?? null,
      wechatContactId: input.wechatContactId ?? null,
      openid: input.openid ?? null,
      unionid: input.unionid ?? null,
    });
    return String(identifiers[0].id);
  }

  async update(actor: Actor, id: string, input: LeadUpdate): Promise<LeadDto & { duplicates: DuplicateMatch[] }> {
    const staff = asStaff(actor);
    const lead = await this.findVisible(staff, id, 'write');
    if (lead.status === 'converted') throw conflict('已转化的线索不能再修改，请修改对应的客户');
    const settings = await this.deps.settings.crm();
    const duplicates =
      input.company !== undefined || input.mobile !== undefined
        ? await this.deps.duplicates.check(staff, { name: input.company, mobile: input.mobile, excludeLeadId: id }, settings.customerDuplicatePolicy)
        : [];
    const changes: Partial<Lead> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.notes !== undefined) changes.notes = input.notes;
    if (input.mobile !== undefined) changes.mobile = input.mobile ? normalizeMobile(input.mobile) : null;
    if (input.company !== undefined) {
      changes.company = input.company;
      changes.companyNormalized = input.company ? normalizeCompanyName(input.company) : null;
    }
    await inTransaction(this.dataSource, (em) => em.update(Lead, { id }, changes));
    return { ...(await this.get(actor, id)), duplicates };
  }

  /** Deletes a lead that was not converted (a converted one is part of its customer's history). */
  async remove(actor: Actor, id: string): Promise<void> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const lead = await this.findVisible(staff, id, 'write', em);
      if (lead.ownerId === null && staff.role === 'rep') throw forbidden('请先领取该线索');
      if (lead.status === 'converted') throw conflict('已转化的线索不能删除');
      await em.delete(FollowUp, { subjectType: 'lead', subjectId: id });
      await em.update(CustomerAccount, { leadId: id }, { leadId: null });
      await em.delete(Lead, { id });
      await recordAudit(em, staff, 'lead.delete', { type: 'lead', id }, { name: lead.name, source: lead.source });
    });
  }

  /** Moves a lead along its state machine (new → contacted → qualified, or lost); converting has its own action. */
  async changeStatus(actor: Actor, id: string, change: LeadStatusChange): Promise<LeadDto> {
    const staff = asStaff(actor);
    const lead = await this.findVisible(staff, id, 'write');
    this.assertTransition(lead.status, change.status);
    if (change.status === 'lost' && !change.lostReason) throw badRequest('请填写流失原因', { field: 'lostReason' });
    const result = await inTransaction(this.dataSource, (em) =>
      em.update(Lead, { id, status: lead.status }, { status: change.status, lostReason: change.status === 'lost' ? change.lostReason : null }),
    );
    if (!result.affected) throw conflict('线索状态刚刚发生了变化，请刷新后重试');
    return this.get(actor, id);
  }

  /** An unowned lead is claimed at once; another rep's lead needs a manager's approval. */
  async claim(actor: Actor, id: string, reason?: string): Promise<{ status: 'claimed'; lead: LeadDto } | { status: 'pending_approval'; approvalId: string }> {
    const staff = asStaff(actor);
    const outcome = await inTransaction(this.dataSource, async (em) => {
      const lead = await this.findVisible(staff, id, 'read', em);
      if (lead.ownerId === staff.id) throw conflict('该线索已经由您负责');
      if (lead.status === 'converted') throw conflict('该线索已转化为客户');
      if (lead.ownerId === null) {
        const moved = await em.update(Lead, { id, ownerId: IsNull() }, { ownerId: staff.id });
        if (!moved.affected) throw conflict('该线索刚被其他同事领取');
        return { status: 'claimed' as const };
      }
      const approval = await this.deps.approvals.request(em, {
        kind: 'claim_lead',
        subjectType: 'lead',
        subjectId: id,
        subjectTitle: lead.company ? `${lead.name}（${lead.company}）` : lead.name,
        requestedBy: staff,
        reason: reason ?? null,
        payload: { fromOwnerId: lead.ownerId },
      });
      return { status: 'pending_approval' as const, approvalId: approval.id };
    });
    return outcome.status === 'claimed' ? { status: 'claimed', lead: await this.get(actor, id) } : outcome;
  }

  async assign(actor: Actor, id: string, ownerId: string): Promise<LeadDto> {
    const staff = asStaff(actor);
    if (staff.role !== 'admin' && staff.role !== 'manager') throw forbidden('只有经理或管理员可以分配线索');
    const owner = await this.deps.users.requireAssignee(ownerId);
    if (staff.role === 'manager' && owner.teamId !== staff.teamId) throw badRequest('只能分配给本团队的成员', { field: 'ownerId' });
    const lead = await this.findVisible(staff, id, 'write');
    if (lead.status === 'converted') throw conflict('该线索已转化为客户');
    await inTransaction(this.dataSource, (em) => em.update(Lead, { id }, { ownerId: owner.id }));
    return this.get(actor, id);
  }

  /**
   * 转化: the lead becomes a customer and a contact — or a contact of an existing customer — keeping
   * its WeChat identity, source and follow-ups, and links to what it became. One transaction.
   */
  async convert(actor: Actor, id: string, input: LeadConvert): Promise<{ lead: LeadDto; customerId: string; contactId: string; duplicates: DuplicateMatch[] }> {
    const staff = asStaff(actor);
    const lead = await this.findVisible(staff, id, 'write');
    this.assertTransition(lead.status, 'converted');
    const settings = await this.deps.settings.crm();
    const customerName = input.customer?.name ?? lead.company ?? lead.name;
    if (input.customer?.grade !== undefined) this.deps.customers.assertGrade(settings, input.customer.grade);

    const result = await inTransaction(this.dataSource, async (em) => {
      const fresh = await this.findVisible(staff, id, 'write', em);
      this.assertTransition(fresh.status, 'converted');
      const duplicates = input.customerId
        ? []
        : await this.deps.duplicates.check(
            staff,
            { name: customerName, mobile: input.customer?.mobile ?? fresh.mobile, excludeLeadId: fresh.id },
            settings.customerDuplicatePolicy,
            em,
          );
      let customerId: string;
      if (input.customerId) {
        customerId = (await this.deps.customers.findVisible(staff, input.customerId, 'read', em)).id;
      } else {
        const ownerId = fresh.ownerId ?? staff.id;
        const owner = await this.deps.users.requireAssignee(ownerId);
        customerId = await this.deps.customers.insertCustomer(
          em,
          staff,
          {
            ...input.customer,
            name: customerName,
            source: input.customer?.source ?? fresh.source,
            mobile: input.customer?.mobile ?? fresh.mobile ?? undefined,
            wechatContactId: fresh.wechatContactId,
            openid: fresh.openid,
            unionid: fresh.unionid,
            leadId: fresh.id,
          },
          { id: owner.id, teamId: owner.teamId },
        );
      }
      const { identifiers } = await em.insert(Contact, {
        customerId,
        name: input.contact?.name ?? fresh.name,
        title: input.contact?.title ?? null,
        mobile: input.contact?.mobile ? normalizeMobile(input.contact.mobile) : fresh.mobile,
        wechatContactId: fresh.wechatContactId,
        openid: fresh.openid,
        unionid: fresh.unionid,
        isPrimary: !input.customerId,
      });
      const contactId = String(identifiers[0].id);
      await em.update(FollowUp, { subjectType: 'lead', subjectId: fresh.id }, { customerId });
      await em.update(CustomerAccount, { leadId: fresh.id }, { customerId });
      const moved = await em.update(
        Lead,
        { id, status: fresh.status },
        { status: 'converted', customerId, contactId, convertedAt: new Date() },
      );
      if (!moved.affected) throw conflict('线索状态刚刚发生了变化，请刷新后重试');
      await recordTimeline(em, customerId, 'converted_from_lead', staff.id, `由线索「${fresh.name}」转化（来源：${LEAD_SOURCE_LABELS[fresh.source]}）`, {
        leadId: fresh.id,
        contactId,
      });
      return { customerId, contactId, duplicates };
    });
    return { lead: await this.get(actor, id), ...result };
  }

  /**
   * A WeChat friend becomes a lead exactly once: the unique index on the contact id decides, so concurrent
   * or repeated reports of the same friend all answer with the one lead.
   */
  async recordWechatFriend(event: { contactId: string; name: string; hello?: string }): Promise<BotEventResult> {
    const repository = this.dataSource.getRepository(Lead);
    const existing = await repository.findOneBy({ wechatContactId: event.contactId });
    if (existing) return { leadId: existing.id, created: false };
    try {
      const { identifiers } = await inTransaction(this.dataSource, (em) => em.insert(Lead, {
        name: event.name,
        source: 'wechat_friend',
        status: 'new',
        ownerId: null,
        notes: event.hello ? `好友验证消息：${event.hello}` : null,
        wechatContactId: event.contactId,
      }));
      return { leadId: String(identifiers[0].id), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await repository.findOneByOrFail({ wechatContactId: event.contactId });
      return { leadId: winner.id, created: false };
    }
  }

  /** A new mini-program user: a lead from source `miniprogram`, inside the caller's transaction. */
  async createForMiniprogramUser(em: EntityManager, identity: { openid: string; unionid?: string; name: string }): Promise<string> {
    const { identifiers } = await em.insert(Lead, {
      name: identity.name,
      source: 'miniprogram',
      status: 'new',
      ownerId: null,
      openid: identity.openid,
      unionid: identity.unionid ?? null,
    });
    return String(identifiers[0].id);
  }

  private assertTransition(from: LeadStatus, to: LeadStatus) {
    if (!leadStateMachine.canTransition(from, to)) throw illegalTransition('线索', LEAD_STATUS_LABELS[from], LEAD_STATUS_LABELS[to]);
  }

  private async toDtos(leads: Lead[]): Promise<LeadDto[]> {
    const names = await this.deps.users.namesByIds(leads.map((l) => l.ownerId));
    return leads.map((lead) => toLeadDto(lead, lead.ownerId ? (names.get(lead.ownerId) ?? null) : null));
  }
}
