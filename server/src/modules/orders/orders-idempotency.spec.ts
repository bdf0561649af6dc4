import { randomUUID } from 'node:crypto';
import { AppError } from '../../infra/errors';
import { Idempotency } from '../../infra/idempotency';
import { IdempotencyKey } from '../../infra/idempotency-key.entity';
import { MemoryStore } from '../../infra/kv';
import { createLogger } from '../../infra/logger';
import { scheduledJobs } from '../../jobs';
import { apiClient, loginAs } from '../../testing/http';
import { insertCustomer } from '../../testing/sales-fixtures';
import { startTestServer } from '../../testing/test-server';
import { Order } from './order.entity';
import { expectStatus, startOrderWorld, type OrderWorld } from './orders.test-helpers';

/** Idempotency-Key of the money and stock writes, recorded in the database with the effect. */
let w: OrderWorld;
beforeAll(async () => {
  w = await startOrderWorld();
});
afterAll(() => w?.close());

const DAY_MS = 24 * 3600_000;
const key = () => `idem-${randomUUID()}`;
const cart = { shippingAddress: '杭州市西湖区龙井路 1 号', contactName: '林采购', contactPhone: '13900000011' };
const keyRows = (idempotencyKey: string) => w.server.dataSource.getRepository(IdempotencyKey).findBy({ idempotencyKey });
const orderCount = () => w.server.dataSource.getRepository(Order).count();
const post = (as: string, path: string, body: unknown, idempotencyKey: string) =>
  w.api.post(`/api/v1${path}`, body, { token: w.tokens[as], headers: { 'Idempotency-Key': idempotencyKey } });

describe('a failed attempt', () => {
  it('leaves no key behind (its transaction rolled back), so the same key places the order once the cause is fixed', async () => {
    const tea = await w.product(1);
    const idempotencyKey = key();
    const body = { lines: [{ productId: tea.id, quantity: 2 }], ...cart };
    const before = await orderCount();

    const failed = await post('buyer', '/orders', body, idempotencyKey);
    expectStatus(failed, 409);
    expect(failed.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(await keyRows(idempotencyKey)).toEqual([]);
    expect(await orderCount()).toBe(before);

    expectStatus(await w.api.post('/api/v1/stock/adjust', { warehouseId: w.warehouses.sh, lines: [{ productId: tea.id, quantityDelta: 5 }], note: '补货' }, { token: w.tokens.warehouse }), 200);
    const retried = await post('buyer', '/orders', body, idempotencyKey);
    expectStatus(retried, 201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await keyRows(idempotencyKey)).toHaveLength(1);
    expect(await orderCount()).toBe(before + 1);
  });
});

describe('the same key with another body', () => {
  it('is refused with 422 on one-step billing, and nothing more is written', async () => {
    const tea = await w.product(10);
    const idempotencyKey = key();
    const body = { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }], payment: { method: 'cash' } };
    expectStatus(await post('rep1', '/orders/billing', body, idempotencyKey), 201);
    const before = await orderCount();
    const other = await post('rep1', '/orders/billing', { ...body, lines: [{ productId: tea.id, quantity: 2 }] }, idempotencyKey);
    expectStatus(other, 422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await orderCount()).toBe(before);
    expect(await w.level(tea.id)).toEqual({ onHand: 9, reserved: 0 });
  });
});

describe('a retry whose first answer was never stored (the process died between the commit and the answer)', () => {
  /** What the database holds after such a crash: the key row committed with the effect, no stored answer. */
  async function forgetAnswer(idempotencyKey: string) {
    await w.server.dataSource.getRepository(IdempotencyKey).update({ idempotencyKey }, { responseStatus: null, responseBody: null });
  }

  it.each([
    ['a cart order', 'buyer', '/orders', async () => ({ lines: [{ productId: (await w.product(5)).id, quantity: 1 }], ...cart })],
    ['a one-step billing', 'warehouse', '/orders/billing', async () => ({ customerId: w.customers.east, lines: [{ productId: (await w.product(5)).id, quantity: 1 }], payment: { method: 'wechat' } })],
    ['a stock adjustment', 'warehouse', '/stock/adjust', async () => ({ warehouseId: w.warehouses.sh, lines: [{ productId: (await w.product(0)).id, quantityDelta: 3 }], note: '盘盈' })],
    ['a new customer', 'rep1', '/customers', async () => ({ name: `幂等重建客户${randomUUID().slice(0, 8)}`, mobile: `137${String(Date.now()).slice(-8)}` })],
  ])('gets the first answer rebuilt from the committed record: %s', async (_what, as, path, makeBody) => {
    const body = await makeBody();
    const idempotencyKey = key();
    const first = await post(as, path, body, idempotencyKey);
    expect(first.status).toBeLessThan(300);
    await forgetAnswer(idempotencyKey);
    const before = await orderCount();

    const retry = await post(as, path, body, idempotencyKey);
    expectStatus(retry, first.status);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await orderCount()).toBe(before);
  });
});

