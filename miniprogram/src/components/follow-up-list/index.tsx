import { Text, View } from '@tarojs/components';
import type { FollowUpDto } from '@wesale/shared';
import { FOLLOW_UP_METHOD_LABELS } from '@wesale/shared/enums';
import { formatRelative } from '../../utils/datetime';

/** Follow-up records, newest first, as a timeline. */
export function FollowUpList({ items, emptyText = '还没有跟进记录' }: { items: FollowUpDto[]; emptyText?: string }) {
  if (items.length === 0) return <Text className='crm-section__empty follow-up-list__empty'>{emptyText}</Text>;
  return (
    <View className='follow-up-list'>
      {items.map((item, index) => (
        <View key={item.id} className={`crm-timeline__item follow-up-item${index === 0 ? ' crm-timeline__item--accent' : ''}`}>
          <Text className='crm-timeline__summary follow-up-item__content'>
            {FOLLOW_UP_METHOD_LABELS[item.method]}：{item.content}
          </Text>
          <Text className='crm-timeline__meta'>
            {item.createdByName ?? '—'} · {formatRelative(item.createdAt)}
            {item.nextFollowUpAt ? ` · 下次跟进 ${formatRelative(item.nextFollowUpAt)}` : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}
