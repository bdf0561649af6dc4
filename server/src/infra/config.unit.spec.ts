import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'wesale-config-'));
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://wesale:pw@db.internal:3306/wesale',
  JWT_SECRET: 'a-production-secret-of-at-least-32-chars!',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('accepts a complete production configuration', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it.each([
    ['JWT_SECRET', { ...production, JWT_SECRET: '' }],
    ['DATABASE_URL', { ...production, DATABASE_URL: '' }],
  ])('refuses production without %s, naming it', (name, env) => {
    expect(problemsOf(env).join('\n')).toMatch(new RegExp(`^${name}: required in production`, 'm'));
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://localhost/wesale' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['REDIS_URL', { REDIS_URL: 'http://localhost:6379' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['WECHAT_API_BASE', { WECHAT_API_BASE: 'ftp://api.weixin.qq.com' }],
    ['WECHAT_MP_AES_KEY', { WECHAT_MP_AES_KEY: 'too-short' }],
    ['BOT_SERVICE_TOKEN', { BOT_SERVICE_TOKEN: 'tiny' }],
    ['DEMO_PASSWORD', { DEMO_PASSWORD: '123' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['WECHAT_SECRET', { WECHAT_APPID: 'wx123' }],
    ['WECHAT_MP_APPID', { WECHAT_MP_TOKEN: 'tok', WECHAT_MP_AES_KEY: 'a'.repeat(43) }],
    ['WESALE_TEST_CRASH_AFTER_COMMIT', { ...production, WESALE_TEST_CRASH_AFTER_COMMIT: 'POST /api/v1/orders' }],
  ])('refuses a malformed %s, naming it', (name, env) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
  });

  it('generates a JWT secret once outside production and keeps it under DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(48);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(loadConfig({ DATA_DIR: dataDir() }).jwtSecret).not.toBe(first.jwtSecret);
  });

  it('defaults to the embedded database, the in-process store and port 3000', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, redisUrl: undefined, wechat: { apiBase: 'https://api.weixin.qq.com' } });
  });
});
