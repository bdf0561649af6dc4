import { MAX_ON_HAND } from '@wesale/shared';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { createProduct, expectStatus, ledgerDifferences, level, movementCount, warehouseId } from './stock.test-helpers';

/**
 * On hand is held to MAX_ON_HAND per warehouse and product (the 32-bit column holds a little more): a change that
 * would take it past is a 409 STOCK_LIMIT_EXCEEDED naming the product, with nothing written — also when two changes
 * that fit alone race each other.
 */

let server: TestServer;
let api: ApiClient;
let admin: string;
let keeper: string;
let sh: string;
let gz: string;

/** The most one adjustment line moves (the stock schemas' quantity bound). */
const MAX_DELTA = 100_000_000;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  [admin, keeper] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'warehouse')]);
  [sh, gz] = await Promise.all([warehouseId(server.dataSource, 'SH01'), warehouseId(server.dataSource, 'GZ01')]);
});
afterAll(() => server?.close());

const adjust = (warehouse: string, productId: string, quantityDelta: number) =>
  api.post('/api/v1/stock/adjust', { warehouseId: warehouse, lines: [{ productId, quantityDelta }], note: '入库' }, { token: keeper });

/** A fresh product with `onHand` in the warehouse, put there by adjustments of at most MAX_DELTA each. */
async function stocked(onHand: number, warehouse = sh): Promise<string> {
  const productId = await createProduct(api, admin);
  for (let left = onHand; left > 0; left -= MAX_DELTA) expectStatus(await adjust(warehouse, productId, Math.min(left, MAX_DELTA)), 200);
  return productId;
}

describe('the maximum on hand', () => {
  it('takes an adjustment up to the maximum exactly, and refuses one unit more with 409 naming the product', async () => {
    const productId = await stocked(MAX_ON_HAND - MAX_DELTA);
    expectStatus(await adjust(sh, productId, MAX_DELTA), 200);
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: MAX_ON_HAND, reserved: 0 });

    const movements = await movementCount(server.dataSource, { productId });
    const refused = await adjust(sh, productId, 1);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('STOCK_LIMIT_EXCEEDED');
    expect(refused.body.error.message).toContain('测试库存茶');
    expect(refused.body.error.details).toMatchObject({ productId, onHand: MAX_ON_HAND, requested: 1, maxOnHand: MAX_ON_HAND });
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: MAX_ON_HAND, reserved: 0 });
    expect(await movementCount(server.dataSource, { productId })).toBe(movements);
  }, 120_000);

  it('refuses a whole adjustment when one of its lines would pass the maximum, writing none of them', async () => {
    const full = await stocked(MAX_ON_HAND - 10);
    const other = await stocked(5);
    const response = await api.post(
      '/api/v1/stock/adjust',
      { warehouseId: sh, lines: [{ productId: other, quantityDelta: 7 }, { productId: full, quantityDelta: 11 }], note: '入库' },
      { token: keeper },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('STOCK_LIMIT_EXCEEDED');
    expect(await level(server.dataSource, sh, other)).toEqual({ onHand: 5, reserved: 0 });
    expect(await level(server.dataSource, sh, full)).toEqual({ onHand: MAX_ON_HAND - 10, reserved: 0 });
  }, 120_000);

  it('refuses a transfer that would fill the destination past the maximum; neither warehouse changes', async () => {
    const productId = await stocked(MAX_ON_HAND - 3, gz);
    expectStatus(await adjust(sh, productId, 10), 200);
    const response = await api.post(
      '/api/v1/stock/transfer',
      { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId, quantity: 4 }], note: '调拨' },
      { token: keeper },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('STOCK_LIMIT_EXCEEDED');
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(server.dataSource, gz, productId)).toEqual({ onHand: MAX_ON_HAND - 3, reserved: 0 });
    expectStatus(
      await api.post('/api/v1/stock/transfer', { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId, quantity: 3 }] }, { token: keeper }),
      200,
    );
    expect(await level(server.dataSource, gz, productId)).toEqual({ onHand: MAX_ON_HAND, reserved: 0 });
  }, 120_000);

  it('lets exactly one of two concurrent adjustments through when together they would pass the maximum', async () => {
    const productId = await stocked(MAX_ON_HAND - 100);
    const responses = await Promise.all([adjust(sh, productId, 60), adjust(sh, productId, 60)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: MAX_ON_HAND - 40, reserved: 0 });
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
  }, 120_000);
});
