import { useEffect, useRef, useState } from 'react';

const SEARCH_DEBOUNCE_MS = 300;

/** What the search box shows (`keyword`) and the query a list runs with (`query`, trimmed, debounced while typing). */
export function useDebouncedSearch() {
  const [keyword, setKeyword] = useState('');
  const [query, setQuery] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const apply = (value: string, immediately: boolean) => {
    if (timer.current) clearTimeout(timer.current);
    const next = value.trim();
    if (immediately) setQuery(next);
    else timer.current = setTimeout(() => setQuery(next), SEARCH_DEBOUNCE_MS);
  };

  return {
    keyword,
    query,
    type: (value: string) => {
      setKeyword(value);
      apply(value, false);
    },
    submit: (value: string) => {
      setKeyword(value);
      apply(value, true);
    },
  };
}
