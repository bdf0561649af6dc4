import { randomUUID } from 'node:crypto';
import { MemoryStore, RedisStore, type KeyValueStore } from './kv';
import { testDatabase } from '../testing/test-server';

// The same contract, on real Redis (MariaDB run) and on the in-process store (embedded-default run).
function createStore(): KeyValueStore {
  return testDatabase() === 'mysql' ? new RedisStore(process.env.TEST_REDIS_URL!, { keyPrefix: `kv-spec:${randomUUID()}:` }) : new MemoryStore();
}

let kv: KeyValueStore;
beforeEach(() => {
  kv = createStore();
});
afterEach(() => kv.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`key-value store (${testDatabase() === 'mysql' ? 'Redis' : 'in-process'})`, () => {
  it('keeps a value until its TTL passes', async () => {
    await kv.set('greeting', '你好', 150);
    expect(await kv.get('greeting')).toBe('你好');
    expect(await kv.ttl('greeting')).toBeGreaterThan(0);
    await sleep(250);
    expect(await kv.get('greeting')).toBeNull();
    expect(await kv.ttl('greeting')).toBe(0);
  });

  it('sets if absent only once', async () => {
    expect(await kv.setIfAbsent('once', 'a', 10_000)).toBe(true);
    expect(await kv.setIfAbsent('once', 'b', 10_000)).toBe(false);
    expect(await kv.get('once')).toBe('a');
  });

  it('counts within a window that starts at the first increment', async () => {
    expect((await kv.increment('hits', 200)).count).toBe(1);
    const second = await kv.increment('hits', 200);
    expect(second.count).toBe(2);
    expect(second.ttlMs).toBeLessThanOrEqual(200);
    await sleep(300);
    expect((await kv.increment('hits', 200)).count).toBe(1);
  });

  it('counts every one of many concurrent increments', async () => {
    await Promise.all(Array.from({ length: 50 }, () => kv.increment('burst', 10_000)));
    expect((await kv.increment('burst', 10_000)).count).toBe(51);
  });

  it('gives a lock to one holder at a time and releases it only for its owner', async () => {
    const first = await kv.acquireLock('job', 10_000);
    expect(first).not.toBeNull();
    expect(await kv.acquireLock('job', 10_000)).toBeNull();
    expect(await first!.release()).toBe(true);
    const second = await kv.acquireLock('job', 10_000);
    expect(second).not.toBeNull();
    // The first holder's lock is gone; releasing again must not free the second holder's lock.
    expect(await first!.release()).toBe(false);
    expect(await kv.acquireLock('job', 10_000)).toBeNull();
  });

  it('lets a lock expire so a crashed holder does not block forever', async () => {
    const crashed = await kv.acquireLock('expiring', 100);
    expect(crashed).not.toBeNull();
    await sleep(200);
    const next = await kv.acquireLock('expiring', 10_000);
    expect(next).not.toBeNull();
    expect(await crashed!.release()).toBe(false);
    expect(await kv.acquireLock('expiring', 10_000)).toBeNull();
  });
});
