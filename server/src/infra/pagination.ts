import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page } from '@wesale/shared';
import { badRequest } from './errors';

/** Cursor = the last id of the previous page, opaque to clients. Newest first. */
export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^id:([1-9]\d{0,18})$/.exec(decoded);
  if (!match) throw badRequest('cursor 无效，请从第一页重新获取');
  return match[1];
}

/** Applies keyset pagination by id to a query and maps the rows; one extra row tells whether a next page exists. */
export async function paginate<E extends ObjectLiteral & { id: string }, D>(
  query: SelectQueryBuilder<E>,
  page: { limit: number; cursor?: string },
  toDto: (entity: E) => D,
): Promise<Page<D>> {
  const alias = query.alias;
  if (page.cursor) query.andWhere(`${alias}.id < :cursorId`, { cursorId: decodeCursor(page.cursor) });
  const rows = await query.orderBy(`${alias}.id`, 'DESC').limit(page.limit + 1).getMany();
  const hasMore = rows.length > page.limit;
  const data = rows.slice(0, page.limit);
  return {
    data: data.map(toDto),
    nextCursor: hasMore ? encodeCursor(data[data.length - 1].id) : null,
  };
}
