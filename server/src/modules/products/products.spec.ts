import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Product } from './product.entity';
import { AuditLog } from '../audit/audit-log.entity';
import { discountedPriceFen } from '@wesale/shared';
import { Customer } from '../customers/customer.entity';
import { CustomerAccount } from '../identity/customer-account.entity';
import { startFakeWechat, type FakeWechat } from '../../testing/fake-wechat';

let server: TestServer;
let api: ApiClient;
let admin: string;
let rep: string;
let warehouse: string;

let wechat: FakeWechat;

beforeAll(async () => {
  wechat = await startFakeWechat();
  server = await startTestServer({ env: { WECHAT_APPID: 'wx-test', WECHAT_SECRET: 'secret', WECHAT_API_BASE: wechat.baseUrl } });
  api = apiClient(server.url);
  [admin, rep, warehouse] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'rep1'), loginAs(server, 'warehouse')]);
});
afterAll(async () => {
  await server?.close();
  await wechat?.close();
});

const newProduct = (sku: string) => ({ sku, name: '测试茶叶', spec: '100g', unit: '盒', category: '茶叶', priceFen: 12345 });

describe('products', () => {
  it('lets an editor create a product and returns it with integer fen and string id', async () => {
    const created = await api.post('/api/v1/products', newProduct('T-CREATE-1'), { token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'T-CREATE-1', priceFen: 12345, status: 'active' });
    expect(typeof created.body.id).toBe('string');
    const stored = await server.dataSource.getRepository(Product).findOneByOrFail({ sku: 'T-CREATE-1' });
    expect(stored.priceFen).toBe(12345);
  });

  it('rejects a duplicate SKU with 409 and keeps one row', async () => {
    await api.post('/api/v1/products', newProduct('T-DUP-1'), { token: admin });
    const again = await api.post('/api/v1/products', newProduct('T-DUP-1'), { token: warehouse });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(await server.dataSource.getRepository(Product).countBy({ sku: 'T-DUP-1' })).toBe(1);
  });

  it('forbids a rep from creating products (403) and writes nothing', async () => {
    const response = await api.post('/api/v1/products', newProduct('T-REP-1'), { token: rep });
    expect(response.status).toBe(403);
    expect(await server.dataSource.getRepository(Product).countBy({ sku: 'T-REP-1' })).toBe(0);
  });

  it('records a price change in the audit log', async () => {
    const created = await api.post('/api/v1/products', newProduct('T-PRICE-1'), { token: admin });
    const updated = await api.patch(`/api/v1/products/${created.body.id}`, { priceFen: 9900 }, { token: admin });
    expect(updated.status).toBe(200);
    expect(updated.body.priceFen).toBe(9900);
    const audit = await server.dataSource.getRepository(AuditLog).findBy({ subjectType: 'product', subjectId: created.body.id, action: 'product.price_change' });
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toEqual({ priceFen: { from: 12345, to: 9900 } });
  });

  it('pages through the list with a cursor, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/api/v1/products?limit=5${cursor ? `&cursor=${cursor}` : ''}`, { token: rep });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const total = await server.dataSource.getRepository(Product).count();
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('searches by name or SKU, treating % and _ literally', async () => {
    const byName = await api.get(`/api/v1/products?q=${encodeURIComponent('龙井')}`, { token: rep });
    expect(byName.body.data.map((p: { sku: string }) => p.sku)).toEqual(['TEA-LJ-250']);
    const bySku = await api.get('/api/v1/products?q=GIFT-', { token: rep });
    expect(bySku.body.data).toHaveLength(3);
    const wildcard = await api.get(`/api/v1/products?q=${encodeURIComponent('%')}`, { token: rep });
    expect(wildcard.body.data).toHaveLength(0);
  });

  it('rejects a malformed cursor with 400', async () => {
    const response = await api.get('/api/v1/products?cursor=garbage', { token: rep });
    expect(response.status).toBe(400);
  });
});

describe('cost, floor price and tax', () => {
  it('stores them for staff, hides them from customers, and refuses a floor above the price', async () => {
    const created = await api.post('/api/v1/products', { ...newProduct('T-COST-1'), costFen: 7000, floorPriceFen: 10000, taxRateBp: 900 }, { token: admin });
    expect(created.body).toMatchObject({ priceFen: 12345, costFen: 7000, floorPriceFen: 10000, taxRateBp: 900 });
    const defaults = await api.post('/api/v1/products', newProduct('T-COST-2'), { token: admin });
    expect(defaults.body).toMatchObject({ costFen: 0, floorPriceFen: 0, taxRateBp: 1300 });
    expect((await api.post('/api/v1/products', { ...newProduct('T-COST-3'), floorPriceFen: 20000 }, { token: admin })).status).toBe(400);
    expect((await api.patch(`/api/v1/products/${created.body.id}`, { priceFen: 9999 }, { token: admin })).status).toBe(400);
    const cost = await api.patch(`/api/v1/products/${created.body.id}`, { costFen: 7100 }, { token: admin });
    expect(cost.body.costFen).toBe(7100);
    const audit = await server.dataSource.getRepository(AuditLog).findBy({ subjectId: created.body.id, action: 'product.price_change' });
    expect(audit.map((a) => a.changes)).toEqual([{ costFen: { from: 7000, to: 7100 } }]);
  });
});

describe('product updates', () => {
  it('changes only the fields sent', async () => {
    const created = await api.post('/api/v1/products', { ...newProduct('T-PATCH-1'), spec: '200g', status: 'inactive' }, { token: admin });
    const patched = await api.patch(`/api/v1/products/${created.body.id}`, { name: '新名字' }, { token: admin });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: '新名字', spec: '200g', status: 'inactive', priceFen: 12345 });
  });

  it('answers 404 for a product that does not exist', async () => {
    expect((await api.patch('/api/v1/products/987654321', { name: 'x' }, { token: admin })).status).toBe(404);
    expect((await api.get('/api/v1/products/987654321', { token: rep })).status).toBe(404);
  });
});

