import { amountInWords, discountedPriceFen } from '@wesale/shared';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Customer } from '../customers/customer.entity';
import { User } from '../identity/user.entity';
import { Product } from '../products/product.entity';

let server: TestServer;
let api: ApiClient;
const token: Record<string, string> = {};
let premiumCustomerId: string;
let products: Record<string, Product>;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const name of ['admin', 'manager', 'rep1', 'rep2', 'finance']) token[name] = await loginAs(server, name);
  premiumCustomerId = (await server.dataSource.getRepository(Customer).findOneByOrFail({ name: '上海茗香茶业有限公司' })).id;
  products = Object.fromEntries((await server.dataSource.getRepository(Product).find()).map((product) => [product.sku, product]));
});

afterAll(async () => {
  await server?.close();
});

const check = (as: string, lines: unknown[], customerId = premiumCustomerId) =>
  api.post('/api/v1/pricing/check', { customerId, lines }, { token: token[as] });

describe('sales settings', () => {
  it('gives grade discounts, validity, terms and the company header with defaults', async () => {
    const response = await api.get('/api/v1/settings/sales', { token: token.rep1 });
    expect(response.status).toBe(200);
    expect(response.body.gradeDiscounts).toEqual(expect.arrayContaining([{ grade: 'premium', category: null, discountBp: 1000 }]));
    expect(response.body.company.name).toBeTruthy();
  });

  it('lets only admins and managers change them, and rejects a discount over 100 %', async () => {
    expect((await api.patch('/api/v1/settings/sales', { quoteValidityDays: 15 }, { token: token.rep1 })).status).toBe(403);
    const bad = await api.patch('/api/v1/settings/sales', { gradeDiscounts: [{ grade: 'new', category: null, discountBp: 10001 }] }, { token: token.admin });
    expect(bad.status).toBe(400);
    const good = await api.patch('/api/v1/settings/sales', { quoteValidityDays: 15 }, { token: token.manager });
    expect(good.status).toBe(200);
    expect(good.body.quoteValidityDays).toBe(15);
    expect((await api.get('/api/v1/settings/sales', { token: token.rep1 })).body.quoteValidityDays).toBe(15);
  });
});

describe('grade prices', () => {
  it('uses the category rule of the grade over its general rule', async () => {
    await api.patch(
      '/api/v1/settings/sales',
      {
        gradeDiscounts: [
          { grade: 'premium', category: null, discountBp: 1000 },
          { grade: 'premium', category: '茶具', discountBp: 1500 },
        ],
      },
      { token: token.admin },
    );
    const tea = products['TEA-LJ-250'];
    const pot = products['POT-ZS-300'];
    const response = await api.get(`/api/v1/pricing/customer-prices?customerId=${premiumCustomerId}&productIds=${tea.id},${pot.id}`, { token: token.rep1 });
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(response.body.data.map((price: { productId: string }) => [price.productId, price]));
    expect(byId[tea.id]).toMatchObject({ listPriceFen: 68800, gradeDiscountBp: 1000, gradePriceFen: 61920 });
    expect(byId[pot.id]).toMatchObject({ listPriceFen: 88000, gradeDiscountBp: 1500, gradePriceFen: 74800 });
    // A rep's picker shows no floor price (not among the default costVisibleRoles).
    expect(byId[pot.id]).not.toHaveProperty('floorPriceFen');
  });

  it('is not shown for a customer the rep cannot see', async () => {
    const tea = products['TEA-LJ-250'];
    expect((await api.get(`/api/v1/pricing/customer-prices?customerId=${premiumCustomerId}&productIds=${tea.id}`, { token: token.rep2 })).status).toBe(404);
    expect((await api.get(`/api/v1/pricing/customer-prices?customerId=${premiumCustomerId}&productIds=${tea.id}`, { token: token.finance })).status).toBe(403);
  });
});

describe('POST /pricing/check', () => {
  it('defaults each line to the grade price and totals it tax-inclusive with the amount in words', async () => {
    const tea = products['TEA-LJ-250'];
    const water = products['WTR-SQ-18'];
    const response = await check('rep1', [
      { productId: tea.id, quantity: 3 },
      { productId: water.id, quantity: 7, discountFen: 0 },
    ]);
    expect(response.status).toBe(200);
    const teaPrice = discountedPriceFen(68800, 1000);
    const waterPrice = discountedPriceFen(3500, 1000);
    const total = 3 * teaPrice + 7 * waterPrice;
    expect(response.body.lines.map((line: { unitPriceFen: number }) => line.unitPriceFen)).toEqual([teaPrice, waterPrice]);
    expect(response.body.totals).toMatchObject({ totalFen: total, totalInWords: amountInWords(total) });
    expect(response.body.totals.taxFen + response.body.totals.netFen).toBe(total);
    expect(response.body.needsApproval).toBe(false);
    expect(response.body).not.toHaveProperty('margin');
    const asManager = await check('manager', [
      { productId: tea.id, quantity: 3 },
      { productId: water.id, quantity: 7 },
    ]);
    const cost = 3 * tea.costFen + 7 * water.costFen;
    expect(asManager.body.margin).toEqual({ revenueFen: total, costFen: cost, marginFen: total - cost, marginBp: Math.round(((total - cost) * 10000) / total) });
  });

  it('flags a discount beyond the rep limit and a price under the floor', async () => {
    await server.dataSource.getRepository(User).update({ username: 'rep1' }, { maxDiscountBp: 500 });
    const regularCustomerId = (await server.dataSource.getRepository(Customer).findOneByOrFail({ name: '杭州悦来酒店管理有限公司' })).id;
    const tea = products['TEA-LJ-250'];
    const gradePrice = discountedPriceFen(68800, 500);
    const withinLimit = await check('rep1', [{ productId: tea.id, quantity: 10, discountFen: Math.floor(gradePrice * 10 * 0.05) }], regularCustomerId);
    expect(withinLimit.body.needsApproval).toBe(false);

    const beyond = await check('rep1', [{ productId: tea.id, quantity: 10, discountFen: Math.ceil(gradePrice * 10 * 0.06) }], regularCustomerId);
    expect(beyond.body.needsApproval).toBe(true);
    expect(beyond.body.lines[0]).toMatchObject({ beyondRepLimit: true, belowFloor: false });
    expect(beyond.body.approvalReasons[0]).toContain('超出您的权限');

    const underFloor = await check('manager', [{ productId: tea.id, quantity: 1, unitPriceFen: tea.floorPriceFen - 1 }]);
    expect(underFloor.body.lines[0]).toMatchObject({ belowFloor: true, beyondRepLimit: false });
    expect(underFloor.body.approvalReasons).toEqual([expect.stringContaining('低于底价')]);
  });

  it.each([
    ['an unknown product', () => [{ productId: '999999', quantity: 1 }], '产品不存在'],
    ['a discontinued product', () => [{ productId: products['TRAY-ZM-60'].id, quantity: 1 }], '已停售'],
    ['a discount larger than the line', () => [{ productId: products['WTR-SQ-18'].id, quantity: 1, unitPriceFen: 100, discountFen: 101 }], '折扣超过'],
    ['a zero quantity', () => [{ productId: products['WTR-SQ-18'].id, quantity: 0 }], '数量'],
    ['a fractional price', () => [{ productId: products['WTR-SQ-18'].id, quantity: 1, unitPriceFen: 1.5 }], '整数'],
    ['no lines', () => [], '至少需要一行'],
  ])('refuses %s with 400 and a message', async (_case, lines, message) => {
    const response = await check('rep1', lines());
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error)).toContain(message);
  });
});
