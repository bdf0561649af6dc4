import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { SearchBar } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import type { DebouncedSearch } from '../../hooks/use-debounced-search';

export interface ListSearchBarProps {
  className: string;
  placeholder: string;
  search: DebouncedSearch;
  /** An action right of the box (新建, 漏斗). */
  children?: ReactNode;
}

/** The search row on top of a CRM list page: searches while typing (debounced) and at once on 搜索 or clear. */
export function ListSearchBar({ className, placeholder, search, children }: ListSearchBarProps) {
  return (
    <View className='crm-toolbar__search'>
      <SearchBar
        className={className}
        shape='round'
        placeholder={placeholder}
        value={search.keyword}
        maxLength={100}
        onChange={(value) => search.type(value)}
        onSearch={(value) => search.submit(value)}
        onClear={() => search.submit('')}
      />
      {children}
    </View>
  );
}