describe('what customers see', () => {
  it('lists only products on sale, without internal fields, and hides inactive ones by id', async () => {
    const session = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-products' });
    expect(session.status).toBe(200);
    const customer = session.body.token;
    const list = await api.get('/api/v1/products?limit=100', { token: customer });
    expect(list.status).toBe(200);
    const active = await server.dataSource.getRepository(Product).countBy({ status: 'active' });
    expect(list.body.data).toHaveLength(active);
    expect(Object.keys(list.body.data[0]).sort()).toEqual(['category', 'id', 'name', 'priceFen', 'sku', 'spec', 'taxRateBp', 'unit', 'yourPriceFen']);
    // Not bound to a company yet: the list price.
    expect(list.body.data.every((product: { priceFen: number; yourPriceFen: number }) => product.yourPriceFen === product.priceFen)).toBe(true);
    const inactive = await server.dataSource.getRepository(Product).findOneByOrFail({ sku: 'TRAY-ZM-60' });
    expect((await api.get(`/api/v1/products/${inactive.id}`, { token: customer })).status).toBe(404);
    expect((await api.get(`/api/v1/products/${inactive.id}`, { token: rep })).status).toBe(200);
  });

  it('shows a customer bound to a company the price of its grade', async () => {
    const session = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-products-premium' });
    const premium = await server.dataSource.getRepository(Customer).findOneByOrFail({ grade: 'premium' });
    await server.dataSource.getRepository(CustomerAccount).update({ openid: 'openid-products-premium' }, { customerId: premium.id });
    const tea = await server.dataSource.getRepository(Product).findOneByOrFail({ sku: 'TEA-LJ-250' });
    const seen = await api.get(`/api/v1/products/${tea.id}`, { token: session.body.token });
    expect(seen.body).toMatchObject({ priceFen: 68800, yourPriceFen: discountedPriceFen(68800, 1000) });
    expect((await api.get('/api/v1/me', { token: session.body.token })).body).toMatchObject({ customerId: premium.id, customerName: premium.name });
    const listed = await api.get('/api/v1/products?q=TEA-LJ', { token: session.body.token });
    expect(listed.body.data[0].yourPriceFen).toBe(discountedPriceFen(68800, 1000));
  });
});
