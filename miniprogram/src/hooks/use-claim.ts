import { useState } from 'react';
import { showError, showToast } from '../components/page-toast';

/**
 * 领取 a lead or customer: it is ours at once (from the pool, or nobody's), or the request waits for a manager.
 * `claim` calls the API, applies a claimed result to the page and says which of the two happened.
 */
export function useClaim(claim: () => Promise<'claimed' | 'pending_approval'>, claimedMessage: string) {
  const [claiming, setClaiming] = useState(false);

  const run = async () => {
    if (claiming) return;
    setClaiming(true);
    try {
      const outcome = await claim();
      showToast(outcome === 'claimed' ? claimedMessage : '已提交领取申请，等待经理审批', 'success');
    } catch (err) {
      showError(err);
    } finally {
      setClaiming(false);
    }
  };

  return { claiming, claim: run };
}
