import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, TEST_BOT_TOKEN, type TestServer } from '../../testing/test-server';
import { Lead } from '../../modules/leads/lead.entity';
import { Product } from '../../modules/products/product.entity';

let server: TestServer;
let api: ApiClient;
let admin: string;
let rep: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  [admin, rep] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'rep1')]);
});
afterAll(() => server?.close());

const HUGE = 'x'.repeat(100 * 1024);
const validProduct = { sku: 'BAD-OK-1', name: '好产品', unit: '个', category: '杂货', priceFen: 100 };

async function rowCounts() {
  return {
    products: await server.dataSource.getRepository(Product).count(),
    leads: await server.dataSource.getRepository(Lead).count(),
  };
}

/** Every write route of the slice, with the token that may call it. */
const writeRoutes = () => [
  { method: 'POST', path: '/api/v1/products', token: admin },
  { method: 'PATCH', path: '/api/v1/products/1', token: admin },
  { method: 'POST', path: '/api/v1/leads', token: rep },
  { method: 'POST', path: '/api/v1/auth/login', token: undefined },
  { method: 'POST', path: '/api/v1/auth/wechat', token: undefined },
  { method: 'POST', path: '/api/v1/bot/events', token: TEST_BOT_TOKEN },
];

describe('bad input on every route of the slice', () => {
  it('answers malformed JSON with 400 INVALID_JSON and writes nothing', async () => {
    const before = await rowCounts();
    for (const route of writeRoutes()) {
      const response = await api.call(route.method, route.path, {
        token: route.token,
        rawBody: '{"sku": "A", ',
        headers: { 'Content-Type': 'application/json' },
      });
      expect({ route: route.path, status: response.status, code: response.body.error?.code }).toEqual({
        route: route.path,
        status: 400,
        code: 'INVALID_JSON',
      });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['wrong types', { sku: 123, name: ['a'], unit: true, category: {}, priceFen: '100' }],
    ['missing fields', {}],
    ['a 100 KB string', { ...validProduct, name: HUGE }],
    ['a negative price', { ...validProduct, priceFen: -1 }],
    ['a fractional price', { ...validProduct, priceFen: 12.5 }],
    ['an unknown status', { ...validProduct, status: 'deleted' }],
    ['a SKU with spaces', { ...validProduct, sku: 'A B' }],
  ])('rejects a product with %s: 400 with details, nothing written', async (_case, body) => {
    const before = await rowCounts();
    const response = await api.post('/api/v1/products', body, { token: admin });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(Array.isArray(response.body.error.details)).toBe(true);
    expect(response.body.error.details.length).toBeGreaterThan(0);
    expect(response.body.error.details[0]).toHaveProperty('path');
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['wrong types', { name: 42, source: 'somewhere' }],
    ['missing fields', {}],
    ['a 100 KB string', { name: '陈先生', notes: HUGE }],
    ['a malformed mobile', { name: '陈先生', mobile: '12345' }],
  ])('rejects a lead with %s: 400, nothing written', async (_case, body) => {
    const before = await rowCounts();
    const response = await api.post('/api/v1/leads', body, { token: rep });
    expect(response.status).toBe(400);
    expect(response.body.error.details.length).toBeGreaterThan(0);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['/api/v1/auth/login', { username: HUGE, password: 'x' }],
    ['/api/v1/auth/login', { username: 'admin' }],
    ['/api/v1/auth/wechat', { code: 12 }],
    ['/api/v1/auth/wechat', { code: HUGE }],
  ])('rejects bad credentials input on %s with 400', async (path, body) => {
    const response = await api.post(path, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['an unknown type', { type: 'friend_removed', contactId: 'c1', name: 'n' }],
    ['a missing contact id', { type: 'friend_added', name: 'n' }],
    ['a 100 KB name', { type: 'friend_added', contactId: 'c1', name: HUGE }],
  ])('rejects a bot event with %s: 400, no lead', async (_case, body) => {
    const before = await rowCounts();
    const response = await api.post('/api/v1/bot/events', body, { token: TEST_BOT_TOKEN });
    expect(response.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it('strips unknown fields instead of storing them', async () => {
    const response = await api.post(
      '/api/v1/products',
      { ...validProduct, sku: 'BAD-STRIP-1', id: '999999', createdAt: '2000-01-01T00:00:00Z', marginFen: 1, isAdmin: true },
      { token: admin },
    );
    expect(response.status).toBe(201);
    expect(response.body.id).not.toBe('999999');
    expect(response.body).not.toHaveProperty('marginFen');
    expect(response.body).not.toHaveProperty('isAdmin');
    expect(response.body.createdAt).not.toBe('2000-01-01T00:00:00.000Z');
    const stored = await server.dataSource.getRepository(Product).findOneByOrFail({ sku: 'BAD-STRIP-1' });
    expect(stored.id).toBe(response.body.id);
  });

  it('rejects a lead that tries to choose its own owner or status', async () => {
    const response = await api.post('/api/v1/leads', { name: '王先生', ownerId: '1', status: 'converted' }, { token: rep });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('new');
    expect(response.body.ownerId).not.toBe('1');
  });

  it('rejects an update that changes nothing, and a non-numeric id', async () => {
    expect((await api.patch('/api/v1/products/1', {}, { token: admin })).status).toBe(400);
    expect((await api.patch('/api/v1/products/abc', { name: 'x' }, { token: admin })).status).toBe(400);
    expect((await api.get('/api/v1/products/1%27%20OR%201=1', { token: admin })).status).toBe(400);
  });

  it('rejects out-of-range list parameters with 400', async () => {
    expect((await api.get('/api/v1/products?limit=0', { token: rep })).status).toBe(400);
    expect((await api.get('/api/v1/products?limit=1000', { token: rep })).status).toBe(400);
    expect((await api.get('/api/v1/products?status=gone', { token: admin })).status).toBe(400);
    expect((await api.get(`/api/v1/leads?q=${'q'.repeat(500)}`, { token: rep })).status).toBe(400);
  });
});

describe('the error envelope for framework errors', () => {
  it('answers an unknown route with 404 in the envelope', async () => {
    const response = await api.get('/api/v1/no-such-thing', { token: admin });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await api.call('DELETE', '/api/v1/products', { token: admin });
    expect(response.status).toBe(405);
    expect(response.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(response.headers.get('allow')).toContain('GET');
  });

  it('answers an oversized body with 413', async () => {
    const response = await api.call('POST', '/api/v1/products', {
      token: admin,
      rawBody: JSON.stringify({ ...validProduct, name: 'y'.repeat(2 * 1024 * 1024) }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a non-JSON body with 415', async () => {
    const response = await api.call('POST', '/api/v1/products', {
      token: admin,
      rawBody: 'sku=A&name=B',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('echoes a caller request id and generates one otherwise', async () => {
    const echoed = await api.get('/healthz', { headers: { 'X-Request-Id': 'trace-abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc-123');
    const generated = await api.get('/healthz', { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
