import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { mobilePrefixes, searchFold, searchGrams, SEARCH_GRAM_MAX, toHalfWidth } from '@wesale/shared';
import { databaseKind, inTransaction, LIKE_ESCAPE } from '../../infra/db';
import { decodeCursor } from '../../infra/pagination';
import { Customer } from './customer.entity';
import { CustomerMobilePrefix } from './customer-mobile-prefix.entity';
import { CustomerNameGram } from './customer-name-gram.entity';

/**
 * Writes (or rewrites) a customer's rows in the search index; the caller holds the transaction. A field left
 * undefined keeps its rows (an update that changes neither name nor mobile touches nothing).
 */
export async function indexCustomer(
  em: EntityManager,
  customerId: string,
  fields: { name?: string; mobile?: string | null },
  options: { isNew?: boolean } = {},
): Promise<void> {
  if (fields.name !== undefined) {
    if (!options.isNew) await em.delete(CustomerNameGram, { customerId });
    const grams = searchGrams(fields.name);
    // orIgnore: two pieces that differ in JS may still be equal under the database's collation.
    if (grams.length) {
      await em.createQueryBuilder().insert().into(CustomerNameGram).values(grams.map((gram) => ({ gram, customerId }))).orIgnore().execute();
    }
  }
  if (fields.mobile !== undefined) {
    if (!options.isNew) await em.delete(CustomerMobilePrefix, { customerId });
    if (fields.mobile) await em.insert(CustomerMobilePrefix, mobilePrefixes(fields.mobile).map((prefix) => ({ prefix, customerId })));
  }
}

/**
 * An embedded SQLite file from before the mobile index and the one- and three-character pieces gets its
 * schema from the entities but no rows: index every customer that lacks them (MySQL does this in a migration).
 */
export async function ensureCustomerSearchIndex(dataSource: DataSource): Promise<number> {
  if (databaseKind(dataSource) !== 'sqlite') return 0;
  const stale: Array<{ id: string | number; name: string; mobile: string | null }> = await dataSource.query(
    `SELECT c.id, c.name, c.mobile FROM customers c
     WHERE NOT EXISTS (SELECT 1 FROM customer_name_grams g WHERE g.customerId = c.id AND length(g.gram) = 1)
        OR (c.mobile IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customer_mobile_prefixes p WHERE p.customerId = c.id))`,
  );
  if (stale.length === 0) return 0;
  await inTransaction(dataSource, async (em) => {
    for (const customer of stale) await indexCustomer(em, String(customer.id), { name: customer.name, mobile: customer.mobile });
  });
  return stale.length;
}

/** A query that could be the start of a mobile (digits, spaces, dashes, +86), as those digits; else null. */
function mobilePrefixOf(q: string): string | null {
  const text = toHalfWidth(q);
  if (!/^[\d\s+-]+$/.test(text)) return null;
  const digits = text.replace(/[\s-]/g, '').replace(/^\+?86(?=1)/, '');
  return /^\d{1,11}$/.test(digits) ? digits : null;
}

/** Walking the index stops counting a piece's holders here: past it, a piece is common whatever its exact count. */
const COUNT_CAP = 5_000;
/** At most this many of a long query's pieces are counted (spread over it); the rarest of them is walked. */
const PIECES_COUNTED = 8;
/** The other pieces checked in the index alongside the walked one, before a row is read. */
const PIECES_CHECKED = 2;
const COUNT_TTL_MS = 10 * 60_000;
const COUNTS_KEPT = 20_000;

/**
 * How many customers hold each piece, capped and remembered for a while per database: the counts only pick
 * which piece to walk, so a stale one costs time, never a result.
 */
const pieceCounts = new WeakMap<DataSource, Map<string, { count: number; at: number }>>();

async function countHolders(em: EntityManager, grams: string[]): Promise<Map<string, number>> {
  let cache = pieceCounts.get(em.connection);
  if (!cache) pieceCounts.set(em.connection, (cache = new Map()));
  const now = Date.now();
  const counts = new Map<string, number>();
  const missing: string[] = [];
  for (const gram of grams) {
    const hit = cache.get(gram);
    if (hit && now - hit.at < COUNT_TTL_MS) counts.set(gram, hit.count);
    else missing.push(gram);
  }
  if (missing.length) {
    // One statement; each count reads at most COUNT_CAP index entries.
    const rows: Array<{ n: string | number }> = await em.query(
      missing.map(() => `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM customer_name_grams WHERE gram = ? LIMIT ${COUNT_CAP}) held) AS n`).join(' UNION ALL '),
      missing,
    );
    missing.forEach((gram, i) => {
      const count = Number(rows[i].n);
      counts.set(gram, count);
      if (cache.size >= COUNTS_KEPT) cache.delete(cache.keys().next().value!);
      cache.set(gram, { count, at: now });
    });
  }
  return counts;
}

