import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { showToast } from '../components/page-toast';
import { errorMessage } from '../services/request';
import { takeFlash } from '../utils/flash';

export type PageDataStatus = 'loading' | 'ready' | 'error';

/**
 * The data of a detail page. `load` fetches and stores it in the page's own state; it runs on mount and whenever it
 * changes (a new id). The status is 'loading' until the first answer, then 'ready' or 'error'. `reload` runs `load`
 * again without going back to 'loading', so what is on screen stays until the answer lands.
 */
export function usePageData(load: () => Promise<void>) {
  const [status, setStatus] = useState<PageDataStatus>('loading');
  const [error, setError] = useState('');

  const reload = useCallback(async () => {
    try {
      await load();
      setStatus('ready');
    } catch (err) {
      setError(errorMessage(err));
      setStatus('error');
    }
  }, [load]);

  useEffect(() => {
    reload();
  }, [reload]);

  return { status, error, reload };
}

/**
 * When the page shows again after another one was on top (back from 写跟进, 转化 …): shows the message that page left
 * (see utils/flash) and calls `refresh`, since the data may have changed there.
 */
export function useRefreshOnReturn(refresh: () => void): void {
  const shown = useRef(false);
  useDidShow(() => {
    const flash = takeFlash();
    if (flash) showToast(flash, 'success');
    if (shown.current) refresh();
    shown.current = true;
  });
}
