import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

export interface Lock {
  readonly key: string;
  /** Releases the lock only if we still own it (it may have expired and been taken by another instance). */
  release(): Promise<boolean>;
}

/**
 * The small key-value interface WeSale needs from Redis: locks, rate limits, caches and idempotency keys.
 * `RedisStore` backs it in production; `MemoryStore` lets a single process run without Redis.
 */
export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** SET NX: true when the key was absent and is now ours. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Increments a counter (by 1 unless told); the TTL starts with the first increment of a window. */
  increment(key: string, ttlMs: number, by?: number): Promise<{ count: number; ttlMs: number }>;
  /** Milliseconds until the key expires; 0 when it does not exist. */
  ttl(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  acquireLock(key: string, ttlMs: number): Promise<Lock | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const INCREMENT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisStore implements KeyValueStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(url: string, options: { keyPrefix?: string } = {}) {
    this.redis = new Redis(url, {
      keyPrefix: options.keyPrefix ?? 'wesale:',
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Connection errors surface through the commands that fail; without a listener ioredis would log each retry.
    this.redis.on('error', () => undefined);
  }

  async get(key: string) {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlMs: number) {
    await this.redis.set(key, value, 'PX', ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    return (await this.redis.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async increment(key: string, ttlMs: number, by = 1) {
    const [count, ttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, key, String(ttlMs), String(by))) as [number, number];
    return { count: Number(count), ttlMs: Number(ttl) };
  }

  async ttl(key: string) {
    return Math.max(0, await this.redis.pttl(key));
  }

  async delete(key: string) {
    await this.redis.del(key);
  }

  async acquireLock(key: string, ttlMs: number): Promise<Lock | null> {
    const owner = randomUUID();
    if (!(await this.setIfAbsent(key, owner, ttlMs))) return null;
    return {
      key,
      release: async () => Number(await this.redis.eval(RELEASE_SCRIPT, 1, key, owner)) === 1,
    };
  }

  async ping() {
    await withTimeout(this.redis.ping(), 1000, 'Redis ping');
  }

  async close() {
    this.redis.disconnect();
  }
}

interface MemoryEntry {
  value: string;
  expiresAt: number;
}

/** In-process stand-in with the same semantics, for a single instance started without REDIS_URL. */
export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, MemoryEntry>();
  private sweeps = 0;

  private live(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: string, ttlMs: number) {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    if (++this.sweeps % 1000 === 0) this.sweepExpired();
  }

  private sweepExpired() {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  async get(key: string) {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number) {
    this.write(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number) {
    if (this.live(key)) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async increment(key: string, ttlMs: number, by = 1) {
    const entry = this.live(key);
    if (!entry) {
      this.write(key, String(by), ttlMs);
      return { count: by, ttlMs };
    }
    entry.value = String(Number(entry.value) + by);
    return { count: Number(entry.value), ttlMs: entry.expiresAt - Date.now() };
  }

  async ttl(key: string) {
    const entry = this.live(key);
    return entry ? entry.expiresAt - Date.now() : 0;
  }

  async delete(key: string) {
    this.entries.delete(key);
  }

  async acquireLock(key: string, ttlMs: number): Promise<Lock | null> {
    const owner = randomUUID();
    if (!(await this.setIfAbsent(key, owner, ttlMs))) return null;
    return {
      key,
      release: async () => {
        if (this.live(key)?.value !== owner) return false;
        this.entries.delete(key);
        return true;
      },
    };
  }

  async ping() {}

  async close() {
    this.entries.clear();
  }
}

export function createKeyValueStore(redisUrl: string | undefined, keyPrefix?: string): KeyValueStore {
  return redisUrl ? new RedisStore(redisUrl, { keyPrefix }) : new MemoryStore();
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
