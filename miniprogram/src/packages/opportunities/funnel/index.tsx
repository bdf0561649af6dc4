import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import type { OpportunityFunnelDto } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { StateView } from '../../../components/state-view';
import { useSalesStaff } from '../../../hooks/use-staff';
import { errorMessage } from '../../../services/request';
import { getFunnel } from '../../../services/opportunities';
import './index.scss';

type FunnelStage = OpportunityFunnelDto['stages'][number];
type LoadStatus = 'loading' | 'ready' | 'error';

// A stage with a few opportunities still gets a visible bar.
const MIN_BAR_PERCENT = 4;

function barPercent(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(MIN_BAR_PERCENT, Math.round((value / max) * 100));
}

function FunnelRow({ stage, maxAmount, maxCount }: { stage: FunnelStage; maxAmount: number; maxCount: number }) {
  // Amount drives the bar; with no amounts anywhere, the count does.
  const percent = maxAmount > 0 ? barPercent(stage.amountFen, maxAmount) : barPercent(stage.count, maxCount);
  return (
    <View className={`funnel-row funnel-row--${stage.kind}`} data-stage={stage.name}>
      <View className='funnel-row__head'>
        <Text className='funnel-row__name'>{stage.name}</Text>
        <Text className='funnel-row__probability'>赢率 {stage.probability}%</Text>
        <Text className='funnel-row__count'>{stage.count} 个</Text>
      </View>
      <View className='funnel-row__track'>
        <View className='funnel-row__bar' style={{ width: `${percent}%` }} />
      </View>
      <View className='funnel-row__figures'>
        <Text className='funnel-row__amount'>金额 {formatYuan(stage.amountFen)}</Text>
        <Text className='funnel-row__weighted'>加权 {formatYuan(stage.weightedAmountFen)}</Text>
      </View>
    </View>
  );
}

export default function FunnelPage() {
  useSalesStaff();
  const [funnel, setFunnel] = useState<OpportunityFunnelDto | null>(null);
  const [status, setStatus] = useState<LoadStatus>('loading');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setFunnel(await getFunnel());
      setStatus('ready');
    } catch (err) {
      setError(errorMessage(err));
      setStatus('error');
    }
  }, []);

  useEffect(() => {
    load();
  }, [load]);

  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh());
  });

  if (status !== 'ready' || !funnel) {
    return (
      <View className='ws-page crm-page funnel-page'>
        {status === 'loading' ? (
          <View className='crm-loading'>
            <Loading direction='vertical'>加载中…</Loading>
          </View>
        ) : (
          <StateView kind='error' title='漏斗加载失败' description={error} actionText='重试' onAction={load} />
        )}
      </View>
    );
  }

  const open = funnel.stages.filter((stage) => stage.kind === 'open');
  const closed = funnel.stages.filter((stage) => stage.kind !== 'open');
  const maxAmount = Math.max(0, ...funnel.stages.map((stage) => stage.amountFen));
  const maxCount = Math.max(0, ...funnel.stages.map((stage) => stage.count));
  const openAmount = open.reduce((sum, stage) => sum + stage.amountFen, 0);
  const openWeighted = open.reduce((sum, stage) => sum + stage.weightedAmountFen, 0);
  const won = closed.find((stage) => stage.kind === 'won');
  const lost = closed.find((stage) => stage.kind === 'lost');
  const decided = (won?.count ?? 0) + (lost?.count ?? 0);

  return (
    <View className='ws-page crm-page funnel-page'>
      <View className='funnel-summary' id='funnel-summary'>
        <Text className='funnel-summary__template'>{funnel.templateName}</Text>
        <View className='funnel-summary__figures'>
          <View className='funnel-summary__item'>
            <Text className='funnel-summary__value' id='funnel-open-count'>
              {open.reduce((sum, stage) => sum + stage.count, 0)}
            </Text>
            <Text className='funnel-summary__label'>进行中商机</Text>
          </View>
          <View className='funnel-summary__item'>
            <Text className='funnel-summary__value'>{formatYuan(openAmount)}</Text>
            <Text className='funnel-summary__label'>预计金额</Text>
          </View>
          <View className='funnel-summary__item'>
            <Text className='funnel-summary__value' id='funnel-open-weighted'>
              {formatYuan(openWeighted)}
            </Text>
            <Text className='funnel-summary__label'>加权金额</Text>
          </View>
        </View>
        {decided > 0 ? (
          <Text className='funnel-summary__win-rate'>
            已关闭 {decided} 个，赢单率 {Math.round(((won?.count ?? 0) / decided) * 100)}%
          </Text>
        ) : null}
      </View>

      <View className='crm-section funnel-section' id='funnel-open'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>进行中</Text>
          <Text className='funnel-section__hint'>加权金额 = 金额 × 赢率</Text>
        </View>
        <View className='crm-section__body'>
          {open.map((stage) => (
            <FunnelRow key={stage.stageId} stage={stage} maxAmount={maxAmount} maxCount={maxCount} />
          ))}
        </View>
      </View>

      {closed.length ? (
        <View className='crm-section funnel-section' id='funnel-closed'>
          <View className='crm-section__head'>
            <Text className='crm-section__title'>已关闭</Text>
          </View>
          <View className='crm-section__body'>
            {closed.map((stage) => (
              <FunnelRow key={stage.stageId} stage={stage} maxAmount={maxAmount} maxCount={maxCount} />
            ))}
          </View>
        </View>
      ) : null}
    </View>
  );
}
