import { View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import { PageToast } from '../page-toast';
import { StateView } from '../state-view';

export interface PageLoadStateProps {
  /** The page's own class, next to `ws-page crm-page`. */
  className: string;
  loading: boolean;
  errorTitle: string;
  error: string;
  onRetry: () => void;
}

/** A detail page until its data is in: the spinner, or what went wrong with 重试. */
export function PageLoadState({ className, loading, errorTitle, error, onRetry }: PageLoadStateProps) {
  return (
    <View className={`ws-page crm-page ${className}`}>
      {loading ? (
        <View className='crm-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : (
        <StateView kind='error' title={errorTitle} description={error} actionText='重试' onAction={onRetry} />
      )}
      <PageToast />
    </View>
  );
}
