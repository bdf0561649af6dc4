import { addStaff } from '../../testing/crm-fixtures';
import { apiClient, loginAs, type ApiClient, type ApiResponse } from '../../testing/http';
import { customerSession, insertCustomer } from '../../testing/sales-fixtures';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { User } from '../identity/user.entity';
import { level, warehouseId } from '../stock/stock.test-helpers';

/** Fails with the response body in the message, so a wrong status says why. */
export function expectStatus(response: ApiResponse, status: number) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: response.body });
}

export interface TestProduct {
  id: string;
  sku: string;
  priceFen: number;
  costFen: number;
  floorPriceFen: number;
}

/**
 * The demo users plus a second team (华南销售组: manager2, rep3); customers of rep1 (east, grade new, no credit
 * limit), rep2 (other), rep3 (south), one in the pool, one of rep1 with a 1,000.00 credit limit; a signed-in buyer
 * for east and one for other. Products are made per test (own stock, own numbers) in the default warehouse SH01.
 */
export interface OrderWorld {
  server: TestServer;
  api: ApiClient;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  customers: { east: string; other: string; south: string; pool: string; credit: string };
  warehouses: { sh: string; gz: string };
  /** A product (list 100.00, cost 60.00, floor 80.00 unless told) with `onHand` in SH01. */
  product(onHand: number, fields?: { priceFen?: number; floorPriceFen?: number; costFen?: number }): Promise<TestProduct>;
  createOrder(as: string, body: Record<string, unknown>, headers?: Record<string, string>): Promise<ApiResponse>;
  /** A rep1 order for east, confirmed unless told otherwise. */
  confirmedOrder(lines: Array<{ productId: string; quantity: number }>, confirm?: boolean): Promise<any>;
  act(as: string, path: string, body?: Record<string, unknown>): Promise<ApiResponse>;
  level(productId: string, warehouse?: string): Promise<{ onHand: number; reserved: number } | null>;
  close(): Promise<void>;
}

let skuSeq = 0;

export async function startOrderWorld(): Promise<OrderWorld> {
  const server = await startTestServer();
  const api = apiClient(server.url);
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  for (const username of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) tokens[username] = await loginAs(server, username);
  tokens.manager2 = (await addStaff(server, 'manager2', 'manager', '华南销售组')).token;
  tokens.rep3 = (await addStaff(server, 'rep3', 'rep', '华南销售组')).token;
  for (const user of await server.dataSource.getRepository(User).find()) userIds[user.username] = user.id;

  const customers = {
    east: await insertCustomer(server, { name: '杭州西湖茶庄', owner: 'rep1' }),
    other: await insertCustomer(server, { name: '苏州园林文化传媒', owner: 'rep2' }),
    south: await insertCustomer(server, { name: '广州珠江贸易有限公司', owner: 'rep3' }),
    pool: await insertCustomer(server, { name: '南京秦淮酒店管理集团', owner: null }),
    credit: await insertCustomer(server, { name: '宁波甬江贸易', owner: 'rep1', creditLimitFen: 100_000 }),
  };
  tokens.buyer = (await customerSession(server, customers.east, '林采购')).token;
  tokens.otherBuyer = (await customerSession(server, customers.other, '钱主管')).token;
  const warehouses = { sh: await warehouseId(server.dataSource, 'SH01'), gz: await warehouseId(server.dataSource, 'GZ01') };

  const world: OrderWorld = {
    server,
    api,
    tokens,
    userIds,
    customers,
    warehouses,
    async product(onHand, fields = {}) {
      const body = {
        sku: `ORD-${process.pid}-${++skuSeq}`,
        name: `测试茶${skuSeq}`,
        unit: '盒',
        category: '测试',
        priceFen: fields.priceFen ?? 10_000,
        costFen: fields.costFen ?? 6_000,
        floorPriceFen: fields.floorPriceFen ?? 8_000,
      };
      const created = await api.post('/api/v1/products', body, { token: tokens.admin });
      expectStatus(created, 201);
      if (onHand > 0) {
        const adjusted = await api.post(
          '/api/v1/stock/adjust',
          { warehouseId: warehouses.sh, lines: [{ productId: created.body.id, quantityDelta: onHand }], note: '测试入库' },
          { token: tokens.warehouse },
        );
        expectStatus(adjusted, 200);
      }
      return { id: created.body.id, sku: body.sku, priceFen: body.priceFen, costFen: body.costFen, floorPriceFen: body.floorPriceFen };
    },
    createOrder: (as, body, headers) => api.post('/api/v1/orders', body, { token: tokens[as], headers }),
    async confirmedOrder(lines, confirm = true) {
      const created = await world.createOrder('rep1', { customerId: customers.east, lines });
      expectStatus(created, 201);
      if (!confirm) return created.body;
      const confirmed = await world.act('rep1', `/orders/${created.body.id}/confirm`);
      expectStatus(confirmed, 200);
      return confirmed.body;
    },
    act: (as, path, body = {}) => api.post(`/api/v1${path}`, body, { token: tokens[as] }),
    level: (productId, warehouse = warehouses.sh) => level(server.dataSource, warehouse, productId),
    close: () => server.close(),
  };
  return world;
}
