import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { searchBigrams } from '@wesale/shared';
import { decodeCursor } from '../../infra/pagination';
import { CustomerNameGram } from './customer-name-gram.entity';
import type { Customer } from './customer.entity';

/** Writes (or, on a rename, rewrites) a customer's pieces in the search index; the caller holds the transaction. */
export async function indexCustomerName(em: EntityManager, customerId: string, name: string, options: { isNew?: boolean } = {}): Promise<void> {
  if (!options.isNew) await em.delete(CustomerNameGram, { customerId });
  const grams = searchBigrams(name).filter((gram) => gram.length <= 8);
  // orIgnore: two pieces that differ in JS may still be equal under the database's collation.
  if (grams.length) {
    await em.createQueryBuilder().insert().into(CustomerNameGram).values(grams.map((gram) => ({ gram, customerId }))).orIgnore().execute();
  }
}

const CHECKED_PER_ROUND = 1_000;
/**
 * Above this many holders of the rarest piece, matches are dense: a newest-first LIKE scan fills a page after
 * a few hundred rows, sooner than walking the index. Below it, the walk touches few rows however rare the match.
 */
const DENSE_PIECE = 3_000;

/** How many customers hold each piece; the search walks the rarest one. */
async function rarestPiece(em: EntityManager, grams: string[]): Promise<{ gram: string; count: number } | null> {
  const rows: Array<{ gram: string; count: string | number }> = await em
    .getRepository(CustomerNameGram)
    .createQueryBuilder('g')
    .select('g.gram', 'gram')
    .addSelect('COUNT(*)', 'count')
    .where('g.gram IN (:...grams)', { grams })
    .groupBy('g.gram')
    .getRawMany();
  if (rows.length < grams.length) return null; // a piece nobody has: nothing can match
  return rows.map((row) => ({ gram: row.gram, count: Number(row.count) })).sort((a, b) => a.count - b.count)[0];
}

/**
 * A name search: walk the ids holding the query's rarest piece, newest first, a round at a time (an ordered
 * read of the index), and check each round (scope, filters, the exact substring) until a page — limit + 1, to
 * know whether there is a next one — is filled. `build` returns a fresh query with every other condition.
 * null means "use the plain scan": no pieces (one character), or pieces so common that matches are dense.
 */
export async function searchCustomersByName(
  em: EntityManager,
  q: string,
  page: { limit: number; cursor?: string },
  build: () => SelectQueryBuilder<Customer>,
): Promise<Customer[] | null> {
  const grams = searchBigrams(q);
  if (grams.length === 0) return null;
  const rarest = await rarestPiece(em, grams);
  const found: Customer[] = [];
  if (!rarest) return found;
  if (rarest.count > DENSE_PIECE) return null;
  let beforeId: string | null = page.cursor ? decodeCursor(page.cursor) : null;
  while (found.length <= page.limit) {
    const round = em
      .getRepository(CustomerNameGram)
      .createQueryBuilder('g')
      .select('g.customerId', 'customerId')
      .where('g.gram = :gram', { gram: rarest.gram })
      .orderBy('g.customerId', 'DESC')
      .limit(CHECKED_PER_ROUND);
    if (beforeId) round.andWhere('g.customerId < :beforeId', { beforeId });
    const ids = ((await round.getRawMany()) as Array<{ customerId: string | number }>).map((row) => String(row.customerId));
    if (ids.length === 0) break;
    const rows = await build()
      .andWhere('c.id IN (:...candidateIds)', { candidateIds: ids })
      .orderBy('c.id', 'DESC')
      .limit(page.limit + 1 - found.length)
      .getMany();
    found.push(...rows);
    if (ids.length < CHECKED_PER_ROUND) break;
    beforeId = ids[ids.length - 1];
  }
  return found;
}
