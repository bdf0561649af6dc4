import { In, type DataSource, type EntityManager } from 'typeorm';
import { databaseKind } from '../../infra/db';
import { maskPersonName, normalizeCompanyName, normalizeMobile, type DuplicateMatch, type DuplicatePolicy } from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { AppError } from '../../infra/errors';
import { ErrorCode } from '@wesale/shared';
import { scopeCustomers, scopeLeads } from '../../infra/visibility';
import type { UsersService } from '../identity/users.service';
import { Lead } from '../leads/lead.entity';
import { Customer } from './customer.entity';

export interface DuplicateProbe {
  name?: string | null;
  mobile?: string | null;
  /** The record being updated or converted: not a duplicate of itself. */
  excludeCustomerId?: string;
  excludeLeadId?: string;
}

const MAX_MATCHES = 5;

/**
 * Finds customers and leads that look like the same company or person. A caller who may not see a
 * match learns only that it exists and who owns it, masked — never its id or data.
 */
export class DuplicatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  /**
   * With `lock` (inside the caller's transaction, MySQL only) the lookups take locks on the matching index
   * ranges, so two concurrent creates of the same company cannot both see "no duplicate": one waits or
   * deadlocks and is retried by inTransaction, then sees the other's row.
   */
  async find(actor: Actor, probe: DuplicateProbe, options: { em?: EntityManager; lock?: boolean } = {}): Promise<DuplicateMatch[]> {
    const em = options.em ?? this.dataSource.manager;
    const lock = options.lock === true && databaseKind(this.dataSource) === 'mysql';
    const nameKey = probe.name ? normalizeCompanyName(probe.name) : '';
    const mobile = probe.mobile ? normalizeMobile(probe.mobile) : null;
    if (!nameKey && !mobile) return [];

    const customerQuery = em.getRepository(Customer).createQueryBuilder('c').select(['c.id', 'c.name', 'c.ownerId', 'c.nameNormalized', 'c.mobile']);
    customerQuery.where('(1 = 0' + (nameKey ? ' OR c.nameNormalized = :nameKey' : '') + (mobile ? ' OR c.mobile = :mobile' : '') + ')', { nameKey, mobile });
    if (probe.excludeCustomerId) customerQuery.andWhere('c.id <> :excludeCustomer', { excludeCustomer: probe.excludeCustomerId });
    if (lock) customerQuery.setLock('pessimistic_write');
    const customers = await customerQuery.orderBy('c.id', 'ASC').limit(MAX_MATCHES).getMany();

    const leadQuery = em.getRepository(Lead).createQueryBuilder('l').select(['l.id', 'l.name', 'l.company', 'l.ownerId', 'l.companyNormalized', 'l.mobile']);
    leadQuery.where("l.status <> 'converted'");
    leadQuery.andWhere('(1 = 0' + (nameKey ? ' OR l.companyNormalized = :nameKey' : '') + (mobile ? ' OR l.mobile = :mobile' : '') + ')', { nameKey, mobile });
    if (probe.excludeLeadId) leadQuery.andWhere('l.id <> :excludeLead', { excludeLead: probe.excludeLeadId });
    if (lock) leadQuery.setLock('pessimistic_write');
    const leads = await leadQuery.orderBy('l.id', 'ASC').limit(MAX_MATCHES).getMany();
    if (customers.length === 0 && leads.length === 0) return [];

    const [visibleCustomers, visibleLeads, names] = await Promise.all([
      this.visibleIds(actor, 'customer', customers.map((c) => c.id)),
      this.visibleIds(actor, 'lead', leads.map((l) => l.id)),
      this.users.namesByIds([...customers.map((c) => c.ownerId), ...leads.map((l) => l.ownerId)]),
    ]);
    const ownerLabel = (ownerId: string | null, visible: boolean) => {
      if (!ownerId) return '公海';
      const name = names.get(ownerId) ?? '未知';
      return visible ? name : maskPersonName(name);
    };
    const matchedOn = (recordName: string | null, recordMobile: string | null): 'name' | 'mobile' =>
      nameKey && recordName === nameKey ? 'name' : mobile && recordMobile === mobile ? 'mobile' : 'name';

    return [
      ...customers.map((c) => {
        const visible = visibleCustomers.has(c.id);
        return {
          entity: 'customer' as const,
          matchedOn: matchedOn(c.nameNormalized, c.mobile),
          id: visible ? c.id : null,
          name: visible ? c.name : null,
          ownerName: ownerLabel(c.ownerId, visible),
          visible,
        };
      }),
      ...leads.map((l) => {
        const visible = visibleLeads.has(l.id);
        return {
          entity: 'lead' as const,
          matchedOn: matchedOn(l.companyNormalized, l.mobile),
          id: visible ? l.id : null,
          name: visible ? (l.company ?? l.name) : null,
          ownerName: ownerLabel(l.ownerId, visible),
          visible,
        };
      }),
    ];
  }

  /** Applies the policy: forbid → 409 with the (masked) matches; warn → the matches go back with the result. */
  async check(actor: Actor, probe: DuplicateProbe, policy: DuplicatePolicy, em?: EntityManager): Promise<DuplicateMatch[]> {
    const matches = await this.find(actor, probe, { em, lock: em !== undefined && policy === 'forbid' });
    if (matches.length > 0 && policy === 'forbid') {
      throw new AppError(409, ErrorCode.Conflict, `已存在相同的客户或线索（负责人：${matches[0].ownerName}），不能重复录入`, { duplicates: matches });
    }
    return matches;
  }

  private async visibleIds(actor: Actor, entity: 'customer' | 'lead', ids: string[]): Promise<Set<string>> {
    if (ids.length === 0 || actor.kind !== 'staff') return new Set();
    try {
      const rows =
        entity === 'customer'
          ? await scopeCustomers(this.dataSource.getRepository(Customer).createQueryBuilder('v').select('v.id'), 'v', actor, 'read')
              .andWhere({ id: In(ids) })
              .getMany()
          : await scopeLeads(this.dataSource.getRepository(Lead).createQueryBuilder('v').select('v.id'), 'v', actor, 'read')
              .andWhere({ id: In(ids) })
              .getMany();
      return new Set(rows.map((row) => row.id));
    } catch (error) {
      if (error instanceof AppError && error.status === 403) return new Set();
      throw error;
    }
  }
}
