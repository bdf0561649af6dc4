import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../services/request';

export type DocumentStatus = 'loading' | 'ready' | 'error';

export interface LoadedDocument<T> {
  doc: T | null;
  status: DocumentStatus;
  error: string;
  /** Fetch again; the current copy stays on screen meanwhile. */
  reload: () => Promise<void>;
  /** Take the server's answer to an action as the current copy. */
  replace: (fresh: T) => void;
}

/**
 * One document (quote, contract, order) fetched by id. Data only: toasts and sheets stay in the page, which
 * renders them inside its own container.
 */
export function useDocument<T>(id: string, fetch: (id: string) => Promise<T>, enabled = true): LoadedDocument<T> {
  const [doc, setDoc] = useState<T | null>(null);
  const [status, setStatus] = useState<DocumentStatus>('loading');
  const [error, setError] = useState('');
  const generation = useRef(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const reload = useCallback(async () => {
    if (!id) return;
    const current = ++generation.current;
    try {
      const fresh = await fetchRef.current(id);
      if (current !== generation.current) return;
      setDoc(fresh);
      setError('');
      setStatus('ready');
    } catch (err) {
      if (current !== generation.current) return;
      setError(errorMessage(err));
      setStatus('error');
    }
  }, [id]);

  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload]);

  const replace = useCallback((fresh: T) => {
    generation.current += 1;
    setDoc(fresh);
    setStatus('ready');
  }, []);

  return { doc, status, error, reload, replace };
}
