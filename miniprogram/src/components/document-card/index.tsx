import { Text, View } from '@tarojs/components';
import { formatYuan } from '@wesale/shared/money';
import type { TagTone } from '../../utils/labels';
import { StatusTag } from '../status-tag';

export interface DocumentCardProps {
  number: string;
  title: string;
  statusLabel: string;
  tone: TagTone;
  amountFen: number;
  meta: string[];
  onClick: () => void;
  className?: string;
  id?: string;
}

/** One row of a quote, contract or order list. */
export function DocumentCard({ number, title, statusLabel, tone, amountFen, meta, onClick, className = '', id }: DocumentCardProps) {
  return (
    <View className={`crm-card document-card ${className}`} data-id={id} data-number={number} onClick={onClick}>
      <View className='crm-card__head'>
        <Text className='crm-card__title document-card__title'>{title}</Text>
        <StatusTag tone={tone} className='document-card__status'>
          {statusLabel}
        </StatusTag>
      </View>
      <View className='crm-card__head document-card__row'>
        <Text className='crm-card__sub document-card__number'>{number}</Text>
        <Text className='crm-card__amount document-card__amount'>{formatYuan(amountFen)}</Text>
      </View>
      {meta.length ? (
        <View className='crm-card__meta'>
          {meta.map((item) => (
            <Text key={item} className='crm-card__meta-item'>
              {item}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
