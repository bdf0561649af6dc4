import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wesale-sms-config-')), ...env });

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const aliyun = { SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 'secret', SMS_SIGN_NAME: '微销', SMS_TEMPLATE_ID: 'SMS_1' };

describe('SMS configuration', () => {
  it('needs no SMS variable at all (no provider)', () => {
    expect(load({}).sms.provider).toBeUndefined();
  });

  it('names every credential a provider is missing', () => {
    expect(problemsOf({ SMS_PROVIDER: 'tencent' })).toEqual([
      'SMS_ACCESS_KEY_ID: required when SMS_PROVIDER=tencent',
      'SMS_ACCESS_KEY_SECRET: required when SMS_PROVIDER=tencent',
      'SMS_SIGN_NAME: required when SMS_PROVIDER=tencent',
      'SMS_TEMPLATE_ID: required when SMS_PROVIDER=tencent',
      'SMS_SDK_APP_ID: required when SMS_PROVIDER=tencent',
    ]);
    expect(problemsOf(aliyun)).toEqual([]);
  });

  it('rejects an unknown provider and a malformed base URL, naming the variable', () => {
    expect(problemsOf({ SMS_PROVIDER: 'twilio' })[0]).toMatch(/^SMS_PROVIDER: /);
    expect(problemsOf({ ...aliyun, SMS_API_BASE: 'ftp://sms.example' })[0]).toMatch(/^SMS_API_BASE: /);
  });

  it('keeps the base URL override without a trailing slash', () => {
    expect(load({ ...aliyun, SMS_API_BASE: 'http://127.0.0.1:9000/' }).sms).toMatchObject({ provider: 'aliyun', apiBase: 'http://127.0.0.1:9000' });
  });
});
