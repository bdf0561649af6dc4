import { startFakeSms, FAKE_SMS_CREDENTIALS } from '../../testing/fake-sms';
import { apiClient } from '../../testing/http';
import { startTestServer } from '../../testing/test-server';
import { SmsCode } from './sms-code.entity';

// Production needs MySQL (DATABASE_URL), so these run on MariaDB only.
describe('customer login by SMS code in production', () => {
  it('answers 503 without an SMS provider and never hands out or stores a code', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const response = await apiClient(server.url).post('/api/v1/auth/sms-code', { mobile: '13700009901' });
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: 'SMS_UNAVAILABLE', message: '短信服务未配置，暂不能用验证码登录，请联系商家' });
      expect(response.body.devCode).toBeUndefined();
      expect(await server.dataSource.getRepository(SmsCode).count()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('sends the code through the provider only: neither the answer nor the log carries it', async () => {
    const sms = await startFakeSms();
    const logLines: string[] = [];
    const server = await startTestServer({
      logLines,
      env: {
        NODE_ENV: 'production',
        SMS_PROVIDER: 'tencent',
        SMS_API_BASE: sms.baseUrl,
        SMS_ACCESS_KEY_ID: FAKE_SMS_CREDENTIALS.accessKeyId,
        SMS_ACCESS_KEY_SECRET: FAKE_SMS_CREDENTIALS.accessKeySecret,
        SMS_SIGN_NAME: '微销商城',
        SMS_TEMPLATE_ID: '1234567',
        SMS_SDK_APP_ID: '1400000001',
      },
    });
    try {
      const response = await apiClient(server.url).post('/api/v1/auth/sms-code', { mobile: '13700009902' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
      const { code, signatureValid } = sms.messages.at(-1)!;
      expect(signatureValid).toBe(true);
      const log = logLines.join('\n');
      // The code as a number of its own (log timestamps are longer runs of digits).
      expect(log).not.toMatch(new RegExp(`(^|\\D)${code}(\\D|$)`));
      expect(log).not.toContain('DEV ONLY');
      expect(log).not.toContain(FAKE_SMS_CREDENTIALS.accessKeySecret);
    } finally {
      await server.close();
      await sms.close();
    }
  });
});
