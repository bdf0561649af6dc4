import { apiClient, loginAs } from '../../testing/http';
import { startFakeWechat } from '../../testing/fake-wechat';
import { startTestServer, TEST_BOT_TOKEN } from '../../testing/test-server';

describe('logs', () => {
  it('carry request ids but never passwords, tokens or WeChat session keys', async () => {
    const wechat = await startFakeWechat();
    const lines: string[] = [];
    const server = await startTestServer({
      logLines: lines,
      env: { WECHAT_APPID: 'wx-log', WECHAT_SECRET: 'wechat-app-secret-value', WECHAT_API_BASE: wechat.baseUrl },
    });
    try {
      const api = apiClient(server.url);
      const token = await loginAs(server, 'admin');
      await api.post('/api/v1/auth/login', { username: 'admin', password: 'wrong-password-value' });
      const customer = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-logs' });
      await api.get('/api/v1/me', { token, headers: { 'X-Request-Id': 'log-check-1' } });
      await api.post('/api/v1/bot/events', { type: 'friend_added', contactId: 'wxid_log', name: '日志' }, { token: TEST_BOT_TOKEN });

      const log = lines.join('\n');
      expect(lines.length).toBeGreaterThan(5);
      expect(log).toContain('"reqId":"log-check-1"');
      for (const secret of [
        server.demoPassword,
        'wrong-password-value',
        token,
        customer.body.token,
        'session-key-of-openid-logs',
        'wechat-app-secret-value',
        TEST_BOT_TOKEN,
        server.config.jwtSecret,
      ]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await server.close();
      await wechat.close();
    }
  });
});
