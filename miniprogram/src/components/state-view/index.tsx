import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import './index.scss';

export type StateViewKind = 'empty' | 'error';

export interface StateViewProps {
  kind?: StateViewKind;
  title: string;
  description?: string;
  actionText?: string;
  onAction?: () => void;
  className?: string;
}

/** Empty and error placeholder for lists (NutUI Empty loads its pictures from a CDN, so we draw our own). */
export function StateView({ kind = 'empty', title, description, actionText, onAction, className = '' }: StateViewProps) {
  return (
    <View className={`state-view state-view--${kind} ${className}`}>
      <View className='state-view__icon'>
        <Text className='state-view__glyph'>{kind === 'error' ? '!' : '∅'}</Text>
      </View>
      <Text className='state-view__title'>{title}</Text>
      {description ? <Text className='state-view__description'>{description}</Text> : null}
      {actionText && onAction ? (
        <View className='state-view__action'>
          <Button type='primary' fill='outline' size='small' onClick={onAction}>
            {actionText}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
