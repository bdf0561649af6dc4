import { In, type EntityManager } from 'typeorm';
import { maskPersonName, type DuplicateMatch } from '@wesale/shared';
import type { StaffActor } from '../../infra/actor';
import { databaseKind } from '../../infra/db';
import { scopeCustomers, scopeLeads } from '../../infra/visibility';
import { Customer } from '../customers/customer.entity';
import type { UsersService } from '../identity/users.service';
import { Lead } from '../leads/lead.entity';

/** Normalised duplicate keys of one row: company name (normalizeCompanyName) and 11-digit mobile. */
export interface DuplicateKeys {
  name: string | null;
  mobile: string | null;
}

interface Existing {
  entity: 'customer' | 'lead';
  id: string;
  name: string;
  ownerId: string | null;
  nameKey: string | null;
  mobile: string | null;
  visible: boolean;
}

const CHUNK = 500;
const MAX_MATCHES = 5;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export interface LoadOptions {
  /** Lock the matching index ranges (MySQL; inside the batch's transaction), as DuplicatesService does under forbid. */
  lock: boolean;
  /** `customer:<id>` / `lead:<id>` keys of records that do not count (the ones this import created). */
  exclude?: ReadonlySet<string>;
}

/**
 * The customers and leads already in the database that share a name or mobile with some row of a batch,
 * loaded with a few IN queries per batch instead of one DuplicatesService.find per row (10,000 rows would be
 * 40,000 queries). Same rules as DuplicatesService: converted leads do not count, a record the importer may
 * not see yields only a masked owner (never its id or name), and under forbid the lookups lock, so a
 * concurrent create of the same company waits for the batch and then sees its rows.
 */
export class ExistingDuplicates {
  private readonly byName = new Map<string, Existing[]>();
  private readonly byMobile = new Map<string, Existing[]>();

  private constructor(private readonly ownerNames: Map<string, string>) {}

  static async load(em: EntityManager, users: UsersService, actor: StaffActor, keys: DuplicateKeys[], options: LoadOptions): Promise<ExistingDuplicates> {
    const names = [...new Set(keys.map((k) => k.name).filter((k): k is string => Boolean(k)))];
    const mobiles = [...new Set(keys.map((k) => k.mobile).filter((k): k is string => Boolean(k)))];
    const lock = options.lock && databaseKind(em.connection) === 'mysql';
    const found = new Map<string, Existing>();
    const customers = em.getRepository(Customer);
    const leads = em.getRepository(Lead);

    for (const [column, values] of [['nameNormalized', names], ['mobile', mobiles]] as const) {
      for (const chunk of chunks(values)) {
        const query = customers
          .createQueryBuilder('c')
          .select(['c.id', 'c.name', 'c.ownerId', 'c.nameNormalized', 'c.mobile'])
          .where(`c.${column} IN (:...values)`, { values: chunk });
        const rows = await (lock ? query.setLock('pessimistic_write') : query).getMany();
        for (const c of rows) found.set(`customer:${c.id}`, { entity: 'customer', id: c.id, name: c.name, ownerId: c.ownerId, nameKey: c.nameNormalized, mobile: c.mobile, visible: false });
      }
    }
    for (const [column, values] of [['companyNormalized', names], ['mobile', mobiles]] as const) {
      for (const chunk of chunks(values)) {
        const query = leads
          .createQueryBuilder('l')
          .select(['l.id', 'l.name', 'l.company', 'l.ownerId', 'l.companyNormalized', 'l.mobile'])
          .where("l.status <> 'converted'")
          .andWhere(`l.${column} IN (:...values)`, { values: chunk });
        const rows = await (lock ? query.setLock('pessimistic_write') : query).getMany();
        for (const l of rows) {
          found.set(`lead:${l.id}`, { entity: 'lead', id: l.id, name: l.company ?? l.name, ownerId: l.ownerId, nameKey: l.companyNormalized, mobile: l.mobile, visible: false });
        }
      }
    }

    const records = [...found.values()].filter((record) => !options.exclude?.has(`${record.entity}:${record.id}`));
    await markVisible(em, actor, records);
    const index = new ExistingDuplicates(await users.namesByIds(records.map((r) => r.ownerId)));
    for (const record of records.sort(customersFirst)) {
      if (record.nameKey) push(index.byName, record.nameKey, record);
      if (record.mobile) push(index.byMobile, record.mobile, record);
    }
    return index;
  }

  /** The matches of one row, customers first, as DuplicatesService.find would report them. */
  matches(keys: DuplicateKeys): DuplicateMatch[] {
    const seen = new Set<Existing>();
    const out: DuplicateMatch[] = [];
    const candidates = [...(keys.name ? (this.byName.get(keys.name) ?? []) : []), ...(keys.mobile ? (this.byMobile.get(keys.mobile) ?? []) : [])];
    for (const record of candidates.sort(customersFirst)) {
      if (seen.has(record) || out.length >= MAX_MATCHES) continue;
      seen.add(record);
      const ownerName = record.ownerId ? (this.ownerNames.get(record.ownerId) ?? '未知') : '公海';
      out.push({
        entity: record.entity,
        matchedOn: keys.name && record.nameKey === keys.name ? 'name' : 'mobile',
        id: record.visible ? record.id : null,
        name: record.visible ? record.name : null,
        ownerName: record.visible || !record.ownerId ? ownerName : maskPersonName(ownerName),
        visible: record.visible,
      });
    }
    return out;
  }
}

function customersFirst(a: Existing, b: Existing): number {
  if (a.entity !== b.entity) return a.entity === 'customer' ? -1 : 1;
  return Number(a.id) - Number(b.id);
}

function push(map: Map<string, Existing[]>, key: string, record: Existing) {
  const list = map.get(key);
  if (list) list.push(record);
  else map.set(key, [record]);
}

/** Marks the records the importer may read, by the same scope conditions as every list. */
async function markVisible(em: EntityManager, actor: StaffActor, records: Existing[]) {
  for (const entity of ['customer', 'lead'] as const) {
    const ofEntity = records.filter((r) => r.entity === entity);
    for (const chunk of chunks(ofEntity)) {
      const ids = chunk.map((r) => r.id);
      const visible =
        entity === 'customer'
          ? await scopeCustomers(em.getRepository(Customer).createQueryBuilder('v').select('v.id'), 'v', actor, 'read').andWhere({ id: In(ids) }).getMany()
          : await scopeLeads(em.getRepository(Lead).createQueryBuilder('v').select('v.id'), 'v', actor, 'read').andWhere({ id: In(ids) }).getMany();
      const visibleIds = new Set(visible.map((v) => v.id));
      for (const record of chunk) record.visible = visibleIds.has(record.id);
    }
  }
}
