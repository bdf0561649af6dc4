import { inTransaction } from '../../infra/db';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { createProduct, expectStatus, ledgerDifferences, level, movementCount, warehouseId } from './stock.test-helpers';

let server: TestServer;
let api: ApiClient;
let admin: string;
let keeper: string;
let sh: string;
let gz: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  [admin, keeper] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'warehouse')]);
  [sh, gz] = await Promise.all([warehouseId(server.dataSource, 'SH01'), warehouseId(server.dataSource, 'GZ01')]);
});
afterAll(() => server?.close());

async function stocked(onHand: number, warehouse = sh): Promise<string> {
  const productId = await createProduct(api, admin);
  expectStatus(await api.post('/api/v1/stock/adjust', { warehouseId: warehouse, lines: [{ productId, quantityDelta: onHand }], note: '入库' }, { token: keeper }), 200);
  return productId;
}

describe('stock under concurrency (MariaDB)', () => {
  it('lets exactly 20 of 50 simultaneous removals of 1 through against 20 on hand, ending at 0 with the ledger in step', async () => {
    const productId = await stocked(20);
    const attempts = Array.from({ length: 50 }, () =>
      api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId, quantityDelta: -1 }], note: '并发出库' }, { token: keeper }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 0, reserved: 0 });
    expect(await movementCount(server.dataSource, { productId, reason: 'adjustment' })).toBe(21);
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
  });

  it('reserves exactly 30 of 100 simultaneous single-unit reservations against 30 available', async () => {
    const productId = await stocked(30);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        inTransaction(server.dataSource, (em) => server.services.stock.reserve(em, sh, [{ productId, quantity: 1 }], { type: 'order', id: String(10_000 + i) }, null)),
      ),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    expect(rejected).toHaveLength(70);
    expect(rejected.every((r) => r.reason.code === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 30, reserved: 30 });
    expect(await movementCount(server.dataSource, { productId, reason: 'reserve' })).toBe(30);
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
  });

  it('never deadlocks multi-line reservations that list the same products in opposite orders', async () => {
    const a = await stocked(100);
    const b = await stocked(100);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => {
        const lines = i % 2 ? [{ productId: a, quantity: 1 }, { productId: b, quantity: 1 }] : [{ productId: b, quantity: 1 }, { productId: a, quantity: 1 }];
        return inTransaction(server.dataSource, (em) => server.services.stock.reserve(em, sh, lines, { type: 'order', id: String(20_000 + i) }, null), 1);
      }),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await level(server.dataSource, sh, a)).toEqual({ onHand: 100, reserved: 40 });
    expect(await level(server.dataSource, sh, b)).toEqual({ onHand: 100, reserved: 40 });
  });

  it('keeps the total constant when transfers run both ways between two warehouses at once', async () => {
    const a = await stocked(50);
    const b = await stocked(50);
    await api.post('/api/v1/stock/transfer', { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId: a, quantity: 25 }, { productId: b, quantity: 25 }] }, { token: keeper });
    const transfers = Array.from({ length: 30 }, (_, i) =>
      api.post(
        '/api/v1/stock/transfer',
        i % 2
          ? { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId: a, quantity: 1 }, { productId: b, quantity: 2 }] }
          : { fromWarehouseId: gz, toWarehouseId: sh, lines: [{ productId: b, quantity: 1 }, { productId: a, quantity: 2 }] },
        { token: keeper },
      ),
    );
    const statuses = (await Promise.all(transfers)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const total = async (productId: string) => (await level(server.dataSource, sh, productId))!.onHand + (await level(server.dataSource, gz, productId))!.onHand;
    expect(await total(a)).toBe(50);
    expect(await total(b)).toBe(50);
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
  });
});
