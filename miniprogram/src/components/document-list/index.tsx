import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Loading, Tabs } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css';
import type { PagedList } from '../../hooks/use-paged-list';
import { ListFooter } from '../list-footer';
import { StateView } from '../state-view';

export interface ListFilter {
  value: string;
  title: string;
}

export interface DocumentListProps<T> {
  list: PagedList<T>;
  filters: ListFilter[];
  filter: string;
  onFilter: (value: string) => void;
  renderItem: (item: T) => ReactNode;
  /** The failure title, e.g. 报价单加载失败. */
  errorTitle: string;
  emptyTitle: string;
  emptyDescription?: string;
  /** Prefix of the class names the tests and styles use: `${name}-list`, `${name}-filter` … */
  name: string;
  /** Above the list, under the filters (e.g. the customer the list is narrowed to). */
  header?: ReactNode;
}

/**
 * NutUI Tabs gives a pane with a falsy value its index instead, so the '' of 全部 would never match the current
 * filter and no tab would be highlighted: the panes carry a value of their own for it.
 */
const ALL_PANE = 'all';
const paneValue = (filter: string) => filter || ALL_PANE;
const filterOf = (pane: string) => (pane === ALL_PANE ? '' : pane);

/** The body of the quote, contract and order lists: status filter, loading, error, empty state, rows and 加载更多. */
export function DocumentList<T>({ list, filters, filter, onFilter, renderItem, errorTitle, emptyTitle, emptyDescription, name, header }: DocumentListProps<T>) {
  return (
    <>
      <View className='crm-toolbar'>
        <Tabs className={`crm-tabs ${name}-filter`} value={paneValue(filter)} onChange={(value) => onFilter(filterOf(String(value)))}>
          {filters.map((item) => (
            <Tabs.TabPane key={item.value} title={item.title} value={paneValue(item.value)} />
          ))}
        </Tabs>
      </View>
      {header}

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
          {list.items.map(renderItem)}
          {list.status === 'loading' ? null : (
            <ListFooter hasMore={list.nextCursor !== null} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          )}
        </View>
      ) : null}
    </>
  );
}
