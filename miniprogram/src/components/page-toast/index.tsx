import { Toast } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/css';
import { errorMessage } from '../../services/request';

// NutUI routes Toast.show to the <Toast> of the current page by this id.
const TOAST_ID = 'page-toast';

/** Put once in every page that shows toasts. */
export function PageToast() {
  return <Toast id={TOAST_ID} className='page-toast' />;
}

export function showToast(content: string, icon: 'success' | 'fail' | 'warn' | null = null): void {
  Toast.show(TOAST_ID, { content, icon, duration: icon === 'fail' || icon === 'warn' ? 3 : 2 });
}

/** The server's message (e.g. a 409 for an illegal transition) as people should read it. */
export function showError(error: unknown): void {
  showToast(errorMessage(error), 'fail');
}
