import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading, SearchBar, Tabs } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css';
import type { OpportunityDto, OpportunityFunnelDto } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { ListFooter } from '../../components/list-footer';
import { StateView } from '../../components/state-view';
import { StatusTag } from '../../components/status-tag';
import { useDebouncedSearch } from '../../hooks/use-debounced-search';
import { usePagedList } from '../../hooks/use-paged-list';
import { useSalesStaff } from '../../hooks/use-staff';
import { ROUTES, withQuery } from '../../routes';
import { getFunnel, listOpportunities } from '../../services/opportunities';
import { stageTone } from '../../utils/labels';
import './index.scss';

const ALL = 'all';

function OpportunityCard({ opportunity }: { opportunity: OpportunityDto }) {
  return (
    <View
      className='crm-card opportunity-card'
      data-id={opportunity.id}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.opportunityDetail, { id: opportunity.id }) })}
    >
      <View className='crm-card__head'>
        <Text className='crm-card__title opportunity-card__name'>{opportunity.name}</Text>
        <Text className='crm-card__amount opportunity-card__amount'>{formatYuan(opportunity.amountFen)}</Text>
      </View>
      {opportunity.customerName ? <Text className='crm-card__sub'>{opportunity.customerName}</Text> : null}
      <View className='crm-card__meta'>
        <StatusTag tone={stageTone(opportunity.stageKind)} className='opportunity-card__stage'>
          {opportunity.stageName}
        </StatusTag>
        <Text className='opportunity-card__probability'>赢率 {opportunity.probability}%</Text>
        {opportunity.expectedCloseDate ? <Text className='crm-card__meta-item'>预计 {opportunity.expectedCloseDate} 成交</Text> : null}
        {opportunity.ownerName ? <Text className='crm-card__meta-item'>{opportunity.ownerName}</Text> : null}
      </View>
    </View>
  );
}

export default function OpportunitiesTab() {
  const me = useSalesStaff();
  const [stageId, setStageId] = useState(ALL);
  const [funnel, setFunnel] = useState<OpportunityFunnelDto | null>(null);
  const search = useDebouncedSearch();
  const shown = useRef(false);

  const loadFunnel = useCallback(() => {
    getFunnel()
      .then(setFunnel)
      .catch(() => {
        // Without the funnel the stage tabs are missing; the list below still works.
      });
  }, []);

  useEffect(() => {
    if (me) loadFunnel();
  }, [me, loadFunnel]);

  const list = usePagedList(
    JSON.stringify([stageId, search.query]),
    (cursor) => listOpportunities({ stageId: stageId === ALL ? undefined : stageId, q: search.query || undefined, cursor }),
    me !== null,
  );

  useDidShow(() => {
    // Back from a detail page: the stage may have moved.
    if (shown.current) {
      loadFunnel();
      list.reload();
    }
    shown.current = true;
  });

  usePullDownRefresh(() => {
    loadFunnel();
    list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    list.loadMore();
  });

  const open = funnel?.stages.filter((stage) => stage.kind === 'open') ?? [];
  const openCount = open.reduce((sum, stage) => sum + stage.count, 0);
  const openAmount = open.reduce((sum, stage) => sum + stage.amountFen, 0);
  const openWeighted = open.reduce((sum, stage) => sum + stage.weightedAmountFen, 0);

  return (
    <View className='ws-page crm-page opportunities-page'>
      <View className='crm-toolbar'>
        <View className='crm-toolbar__search'>
          <SearchBar
            className='opportunity-search'
            shape='round'
            placeholder='搜索商机名称'
            value={search.keyword}
            maxLength={100}
            onChange={(value) => search.type(value)}
            onSearch={(value) => search.submit(value)}
            onClear={() => search.submit('')}
          />
          <Text className='crm-toolbar__action' id='open-funnel' onClick={() => Taro.navigateTo({ url: ROUTES.funnel })}>
            漏斗
          </Text>
        </View>
        <Tabs className='crm-tabs opportunity-stages' value={stageId} onChange={(value) => setStageId(String(value))}>
          <Tabs.TabPane title='全部' value={ALL} />
          {(funnel?.stages ?? []).map((stage) => (
            <Tabs.TabPane key={stage.stageId} title={stage.count ? `${stage.name} ${stage.count}` : stage.name} value={stage.stageId} />
          ))}
        </Tabs>
      </View>

      {funnel ? (
        <View className='opportunities-summary' id='opportunity-summary' onClick={() => Taro.navigateTo({ url: ROUTES.funnel })}>
          <View className='opportunities-summary__item'>
            <Text className='opportunities-summary__value'>{openCount}</Text>
            <Text className='opportunities-summary__label'>进行中</Text>
          </View>
          <View className='opportunities-summary__item'>
            <Text className='opportunities-summary__value'>{formatYuan(openAmount)}</Text>
            <Text className='opportunities-summary__label'>预计金额</Text>
          </View>
          <View className='opportunities-summary__item'>
            <Text className='opportunities-summary__value'>{formatYuan(openWeighted)}</Text>
            <Text className='opportunities-summary__label'>加权金额</Text>
          </View>
        </View>
      ) : null}

      {list.status === 'loading' && list.items.length === 0 ? (
        <View className='crm-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {list.status === 'error' ? (
        <StateView kind='error' className='opportunity-list-error' title='商机加载失败' description={list.error} actionText='重试' onAction={list.reload} />
      ) : null}

      {list.status === 'ready' && list.items.length === 0 ? (
        <StateView
          className='opportunity-list-empty'
          title={search.query ? '没有符合条件的商机' : stageId === ALL ? '暂无商机' : '这个阶段还没有商机'}
          description={stageId === ALL && !search.query ? '在客户详情里发现机会后，商机会出现在这里' : undefined}
        />
      ) : null}

      {list.status !== 'error' && list.items.length > 0 ? (
        <View className={`crm-list opportunity-list${list.status === 'loading' ? ' crm-list--stale' : ''}`}>
          {list.items.map((opportunity) => (
            <OpportunityCard key={opportunity.id} opportunity={opportunity} />
          ))}
          {list.status === 'loading' ? null : (
            <ListFooter hasMore={list.nextCursor !== null} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          )}
        </View>
      ) : null}
    </View>
  );
}
