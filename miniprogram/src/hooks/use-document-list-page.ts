import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import type { Me, Page } from '@wesale/shared';
import { queryParam } from '../routes';
import type { PagedList } from './use-paged-list';
import { useListPage } from './use-list-page';
import { useSignedIn } from './use-signed-in';

export interface DocumentListQuery<S extends string> {
  status?: S;
  customerId?: string;
  cursor: string | null;
}

export interface DocumentListPageState<T> {
  /** Set when the list is narrowed to one customer (opened from its detail page). */
  customerId: string;
  customerName: string;
  me: Me | null;
  staff: boolean;
  filter: string;
  setFilter: (value: string) => void;
  list: PagedList<T>;
}

/**
 * The state of a quote, contract or order list page: the customer it may be narrowed to (route params
 * customerId / customerName), who is signed in, the status filter and the paged list. A customer sees the
 * page under its own title (我的报价 …). Data only: nothing is rendered from here.
 */
export function useDocumentListPage<T, S extends string>(
  fetchPage: (query: DocumentListQuery<S>) => Promise<Page<T>>,
  customerTitle: string,
): DocumentListPageState<T> {
  const params = useRouter().params;
  const customerId = queryParam(params.customerId);
  const customerName = queryParam(params.customerName);
  const me = useSignedIn();
  const [filter, setFilter] = useState('');

  const list = useListPage(
    JSON.stringify([filter, customerId]),
    (cursor) => fetchPage({ status: (filter || undefined) as S | undefined, customerId: customerId || undefined, cursor }),
    me !== null,
  );

  useEffect(() => {
    if (me?.kind === 'customer') Taro.setNavigationBarTitle({ title: customerTitle });
  }, [me, customerTitle]);

  return { customerId, customerName, me, staff: me?.kind === 'staff', filter, setFilter, list };
}
