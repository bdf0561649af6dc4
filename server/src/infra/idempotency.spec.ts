import { apiClient, loginAs, type ApiClient } from '../testing/http';
import { startTestServer, type TestServer } from '../testing/test-server';
import { Product } from '../modules/products/product.entity';

let server: TestServer;
let api: ApiClient;
let admin: string;
let manager: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  [admin, manager] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'manager')]);
});
afterAll(() => server?.close());

const product = (sku: string, priceFen = 500) => ({ sku, name: '幂等测试', unit: '个', category: '测试', priceFen });
const countSku = (sku: string) => server.dataSource.getRepository(Product).countBy({ sku });

describe('Idempotency-Key', () => {
  it('replays the first response for a retry with the same key and body', async () => {
    const headers = { 'Idempotency-Key': 'create-idem-0001' };
    const first = await api.post('/api/v1/products', product('IDEM-1'), { token: admin, headers });
    const retry = await api.post('/api/v1/products', product('IDEM-1'), { token: admin, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await countSku('IDEM-1')).toBe(1);
  });

  it('refuses the same key with another body with 422', async () => {
    const headers = { 'Idempotency-Key': 'create-idem-0002' };
    await api.post('/api/v1/products', product('IDEM-2'), { token: admin, headers });
    const reused = await api.post('/api/v1/products', product('IDEM-2', 999), { token: admin, headers });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countSku('IDEM-2')).toBe(1);
  });

  it('creates one row when the same request is sent many times at once', async () => {
    const headers = { 'Idempotency-Key': 'create-idem-0003' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => api.post('/api/v1/products', product('IDEM-3'), { token: admin, headers })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(await countSku('IDEM-3')).toBe(1);
  });

  it('scopes keys per caller, so two callers never get each other\'s result', async () => {
    const headers = { 'Idempotency-Key': 'create-idem-0004' };
    const byAdmin = await api.post('/api/v1/products', product('IDEM-4A'), { token: admin, headers });
    const byManager = await api.post('/api/v1/products', product('IDEM-4B'), { token: manager, headers });
    expect(byAdmin.status).toBe(201);
    expect(byManager.status).toBe(201);
    expect(byManager.body.sku).toBe('IDEM-4B');
  });

  it('lets a failed attempt be retried with a corrected body', async () => {
    const headers = { 'Idempotency-Key': 'create-idem-0005' };
    await api.post('/api/v1/products', product('IDEM-5A'), { token: admin });
    const failed = await api.post('/api/v1/products', product('IDEM-5A'), { token: admin, headers });
    expect(failed.status).toBe(409);
    const corrected = await api.post('/api/v1/products', product('IDEM-5B'), { token: admin, headers });
    expect(corrected.status).toBe(201);
  });

  it('rejects a malformed key with 400', async () => {
    const response = await api.post('/api/v1/products', product('IDEM-6'), { token: admin, headers: { 'Idempotency-Key': 'short' } });
    expect(response.status).toBe(400);
    expect(await countSku('IDEM-6')).toBe(0);
  });
});
