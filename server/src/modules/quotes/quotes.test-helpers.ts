import type { QuoteStatus } from '@wesale/shared';
import type { ApiClient, ApiResponse } from '../../testing/http';
import { customerSession, insertCustomer, startSalesServer } from '../../testing/sales-fixtures';
import type { TestServer } from '../../testing/test-server';
import { Contact } from '../customers/contact.entity';
import { User } from '../identity/user.entity';
import { expectStatus } from '../opportunities/opportunities.test-helpers';
import { Product } from '../products/product.entity';
import { shanghaiDate } from '@wesale/shared';
import { Quote } from './quote.entity';

export { expectStatus };

/** Who drives a quote along the path to a status in these tests. */
const PATH_TO: Record<QuoteStatus, Array<[action: string, as: string]>> = {
  draft: [],
  pending_approval: [['submit', 'rep1']],
  approved: [['submit', 'rep1'], ['approve', 'manager']],
  sent: [['submit', 'rep1'], ['approve', 'manager'], ['send', 'rep1']],
  accepted: [['submit', 'rep1'], ['approve', 'manager'], ['send', 'rep1'], ['accept', 'buyer']],
  declined: [['submit', 'rep1'], ['approve', 'manager'], ['send', 'rep1'], ['decline', 'buyer']],
  expired: [['submit', 'rep1'], ['approve', 'manager'], ['send', 'rep1']],
  superseded: [['revise', 'rep1']],
};

/**
 * The demo users plus a second team (华南销售组: manager2, rep3); customers of rep1 (east, grade regular,
 * with a primary contact), rep1's customer followed by rep2 (shared), rep2 (other), rep3 (south) and one in
 * the pool; a signed-in buyer of east and one of other.
 */
export interface QuoteWorld {
  server: TestServer;
  api: ApiClient;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  customers: { east: string; shared: string; other: string; south: string; pool: string };
  buyers: { east: { accountId: string; token: string }; other: { accountId: string; token: string } };
  /** By SKU. 西湖龙井 TEA-LJ-250: list 688.00, cost 378.40, floor 584.80, VAT 13 %. */
  products: Record<string, Product>;
  create(as: string, body?: Record<string, unknown>): Promise<ApiResponse>;
  act(as: string, id: string, action: string, body?: Record<string, unknown>): Promise<ApiResponse>;
  get(as: string, id: string): Promise<ApiResponse>;
  /** A quote of east (owner rep1) priced below rep1's limit (so it needs approval), driven into the status. */
  quoteIn(status: QuoteStatus): Promise<{ id: string; number: string }>;
  setRepLimit(username: string, maxDiscountBp: number): Promise<void>;
  /** Moves a quote's last valid day (for expiry) straight in the database. */
  setValidUntil(id: string, date: string): Promise<void>;
  status(id: string): Promise<QuoteStatus>;
  close(): Promise<void>;
}

export function yesterday(): string {
  return shanghaiDate(new Date(Date.now() - 24 * 60 * 60 * 1000));
}

export async function startQuoteWorld(): Promise<QuoteWorld> {
  const { server, api, tokens, userIds } = await startSalesServer();

  const customers = {
    east: await insertCustomer(server, { name: '杭州西湖茶庄', owner: 'rep1', grade: 'regular' }),
    shared: await insertCustomer(server, { name: '宁波甬江贸易', owner: 'rep1', grade: 'regular', followers: ['rep2'] }),
    other: await insertCustomer(server, { name: '苏州园林文化传媒', owner: 'rep2' }),
    south: await insertCustomer(server, { name: '广州珠江贸易有限公司', owner: 'rep3' }),
    pool: await insertCustomer(server, { name: '南京秦淮酒店管理集团', owner: null }),
  };
  await server.dataSource.getRepository(Contact).insert({ customerId: customers.east, name: '林采购', mobile: '13900000021', isPrimary: true });
  const buyers = {
    east: await customerSession(server, customers.east, '林采购'),
    other: await customerSession(server, customers.other, '钱主管'),
  };
  tokens.buyer = buyers.east.token;
  tokens.otherBuyer = buyers.other.token;
  const products = Object.fromEntries((await server.dataSource.getRepository(Product).find()).map((product) => [product.sku, product]));

  const create = (as: string, body: Record<string, unknown> = {}) =>
    api.post('/api/v1/quotes', { customerId: customers.east, lines: [{ productId: products['TEA-LJ-250'].id, quantity: 2 }], ...body }, { token: tokens[as] });
  const act = (as: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    api.post(`/api/v1/quotes/${id}/${action}`, body, { token: tokens[as] });
  const setValidUntil = async (id: string, date: string) => {
    await server.dataSource.getRepository(Quote).update({ id }, { validUntil: date });
  };

  return {
    server,
    api,
    tokens,
    userIds,
    customers,
    buyers,
    products,
    create,
    act,
    get: (as, id) => api.get(`/api/v1/quotes/${id}`, { token: tokens[as] }),
    async quoteIn(status) {
      // 600.00 a can: 8.2 % under the regular grade price of 653.60 — beyond rep1's 5 %, above the floor.
      const created = await create('rep1', { lines: [{ productId: products['TEA-LJ-250'].id, quantity: 2, unitPriceFen: 60000 }] });
      expectStatus(created, 201);
      for (const [action, as] of PATH_TO[status]) expectStatus(await act(as, created.body.id, action), action === 'revise' ? 201 : 200);
      if (status === 'expired') {
        await setValidUntil(created.body.id, yesterday());
        await server.services.quotes.expireOverdue();
      }
      return { id: created.body.id, number: created.body.number };
    },
    async setRepLimit(username, maxDiscountBp) {
      await server.dataSource.getRepository(User).update({ username }, { maxDiscountBp });
    },
    setValidUntil,
    async status(id) {
      return (await server.dataSource.getRepository(Quote).findOneByOrFail({ id })).status;
    },
    close: () => server.close(),
  };
}
