import { View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import { StateView } from '../state-view';

/** What a detail page shows before its document is there: a spinner, or the error with 重试. */
export function LoadState({ status, error, title, onRetry }: { status: 'loading' | 'error' | 'ready'; error: string; title: string; onRetry: () => void }) {
  if (status === 'error') return <StateView kind='error' className='document-load-error' title={title} description={error} actionText='重试' onAction={onRetry} />;
  return (
    <View className='crm-loading'>
      <Loading direction='vertical'>加载中…</Loading>
    </View>
  );
}
