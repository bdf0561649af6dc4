import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import {
  normalizeCompanyName,
  normalizeMobile,
  type ContactCreate,
  type ContactDto,
  type CrmSettings,
  type CustomerCreate,
  type CustomerDto,
  type CustomerListQuery,
  type CustomerUpdate,
  type DuplicateMatch,
  type Page,
  type TimelineEventDto,
  type ListQuery,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { badRequest, conflict, forbidden, notFound } from '../../infra/errors';
import { encodeCursor, paginate } from '../../infra/pagination';
import { scopeCustomers, type Access } from '../../infra/visibility';
import type { ApprovalsService } from '../approvals/approvals.service';
import { recordAudit } from '../audit/audit.service';
import type { UsersService } from '../identity/users.service';
import type { SettingsService } from '../settings/settings.service';
import { Contact } from './contact.entity';
import { Customer } from './customer.entity';
import { CustomerFollower } from './customer-follower.entity';
import { CustomerTag } from './customer-tag.entity';
import type { DuplicatesService } from './duplicates.service';
import { recordTimeline } from './timeline';
import { indexCustomer, searchCustomers } from './customer-search';
import { CustomerMobilePrefix } from './customer-mobile-prefix.entity';
import { CustomerNameGram } from './customer-name-gram.entity';
import { TimelineEvent } from './timeline-event.entity';
import { FollowUp } from '../follow-ups/follow-up.entity';
import { CustomerAccount } from '../identity/customer-account.entity';
import { Lead } from '../leads/lead.entity';
import { Opportunity } from '../opportunities/opportunity.entity';

export function toContactDto(contact: Contact): ContactDto {
  return {
    id: contact.id,
    customerId: contact.customerId,
    name: contact.name,
    title: contact.title,
    mobile: contact.mobile,
    email: contact.email,
    wechatContactId: contact.wechatContactId,
    openid: contact.openid,
    unionid: contact.unionid,
    isPrimary: contact.isPrimary,
    remarks: contact.remarks,
    createdAt: contact.createdAt.toISOString(),
  };
}

/** The pool rule's clock: the last follow-up, or since the customer was taken, plus the configured days. */
export function returnsToPoolAt(customer: Pick<Customer, 'lastFollowUpAt' | 'ownedSince' | 'createdAt'>, poolReturnDays: number): Date {
  const since = customer.lastFollowUpAt ?? customer.ownedSince ?? customer.createdAt;
  return new Date(since.getTime() + poolReturnDays * 24 * 3600_000);
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

/** Fields a person types, as the entity stores them (normalised copies for the duplicate check). */
function customerColumns(input: Partial<CustomerCreate>): Partial<Customer> {
  const columns: Partial<Customer> = {};
  const copy = ['grade', 'region', 'industry', 'source', 'valueLevel', 'qualification', 'preferredFollowUpMethod', 'address', 'creditLimitFen', 'paymentTermsDays', 'remarks'] as const;
  for (const key of copy) if (input[key] !== undefined) (columns as Record<string, unknown>)[key] = input[key];
  if (input.name !== undefined) {
    columns.name = input.name;
    columns.nameNormalized = normalizeCompanyName(input.name);
  }
  if (input.mobile !== undefined) columns.mobile = input.mobile ? normalizeMobile(input.mobile) : null;
  return columns;
}

/**
 * Customers (客户), their contacts, followers, tags and timeline, and ownership: the public pool (公海),
 * claims, releases and assignments. Every read and write is scoped by the caller's data permissions.
 */
export class CustomersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly settings: SettingsService,
    private readonly approvals: ApprovalsService,
    private readonly duplicates: DuplicatesService,
  ) {
    approvals.register('claim_customer', {
      onApproved: async (em, approval) => {
        const requester = await this.users.requireAssignee(approval.requestedBy);
        const customer = await em.findOneBy(Customer, { id: approval.subjectId });
        if (!customer) throw notFound('客户');
        await this.moveOwner(em, customer, requester.id, requester.teamId, 'claimed', approval.decidedBy, `${requester.displayName} 申请领取，经审批通过`);
      },
    });
  }

  private scoped(actor: Actor, access: Access, em: EntityManager = this.dataSource.manager) {
    return scopeCustomers(em.getRepository(Customer).createQueryBuilder('c'), 'c', actor, access);
  }

  /** The customer if the caller may see it (read) or change it (write); otherwise 404. */
  async findVisible(actor: Actor, id: string, access: Access = 'read', em?: EntityManager): Promise<Customer> {
    const customer = await this.scoped(actor, access, em).andWhere('c.id = :id', { id }).getOne();
    if (!customer) {
      // A rep may read a customer yet not change it: say so rather than pretend it does not exist.
      if (access === 'write' && (await this.scoped(actor, 'read', em).andWhere('c.id = :id', { id }).getCount())) {
        throw forbidden('只有负责人或经理可以修改该客户');
      }
      throw notFound('客户');
    }
    return customer;
  }

  /** The caller's customers matching every filter except the text search. */
  private filtered(staff: StaffActor, query: CustomerListQuery, em: EntityManager = this.dataSource.manager) {
    const qb = this.scoped(staff, 'read', em);
    if (query.scope === 'pool') qb.andWhere('c.ownerId IS NULL');
    if (query.scope === 'expiring') qb.andWhere('c.ownerId = :owner AND c.poolWarnedAt IS NOT NULL', { owner: staff.id });
    if (query.scope === 'mine') {
      qb.andWhere('(c.ownerId = :mine OR EXISTS (SELECT 1 FROM customer_followers mf WHERE mf.customerId = c.id AND mf.userId = :mine))', { mine: staff.id });
    }
    if (query.grade) qb.andWhere('c.grade = :grade', { grade: query.grade });
    if (query.region) qb.andWhere('c.region = :region', { region: query.region });
    if (query.industry) qb.andWhere('c.industry = :industry', { industry: query.industry });
    if (query.source) qb.andWhere('c.source = :source', { source: query.source });
    if (query.ownerId) qb.andWhere('c.ownerId = :ownerId', { ownerId: query.ownerId });
    if (query.tag) qb.andWhere('EXISTS (SELECT 1 FROM customer_tags qt WHERE qt.customerId = c.id AND qt.tag = :tag)', { tag: query.tag });
    return qb;
  }

  async list(actor: Actor, query: CustomerListQuery): Promise<Page<CustomerDto>> {
    const staff = asStaff(actor);
    if (query.q) {
      const rows = await searchCustomers(this.dataSource.manager, query.q, query, () => this.filtered(staff, query));
      const data = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? encodeCursor(data[data.length - 1].id) : null;
      return { data: await this.toDtos(data), nextCursor };
    }
    const page = await paginate(this.filtered(staff, query), query, (customer) => customer);
    return { data: await this.toDtos(page.data), nextCursor: page.nextCursor };
  }

  /** Every customer the caller may see that matches the filters, for exports (no paging). */
  async listAll(actor: Actor, query: Omit<CustomerListQuery, 'limit' | 'cursor'>, max = 100_000): Promise<CustomerDto[]> {
    const rows: CustomerDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(actor, { ...query, limit: 100, cursor } as CustomerListQuery);
      rows.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < max);
    return rows;
  }

  async get(actor: Actor, id: string): Promise<CustomerDto> {
    const [dto] = await this.toDtos([await this.findVisible(actor, id)]);
    return dto;
  }

  async create(actor: Actor, input: CustomerCreate): Promise<CustomerDto & { duplicates: DuplicateMatch[] }> {
    const staff = asStaff(actor);
    const settings = await this.settings.crm();
    this.assertGrade(settings, input.grade);
    const owner = await this.resolveNewOwner(staff, input.ownerId);
    const { id, duplicates } = await inTransaction(this.dataSource, async (em) => {
      const found = await this.duplicates.check(staff, { name: input.name, mobile: input.mobile }, settings.customerDuplicatePolicy, em);
      const customerId = await this.insertCustomer(em, staff, input, owner);
      await recordTimeline(em, customerId, 'created', staff.id, owner ? `创建客户，负责人：${owner.displayName}` : '创建客户，放入公海');
      return { id: customerId, duplicates: found };
    });
    return { ...(await this.get(actor, id)), duplicates };
  }

  /** Inserts a customer with its tags and first contact; used by create, lead conversion and import. */
  async insertCustomer(
    em: EntityManager,
    staff: StaffActor,
    input: CustomerCreate & { wechatContactId?: string | null; openid?: string | null; unionid?: string | null; leadId?: string | null },
    owner: { id: string; teamId: string | null } | null,
  ): Promise<string> {
    const now = new Date();
    const { identifiers } = await em.insert(Customer, {
      ...customerColumns(input),
      name: input.name,
      nameNormalized: normalizeCompanyName(input.name),
      ownerId: owner?.id ?? null,
      teamId: owner?.teamId ?? null,
      ownedSince: owner ? now : null,
      wechatContactId: input.wechatContactId ?? null,
      openid: input.openid ?? null,
      unionid: input.unionid ?? null,
      leadId: input.leadId ?? null,
      createdBy: staff.id,
    });
    const customerId = String(identifiers[0].id);
    const { name, mobile = null } = customerColumns(input);
    await indexCustomer(em, customerId, { name, mobile }, { isNew: true });
    if (input.tags?.length) await em.insert(CustomerTag, [...new Set(input.tags)].map((tag) => ({ customerId, tag })));
    if (input.contact) {
      await em.insert(Contact, {
        customerId,
        name: input.contact.name,
        title: input.contact.title ?? null,
        mobile: input.contact.mobile ? normalizeMobile(input.contact.mobile) : null,
        isPrimary: true,
      });
    }
    return customerId;
  }

  async update(actor: Actor, id: string, input: CustomerUpdate): Promise<CustomerDto & { duplicates: DuplicateMatch[] }> {
    const staff = asStaff(actor);
    const settings = await this.settings.crm();
    this.assertGrade(settings, input.grade);
    const duplicates = await inTransaction(this.dataSource, async (em) => {
      const before = await this.findVisible(staff, id, 'write', em);
      const found =
        input.name !== undefined || input.mobile !== undefined
          ? await this.duplicates.check(staff, { name: input.name, mobile: input.mobile, excludeCustomerId: id }, settings.customerDuplicatePolicy, em)
          : [];
      const { tags, ...fields } = input;
      const columns = customerColumns(fields);
      if (Object.keys(columns).length) await em.update(Customer, { id }, columns);
      await indexCustomer(em, id, { name: columns.name, mobile: columns.mobile });
      if (tags) {
        await em.delete(CustomerTag, { customerId: id });
        if (tags.length) await em.insert(CustomerTag, [...new Set(tags)].map((tag) => ({ customerId: id, tag })));
      }
      if (input.creditLimitFen !== undefined && input.creditLimitFen !== before.creditLimitFen) {
        await recordAudit(em, staff, 'customer.credit_limit_change', { type: 'customer', id }, { fromFen: before.creditLimitFen, toFen: input.creditLimitFen });
      }
      const changed = Object.keys(input).filter((key) => key !== 'tags' || tags);
      await recordTimeline(em, id, 'updated', staff.id, `修改了客户资料（${changed.join('、')}）`, { fields: changed });
      return found;
    });
    return { ...(await this.get(actor, id)), duplicates };
  }

  /**
   * 领取: from the pool straight away (up to the per-rep limit); a customer the caller can see but
   * another rep owns (e.g. one they follow) needs a manager's approval, so this files one.
   */
  async claim(actor: Actor, id: string, reason?: string): Promise<{ status: 'claimed'; customer: CustomerDto } | { status: 'pending_approval'; approvalId: string }> {
    const staff = asStaff(actor);
    if (staff.role === 'finance' || staff.role === 'warehouse') throw forbidden('您的角色不能领取客户');
    const settings = await this.settings.crm();
    const outcome = await inTransaction(this.dataSource, async (em) => {
      const customer = await this.findVisible(staff, id, 'read', em);
      if (customer.ownerId === staff.id) throw conflict('该客户已经由您负责');
      if (customer.ownerId === null) {
        const held = await em.getRepository(Customer).countBy({ ownerId: staff.id });
        if (held >= settings.poolClaimLimit) {
          throw conflict(`您已负责 ${held} 个客户，达到领取上限 ${settings.poolClaimLimit}，请先释放部分客户`, { limit: settings.poolClaimLimit, held });
        }
        // Conditional: of two reps claiming the same pool customer at once, one wins.
        const moved = await em.update(Customer, { id, ownerId: IsNull() }, { ownerId: staff.id, teamId: staff.teamId, ownedSince: new Date(), poolWarnedAt: null });
        if (!moved.affected) throw conflict('该客户刚被其他同事领取');
        await recordTimeline(em, id, 'claimed', staff.id, '从公海领取');
        return { status: 'claimed' as const };
      }
      const approval = await this.approvals.request(em, {
        kind: 'claim_customer',
        subjectType: 'customer',
        subjectId: id,
        subjectTitle: customer.name,
        requestedBy: staff,
        reason: reason ?? null,
        payload: { fromOwnerId: customer.ownerId },
      });
      return { status: 'pending_approval' as const, approvalId: approval.id };
    });
    return outcome.status === 'claimed' ? { status: 'claimed', customer: await this.get(actor, id) } : outcome;
  }

  async release(actor: Actor, id: string, reason?: string): Promise<CustomerDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const customer = await this.findVisible(staff, id, 'write', em);
      if (customer.ownerId === null) throw conflict('该客户已在公海中');
      if (staff.role === 'rep' && customer.ownerId !== staff.id) throw forbidden('只能释放自己负责的客户');
      await this.moveOwner(em, customer, null, null, 'released', staff.id, reason ? `释放到公海：${reason}` : '释放到公海');
    });
    return this.get(actor, id);
  }

  async assign(actor: Actor, id: string, ownerId: string): Promise<CustomerDto> {
    await this.bulkAssign(actor, [id], ownerId);
    return this.get(actor, id);
  }

  /** Managers assign within their team (and from the pool); admins anywhere. All or nothing. */
  async bulkAssign(actor: Actor, ids: string[], ownerId: string): Promise<{ assigned: number }> {
    const staff = asStaff(actor);
    if (staff.role !== 'admin' && staff.role !== 'manager') throw forbidden('只有经理或管理员可以分配客户');
    const owner = await this.users.requireAssignee(ownerId);
    if (staff.role === 'manager' && owner.teamId !== staff.teamId) throw badRequest('只能分配给本团队的成员', { field: 'ownerId' });
    const unique = [...new Set(ids)];
    await inTransaction(this.dataSource, async (em) => {
      const customers = await this.scoped(staff, 'write', em).andWhere({ id: In(unique) }).getMany();
      if (customers.length !== unique.length) {
        const found = new Set(customers.map((c) => c.id));
        throw notFound(`客户 ${unique.filter((id) => !found.has(id)).join(', ')} `);
      }
      for (const customer of customers) {
        if (customer.ownerId === owner.id) continue;
        await this.moveOwner(em, customer, owner.id, owner.teamId, 'owner_assigned', staff.id, `分配给 ${owner.displayName}`);
      }
    });
    return { assigned: unique.length };
  }

  /** Changes the owner, resets the pool clock, and writes the timeline; the caller holds the transaction. */
  async moveOwner(
    em: EntityManager,
    customer: Customer,
    ownerId: string | null,
    teamId: string | null,
    kind: 'claimed' | 'released' | 'owner_assigned' | 'returned_to_pool',
    actorId: string | null,
    summary: string,
  ): Promise<boolean> {
    const moved = await em.update(
      Customer,
      { id: customer.id, ownerId: customer.ownerId === null ? IsNull() : customer.ownerId },
      { ownerId, teamId, ownedSince: ownerId ? new Date() : null, poolWarnedAt: null },
    );
    if (!moved.affected) throw conflict('客户的负责人刚刚发生了变化，请刷新后重试');
    await recordTimeline(em, customer.id, kind, actorId, summary, { fromOwnerId: customer.ownerId, toOwnerId: ownerId });
    return true;
  }

  /**
   * Deletes a customer and what hangs on it only (contacts, followers, tags, timeline, follow-ups); one with
   * opportunities is kept (409) — its history matters. Admins anywhere, managers in their team.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    const staff = asStaff(actor);
    if (staff.role !== 'admin' && staff.role !== 'manager') throw forbidden('只有经理或管理员可以删除客户');
    await inTransaction(this.dataSource, async (em) => {
      const customer = await this.findVisible(staff, id, 'write', em);
      const opportunities = await em.getRepository(Opportunity).countBy({ customerId: id });
      if (opportunities > 0) throw conflict(`该客户有 ${opportunities} 个商机，不能删除`, { opportunities });
      for (const entity of [Contact, CustomerFollower, CustomerTag, TimelineEvent, CustomerNameGram, CustomerMobilePrefix]) await em.delete(entity, { customerId: id });
      await em.delete(FollowUp, { subjectType: 'customer', subjectId: id });
      await em.update(FollowUp, { customerId: id }, { customerId: null });
      await em.update(Lead, { customerId: id }, { customerId: null, contactId: null });
      await em.update(CustomerAccount, { customerId: id }, { customerId: null });
      await em.delete(Customer, { id });
      await recordAudit(em, staff, 'customer.delete', { type: 'customer', id }, { name: customer.name, ownerId: customer.ownerId });
    });
  }

  async addFollower(actor: Actor, id: string, userId: string): Promise<CustomerDto> {
    const staff = asStaff(actor);
    const follower = await this.users.requireAssignee(userId);
    await inTransaction(this.dataSource, async (em) => {
      const customer = await this.findVisible(staff, id, 'write', em);
      if (customer.ownerId === follower.id) throw conflict('负责人无需再添加为协作人');
      const exists = await em.findOneBy(CustomerFollower, { customerId: id, userId });
      if (exists) throw conflict('该同事已是协作人');
      await em.insert(CustomerFollower, { customerId: id, userId });
      await recordTimeline(em, id, 'follower_added', staff.id, `添加协作人 ${follower.displayName}`);
    });
    return this.get(actor, id);
  }

  async removeFollower(actor: Actor, id: string, userId: string): Promise<CustomerDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      await this.findVisible(staff, id, 'write', em);
      const removed = await em.delete(CustomerFollower, { customerId: id, userId });
      if (!removed.affected) throw notFound('协作人');
      const names = await this.users.namesByIds([userId]);
      await recordTimeline(em, id, 'follower_removed', staff.id, `移除协作人 ${names.get(userId) ?? userId}`);
    });
    return this.get(actor, id);
  }

  async listContacts(actor: Actor, customerId: string): Promise<ContactDto[]> {
    await this.findVisible(actor, customerId);
    const contacts = await this.dataSource.getRepository(Contact).find({ where: { customerId }, order: { isPrimary: 'DESC', id: 'ASC' } });
    return contacts.map(toContactDto);
  }

  async addContact(actor: Actor, customerId: string, input: ContactCreate): Promise<ContactDto> {
    const staff = asStaff(actor);
    if (staff.role === 'finance' || staff.role === 'warehouse') throw forbidden('您的角色只能查看客户');
    const id = await inTransaction(this.dataSource, async (em) => {
      await this.findVisible(staff, customerId, 'read', em);
      if (input.isPrimary) await em.update(Contact, { customerId }, { isPrimary: false });
      const { identifiers } = await em.insert(Contact, {
        customerId,
        name: input.name,
        title: input.title ?? null,
        mobile: input.mobile ? normalizeMobile(input.mobile) : null,
        email: input.email ?? null,
        wechatContactId: input.wechatContactId ?? null,
        isPrimary: input.isPrimary ?? false,
        remarks: input.remarks ?? null,
      });
      await recordTimeline(em, customerId, 'contact_added', staff.id, `新增联系人 ${input.name}`);
      return String(identifiers[0].id);
    });
    return toContactDto(await this.dataSource.getRepository(Contact).findOneByOrFail({ id }));
  }

  async timeline(actor: Actor, customerId: string, page: ListQuery): Promise<Page<TimelineEventDto>> {
    await this.findVisible(actor, customerId);
    const qb = this.dataSource.getRepository(TimelineEvent).createQueryBuilder('t').where('t.customerId = :customerId', { customerId });
    const events = await paginate(qb, page, (event) => event);
    const names = await this.users.namesByIds(events.data.map((e) => e.actorId));
    return {
      data: events.data.map((event) => ({
        id: event.id,
        kind: event.kind,
        actorId: event.actorId,
        actorName: event.actorId ? (names.get(event.actorId) ?? null) : null,
        summary: event.summary,
        data: event.data,
        createdAt: event.createdAt.toISOString(),
      })),
      nextCursor: events.nextCursor,
    };
  }

  async toDtos(customers: Customer[]): Promise<CustomerDto[]> {
    if (customers.length === 0) return [];
    const ids = customers.map((c) => c.id);
    const [tags, followers, names, settings] = await Promise.all([
      this.dataSource.getRepository(CustomerTag).find({ where: { customerId: In(ids) }, order: { id: 'ASC' } }),
      this.dataSource.getRepository(CustomerFollower).find({ where: { customerId: In(ids) }, order: { id: 'ASC' } }),
      this.users.namesByIds(customers.map((c) => c.ownerId)),
      this.settings.crm(),
    ]);
    return customers.map((customer) => ({
      id: customer.id,
      name: customer.name,
      grade: customer.grade,
      gradeLabel: this.settings.gradeLabel(settings, customer.grade),
      region: customer.region,
      industry: customer.industry,
      source: customer.source,
      valueLevel: customer.valueLevel,
      qualification: customer.qualification,
      preferredFollowUpMethod: customer.preferredFollowUpMethod,
      mobile: customer.mobile,
      address: customer.address,
      creditLimitFen: customer.creditLimitFen,
      paymentTermsDays: customer.paymentTermsDays,
      remarks: customer.remarks,
      tags: tags.filter((t) => t.customerId === customer.id).map((t) => t.tag),
      ownerId: customer.ownerId,
      ownerName: customer.ownerId ? (names.get(customer.ownerId) ?? null) : null,
      inPool: customer.ownerId === null,
      followerIds: followers.filter((f) => f.customerId === customer.id).map((f) => f.userId),
      lastFollowUpAt: customer.lastFollowUpAt?.toISOString() ?? null,
      nextFollowUpAt: customer.nextFollowUpAt?.toISOString() ?? null,
      returnsToPoolAt: customer.ownerId ? returnsToPoolAt(customer, settings.poolReturnDays).toISOString() : null,
      leadId: customer.leadId,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    }));
  }

  /** Who owns a new customer: reps own what they create; admins and managers may assign or pool it. */
  async resolveNewOwner(staff: StaffActor, requested: string | null | undefined): Promise<{ id: string; teamId: string | null; displayName: string } | null> {
    if (staff.role === 'finance' || staff.role === 'warehouse') throw forbidden('您的角色只能查看客户');
    if (requested === undefined || staff.role === 'rep') {
      const me = await this.users.requireAssignee(staff.id);
      return { id: me.id, teamId: me.teamId, displayName: me.displayName };
    }
    if (requested === null) return null;
    const owner = await this.users.requireAssignee(requested);
    if (staff.role === 'manager' && owner.teamId !== staff.teamId) throw badRequest('只能分配给本团队的成员', { field: 'ownerId' });
    return { id: owner.id, teamId: owner.teamId, displayName: owner.displayName };
  }

  assertGrade(settings: CrmSettings, grade: string | undefined): void {
    if (grade !== undefined && !settings.customerGrades.some((g) => g.code === grade)) {
      throw badRequest(`客户等级「${grade}」不存在`, { field: 'grade', allowed: settings.customerGrades.map((g) => g.code) });
    }
  }
}
