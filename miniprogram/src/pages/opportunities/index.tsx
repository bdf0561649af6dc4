import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Tabs } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css';
import type { OpportunityDto, OpportunityFunnelDto } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { ListSearchBar } from '../../components/list-search-bar';
import { PagedListView } from '../../components/paged-list-view';
import { StatusTag } from '../../components/status-tag';
import { useDebouncedSearch } from '../../hooks/use-debounced-search';
import { usePagedList, usePullDownAndReachBottom } from '../../hooks/use-paged-list';
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

  usePullDownAndReachBottom(list, loadFunnel);

  const open = funnel?.stages.filter((stage) => stage.kind === 'open') ?? [];
  const openCount = open.reduce((sum, stage) => sum + stage.count, 0);
  const openAmount = open.reduce((sum, stage) => sum + stage.amountFen, 0);
  const openWeighted = open.reduce((sum, stage) => sum + stage.weightedAmountFen, 0);

  return (
    <View className='ws-page crm-page opportunities-page'>
      <View className='crm-toolbar'>
        <ListSearchBar className='opportunity-search' placeholder='搜索商机名称' search={search}>
          <Text className='crm-toolbar__action' id='open-funnel' onClick={() => Taro.navigateTo({ url: ROUTES.funnel })}>
            漏斗
          </Text>
        </ListSearchBar>
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

      <PagedListView
        list={list}
        name='opportunity'
        errorTitle='商机加载失败'
        emptyTitle={search.query ? '没有符合条件的商机' : stageId === ALL ? '暂无商机' : '这个阶段还没有商机'}
        emptyDescription={stageId === ALL && !search.query ? '在客户详情里发现机会后，商机会出现在这里' : undefined}
        renderItem={(opportunity) => <OpportunityCard opportunity={opportunity} />}
      />
    </View>
  );
}
