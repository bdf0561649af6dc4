import { tooManyRequests } from '../../infra/errors';
import type { KeyValueStore } from '../../infra/kv';

const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 30;

/** Failed logins are counted per username and per IP in a 15-minute window; past the limit the caller waits. */
export class LoginThrottle {
  constructor(private readonly kv: KeyValueStore) {}

  private keys(username: string, ip: string) {
    return { user: `login-fail:user:${username.toLowerCase()}`, ip: `login-fail:ip:${ip}` };
  }

  async assertAllowed(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    const [userCount, ipCount] = await Promise.all([this.kv.get(keys.user), this.kv.get(keys.ip)]);
    const blockedBy = Number(userCount) >= MAX_FAILURES_PER_USERNAME ? keys.user : Number(ipCount) >= MAX_FAILURES_PER_IP ? keys.ip : null;
    if (blockedBy) {
      const waitMs = await this.kv.ttl(blockedBy);
      throw tooManyRequests('登录失败次数过多，请稍后再试', retryAfterSeconds(waitMs));
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const keys = this.keys(username, ip);
    await Promise.all([this.kv.increment(keys.user, WINDOW_MS), this.kv.increment(keys.ip, WINDOW_MS)]);
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.kv.delete(this.keys(username, ip).user);
  }
}

function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * Spends one use of a fixed window (e.g. SMS codes per mobile per minute). Counting first, then checking, lets
 * no concurrent caller slip past the limit; past `max` the caller waits for the window to end.
 */
export async function spendFromWindow(kv: KeyValueStore, limit: { key: string; max: number; windowMs: number }, message: string): Promise<void> {
  const { count, ttlMs } = await kv.increment(limit.key, limit.windowMs);
  if (count > limit.max) throw tooManyRequests(message, retryAfterSeconds(ttlMs));
}