describe('instances that do not share a KV store (Redis lost the "in flight" markers)', () => {
  it('place one order from 20 concurrent attempts with the same key: the database row is the guard', async () => {
    const tea = await w.product(5);
    const actor = { kind: 'staff' as const, id: w.userIds.rep1, role: 'rep' as const, teamId: null };
    const body = { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1, discountFen: 0 }] };
    const idempotencyKey = key();
    const before = await orderCount();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        new Idempotency(w.server.dataSource, new MemoryStore(), createLogger('silent')).run(
          { scope: `staff:${actor.id}:post:/orders:/api/v1/orders`, key: idempotencyKey, body, route: 'POST /api/v1/orders', status: 201 },
          async () => ({ status: 201, body: await w.server.services.orders.create(actor, body) }),
        ),
      ),
    );
    expect(await orderCount()).toBe(before + 1);
    const answered = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(answered.filter((a) => !a.replayed)).toHaveLength(1);
    expect(new Set(answered.map((a) => (a.body as { id: string }).id)).size).toBe(1);
    // Only "still in flight" may be refused (an attempt that saw the first one's row before its commit).
    expect(refused.every((error) => error instanceof AppError && error.status === 409)).toBe(true);
  });
});

describe('retention', () => {
  it('keeps a key for 7 days, then the daily job deletes it', async () => {
    const tea = await w.product(5);
    const idempotencyKey = key();
    expectStatus(await post('rep1', '/orders', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }] }, idempotencyKey), 201);
    const { idempotency } = w.server.services;
    const now = Date.now();

    await idempotency.purgeExpired(new Date(now + 6 * DAY_MS));
    expect(await keyRows(idempotencyKey)).toHaveLength(1);
    const { deleted } = await idempotency.purgeExpired(new Date(now + 7 * DAY_MS + 60_000));
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await keyRows(idempotencyKey)).toEqual([]);
    expect(scheduledJobs(w.server.services).find((job) => job.name === 'idempotency-key-retention')?.schedule).toBe('40 3 * * *');
  });
});

describe('after a restart with an empty KV store', () => {
  it('a retry replays the committed order instead of placing a second one', async () => {
    const first = await startTestServer();
    const api = apiClient(first.url);
    const customerId = await insertCustomer(first, { name: '重启测试茶庄', owner: 'rep1' });
    const admin = await loginAs(first, 'admin');
    const product = await api.post('/api/v1/products', { sku: 'RESTART-1', name: '重启测试茶', unit: '盒', category: '测试', priceFen: 10_000 }, { token: admin });
    expectStatus(product, 201);
    const rep1 = await loginAs(first, 'rep1');
    const body = { customerId, lines: [{ productId: product.body.id, quantity: 1 }] };
    const headers = { 'Idempotency-Key': key() };
    const created = await api.post('/api/v1/orders', body, { token: rep1, headers });
    expectStatus(created, 201);
    await first.close();

    // Same database, a fresh KV store (new Redis key prefix / a new in-process store).
    const second = await startTestServer({ databaseUrl: first.databaseUrl, dataDir: first.config.dataDir });
    try {
      const again = apiClient(second.url);
      const retry = await again.post('/api/v1/orders', body, { token: rep1, headers });
      expectStatus(retry, 201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(created.body);
      const listed = await again.get(`/api/v1/orders?customerId=${customerId}`, { token: rep1 });
      expect(listed.body.data.map((order: { id: string }) => order.id)).toEqual([created.body.id]);
    } finally {
      await second.close();
    }
  }, 90_000);
});
