import { startSalesServer, customerSession, type SalesStaff } from '../../testing/sales-fixtures';

let staff: SalesStaff;
/** The demo documents (of rep1, in the manager's team), a sent quote among them so its customer can see it. */
const documents: Record<'quote' | 'contract' | 'order', { id: string; customerId: string }> = {} as never;
/** A customer account of each document's company. */
const customerTokens: Record<'quote' | 'order', string> = {} as never;
let customerId: string;
let productId: string;

beforeAll(async () => {
  staff = await startSalesServer();
  for (const kind of ['quote', 'contract', 'order'] as const) {
    const list = await staff.api.get(`/api/v1/${kind}s?limit=100`, { token: staff.tokens.admin });
    const document = list.body.data.find(
      (row: { status: string; ownerId: string }) => row.ownerId === staff.userIds.rep1 && (kind !== 'quote' || row.status === 'sent'),
    );
    expect(document).toBeDefined();
    documents[kind] = { id: document.id, customerId: document.customerId };
  }
  for (const kind of ['quote', 'order'] as const) customerTokens[kind] = (await customerSession(staff.server, documents[kind].customerId)).token;
  customerId = documents.quote.customerId;
  productId = (await staff.api.get('/api/v1/products?status=active&limit=1', { token: staff.tokens.admin })).body.data[0].id;
});
afterAll(async () => {
  await staff?.server.close();
});

/** Cost and floor price present (as integers) or absent altogether. */
function expectCostFields(item: Record<string, unknown>, visible: boolean) {
  if (visible) {
    expect(item.costFen).toEqual(expect.any(Number));
    expect(item.floorPriceFen).toEqual(expect.any(Number));
  } else {
    expect(item).not.toHaveProperty('costFen');
    expect(item).not.toHaveProperty('floorPriceFen');
  }
}

const STAFF_ROLES_SEEN = ['admin', 'manager', 'finance', 'rep1', 'warehouse'] as const;

/** Every product and document response a user can reach, checked for cost, floor and margin. */
async function expectVisibility(username: (typeof STAFF_ROLES_SEEN)[number], visible: boolean) {
  const token = staff.tokens[username];
  const products = await staff.api.get('/api/v1/products?limit=100', { token });
  expect(products.status).toBe(200);
  for (const product of products.body.data) expectCostFields(product, visible);
  expectCostFields((await staff.api.get(`/api/v1/products/${productId}`, { token })).body, visible);

  const quote = await staff.api.get(`/api/v1/quotes/${documents.quote.id}`, { token });
  expect(quote.status).toBe(200);
  for (const line of quote.body.lines) expectCostFields(line, visible);
  expect(quote.body.margin === null).toBe(!visible);

  const contract = await staff.api.get(`/api/v1/contracts/${documents.contract.id}`, { token });
  expect(contract.status).toBe(200);
  for (const line of contract.body.lines) expectCostFields(line, visible);
  expect(contract.body.margin === undefined).toBe(!visible);

  const order = await staff.api.get(`/api/v1/orders/${documents.order.id}`, { token });
  expect(order.status).toBe(200);
  for (const line of order.body.lines) expectCostFields(line, visible);
  expect(order.body.margin === null).toBe(!visible);
  // Why a line needs approval stays visible to everyone who prices it.
  for (const line of order.body.lines) expect(line.belowFloor).toEqual(expect.any(Boolean));

  const orders = await staff.api.get('/api/v1/orders?limit=100', { token });
  for (const row of orders.body.data) expect(row.margin === null).toBe(!visible);

  if (username === 'finance' || username === 'warehouse') return; // pricing is for sellers
  const check = await staff.api.post('/api/v1/pricing/check', { customerId, lines: [{ productId, quantity: 2 }] }, { token });
  expect(check.status).toBe(200);
  for (const line of check.body.lines) expectCostFields(line, visible);
  expect(check.body.margin === undefined).toBe(!visible);
  const prices = await staff.api.get(`/api/v1/pricing/customer-prices?customerId=${customerId}&productIds=${productId}`, { token });
  expect(prices.status).toBe(200);
  expect(prices.body.data[0].floorPriceFen === undefined).toBe(!visible);
}

describe('who sees cost, floor price and margin', () => {
  it('by default: admins, managers and finance', async () => {
    const settings = await staff.api.get('/api/v1/settings/sales', { token: staff.tokens.admin });
    expect(settings.body.costVisibleRoles).toEqual(['admin', 'manager', 'finance']);
    await expectVisibility('admin', true);
    await expectVisibility('manager', true);
    await expectVisibility('finance', true);
  });

  it('by default not reps nor warehouse', async () => {
    await expectVisibility('rep1', false);
    await expectVisibility('warehouse', false);
  });

  it('never customers, whatever the setting', async () => {
    const check = async () => {
      const products = await staff.api.get('/api/v1/products?limit=100', { token: customerTokens.order });
      expect(products.body.data.length).toBeGreaterThan(0);
      for (const product of products.body.data) expectCostFields(product, false);
      for (const kind of ['quote', 'order'] as const) {
        const document = await staff.api.get(`/api/v1/${kind}s/${documents[kind].id}`, { token: customerTokens[kind] });
        expect(document.status).toBe(200);
        expect(document.body).not.toHaveProperty('margin');
        for (const line of document.body.lines) {
          expectCostFields(line, false);
          expect(line).not.toHaveProperty('belowFloor');
        }
      }
    };
    await check();
    const everyone = await staff.api.patch(
      '/api/v1/settings/sales',
      { costVisibleRoles: ['admin', 'manager', 'rep', 'finance', 'warehouse'] },
      { token: staff.tokens.admin },
    );
    expect(everyone.status).toBe(200);
    await check();
  });

  it('follows the setting once an admin changes it', async () => {
    const changed = await staff.api.patch('/api/v1/settings/sales', { costVisibleRoles: ['admin', 'rep'] }, { token: staff.tokens.admin });
    expect(changed.status).toBe(200);
    expect(changed.body.costVisibleRoles).toEqual(['admin', 'rep']);
    await expectVisibility('rep1', true);
    await expectVisibility('admin', true);
    await expectVisibility('manager', false);
    await expectVisibility('finance', false);
    await expectVisibility('warehouse', false);
  });

  it('lets only admins change who sees cost; a bad or repeated role is a 400; nothing changes', async () => {
    const before = (await staff.api.get('/api/v1/settings/sales', { token: staff.tokens.admin })).body.costVisibleRoles;
    const byManager = await staff.api.patch('/api/v1/settings/sales', { costVisibleRoles: ['manager'] }, { token: staff.tokens.manager });
    expect(byManager.status).toBe(403);
    for (const costVisibleRoles of [['boss'], ['admin', 'admin'], 'admin']) {
      const bad = await staff.api.patch('/api/v1/settings/sales', { costVisibleRoles }, { token: staff.tokens.admin });
      expect(bad.status).toBe(400);
    }
    expect((await staff.api.get('/api/v1/settings/sales', { token: staff.tokens.admin })).body.costVisibleRoles).toEqual(before);
    // Managers still tune the rest of the sales settings.
    expect((await staff.api.patch('/api/v1/settings/sales', { quoteValidityDays: 20 }, { token: staff.tokens.manager })).status).toBe(200);
  });
});
