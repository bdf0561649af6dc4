import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { searchBigrams } from '@wesale/shared';
import { decodeCursor } from '../../infra/pagination';
import { CustomerNameGram } from './customer-name-gram.entity';
import type { Customer } from './customer.entity';

const CANDIDATES_PER_ROUND = 500;

/** Rewrites a customer's pieces in the search index; the caller holds the transaction. */
export async function indexCustomerName(em: EntityManager, customerId: string, name: string): Promise<void> {
  await em.delete(CustomerNameGram, { customerId });
  const grams = searchBigrams(name).filter((gram) => gram.length <= 8);
  // orIgnore: two pieces that differ in JS may still be equal under the database's collation.
  if (grams.length) {
    await em.createQueryBuilder().insert().into(CustomerNameGram).values(grams.map((gram) => ({ gram, customerId }))).orIgnore().execute();
  }
}

/**
 * Customer ids whose names hold every piece of `q`, newest first, below `beforeId`, at most one round's
 * worth. null when `q` has no pieces (one character): the caller falls back to a plain LIKE.
 */
async function candidateRound(em: EntityManager, q: string, beforeId: string | null): Promise<string[] | null> {
  const grams = searchBigrams(q);
  if (grams.length === 0) return null;
  const qb = em
    .getRepository(CustomerNameGram)
    .createQueryBuilder('g')
    .select('g.customerId', 'customerId')
    .where('g.gram IN (:...grams)', { grams })
    .groupBy('g.customerId')
    .having('COUNT(*) = :count', { count: grams.length })
    .orderBy('g.customerId', 'DESC')
    .limit(CANDIDATES_PER_ROUND);
  if (beforeId) qb.andWhere('g.customerId < :beforeId', { beforeId });
  const rows: Array<{ customerId: string | number }> = await qb.getRawMany();
  return rows.map((row) => String(row.customerId));
}

/**
 * Runs a scoped, filtered customer query for a name search: candidates come from the piece index in rounds,
 * newest first, until a page (limit + 1, to know if there is a next one) is filled or candidates run out.
 * `build` returns a fresh query with every other condition applied.
 */
export async function searchCustomersByName(
  em: EntityManager,
  q: string,
  page: { limit: number; cursor?: string },
  build: () => SelectQueryBuilder<Customer>,
): Promise<Customer[] | null> {
  const found: Customer[] = [];
  let beforeId: string | null = page.cursor ? decodeCursor(page.cursor) : null;
  for (;;) {
    const candidates = await candidateRound(em, q, beforeId);
    if (candidates === null) return null;
    if (candidates.length === 0) return found;
    const rows = await build()
      .andWhere('c.id IN (:...candidateIds)', { candidateIds: candidates })
      .orderBy('c.id', 'DESC')
      .limit(page.limit + 1 - found.length)
      .getMany();
    found.push(...rows);
    if (found.length > page.limit || candidates.length < CANDIDATES_PER_ROUND) return found;
    beforeId = candidates[candidates.length - 1];
  }
}
