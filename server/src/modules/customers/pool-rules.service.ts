import { IsNull, type DataSource } from 'typeorm';
import { inTransaction } from '../../infra/db';
import { Customer } from './customer.entity';
import { recordTimeline } from './timeline';
import { returnsToPoolAt } from './customers.service';
import type { SettingsService } from '../settings/settings.service';

const DAY_MS = 24 * 3600_000;
const BATCH = 500;

/**
 * The public-pool rule (公海规则): an owned customer with no follow-up for N days returns to the pool;
 * its owner is warned a few days before. Every move is a conditional update, so two instances running the
 * rule at once move each customer once, and a follow-up recorded meanwhile keeps the customer.
 */
export class PoolRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async run(now = new Date()): Promise<{ warned: number; returned: number }> {
    const settings = await this.settings.crm();
    const returnBefore = new Date(now.getTime() - settings.poolReturnDays * DAY_MS);
    const warnBefore = new Date(now.getTime() - Math.max(0, settings.poolReturnDays - settings.poolWarningDays) * DAY_MS);
    const returned = await this.returnStale(returnBefore);
    const warned = settings.poolWarningDays > 0 ? await this.warnOwners(warnBefore, returnBefore, settings.poolReturnDays, now) : 0;
    return { warned, returned };
  }

  private stale(before: Date) {
    return this.dataSource
      .getRepository(Customer)
      .createQueryBuilder('c')
      .select(['c.id', 'c.ownerId', 'c.lastFollowUpAt', 'c.ownedSince', 'c.createdAt', 'c.name'])
      .where('c.ownerId IS NOT NULL')
      .andWhere('COALESCE(c.lastFollowUpAt, c.ownedSince, c.createdAt) < :before', { before })
      .orderBy('c.id', 'ASC')
      .limit(BATCH);
  }

  private async returnStale(before: Date): Promise<number> {
    let moved = 0;
    let afterId = '0';
    for (;;) {
      const batch = await this.stale(before).andWhere('c.id > :afterId', { afterId }).getMany();
      if (batch.length === 0) return moved;
      for (const customer of batch) {
        const changed = await inTransaction(this.dataSource, async (em) => {
          const result = await em.update(
            Customer,
            { id: customer.id, ownerId: customer.ownerId!, lastFollowUpAt: customer.lastFollowUpAt ?? IsNull() },
            { ownerId: null, teamId: null, ownedSince: null, poolWarnedAt: null },
          );
          if (!result.affected) return false;
          await recordTimeline(em, customer.id, 'returned_to_pool', null, '超过跟进期限未跟进，自动退回公海', { fromOwnerId: customer.ownerId });
          return true;
        });
        if (changed) moved++;
      }
      afterId = batch[batch.length - 1].id;
    }
  }

  private async warnOwners(warnBefore: Date, returnBefore: Date, returnDays: number, now: Date): Promise<number> {
    let warned = 0;
    let afterId = '0';
    for (;;) {
      const batch = await this.stale(warnBefore)
        .andWhere('c.poolWarnedAt IS NULL')
        .andWhere('COALESCE(c.lastFollowUpAt, c.ownedSince, c.createdAt) >= :returnBefore', { returnBefore })
        .andWhere('c.id > :afterId', { afterId })
        .getMany();
      if (batch.length === 0) return warned;
      for (const customer of batch) {
        const changed = await inTransaction(this.dataSource, async (em) => {
          const result = await em.update(Customer, { id: customer.id, ownerId: customer.ownerId!, poolWarnedAt: IsNull() }, { poolWarnedAt: now });
          if (!result.affected) return false;
          const returnsAt = returnsToPoolAt(customer, returnDays);
          await recordTimeline(em, customer.id, 'pool_warning', null, `即将退回公海：请在 ${returnsAt.toISOString().slice(0, 10)} 前跟进`, {
            ownerId: customer.ownerId,
            returnsAt: returnsAt.toISOString(),
          });
          return true;
        });
        if (changed) warned++;
      }
      afterId = batch[batch.length - 1].id;
    }
  }
}
