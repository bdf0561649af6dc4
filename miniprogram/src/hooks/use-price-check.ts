import { useEffect, useRef, useState } from 'react';
import type { DocumentLineInput, PriceCheckResult } from '@wesale/shared';
import { errorMessage } from '../services/request';
import { checkPrices } from '../services/sales';

const CHECK_DEBOUNCE_MS = 350;

export interface PriceCheck {
  /** The server's pricing of the lines as they were last sent; null before the first answer. */
  result: PriceCheckResult | null;
  checking: boolean;
  error: string;
}

/**
 * Live totals while a rep edits lines: the server prices them (totals, 大写, floor and discount-limit flags,
 * whether a manager must approve) a moment after the last change. Answers to older edits are dropped.
 */
export function usePriceCheck(customerId: string, lines: DocumentLineInput[] | null): PriceCheck {
  const [result, setResult] = useState<PriceCheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState('');
  const generation = useRef(0);
  const key = lines ? JSON.stringify(lines) : '';

  useEffect(() => {
    const current = ++generation.current;
    if (!customerId || !lines) {
      setChecking(false);
      if (!lines) setResult(null);
      return;
    }
    setChecking(true);
    const timer = setTimeout(() => {
      checkPrices(customerId, lines)
        .then((fresh) => {
          if (current !== generation.current) return;
          setResult(fresh);
          setError('');
        })
        .catch((err) => {
          if (current !== generation.current) return;
          setError(errorMessage(err));
        })
        .finally(() => {
          if (current === generation.current) setChecking(false);
        });
    }, CHECK_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `key` stands for the lines' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customerId, key]);

  return { result, checking, error };
}
