import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading, Menu, SearchBar, Tabs } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/menu/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css';
import type { CustomerDto } from '@wesale/shared';
import { ListFooter } from '../../components/list-footer';
import { StateView } from '../../components/state-view';
import { StatusTag } from '../../components/status-tag';
import { useDebouncedSearch } from '../../hooks/use-debounced-search';
import { usePagedList } from '../../hooks/use-paged-list';
import { useSalesStaff } from '../../hooks/use-staff';
import { ROUTES, withQuery } from '../../routes';
import { getCrmSettings, listCustomers, type CustomerScope } from '../../services/customers';
import { daysSince } from '../../utils/datetime';
import { takeTabIntent } from '../../utils/tab-intent';
import './index.scss';

const SCOPES: Array<{ value: CustomerScope; title: string }> = [
  { value: 'mine', title: '我的客户' },
  { value: 'pool', title: '公海' },
  { value: 'all', title: '全部' },
];

function followUpAge(customer: CustomerDto): string {
  const days = daysSince(customer.lastFollowUpAt);
  if (days === null) return '尚未跟进';
  return days === 0 ? '今天跟进过' : `${days} 天未跟进`;
}

function CustomerCard({ customer }: { customer: CustomerDto }) {
  const stale = (daysSince(customer.lastFollowUpAt) ?? 0) >= 14;
  return (
    <View
      className='crm-card customer-card'
      data-id={customer.id}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.customerDetail, { id: customer.id }) })}
    >
      <View className='crm-card__head'>
        <Text className='crm-card__title customer-card__name'>{customer.name}</Text>
        {customer.inPool ? <StatusTag tone='warning'>公海</StatusTag> : <StatusTag tone='primary'>{customer.gradeLabel}</StatusTag>}
      </View>
      <View className='crm-card__meta'>
        <Text className='crm-card__meta-item'>{customer.ownerName ? `负责人 ${customer.ownerName}` : '无负责人'}</Text>
        {customer.region ? <Text className='crm-card__meta-item'>{customer.region}</Text> : null}
        <Text className={`crm-card__meta-item${stale ? ' customer-card__stale' : ''}`}>{followUpAge(customer)}</Text>
      </View>
      {customer.tags.length ? (
        <View className='crm-card__tags'>
          {customer.tags.slice(0, 4).map((tag) => (
            <StatusTag key={tag}>{tag}</StatusTag>
          ))}
        </View>
      ) : null}
    </View>
  );
}

export default function CustomersTab() {
  const me = useSalesStaff();
  const [scope, setScope] = useState<CustomerScope | null>(null);
  const [grade, setGrade] = useState('');
  const [gradeOptions, setGradeOptions] = useState([{ text: '全部等级', value: '' }]);
  const search = useDebouncedSearch();
  const shown = useRef(false);

  useEffect(() => {
    if (me && scope === null) setScope(me.role === 'rep' ? 'mine' : 'all');
  }, [me, scope]);

  useEffect(() => {
    if (!me) return;
    getCrmSettings()
      .then((settings) => setGradeOptions([{ text: '全部等级', value: '' }, ...settings.customerGrades.map((g) => ({ text: g.label, value: g.code }))]))
      .catch(() => {
        // The grade filter just stays at 全部等级.
      });
  }, [me]);

  const list = usePagedList(
    JSON.stringify([scope, grade, search.query]),
    (cursor) => listCustomers({ scope: scope ?? 'mine', grade: grade || undefined, q: search.query || undefined, cursor }),
    scope !== null,
  );

  useDidShow(() => {
    const intent = takeTabIntent(ROUTES.customers);
    if (intent?.scope) setScope(intent.scope as CustomerScope);
    // Back from a detail page: a claim, release or follow-up may have changed the list.
    else if (shown.current && scope !== null) list.reload();
    shown.current = true;
  });

  usePullDownRefresh(() => {
    list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    list.loadMore();
  });

  const filtered = Boolean(search.query || grade);

  return (
    <View className='ws-page crm-page customers-page'>
      <View className='crm-toolbar'>
        <View className='crm-toolbar__search'>
          <SearchBar
            className='customer-search'
            shape='round'
            placeholder='搜索客户名称或手机号'
            value={search.keyword}
            maxLength={100}
            onChange={(value) => search.type(value)}
            onSearch={(value) => search.submit(value)}
            onClear={() => search.submit('')}
          />
        </View>
        <Tabs className='crm-tabs customer-scope' value={scope ?? 'mine'} onChange={(value) => setScope(value as CustomerScope)}>
          {SCOPES.map((item) => (
            <Tabs.TabPane key={item.value} title={item.title} value={item.value} />
          ))}
        </Tabs>
        <View className='crm-filters'>
          <Menu>
            <Menu.Item options={gradeOptions} value={grade} onChange={(option) => setGrade(option.value)} />
          </Menu>
        </View>
      </View>

      {scope === 'pool' && list.status === 'ready' && list.items.length > 0 ? (
        <Text className='customers-page__hint'>公海客户无人负责，点开后可直接领取</Text>
      ) : null}

      {list.status === 'loading' && list.items.length === 0 ? (
        <View className='crm-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {list.status === 'error' ? (
        <StateView kind='error' className='customer-list-error' title='客户加载失败' description={list.error} actionText='重试' onAction={list.reload} />
      ) : null}

      {list.status === 'ready' && list.items.length === 0 ? (
        <StateView
          className='customer-list-empty'
          title={filtered ? '没有符合条件的客户' : scope === 'pool' ? '公海里暂时没有客户' : '暂无客户'}
          description={filtered ? '换个关键词或等级试试' : scope === 'mine' ? '线索转化后会成为你的客户，也可以去公海领取' : undefined}
        />
      ) : null}

      {list.status !== 'error' && list.items.length > 0 ? (
        <View className={`crm-list customer-list${list.status === 'loading' ? ' crm-list--stale' : ''}`}>
          {list.items.map((customer) => (
            <CustomerCard key={customer.id} customer={customer} />
          ))}
          {list.status === 'loading' ? null : (
            <ListFooter hasMore={list.nextCursor !== null} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          )}
        </View>
      ) : null}
    </View>
  );
}
