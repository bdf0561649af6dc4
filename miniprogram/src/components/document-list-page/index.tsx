import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { DocumentListPageState } from '../../hooks/use-document-list-page';
import { DocumentList, type ListFilter } from '../document-list';

export interface DocumentListPageProps<T> {
  /** From useDocumentListPage, called by the page itself. */
  page: DocumentListPageState<T>;
  /** The page's own class, e.g. quotes-page. */
  className: string;
  /** Prefix of the list's class names: `${name}-list`, `${name}-filter` … */
  name: string;
  filters: ListFilter[];
  errorTitle: string;
  emptyTitle: string;
  emptyDescription?: string;
  renderItem: (item: T) => ReactNode;
}

/** The whole of a quote, contract or order list page: filters, the customer it is narrowed to, and the rows. */
export function DocumentListPage<T>({ page, className, name, filters, errorTitle, emptyTitle, emptyDescription, renderItem }: DocumentListPageProps<T>) {
  return (
    <View className={`ws-page crm-page ${className}`}>
      <DocumentList
        name={name}
        list={page.list}
        filters={filters}
        filter={page.filter}
        onFilter={page.setFilter}
        header={page.customerName ? <Text className='document-list__scope'>客户：{page.customerName}</Text> : null}
        errorTitle={errorTitle}
        emptyTitle={emptyTitle}
        emptyDescription={emptyDescription}
        renderItem={renderItem}
      />
    </View>
  );
}
