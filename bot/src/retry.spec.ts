import { backoffDelay, retryWithBackoff, type RetryInfo } from './retry';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 };

function recorder() {
  const waits: number[] = [];
  const retries: RetryInfo[] = [];
  return {
    waits,
    retries,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    onRetry: (info: RetryInfo) => retries.push(info),
  };
}

describe('retryWithBackoff', () => {
  it('returns the first success without waiting', async () => {
    const r = recorder();
    const task = jest.fn(async () => 'ok');
    await expect(retryWithBackoff(task, { ...policy, isRetryable: () => true, sleep: r.sleep })).resolves.toBe('ok');
    expect(task).toHaveBeenCalledTimes(1);
    expect(r.waits).toEqual([]);
  });

  it('retries a retryable failure until it succeeds', async () => {
    const r = recorder();
    let calls = 0;
    const result = await retryWithBackoff(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Error('down');
        return attempt;
      },
      { ...policy, isRetryable: () => true, sleep: r.sleep, onRetry: r.onRetry },
    );
    expect(result).toBe(3);
    expect(calls).toBe(3);
    expect(r.retries.map((info) => info.attempt)).toEqual([1, 2]);
  });

  it('gives up after the configured number of attempts and throws the last error', async () => {
    const r = recorder();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    };
    await expect(
      retryWithBackoff(failing, { ...policy, isRetryable: () => true, sleep: r.sleep, onRetry: r.onRetry }),
    ).rejects.toThrow('failure 4');
    expect(calls).toBe(4);
    expect(r.retries).toHaveLength(3);
    expect(r.waits).toHaveLength(3);
  });

  it('does not retry an error the caller calls permanent', async () => {
    const r = recorder();
    const task = jest.fn(async () => {
      throw new Error('400 bad request');
    });
    await expect(retryWithBackoff(task, { ...policy, isRetryable: () => false, sleep: r.sleep })).rejects.toThrow(
      '400 bad request',
    );
    expect(task).toHaveBeenCalledTimes(1);
    expect(r.waits).toEqual([]);
  });

  it('treats attempts below one as a single try', async () => {
    const task = jest.fn(async () => {
      throw new Error('down');
    });
    await expect(
      retryWithBackoff(task, { ...policy, attempts: 0, isRetryable: () => true, sleep: async () => {} }),
    ).rejects.toThrow('down');
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('waits the backoff delays it reports', async () => {
    const r = recorder();
    await expect(
      retryWithBackoff(
        async () => {
          throw new Error('down');
        },
        { ...policy, isRetryable: () => true, sleep: r.sleep, onRetry: r.onRetry, random: () => 1 },
      ),
    ).rejects.toThrow('down');
    expect(r.waits).toEqual(r.retries.map((info) => info.delayMs));
    expect(r.waits).toEqual([100, 200, 300]);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt and never exceeds the maximum', () => {
    const top = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4, 10].map(top)).toEqual([100, 200, 300, 300, 300]);
  });

  it('keeps at least half of the exponential step whatever the jitter', () => {
    const bottom = (attempt: number) => backoffDelay(attempt, policy, () => 0);
    expect([1, 2, 3, 10].map(bottom)).toEqual([50, 100, 150, 150]);
  });

  it('spreads delays between half and the full step', () => {
    for (const random of [0.1, 0.37, 0.5, 0.93]) {
      const delay = backoffDelay(2, policy, () => random);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });
});
