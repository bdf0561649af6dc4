import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { BotEventResult, Lead as LeadDto, LeadCreate, LeadListQuery, Page } from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { conflict, forbidden, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { Lead } from './lead.entity';

export function toLeadDto(lead: Lead): LeadDto {
  return {
    id: lead.id,
    name: lead.name,
    source: lead.source,
    status: lead.status,
    ownerId: lead.ownerId,
    mobile: lead.mobile,
    company: lead.company,
    notes: lead.notes,
    wechatContactId: lead.wechatContactId,
    openid: lead.openid,
    unionid: lead.unionid,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}

/** What a staff member may see: admin all; a manager their team's and unowned leads; a rep their own. */
function scopeToActor(qb: SelectQueryBuilder<Lead>, actor: StaffActor): SelectQueryBuilder<Lead> {
  switch (actor.role) {
    case 'admin':
      return qb;
    case 'manager':
      return qb.andWhere(
        `(l.ownerId IS NULL OR l.ownerId IN (SELECT u.id FROM users u WHERE u.teamId = :teamId))`,
        { teamId: actor.teamId ?? '0' },
      );
    case 'rep':
      return qb.andWhere('l.ownerId = :ownerId', { ownerId: actor.id });
    default:
      throw forbidden('您的角色无权查看线索');
  }
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

export class LeadsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: LeadListQuery): Promise<Page<LeadDto>> {
    const qb = scopeToActor(this.dataSource.getRepository(Lead).createQueryBuilder('l'), asStaff(actor));
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.source) qb.andWhere('l.source = :source', { source: query.source });
    if (query.q) {
      qb.andWhere(`(l.name LIKE :q ${LIKE_ESCAPE} OR l.company LIKE :q ${LIKE_ESCAPE} OR l.mobile LIKE :q ${LIKE_ESCAPE})`, {
        q: likePattern(query.q),
      });
    }
    return paginate(qb, query, toLeadDto);
  }

  async get(actor: Actor, id: string): Promise<LeadDto> {
    const lead = await scopeToActor(this.dataSource.getRepository(Lead).createQueryBuilder('l'), asStaff(actor))
      .andWhere('l.id = :id', { id })
      .getOne();
    if (!lead) throw notFound('线索');
    return toLeadDto(lead);
  }

  async create(actor: Actor, input: LeadCreate): Promise<LeadDto> {
    const staff = asStaff(actor);
    try {
      const { identifiers } = await this.dataSource.getRepository(Lead).insert({
        name: input.name,
        source: input.source,
        status: 'new',
        ownerId: staff.id,
        mobile: input.mobile ?? null,
        company: input.company ?? null,
        notes: input.notes ?? null,
        wechatContactId: input.wechatContactId ?? null,
        openid: input.openid ?? null,
        unionid: input.unionid ?? null,
      });
      return this.get(actor, String(identifiers[0].id));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('该微信身份已经是一条线索', { fields: ['wechatContactId', 'openid'] });
      throw error;
    }
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
      const { identifiers } = await repository.insert({
        name: event.name,
        source: 'wechat_friend',
        status: 'new',
        ownerId: null,
        notes: event.hello ? `好友验证消息：${event.hello}` : null,
        wechatContactId: event.contactId,
      });
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
}
