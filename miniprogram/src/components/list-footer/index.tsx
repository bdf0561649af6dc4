import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import './index.scss';

export interface ListFooterProps {
  hasMore: boolean;
  loading: boolean;
  error?: string;
  onMore: () => void;
  className?: string;
}

/** 加载更多 while the server has another page, 没有更多了 after the last one. */
export function ListFooter({ hasMore, loading, error, onMore, className = '' }: ListFooterProps) {
  return (
    <View className={`list-footer ${className}`}>
      {hasMore ? (
        <Button className='list-footer__more' fill='none' size='small' loading={loading} onClick={onMore}>
          {error ? `${error}，点击重试` : '加载更多'}
        </Button>
      ) : (
        <Text className='list-footer__end'>没有更多了</Text>
      )}
    </View>
  );
}