/**
 * The pieces to look a folded query up by, the one to walk first. A query of up to three characters is a
 * piece itself: its rows are exactly the matches. A longer one is looked up by its rarest three-character
 * pieces (every match holds them all) and checked whole afterwards. null: a piece nobody holds.
 */
async function lookupPieces(em: EntityManager, folded: string): Promise<string[] | null> {
  if ([...folded].length <= SEARCH_GRAM_MAX) return [folded];
  const all = searchGrams(folded, [SEARCH_GRAM_MAX]);
  // Non-overlapping pieces first: together they cover the query.
  const spread = [...all.filter((_, i) => i % SEARCH_GRAM_MAX === 0), ...all.filter((_, i) => i % SEARCH_GRAM_MAX !== 0)].slice(0, PIECES_COUNTED);
  const counts = await countHolders(em, spread);
  if (spread.some((gram) => counts.get(gram) === 0)) return null;
  return spread.sort((a, b) => counts.get(a)! - counts.get(b)!).slice(0, 1 + PIECES_CHECKED);
}

type Walk = (qb: SelectQueryBuilder<Customer>) => SelectQueryBuilder<Customer>;

/**
 * Up to `want` customers, newest first below `beforeId`, among those `walk` joins to the index: the database
 * reads the index rows of one key in id order and stops at the page, so the work follows the page, not the table.
 * `matches` drops what the index could not rule out; the walk then goes on below the last row read.
 */
async function walkIndex(
  build: () => SelectQueryBuilder<Customer>,
  walk: Walk,
  orderColumn: string,
  beforeId: string | null,
  want: number,
  matches: (customer: Customer) => boolean = () => true,
): Promise<Customer[]> {
  const found: Customer[] = [];
  let below = beforeId;
  while (found.length < want) {
    const asked = want - found.length;
    const qb = walk(build());
    if (below) qb.andWhere(`${orderColumn} < :searchBelow`, { searchBelow: below });
    const rows = await qb.orderBy(orderColumn, 'DESC').limit(asked).getMany();
    found.push(...rows.filter(matches));
    if (rows.length < asked) break;
    below = rows[rows.length - 1].id;
  }
  return found;
}

/**
 * The customer search: names containing the query (compared folded: half-width, lower case, whitespace
 * ignored) and, for a query of digits, customers whose mobile starts with it. Returns up to `page.limit + 1`
 * customers, newest first after the cursor (the extra one says there is a next page). `build` returns a fresh
 * query of the customers the caller may see with every other filter; the search never reads the table whole.
 */
export async function searchCustomers(
  em: EntityManager,
  q: string,
  page: { limit: number; cursor?: string },
  build: () => SelectQueryBuilder<Customer>,
): Promise<Customer[]> {
  const want = page.limit + 1;
  const beforeId = page.cursor ? decodeCursor(page.cursor) : null;
  const folded = searchFold(q);
  const mobilePrefix = mobilePrefixOf(q);
  const [byName, byMobile] = await Promise.all([
    searchNames(em, folded, beforeId, want, build),
    mobilePrefix
      ? walkIndex(build, (qb) => qb.innerJoin(CustomerMobilePrefix, 'mp', 'mp.customerId = c.id AND mp.prefix = :mobilePrefix', { mobilePrefix }), 'mp.customerId', beforeId, want)
      : [],
  ]);
  const merged = new Map<string, Customer>();
  for (const customer of [...byName, ...byMobile]) merged.set(customer.id, customer);
  return [...merged.values()].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1)).slice(0, want);
}

async function searchNames(
  em: EntityManager,
  folded: string,
  beforeId: string | null,
  want: number,
  build: () => SelectQueryBuilder<Customer>,
): Promise<Customer[]> {
  if (!folded) return [];
  const pieces = await lookupPieces(em, folded);
  if (!pieces) return [];
  const [walked, ...checked] = pieces;
  const exact = walked === folded;
  // A name holding every piece may still not hold the query: MySQL's case- and width-blind LIKE drops most such
  // rows before they are read out (letters in order, any gaps — never a true match). SQLite's LIKE folds ASCII
  // case only, so there the check below does it alone.
  const inOrder = !exact && databaseKind(em.connection) === 'mysql' ? `%${[...folded].map((c) => c.replace(/[!%_]/g, '!$&')).join('%')}%` : null;
  const walk: Walk = (qb) => {
    qb.innerJoin(CustomerNameGram, 'g0', 'g0.customerId = c.id AND g0.gram = :walkedPiece', { walkedPiece: walked });
    checked.forEach((gram, i) =>
      qb.innerJoin(CustomerNameGram, `g${i + 1}`, `g${i + 1}.customerId = c.id AND g${i + 1}.gram = :checkedPiece${i}`, { [`checkedPiece${i}`]: gram }),
    );
    if (inOrder) qb.andWhere(`c.name LIKE :inOrder ${LIKE_ESCAPE}`, { inOrder });
    return qb;
  };
  return walkIndex(build, walk, 'g0.customerId', beforeId, want, (customer) => searchFold(customer.name).includes(folded));
}
