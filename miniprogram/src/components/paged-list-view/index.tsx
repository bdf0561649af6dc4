import { Fragment, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import type { PagedList } from '../../hooks/use-paged-list';
import { ListFooter } from '../list-footer';
import { StateView } from '../state-view';

export interface PagedListViewProps<T extends { id: string }> {
  list: PagedList<T>;
  /** Gives the classes styles and tests use: `<name>-list`, `<name>-list-error`, `<name>-list-empty`. */
  name: string;
  errorTitle: string;
  emptyTitle: string;
  emptyDescription?: string;
  renderItem: (item: T) => ReactNode;
}

/**
 * The body of a CRM list page: a spinner for the first load, the error with 重试, the empty state, or the rows
 * (dimmed while a new first page loads) with 加载更多 below.
 */
export function PagedListView<T extends { id: string }>({ list, name, errorTitle, emptyTitle, emptyDescription, renderItem }: PagedListViewProps<T>) {
  return (
    <>
      {list.status === 'loading' && list.items.length === 0 ? (
        <View className='crm-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {list.status === 'error' ? (
        <StateView kind='error' className={`${name}-list-error`} title={errorTitle} description={list.error} actionText='重试' onAction={list.reload} />
      ) : null}

      {list.status === 'ready' && list.items.length === 0 ? <StateView className={`${name}-list-empty`} title={emptyTitle} description={emptyDescription} /> : null}

      {list.status !== 'error' && list.items.length > 0 ? (
        <View className={`crm-list ${name}-list${list.status === 'loading' ? ' crm-list--stale' : ''}`}>
          {list.items.map((item) => (
            <Fragment key={item.id}>{renderItem(item)}</Fragment>
          ))}
          {list.status === 'loading' ? null : (
            <ListFooter hasMore={list.nextCursor !== null} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          )}
        </View>
      ) : null}
    </>
  );
}
