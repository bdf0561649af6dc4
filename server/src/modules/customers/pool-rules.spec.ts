import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { userId } from '../../testing/crm-fixtures';
import { startTestServer, testDatabase, type TestServer } from '../../testing/test-server';
import { runLocked } from '../../jobs/run-locked';
import { createLogger } from '../../infra/logger';
import { Customer } from './customer.entity';
import { TimelineEvent } from './timeline-event.entity';

const DAY = 24 * 3600_000;
let first: TestServer;
let second: TestServer;
let api: ApiClient;
let rep1: string;
let rep1Id: string;

beforeAll(async () => {
  first = await startTestServer();
  // On MariaDB, a second instance of the app on the same database and Redis. The embedded SQLite default
  // is a single instance by design, so there the "two" instances are one app running the rule concurrently.
  second =
    testDatabase() === 'mysql'
      ? await startTestServer({ databaseUrl: first.databaseUrl, redisKeyPrefix: first.redisKeyPrefix, seedDemo: false })
      : first;
  api = apiClient(first.url);
  rep1 = await loginAs(first, 'rep1');
  rep1Id = await userId(first, 'rep1');
});
afterAll(async () => {
  if (second !== first) await second?.close();
  await first?.close();
});

async function customerLastFollowedDaysAgo(name: string, days: number | null, ownedDaysAgo = 60) {
  const created = await api.post('/api/v1/customers', { name }, { token: rep1 });
  const now = Date.now();
  await first.dataSource.getRepository(Customer).update(
    { id: created.body.id },
    { ownedSince: new Date(now - ownedDaysAgo * DAY), lastFollowUpAt: days === null ? null : new Date(now - days * DAY) },
  );
  return created.body.id as string;
}

const events = (customerId: string, kind: string) => first.dataSource.getRepository(TimelineEvent).countBy({ customerId, kind: kind as never });

describe('returning customers to the pool (default: 30 days, warning 3 days before)', () => {
  it('moves each stale customer once and warns each owner once, even with two instances running the rule at once', async () => {
    const stale = await customerLastFollowedDaysAgo('久未跟进客户', 31);
    const neverFollowed = await customerLastFollowedDaysAgo('从未跟进客户', null, 45);
    const nearlyStale = await customerLastFollowedDaysAgo('快要退回的客户', 28);
    const fresh = await customerLastFollowedDaysAgo('刚跟进的客户', 2);

    const results = await Promise.all([first.services.poolRules.run(), second.services.poolRules.run(), first.services.poolRules.run()]);
    expect(results.reduce((sum, r) => sum + r.returned, 0)).toBeGreaterThanOrEqual(2);

    const repo = first.dataSource.getRepository(Customer);
    expect((await repo.findOneByOrFail({ id: stale })).ownerId).toBeNull();
    expect((await repo.findOneByOrFail({ id: neverFollowed })).ownerId).toBeNull();
    expect((await repo.findOneByOrFail({ id: nearlyStale })).ownerId).toBe(rep1Id);
    expect((await repo.findOneByOrFail({ id: fresh })).ownerId).toBe(rep1Id);
    expect(await events(stale, 'returned_to_pool')).toBe(1);
    expect(await events(neverFollowed, 'returned_to_pool')).toBe(1);
    expect(await events(nearlyStale, 'pool_warning')).toBe(1);
    expect(await events(fresh, 'pool_warning')).toBe(0);
    const expiring = await api.get('/api/v1/customers?scope=expiring&limit=100', { token: rep1 });
    expect(expiring.body.data.map((c: { id: string }) => c.id)).toEqual([nearlyStale]);

    // Running again changes nothing.
    await Promise.all([first.services.poolRules.run(), second.services.poolRules.run()]);
    expect(await events(stale, 'returned_to_pool')).toBe(1);
    expect(await events(nearlyStale, 'pool_warning')).toBe(1);
  });

  it('keeps a customer whose owner follows up after the warning', async () => {
    const warned = await customerLastFollowedDaysAgo('被提醒后跟进的客户', 29);
    await first.services.poolRules.run();
    expect(await events(warned, 'pool_warning')).toBe(1);
    await api.post(`/api/v1/customers/${warned}/follow-ups`, { method: 'phone', content: '赶紧联系了' }, { token: rep1 });
    await first.services.poolRules.run(new Date(Date.now() + 2 * DAY));
    expect((await first.dataSource.getRepository(Customer).findOneByOrFail({ id: warned })).ownerId).toBe(rep1Id);
  });

  it('lets one instance run a tick while the other skips it (the job lock)', async () => {
    const logger = createLogger('silent');
    let runs = 0;
    const slowJob = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'done';
    };
    const [a, b] = await Promise.all([
      runLocked(first.kv, 'pool-return-lock-test', 60_000, logger, slowJob),
      runLocked(second.kv, 'pool-return-lock-test', 60_000, logger, slowJob),
    ]);
    expect(runs).toBe(1);
    expect([a, b].filter((r) => r === 'done')).toHaveLength(1);
  });
});
