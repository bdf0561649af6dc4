import { Text, View } from '@tarojs/components';
import { formatDateTime } from '../../utils/datetime';

export interface StatusTimelineItem {
  key: string;
  /** What happened: "已发货", "V2 已发送" … */
  title: string;
  /** UTC ISO instant; shown in Shanghai time. */
  at: string | null;
  /** Who or anything else worth a word, after the time. */
  meta?: string;
  /** A note or reason on its own line. */
  note?: string | null;
  accent?: boolean;
  onClick?: () => void;
}

export interface StatusTimelineProps {
  items: StatusTimelineItem[];
  emptyText?: string;
  className?: string;
}

/** A document's history (order events, quote versions, contract milestones) as a vertical timeline, in the order given. */
export function StatusTimeline({ items, emptyText = '暂无记录', className = '' }: StatusTimelineProps) {
  if (items.length === 0) return <Text className={`crm-section__empty status-timeline__empty ${className}`}>{emptyText}</Text>;
  return (
    <View className={`status-timeline ${className}`}>
      {items.map((item) => (
        <View
          key={item.key}
          className={`crm-timeline__item status-timeline__item${item.accent ? ' crm-timeline__item--accent' : ''}`}
          onClick={item.onClick}
        >
          <Text className='crm-timeline__summary status-timeline__title'>{item.title}</Text>
          {item.note ? <Text className='crm-timeline__summary status-timeline__note'>{item.note}</Text> : null}
          <Text className='crm-timeline__meta status-timeline__meta'>
            {formatDateTime(item.at)}
            {item.meta ? ` · ${item.meta}` : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}
