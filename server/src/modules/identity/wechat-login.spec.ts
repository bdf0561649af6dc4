import { apiClient, type ApiClient } from '../../testing/http';
import { startFakeWechat, type FakeWechat } from '../../testing/fake-wechat';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { freePort } from '../../testing/services';
import { Lead } from '../leads/lead.entity';
import { CustomerAccount } from './customer-account.entity';

let wechat: FakeWechat;
let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  wechat = await startFakeWechat();
  server = await startTestServer({ env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wechat.baseUrl } });
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await wechat?.close();
});

describe('WeChat mini-program login', () => {
  it('turns a new openid into a customer account and a miniprogram lead, and signs it in', async () => {
    const response = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-new-1:union-1' });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ kind: 'customer', displayName: '微信用户ew-1' });
    expect(JSON.stringify(response.body)).not.toContain('session-key-of');

    const call = wechat.requests.at(-1)!;
    expect(call.searchParams.get('appid')).toBe('wx-test-app');
    expect(call.searchParams.get('grant_type')).toBe('authorization_code');

    const account = await server.dataSource.getRepository(CustomerAccount).findOneByOrFail({ openid: 'openid-new-1' });
    expect(account.unionid).toBe('union-1');
    const lead = await server.dataSource.getRepository(Lead).findOneByOrFail({ openid: 'openid-new-1' });
    expect(lead).toMatchObject({ source: 'miniprogram', status: 'new', unionid: 'union-1', id: account.leadId });

    const me = await api.get('/api/v1/me', { token: response.body.token });
    expect(me.body).toMatchObject({ kind: 'customer', id: account.id, leadId: lead.id, customerId: null, customerName: null });
  });

  it('signs a returning openid into the same account without a second lead', async () => {
    const first = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-return' });
    const second = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-return' });
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(await server.dataSource.getRepository(Lead).countBy({ openid: 'openid-return' })).toBe(1);
    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ openid: 'openid-return' })).toBe(1);
  });

  it('creates one account when the first logins of a user race', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => api.post('/api/v1/auth/wechat', { code: 'ok:openid-race' })));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(responses.map((r) => r.body.user.id)).size).toBe(1);
    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ openid: 'openid-race' })).toBe(1);
    expect(await server.dataSource.getRepository(Lead).countBy({ openid: 'openid-race' })).toBe(1);
  });

  it.each([
    ['invalid', 400, 'WECHAT_CODE_INVALID'],
    ['used', 400, 'WECHAT_CODE_INVALID'],
    ['ratelimited', 429, 'WECHAT_RATE_LIMITED'],
    ['busy', 503, 'WECHAT_UNAVAILABLE'],
    ['garbage', 503, 'WECHAT_UNAVAILABLE'],
  ])('maps WeChat answering "%s" to %i %s and creates nothing', async (code, status, errorCode) => {
    const accountsBefore = await server.dataSource.getRepository(CustomerAccount).count();
    const response = await api.post('/api/v1/auth/wechat', { code });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(errorCode);
    expect(response.body.error.message).toMatch(/微信/);
    expect(await server.dataSource.getRepository(CustomerAccount).count()).toBe(accountsBefore);
  });

  it('answers 503 when WeChat cannot be reached', async () => {
    const closedPort = await freePort();
    const offline = await startTestServer({
      env: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: `http://127.0.0.1:${closedPort}` },
    });
    try {
      const response = await apiClient(offline.url).post('/api/v1/auth/wechat', { code: 'ok:openid-offline' });
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: 'WECHAT_UNAVAILABLE', message: '暂时无法连接微信服务器，请稍后重试' });
    } finally {
      await offline.close();
    }
  });

  it('rejects a missing code with 400 before calling WeChat', async () => {
    const calls = wechat.requests.length;
    const response = await api.post('/api/v1/auth/wechat', {});
    expect(response.status).toBe(400);
    expect(wechat.requests.length).toBe(calls);
  });
});
