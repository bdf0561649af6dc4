import { DEMO_CUSTOMERS } from '../../seed/demo-data';
import { startFakeSms, FAKE_SMS_CREDENTIALS, type FakeSms } from '../../testing/fake-sms';
import { apiClient, type ApiClient } from '../../testing/http';
import { insertCustomer } from '../../testing/sales-fixtures';
import { freePort } from '../../testing/services';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { Lead } from '../leads/lead.entity';
import { CustomerAccount } from './customer-account.entity';
import { SmsCode } from './sms-code.entity';
import { SMS_CODES_PER_IP_PER_HOUR, SMS_CODES_PER_MOBILE_PER_DAY, SMS_MAX_ATTEMPTS_PER_CODE } from './sms-login.service';

let serial = 0;
/** A mobile no other test uses. */
const freshMobile = () => `1370000${String(++serial).padStart(4, '0')}`;
/** A client address no other test uses (the servers trust X-Forwarded-For), so per-IP limits stay apart. */
const freshIp = () => {
  const n = ++serial;
  return `10.4.${n >> 8}.${n & 255}`;
};

function smsApi(server: TestServer) {
  const api = apiClient(server.url);
  return {
    api,
    requestCode: (mobile: string, ip = freshIp()) => api.post('/api/v1/auth/sms-code', { mobile }, { headers: { 'X-Forwarded-For': ip } }),
    login: (mobile: string, code: string) => api.post('/api/v1/auth/sms-login', { mobile, code }),
  };
}

