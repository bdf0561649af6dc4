import { In, type DataSource, type EntityManager } from 'typeorm';
import { FOLLOW_UP_METHOD_LABELS, type FollowUpCreate, type FollowUpDto, type FollowUpSubject, type ListQuery, type Page } from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { forbidden, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeLeads, scopeOpportunities } from '../../infra/visibility';
import { Customer } from '../customers/customer.entity';
import type { CustomersService } from '../customers/customers.service';
import { recordTimeline } from '../customers/timeline';
import type { UsersService } from '../identity/users.service';
import { Lead } from '../leads/lead.entity';
import { Opportunity } from '../opportunities/opportunity.entity';
import { FollowUp } from './follow-up.entity';

interface SubjectRef {
  type: FollowUpSubject;
  id: string;
}

interface ResolvedSubject {
  name: string;
  customerId: string | null;
}

/** End of the current day in Asia/Shanghai, as a UTC instant. */
export function endOfShanghaiDay(now: Date): Date {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  shanghai.setUTCHours(23, 59, 59, 999);
  return new Date(shanghai.getTime() - 8 * 3600_000);
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

/** 跟进记录 on leads, customers and opportunities; a customer's follow-ups also reset its pool clock. */
export class FollowUpsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly customers: CustomersService,
  ) {}

  /** Checks the caller may see the subject (404 otherwise) and names it. */
  private async resolve(staff: StaffActor, subject: SubjectRef, em: EntityManager): Promise<ResolvedSubject> {
    switch (subject.type) {
      case 'lead': {
        const lead = await scopeLeads(em.getRepository(Lead).createQueryBuilder('l'), 'l', staff, 'read').andWhere('l.id = :id', { id: subject.id }).getOne();
        if (!lead) throw notFound('线索');
        return { name: lead.name, customerId: lead.customerId };
      }
      case 'customer': {
        if (staff.role === 'finance' || staff.role === 'warehouse') throw forbidden('您的角色只能查看客户');
        const customer = await this.customers.findVisible(staff, subject.id, 'read', em);
        return { name: customer.name, customerId: customer.id };
      }
      case 'opportunity': {
        const opportunity = await scopeOpportunities(em.getRepository(Opportunity).createQueryBuilder('o'), 'o', staff, 'read')
          .andWhere('o.id = :id', { id: subject.id })
          .getOne();
        if (!opportunity) throw notFound('商机');
        return { name: opportunity.name, customerId: opportunity.customerId };
      }
    }
  }

  async add(actor: Actor, subject: SubjectRef, input: FollowUpCreate): Promise<FollowUpDto> {
    const staff = asStaff(actor);
    const now = new Date();
    const nextFollowUpAt = input.nextFollowUpAt ? new Date(input.nextFollowUpAt) : null;
    const id = await inTransaction(this.dataSource, async (em) => {
      const resolved = await this.resolve(staff, subject, em);
      // The previous "next follow-up" of this subject is done now that a new one is recorded.
      await em.update(FollowUp, { subjectType: subject.type, subjectId: subject.id, nextFollowUpOpen: true }, { nextFollowUpOpen: false });
      const { identifiers } = await em.insert(FollowUp, {
        subjectType: subject.type,
        subjectId: subject.id,
        customerId: resolved.customerId,
        method: input.method,
        content: input.content,
        nextFollowUpAt,
        nextFollowUpOpen: nextFollowUpAt !== null,
        createdBy: staff.id,
      });
      const stamp = { lastFollowUpAt: now, nextFollowUpAt };
      if (subject.type === 'lead') await em.update(Lead, { id: subject.id }, stamp);
      if (subject.type === 'opportunity') await em.update(Opportunity, { id: subject.id }, { lastFollowUpAt: now });
      if (subject.type === 'customer') await em.update(Customer, { id: subject.id }, { ...stamp, poolWarnedAt: null });
      if (resolved.customerId) {
        const where = subject.type === 'customer' ? '' : `（${subject.type === 'lead' ? '线索' : '商机'}：${resolved.name}）`;
        await recordTimeline(em, resolved.customerId, 'follow_up', staff.id, `${FOLLOW_UP_METHOD_LABELS[input.method]}跟进${where}：${input.content}`, {
          followUpId: String(identifiers[0].id),
          subjectType: subject.type,
          subjectId: subject.id,
        });
      }
      return String(identifiers[0].id);
    });
    const [dto] = await this.toDtos([await this.dataSource.getRepository(FollowUp).findOneByOrFail({ id })]);
    return dto;
  }

  async list(actor: Actor, subject: SubjectRef, page: ListQuery): Promise<Page<FollowUpDto>> {
    const staff = asStaff(actor);
    await this.resolve(staff, subject, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .where('f.subjectType = :type AND f.subjectId = :id', { type: subject.type, id: subject.id });
    // A customer's list also shows what was recorded on its converted lead and its opportunities.
    if (subject.type === 'customer') qb.orWhere('f.customerId = :customerId', { customerId: subject.id });
    const result = await paginate(qb, page, (f) => f);
    return { data: await this.toDtos(result.data), nextCursor: result.nextCursor };
  }

  /** 今日待跟进: the caller's open next follow-ups due by the end of today (Shanghai), overdue first. */
  async due(actor: Actor, now = new Date()): Promise<FollowUpDto[]> {
    const staff = asStaff(actor);
    const rows = await this.dataSource
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .where('f.createdBy = :me AND f.nextFollowUpOpen = :open AND f.nextFollowUpAt <= :until', { me: staff.id, open: true, until: endOfShanghaiDay(now) })
      .orderBy('f.nextFollowUpAt', 'ASC')
      .limit(200)
      .getMany();
    return this.toDtos(rows);
  }

  private async toDtos(rows: FollowUp[]): Promise<FollowUpDto[]> {
    if (rows.length === 0) return [];
    const idsOf = (type: FollowUpSubject) => [...new Set(rows.filter((r) => r.subjectType === type).map((r) => r.subjectId))];
    const [leads, customers, opportunities, names] = await Promise.all([
      idsOf('lead').length ? this.dataSource.getRepository(Lead).find({ select: { id: true, name: true }, where: { id: In(idsOf('lead')) } }) : [],
      idsOf('customer').length ? this.dataSource.getRepository(Customer).find({ select: { id: true, name: true }, where: { id: In(idsOf('customer')) } }) : [],
      idsOf('opportunity').length
        ? this.dataSource.getRepository(Opportunity).find({ select: { id: true, name: true }, where: { id: In(idsOf('opportunity')) } })
        : [],
      this.users.namesByIds(rows.map((r) => r.createdBy)),
    ]);
    const subjectNames = new Map<string, string>([
      ...leads.map((l) => [`lead:${l.id}`, l.name] as const),
      ...customers.map((c) => [`customer:${c.id}`, c.name] as const),
      ...opportunities.map((o) => [`opportunity:${o.id}`, o.name] as const),
    ]);
    return rows.map((row) => ({
      id: row.id,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      subjectName: subjectNames.get(`${row.subjectType}:${row.subjectId}`) ?? null,
      customerId: row.customerId,
      method: row.method,
      content: row.content,
      nextFollowUpAt: row.nextFollowUpAt?.toISOString() ?? null,
      createdBy: row.createdBy,
      createdByName: names.get(row.createdBy) ?? null,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
