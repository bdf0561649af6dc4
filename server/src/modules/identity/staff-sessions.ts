import type { DataSource, EntityManager } from 'typeorm';
import type { StaffSessionCheck } from '../../infra/auth';
import { User } from './user.entity';

/** How long an instance trusts what it last read of a user's token version. */
export const SESSION_CACHE_MS = 5_000;

/**
 * Revocable staff sessions. Every token carries the user's `tokenVersion`; deactivation and changes of role,
 * team or password bump it, so every older token stops working. Each request compares versions through a
 * per-instance cache: the instance that made the change forgets the user after commit (revocation is
 * immediate there), other instances notice within SESSION_CACHE_MS — no database or Redis round trip on
 * the hot path in between.
 */
export class StaffSessions implements StaffSessionCheck {
  /** null: the user is gone or inactive. */
  private readonly cache = new Map<string, { version: number | null; until: number }>();
  /** Counts `forget` calls: a read that raced one is not cached, so it cannot bring back a revoked version. */
  private forgets = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number = Date.now,
  ) {}

  async isCurrent(userId: string, tokenVersion: number): Promise<boolean> {
    const cached = this.cache.get(userId);
    const version = cached && cached.until > this.now() ? cached.version : await this.load(userId);
    return version === tokenVersion;
  }

  /** Ends every token of these users; call inside the transaction that makes the change, then `forget` after commit. */
  async revoke(em: EntityManager, userIds: string[]): Promise<void> {
    for (const id of userIds) await em.increment(User, { id }, 'tokenVersion', 1);
  }

  forget(userIds: string[]): void {
    this.forgets++;
    for (const id of userIds) this.cache.delete(id);
  }

  private async load(userId: string): Promise<number | null> {
    const forgetsBefore = this.forgets;
    const rows: Array<{ tokenVersion: number | string; active: number | string | boolean }> = await this.dataSource.query(
      'SELECT tokenVersion, active FROM users WHERE id = ?',
      [userId],
    );
    const row = rows[0];
    const version = row && Number(row.active) === 1 ? Number(row.tokenVersion) : null;
    if (this.forgets === forgetsBefore) this.cache.set(userId, { version, until: this.now() + SESSION_CACHE_MS });
    return version;
  }
}