/** Another 6-digit code than the one sent. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('customer login by SMS code without an SMS provider (development)', () => {
  let server: TestServer;
  let client: ReturnType<typeof smsApi>;
  let api: ApiClient;
  const logLines: string[] = [];
  let nowMs = Date.now();

  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'true' }, clock: () => new Date(nowMs), logLines });
    client = smsApi(server);
    api = client.api;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The minute between two codes of a mobile passes (it is the store's expiry, which the app clock does not move). */
  const minutePasses = (mobile: string) => server.kv.delete(`sms-code:resend:${mobile}`);

  async function codeFor(mobile: string): Promise<string> {
    const response = await client.requestCode(mobile);
    expect(response.status).toBe(200);
    return response.body.devCode as string;
  }

  it('signs a demo contact into the account of its customer, with the code returned as devCode and logged as DEV ONLY', async () => {
    const demo = DEMO_CUSTOMERS[0];
    const sent = await client.requestCode('+86 139-0000-0011');
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    expect(sent.body.devCode).toMatch(/^\d{6}$/);
    expect(logLines.some((line) => line.includes('DEV ONLY') && line.includes(sent.body.devCode))).toBe(true);

    const session = await client.login(demo.mobile, sent.body.devCode);
    expect(session.status).toBe(200);
    const customer = await server.dataSource.getRepository(Customer).findOneByOrFail({ name: demo.name });
    expect(session.body.user).toMatchObject({ kind: 'customer', displayName: demo.contact, customerId: customer.id, customerName: demo.name });
    const me = await api.get('/api/v1/me', { token: session.body.token });
    expect(me.body).toMatchObject({ kind: 'customer', customerId: customer.id });
    const account = await server.dataSource.getRepository(CustomerAccount).findOneByOrFail({ mobile: demo.mobile });
    expect(me.body.id).toBe(account.id);
    // The customer can order: its grade prices are shown.
    const products = await api.get('/api/v1/products', { token: session.body.token });
    expect(products.status).toBe(200);
    expect(products.body.data[0].yourPriceFen).toBeDefined();
  });

  it("binds a contact's mobile to its customer on the first login, and signs in to that same account afterwards", async () => {
    const mobile = freshMobile();
    const customerId = await insertCustomer(server, { name: `无锡惠山茶庄 ${mobile}`, owner: 'rep1' });
    await server.dataSource.getRepository(Contact).insert({ customerId, name: '蒋采购', mobile, isPrimary: true });
    const leadsBefore = await server.dataSource.getRepository(Lead).count();

    const first = await client.login(mobile, await codeFor(mobile));
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ kind: 'customer', displayName: '蒋采购', customerId, leadId: null });
    await minutePasses(mobile);
    const second = await client.login(mobile, await codeFor(mobile));
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);

    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ mobile })).toBe(1);
    expect(await server.dataSource.getRepository(Lead).count()).toBe(leadsBefore);
  });

  it('turns an unknown mobile into a new miniprogram lead with an account bound to no customer yet', async () => {
    const mobile = freshMobile();
    const response = await client.login(mobile, await codeFor(mobile));
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ kind: 'customer', displayName: `手机用户${mobile.slice(-4)}`, customerId: null, customerName: null });
    const lead = await server.dataSource.getRepository(Lead).findOneByOrFail({ mobile });
    expect(lead).toMatchObject({ source: 'miniprogram', status: 'new', ownerId: null, openid: null });
    const account = await server.dataSource.getRepository(CustomerAccount).findOneByOrFail({ mobile });
    expect(account).toMatchObject({ leadId: lead.id, customerId: null, openid: null });
    expect(response.body.user.leadId).toBe(lead.id);
  });

  it('signs a mobile of an open lead into an account on that lead instead of making a second lead', async () => {
    const lead = await server.dataSource.getRepository(Lead).findOneByOrFail({ mobile: '13800000001' });
    const response = await client.login('13800000001', await codeFor('13800000001'));
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ leadId: lead.id, displayName: lead.name, customerId: null });
    expect(await server.dataSource.getRepository(Lead).countBy({ mobile: '13800000001' })).toBe(1);
  });

  it('rejects a wrong code with the attempts left, and still takes the right one after it', async () => {
    const mobile = freshMobile();
    const code = await codeFor(mobile);
    const refused = await client.login(mobile, wrong(code));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'SMS_CODE_INVALID', details: { attemptsLeft: SMS_MAX_ATTEMPTS_PER_CODE - 1 } });
    expect(refused.body.error.message).toContain('验证码错误');
    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ mobile })).toBe(0);
    expect((await client.login(mobile, code)).status).toBe(200);
  });

  it(`kills a code after ${SMS_MAX_ATTEMPTS_PER_CODE} tries, even when parallel guesses race and the right code comes last`, async () => {
    const mobile = freshMobile();
    const code = await codeFor(mobile);
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => client.login(mobile, wrong(String(Number(code) + i)))));
    expect(guesses.every((g) => g.status === 400)).toBe(true);
    expect(guesses.filter((g) => g.body.error.code === 'SMS_CODE_INVALID').length).toBeLessThanOrEqual(SMS_MAX_ATTEMPTS_PER_CODE - 1);
    expect((await server.dataSource.getRepository(SmsCode).findOneByOrFail({ mobile })).attempts).toBe(SMS_MAX_ATTEMPTS_PER_CODE);

    const late = await client.login(mobile, code);
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 'SMS_CODE_EXPIRED', message: '验证码错误次数过多，已失效，请重新获取' });
    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ mobile })).toBe(0);
  });

  it('takes a code until 5 minutes have passed and not after', async () => {
    const [early, late] = [freshMobile(), freshMobile()];
    const earlyCode = await codeFor(early);
    const lateCode = await codeFor(late);
    nowMs += 299_000;
    expect((await client.login(early, earlyCode)).status).toBe(200);
    nowMs += 2_000;
    const expired = await client.login(late, lateCode);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 'SMS_CODE_EXPIRED', message: '验证码已过期，请重新获取' });
    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ mobile: late })).toBe(0);
  });

  it('uses a code once: a second use fails, and of parallel uses exactly one signs in', async () => {
    const mobile = freshMobile();
    const code = await codeFor(mobile);
    const attempts = await Promise.all(Array.from({ length: 4 }, () => client.login(mobile, code)));
    expect(attempts.filter((a) => a.status === 200)).toHaveLength(1);
    for (const refused of attempts.filter((a) => a.status !== 200)) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('SMS_CODE_EXPIRED');
    }
    const again = await client.login(mobile, code);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'SMS_CODE_EXPIRED', message: '验证码已失效，请重新获取' });
    expect(await server.dataSource.getRepository(CustomerAccount).countBy({ mobile })).toBe(1);
    expect(await server.dataSource.getRepository(Lead).countBy({ mobile })).toBe(1);
  });

  it('refuses a second code for a mobile within the minute with 429 and Retry-After', async () => {
    const mobile = freshMobile();
    const first = await client.requestCode(mobile);
    expect(first.status).toBe(200);
    const second = await client.requestCode(mobile);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The first code stays the live one.
    expect((await client.login(mobile, first.body.devCode)).status).toBe(200);
  });

  it(`refuses more than ${SMS_CODES_PER_MOBILE_PER_DAY} codes a day for a mobile`, async () => {
    const mobile = freshMobile();
    // The day's codes were spent (each a minute apart, which the test does not wait for).
    await server.kv.increment(`sms-code:day:${mobile}`, 24 * 3600_000, SMS_CODES_PER_MOBILE_PER_DAY);
    const refused = await client.requestCode(mobile);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toBe('今天获取验证码的次数已用完，请明天再试');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3600);
    expect(await server.dataSource.getRepository(SmsCode).countBy({ mobile })).toBe(0);
  });

  it(`refuses more than ${SMS_CODES_PER_IP_PER_HOUR} codes an hour from one IP, whatever the mobiles`, async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < SMS_CODES_PER_IP_PER_HOUR; i += 1) expect((await client.requestCode(freshMobile(), ip)).status).toBe(200);
    const mobile = freshMobile();
    const refused = await client.requestCode(mobile, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await server.dataSource.getRepository(SmsCode).countBy({ mobile })).toBe(0);
    // Another address is not affected.
    expect((await client.requestCode(mobile)).status).toBe(200);
  });

  it('rejects a malformed mobile or code with 400 and writes nothing', async () => {
    const codesBefore = await server.dataSource.getRepository(SmsCode).count();
    for (const mobile of ['12345', '1380000000a', '', '23800000001']) {
      const response = await client.requestCode(mobile);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await client.requestCode(undefined as unknown as string)).status).toBe(400);
    expect(await server.dataSource.getRepository(SmsCode).count()).toBe(codesBefore);

    const mobile = freshMobile();
    const code = await codeFor(mobile);
    for (const bad of ['12345', '1234567', 'abcdef', '']) {
      const response = await client.login(mobile, bad);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    // Malformed tries do not use up the code.
    expect((await server.dataSource.getRepository(SmsCode).findOneByOrFail({ mobile })).attempts).toBe(0);
    expect((await client.login(mobile, code)).status).toBe(200);
  });

  it('refuses a deactivated account with 403', async () => {
    const mobile = freshMobile();
    expect((await client.login(mobile, await codeFor(mobile))).status).toBe(200);
    await server.dataSource.getRepository(CustomerAccount).update({ mobile }, { active: false });
    await minutePasses(mobile);
    const refused = await client.login(mobile, await codeFor(mobile));
    expect(refused.status).toBe(403);
  });
});

