import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@wesale/shared';
import { errorMessage } from '../services/request';

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface PagedList<T> {
  items: T[];
  status: ListStatus;
  error: string;
  nextCursor: string | null;
  loadingMore: boolean;
  moreError: string;
  /** First page again; the current rows stay on screen (dimmed) until the answer lands. */
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/**
 * A cursor-paged list (`{ data, nextCursor }`). `key` names the filters: when it changes the list starts
 * over (the old rows stay dimmed meanwhile), and answers for an older key are dropped. Nothing loads while `enabled` is false.
 */
export function usePagedList<T>(key: string, fetchPage: (cursor: string | null) => Promise<Page<T>>, enabled = true): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [status, setStatus] = useState<ListStatus>('idle');
  const [error, setError] = useState('');
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const generation = useRef(0);
  // Reach-bottom and the 加载更多 tap can fire in the same tick, before state re-renders.
  const loadingMoreRef = useRef(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const reload = useCallback(async () => {
    const current = ++generation.current;
    setStatus('loading');
    setError('');
    setMoreError('');
    try {
      const page = await fetchRef.current(null);
      if (current !== generation.current) return;
      setItems(page.data);
      setNextCursor(page.nextCursor);
      setStatus('ready');
    } catch (err) {
      if (current !== generation.current) return;
      setError(errorMessage(err));
      setStatus('error');
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMoreRef.current || status !== 'ready') return;
    const current = generation.current;
    loadingMoreRef.current = true;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await fetchRef.current(nextCursor);
      if (current !== generation.current) return;
      setItems((previous) => previous.concat(page.data));
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (current !== generation.current) return;
      setMoreError(errorMessage(err));
    } finally {
      loadingMoreRef.current = false;
      setLoadingMore(false);
    }
  }, [nextCursor, status]);

  useEffect(() => {
    if (enabled) reload();
  }, [key, enabled, reload]);

  return { items, status, error, nextCursor, loadingMore, moreError, reload, loadMore };
}
