import { useCallback, useRef, useState } from 'react';

/** Which action of a page is under way (one at a time: a second tap while one runs is ignored). */
export function useBusy() {
  const [busy, setBusy] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (name: string, action: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(name);
    try {
      await action();
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  return { busy, run };
}
