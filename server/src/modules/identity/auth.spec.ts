import jwt from 'jsonwebtoken';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, TEST_BOT_TOKEN, type TestServer } from '../../testing/test-server';
import { startFakeWechat, type FakeWechat } from '../../testing/fake-wechat';
import { MAX_FAILURES_PER_IP, MAX_FAILURES_PER_USERNAME } from './login-throttle';

let server: TestServer;
let api: ApiClient;
let wechat: FakeWechat;

beforeAll(async () => {
  wechat = await startFakeWechat();
  server = await startTestServer({ env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wechat.baseUrl } });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await wechat?.close();
});

describe('password login', () => {
  it('returns a token and the staff user for good credentials', async () => {
    const response = await api.post('/api/v1/auth/login', { username: 'rep1', password: server.demoPassword });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ kind: 'staff', username: 'rep1', role: 'rep', teamName: '华东销售一组', maxDiscountBp: 500 });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    const me = await api.get('/api/v1/me', { token: response.body.token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('rep1');
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrongPassword = await api.post('/api/v1/auth/login', { username: 'rep2', password: 'not-the-password' });
    const unknownUser = await api.post('/api/v1/auth/login', { username: 'nobody-here', password: 'whatever' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
  });

  it('locks a username out with 429 and Retry-After after repeated failures, even for the right password', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_USERNAME; i++) {
      const attempt = await api.post('/api/v1/auth/login', { username: 'finance', password: `wrong-${i}` });
      expect(attempt.status).toBe(401);
    }
    const locked = await api.post('/api/v1/auth/login', { username: 'finance', password: server.demoPassword });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Other users from the same address are not locked out by finance's failures.
    expect((await api.post('/api/v1/auth/login', { username: 'manager', password: server.demoPassword })).status).toBe(200);
  });
});

describe('per-address limit', () => {
  it('blocks an address that fails across many usernames with 429', async () => {
    const other = await startTestServer();
    try {
      const otherApi = apiClient(other.url);
      for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
        expect((await otherApi.post('/api/v1/auth/login', { username: `guess-${i}`, password: 'x' })).status).toBe(401);
      }
      const blocked = await otherApi.post('/api/v1/auth/login', { username: 'admin', password: other.demoPassword });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

describe('tokens', () => {
  it('rejects a request without a token with 401', async () => {
    const response = await api.get('/api/v1/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an expired token with 401', async () => {
    const expired = jwt.sign({ kind: 'staff', role: 'admin', teamId: null }, server.config.jwtSecret, {
      subject: '1',
      issuer: 'wesale',
      expiresIn: -10,
    });
    const response = await api.get('/api/v1/me', { token: expired });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe('登录已过期，请重新登录');
  });

  it('rejects a token signed with another secret with 401', async () => {
    const forged = jwt.sign({ kind: 'staff', role: 'admin', teamId: null }, 'someone-elses-secret-0123456789abcdef', {
      subject: '1',
      issuer: 'wesale',
      expiresIn: 600,
    });
    expect((await api.get('/api/v1/leads', { token: forged })).status).toBe(401);
  });

  it('rejects an unsigned (alg none) token with 401', async () => {
    const unsigned = jwt.sign({ kind: 'staff', role: 'admin', teamId: null, sub: '1', iss: 'wesale' }, '', { algorithm: 'none' });
    expect((await api.get('/api/v1/leads', { token: unsigned })).status).toBe(401);
  });
});

describe('roles', () => {
  it('forbids a role that the route does not allow with 403', async () => {
    const warehouse = await loginAs(server, 'warehouse');
    const response = await api.get('/api/v1/leads', { token: warehouse });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it('keeps a customer token out of staff routes', async () => {
    const session = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-role-test' });
    expect(session.status).toBe(200);
    const customer = session.body.token;
    expect((await api.get('/api/v1/leads', { token: customer })).status).toBe(403);
    expect((await api.post('/api/v1/products', { sku: 'X-1', name: 'x', unit: '个', category: 'c', priceFen: 1 }, { token: customer })).status).toBe(403);
    expect((await api.post('/api/v1/bot/events', { type: 'friend_added', contactId: 'c', name: 'n' }, { token: customer })).status).toBe(403);
  });

  it('keeps staff out of the bot API and the bot out of staff routes', async () => {
    const admin = await loginAs(server, 'admin');
    expect((await api.post('/api/v1/bot/events', { type: 'friend_added', contactId: 'c', name: 'n' }, { token: admin })).status).toBe(403);
    expect((await api.get('/api/v1/leads', { token: TEST_BOT_TOKEN })).status).toBe(403);
  });
});
