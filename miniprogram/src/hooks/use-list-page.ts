import { useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { Page } from '@wesale/shared';
import { usePagedList, type PagedList } from './use-paged-list';

/**
 * A list page's data: the paged list plus the page events every list page answers the same way — pull to
 * refresh, load more at the bottom, and reload when the page shows again (an action on a detail page may
 * have changed a row). Data only: no toast or popup is rendered from here.
 */
export function useListPage<T>(key: string, fetchPage: (cursor: string | null) => Promise<Page<T>>, enabled = true): PagedList<T> {
  const list = usePagedList(key, fetchPage, enabled);
  const shown = useRef(false);

  useDidShow(() => {
    if (shown.current && enabled) list.reload();
    shown.current = true;
  });

  usePullDownRefresh(() => {
    list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    list.loadMore();
  });

  return list;
}
