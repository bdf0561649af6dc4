import type { ContractStatus } from '@wesale/shared';
import type { ApiClient, ApiResponse } from '../../testing/http';
import { customerSession, insertCustomer, startSalesServer } from '../../testing/sales-fixtures';
import type { TestServer } from '../../testing/test-server';
import { User } from '../identity/user.entity';
import { Product } from '../products/product.entity';
import { QuoteLine } from '../quotes/quote-line.entity';
import { Quote } from '../quotes/quote.entity';

/** Fails with the response body in the message, so a wrong status says why. */
export function expectStatus(response: ApiResponse, status: number) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: response.body });
}

export const CONTRACT_ACTIONS = ['submit', 'withdraw', 'approve', 'reject', 'sign', 'activate', 'complete', 'terminate'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

/** Who performs each action in these tests: the owning rep, the team manager, or the customer's buyer. */
const ACTOR_OF: Record<ContractAction, string> = {
  submit: 'rep1',
  withdraw: 'rep1',
  approve: 'manager',
  reject: 'manager',
  sign: 'buyer',
  activate: 'rep1',
  complete: 'rep1',
  terminate: 'manager',
};

/** The path from a new draft to each status, one action at a time. */
const PATH_TO: Record<ContractStatus, ContractAction[]> = {
  draft: [],
  pending_approval: ['submit'],
  approved: ['submit', 'approve'],
  signed: ['submit', 'approve', 'sign'],
  active: ['submit', 'approve', 'sign', 'activate'],
  completed: ['submit', 'approve', 'sign', 'activate', 'complete'],
  terminated: ['submit', 'approve', 'terminate'],
};

/**
 * The demo users plus a second team (华南销售组: manager2, rep3); customers of rep1 (east, grade regular,
 * 15 days' terms), rep1's customer followed by rep2 (shared), rep2 (other), rep3 (south) and one in the pool;
 * a signed-in buyer for east and one for other.
 */
export interface ContractWorld {
  server: TestServer;
  api: ApiClient;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  customers: { east: string; shared: string; other: string; south: string; pool: string };
  buyers: { east: { accountId: string; token: string }; other: { accountId: string; token: string } };
  /** 西湖龙井: list 688.00, regular grade 653.60, cost 378.40, floor 584.80, VAT 13 %. */
  longjing: Product;
  create(as: string, body?: Record<string, unknown>): Promise<ApiResponse>;
  act(as: string, id: string, action: ContractAction, body?: Record<string, unknown>): Promise<ApiResponse>;
  /** A new contract of east (owner rep1) driven through the API into the status. */
  contractIn(status: ContractStatus): Promise<{ id: string; number: string }>;
  /** An accepted (or other status) quote of a customer, inserted as rows: its price is below today's floor on purpose. */
  insertQuote(customerId: string, owner: string, status?: Quote['status']): Promise<string>;
  close(): Promise<void>;
}

let quoteSeq = 0;

export async function startContractWorld(): Promise<ContractWorld> {
  const { server, api, tokens, userIds } = await startSalesServer();

  const customers = {
    east: await insertCustomer(server, { name: '杭州西湖茶庄', owner: 'rep1', grade: 'regular', paymentTermsDays: 15 }),
    shared: await insertCustomer(server, { name: '宁波甬江贸易', owner: 'rep1', grade: 'regular', followers: ['rep2'] }),
    other: await insertCustomer(server, { name: '苏州园林文化传媒', owner: 'rep2' }),
    south: await insertCustomer(server, { name: '广州珠江贸易有限公司', owner: 'rep3' }),
    pool: await insertCustomer(server, { name: '南京秦淮酒店管理集团', owner: null }),
  };
  const buyers = {
    east: await customerSession(server, customers.east, '林采购'),
    other: await customerSession(server, customers.other, '钱主管'),
  };
  tokens.buyer = buyers.east.token;
  tokens.otherBuyer = buyers.other.token;
  const longjing = await server.dataSource.getRepository(Product).findOneByOrFail({ sku: 'TEA-LJ-250' });

  const create = (as: string, body: Record<string, unknown> = {}) =>
    api.post(
      '/api/v1/contracts',
      {
        customerId: customers.east,
        title: '年度茶叶采购合同',
        lines: [{ productId: longjing.id, quantity: 10 }],
        startDate: '2026-07-01',
        ...body,
      },
      { token: tokens[as] },
    );
  const act = (as: string, id: string, action: ContractAction, body?: Record<string, unknown>) =>
    api.post(`/api/v1/contracts/${id}/${action}`, body ?? (action === 'terminate' ? { reason: '客户经营调整' } : {}), { token: tokens[as] });

  return {
    server,
    api,
    tokens,
    userIds,
    customers,
    buyers,
    longjing,
    create,
    act,
    async contractIn(status) {
      const created = await create('rep1');
      expectStatus(created, 201);
      for (const action of PATH_TO[status]) expectStatus(await act(ACTOR_OF[action], created.body.id, action), 200);
      return { id: created.body.id, number: created.body.number };
    },
    async insertQuote(customerId, owner, status = 'accepted') {
      const quotes = server.dataSource.getRepository(Quote);
      const ownerRow = await server.dataSource.getRepository(User).findOneByOrFail({ username: owner });
      const { identifiers } = await quotes.insert({
        number: `QT20260601-${String(++quoteSeq).padStart(4, '0')}`,
        version: 1,
        customerId,
        customerName: '报价客户',
        ownerId: ownerRow.id,
        teamId: ownerRow.teamId,
        createdBy: ownerRow.id,
        opportunityId: null,
        validUntil: '2026-12-31',
        terms: '报价单条款：款到发货。',
        status,
        approvalReasons: [],
        grossFen: 200000,
        discountFen: 1000,
        totalFen: 199000,
        taxFen: 22894,
        costFen: 151360,
      });
      const quoteId = String(identifiers[0].id);
      await quotes.update({ id: quoteId }, { rootId: quoteId });
      await server.dataSource.getRepository(QuoteLine).insert({
        quoteId,
        lineNo: 1,
        productId: longjing.id,
        sku: longjing.sku,
        productName: longjing.name,
        spec: longjing.spec,
        unit: longjing.unit,
        quantity: 4,
        listPriceFen: 68800,
        unitPriceFen: 50000,
        discountFen: 1000,
        taxRateBp: 1300,
        totalFen: 199000,
        taxFen: 22894,
        costFen: 151360,
        floorPriceFen: 58480,
        effectiveDiscountBp: 2384,
        beyondRepLimit: true,
      });
      return quoteId;
    },
    close: () => server.close(),
  };
}
