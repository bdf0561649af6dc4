import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading, Menu, SearchBar, Tabs } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/menu/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css';
import type { Lead, LeadSource, LeadStatus } from '@wesale/shared';
import { LEAD_SOURCE_LABELS, LEAD_SOURCES, LEAD_STATUS_LABELS, LEAD_STATUSES } from '@wesale/shared/enums';
import { ListFooter } from '../../components/list-footer';
import { StateView } from '../../components/state-view';
import { StatusTag } from '../../components/status-tag';
import { useDebouncedSearch } from '../../hooks/use-debounced-search';
import { usePagedList } from '../../hooks/use-paged-list';
import { useSalesStaff } from '../../hooks/use-staff';
import { ROUTES, withQuery } from '../../routes';
import { listLeads, type LeadScope } from '../../services/leads';
import { formatRelative } from '../../utils/datetime';
import { LEAD_STATUS_TONES } from '../../utils/labels';
import './index.scss';

const SCOPES: Array<{ value: LeadScope; title: string }> = [
  { value: 'mine', title: '我的线索' },
  { value: 'pool', title: '待分配' },
  { value: 'all', title: '全部' },
];

const STATUS_OPTIONS = [{ text: '全部状态', value: '' }, ...LEAD_STATUSES.map((value) => ({ text: LEAD_STATUS_LABELS[value], value }))];
const SOURCE_OPTIONS = [{ text: '全部来源', value: '' }, ...LEAD_SOURCES.map((value) => ({ text: LEAD_SOURCE_LABELS[value], value }))];

function LeadCard({ lead }: { lead: Lead }) {
  return (
    <View
      className='crm-card lead-card'
      data-id={lead.id}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.leadDetail, { id: lead.id }) })}
    >
      <View className='crm-card__head'>
        <Text className='crm-card__title lead-card__name'>{lead.name}</Text>
        <StatusTag tone={LEAD_STATUS_TONES[lead.status]} className='lead-card__status'>
          {LEAD_STATUS_LABELS[lead.status]}
        </StatusTag>
      </View>
      {lead.company ? <Text className='crm-card__sub lead-card__company'>{lead.company}</Text> : null}
      <View className='crm-card__meta'>
        <Text className='crm-card__meta-item'>{LEAD_SOURCE_LABELS[lead.source]}</Text>
        <Text className='crm-card__meta-item'>{lead.ownerName ? `负责人 ${lead.ownerName}` : '待分配'}</Text>
        <Text className='crm-card__meta-item'>
          {lead.lastFollowUpAt ? `跟进于 ${formatRelative(lead.lastFollowUpAt)}` : `创建于 ${formatRelative(lead.createdAt)}`}
        </Text>
      </View>
    </View>
  );
}

export default function LeadsTab() {
  const me = useSalesStaff();
  const [scope, setScope] = useState<LeadScope | null>(null);
  const [status, setStatus] = useState<LeadStatus | ''>('');
  const [source, setSource] = useState<LeadSource | ''>('');
  const search = useDebouncedSearch();
  const shown = useRef(false);

  // Reps start with their own leads, managers with everything they can see.
  useEffect(() => {
    if (me && scope === null) setScope(me.role === 'rep' ? 'mine' : 'all');
  }, [me, scope]);

  const list = usePagedList(
    JSON.stringify([scope, status, source, search.query]),
    (cursor) => listLeads({ scope: scope ?? 'mine', status: status || undefined, source: source || undefined, q: search.query || undefined, cursor }),
    scope !== null,
  );

  useDidShow(() => {
    // Back from a detail page: statuses may have changed there.
    if (shown.current && scope !== null) list.reload();
    shown.current = true;
  });

  usePullDownRefresh(() => {
    list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    list.loadMore();
  });

  return (
    <View className='ws-page crm-page leads-page'>
      <View className='crm-toolbar'>
        <View className='crm-toolbar__search'>
          <SearchBar
            className='lead-search'
            shape='round'
            placeholder='搜索姓名、公司或手机号'
            value={search.keyword}
            maxLength={100}
            onChange={(value) => search.type(value)}
            onSearch={(value) => search.submit(value)}
            onClear={() => search.submit('')}
          />
          <Text className='crm-toolbar__action' id='lead-create' onClick={() => Taro.navigateTo({ url: ROUTES.leadCreate })}>
            新建
          </Text>
        </View>
        <Tabs className='crm-tabs lead-scope' value={scope ?? 'mine'} onChange={(value) => setScope(value as LeadScope)}>
          {SCOPES.map((item) => (
            <Tabs.TabPane key={item.value} title={item.title} value={item.value} />
          ))}
        </Tabs>
        <View className='crm-filters'>
          <Menu>
            <Menu.Item options={STATUS_OPTIONS} value={status} onChange={(option) => setStatus(option.value)} />
            <Menu.Item options={SOURCE_OPTIONS} value={source} onChange={(option) => setSource(option.value)} />
          </Menu>
        </View>
      </View>

      {list.status === 'loading' && list.items.length === 0 ? (
        <View className='crm-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {list.status === 'error' ? (
        <StateView kind='error' className='lead-list-error' title='线索加载失败' description={list.error} actionText='重试' onAction={list.reload} />
      ) : null}

      {list.status === 'ready' && list.items.length === 0 ? (
        <StateView
          className='lead-list-empty'
          title={search.query || status || source ? '没有符合条件的线索' : scope === 'pool' ? '暂无待分配的线索' : '暂无线索'}
          description={search.query || status || source ? '换个关键词或筛选条件试试' : '微信好友、公众号关注者会自动成为线索，也可以点右上角新建'}
        />
      ) : null}

      {list.status !== 'error' && list.items.length > 0 ? (
        <View className={`crm-list lead-list${list.status === 'loading' ? ' crm-list--stale' : ''}`}>
          {list.items.map((lead) => (
            <LeadCard key={lead.id} lead={lead} />
          ))}
          {list.status === 'loading' ? null : (
            <ListFooter hasMore={list.nextCursor !== null} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          )}
        </View>
      ) : null}
    </View>
  );
}
