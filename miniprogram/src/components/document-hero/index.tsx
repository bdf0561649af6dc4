import { Text, View } from '@tarojs/components';
import { formatYuan } from '@wesale/shared/money';
import type { TagTone } from '../../utils/labels';
import { StatusTag } from '../status-tag';

export interface DocumentHeroProps {
  title: string;
  number: string;
  statusLabel: string;
  tone: TagTone;
  /** One line under the title: the customer, the owner … */
  sub?: string;
  totalFen: number;
  totalLabel: string;
  /** Up to two more figures beside the total. */
  stats?: Array<{ label: string; value: string }>;
}

/** The top of a quote, contract or order: title, number, status and the total. */
export function DocumentHero({ title, number, statusLabel, tone, sub, totalFen, totalLabel, stats = [] }: DocumentHeroProps) {
  return (
    <View className='crm-hero document-hero'>
      <View className='crm-hero__title-row'>
        <Text className='crm-hero__title document-hero__title'>{title}</Text>
        <StatusTag tone={tone} className='document-hero__status'>
          {statusLabel}
        </StatusTag>
      </View>
      <Text className='crm-hero__sub document-hero__number'>{number}</Text>
      {sub ? <Text className='crm-hero__sub document-hero__sub'>{sub}</Text> : null}
      <View className='crm-hero__stats'>
        <View className='crm-hero__stat'>
          <Text className='crm-hero__stat-value document-hero__total'>{formatYuan(totalFen)}</Text>
          <Text className='crm-hero__stat-label'>{totalLabel}</Text>
        </View>
        {stats.map((stat) => (
          <View key={stat.label} className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{stat.value}</Text>
            <Text className='crm-hero__stat-label'>{stat.label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