describe('customer login by SMS code through a provider', () => {
  let sms: FakeSms;
  const providerEnv = (provider: 'tencent' | 'aliyun', overrides: Record<string, string> = {}) => ({
    TRUST_PROXY: 'true',
    SMS_PROVIDER: provider,
    SMS_API_BASE: sms.baseUrl,
    SMS_ACCESS_KEY_ID: FAKE_SMS_CREDENTIALS.accessKeyId,
    SMS_ACCESS_KEY_SECRET: FAKE_SMS_CREDENTIALS.accessKeySecret,
    SMS_SIGN_NAME: '微销商城',
    SMS_TEMPLATE_ID: provider === 'tencent' ? '1234567' : 'SMS_300000001',
    ...(provider === 'tencent' ? { SMS_SDK_APP_ID: '1400000001' } : {}),
    ...overrides,
  });

  beforeAll(async () => {
    sms = await startFakeSms();
  });
  afterAll(async () => {
    await sms?.close();
  });
  afterEach(() => {
    sms.mode = 'ok';
  });

  describe.each([
    ['tencent', '+86'],
    ['aliyun', ''],
  ] as const)('%s', (provider, prefix) => {
    let server: TestServer;
    let client: ReturnType<typeof smsApi>;
    beforeAll(async () => {
      server = await startTestServer({ env: providerEnv(provider) });
      client = smsApi(server);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('receives a correctly signed SendSms with the code, which signs the customer in; no devCode in the answer', async () => {
      const mobile = freshMobile();
      const sent = await client.requestCode(mobile);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
      const message = sms.messages.at(-1)!;
      expect(message).toMatchObject({
        provider,
        signatureValid: true,
        mobile: `${prefix}${mobile}`,
        signName: '微销商城',
        templateId: provider === 'tencent' ? '1234567' : 'SMS_300000001',
        region: provider === 'tencent' ? 'ap-guangzhou' : 'cn-hangzhou',
      });
      if (provider === 'tencent') expect(message.sdkAppId).toBe('1400000001');
      expect(message.code).toMatch(/^\d{6}$/);
      expect((await client.login(mobile, message.code)).status).toBe(200);
    });

    it("answers the provider's rate limit with 429 and Retry-After, keeping no code", async () => {
      sms.mode = 'ratelimited';
      const mobile = freshMobile();
      const refused = await client.requestCode(mobile);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '短信发送太频繁，请稍后再试' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await server.dataSource.getRepository(SmsCode).countBy({ mobile })).toBe(0);
    });

    it('answers a provider failure with 503 SMS_UNAVAILABLE, and lets the customer ask again at once', async () => {
      sms.mode = 'error';
      const mobile = freshMobile();
      const failed = await client.requestCode(mobile);
      expect(failed.status).toBe(503);
      expect(failed.body.error.code).toBe('SMS_UNAVAILABLE');
      expect(failed.body.error.message).toMatch(/^短信服务暂时不可用/);
      expect(await server.dataSource.getRepository(SmsCode).countBy({ mobile })).toBe(0);
      sms.mode = 'ok';
      expect((await client.requestCode(mobile)).status).toBe(200);
      expect(sms.messages.at(-1)!.mobile).toBe(`${prefix}${mobile}`);
    });
  });

  it.each(['tencent', 'aliyun'] as const)('a request signed with the wrong %s secret is refused by the provider: 503', async (provider) => {
    const server = await startTestServer({ env: providerEnv(provider, { SMS_ACCESS_KEY_SECRET: 'not-the-secret' }) });
    try {
      const response = await smsApi(server).requestCode(freshMobile());
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('SMS_UNAVAILABLE');
      expect(sms.messages.at(-1)).toMatchObject({ provider, signatureValid: false });
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the provider cannot be reached', async () => {
    const server = await startTestServer({ env: providerEnv('aliyun', { SMS_API_BASE: `http://127.0.0.1:${await freePort()}` }) });
    try {
      const response = await smsApi(server).requestCode(freshMobile());
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: 'SMS_UNAVAILABLE', message: '暂时无法连接短信服务，请稍后重试' });
    } finally {
      await server.close();
    }
  });
});
