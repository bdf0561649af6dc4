import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

function urlWithProtocols(protocols: string[]) {
  return z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: urlWithProtocols(['mysql:', 'mariadb:']).optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(7 * 24 * 3600),
  WECHAT_APPID: optionalString,
  WECHAT_SECRET: optionalString,
  WECHAT_API_BASE: urlWithProtocols(['http:', 'https:']).default('https://api.weixin.qq.com'),
  WECHAT_MP_TOKEN: optionalString,
  WECHAT_MP_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey')
    .optional(),
  WECHAT_MP_APPID: optionalString,
  /** Customer login codes by SMS; unset = none (outside production the code is logged and returned as devCode). */
  SMS_PROVIDER: z.enum(['tencent', 'aliyun']).optional(),
  SMS_API_BASE: urlWithProtocols(['http:', 'https:']).optional(),
  SMS_ACCESS_KEY_ID: optionalString,
  SMS_ACCESS_KEY_SECRET: optionalString,
  SMS_SIGN_NAME: optionalString,
  SMS_TEMPLATE_ID: optionalString,
  SMS_SDK_APP_ID: optionalString,
  SMS_REGION: optionalString,
  BOT_SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DEMO_PASSWORD: z.string().min(6, 'must be at least 6 characters').default('wesale123'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  H5_DIR: optionalString,
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  SEED_DEMO: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  /** Worker processes sharing the port (node:cluster); more than one needs MySQL and Redis. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Test-only: `POST /api/v1/orders` makes the process SIGKILL itself right after that route's transaction commits. */
  WESALE_TEST_CRASH_AFTER_COMMIT: optionalString,
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  wechat: { appId?: string; secret?: string; apiBase: string; mpToken?: string; mpAesKey?: string; mpAppId?: string };
  botServiceToken?: string;
  sms: SmsConfig;
  demoPassword: string;
  logLevel: Env['LOG_LEVEL'];
  h5Dir: string;
  trustProxy: boolean;
  seedDemo: boolean;
  workers: number;
  /** Test-only (WESALE_TEST_CRASH_AFTER_COMMIT); refused in production. */
  testCrashAfterCommit?: string;
}

export interface SmsConfig {
  provider?: 'tencent' | 'aliyun';
  /** Overrides the provider's endpoint (tests point it at a local fake). */
  apiBase?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  signName?: string;
  templateId?: string;
  /** Tencent only: the SmsSdkAppId of the SMS application. */
  sdkAppId?: string;
  region?: string;
}

/** The mini-program's H5 build, served at `/` (this file sits two levels below server/ in both src/ and dist/). */
const DEFAULT_H5_DIR = path.resolve(__dirname, '../../../miniprogram/dist/h5');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once. Every problem names its variable; nothing falls back to a default secret. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.NODE_ENV === 'production') {
    if (!env.JWT_SECRET) problems.push('JWT_SECRET: required in production');
    if (!env.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded SQLite is for trying WeSale out)');
  }
  if (env.WEB_CONCURRENCY > 1 && (!env.DATABASE_URL || !env.REDIS_URL)) {
    problems.push('WEB_CONCURRENCY: more than one worker needs DATABASE_URL (MySQL) and REDIS_URL — the embedded database and store belong to one process');
  }
  if (env.WECHAT_APPID && !env.WECHAT_SECRET) problems.push('WECHAT_SECRET: required when WECHAT_APPID is set');
  if (env.WECHAT_MP_AES_KEY && !env.WECHAT_MP_APPID) problems.push('WECHAT_MP_APPID: required when WECHAT_MP_AES_KEY is set');
  if (env.WECHAT_MP_AES_KEY && !env.WECHAT_MP_TOKEN) problems.push('WECHAT_MP_TOKEN: required when WECHAT_MP_AES_KEY is set');
  if (env.SMS_PROVIDER) {
    const required: Array<keyof Env> = ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'];
    if (env.SMS_PROVIDER === 'tencent') required.push('SMS_SDK_APP_ID');
    for (const name of required) if (!env[name]) problems.push(`${name}: required when SMS_PROVIDER=${env.SMS_PROVIDER}`);
  }
  if (env.WESALE_TEST_CRASH_AFTER_COMMIT && env.NODE_ENV === 'production') problems.push('WESALE_TEST_CRASH_AFTER_COMMIT: a test hook, never set in production');
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    redisUrl: env.REDIS_URL,
    jwtSecret: env.JWT_SECRET ?? localJwtSecret(dataDir),
    jwtTtlSeconds: env.JWT_TTL_SECONDS,
    wechat: {
      appId: env.WECHAT_APPID,
      secret: env.WECHAT_SECRET,
      apiBase: env.WECHAT_API_BASE.replace(/\/+$/, ''),
      mpToken: env.WECHAT_MP_TOKEN,
      mpAesKey: env.WECHAT_MP_AES_KEY,
      mpAppId: env.WECHAT_MP_APPID,
    },
    botServiceToken: env.BOT_SERVICE_TOKEN,
    sms: {
      provider: env.SMS_PROVIDER,
      apiBase: env.SMS_API_BASE?.replace(/\/+$/, ''),
      accessKeyId: env.SMS_ACCESS_KEY_ID,
      accessKeySecret: env.SMS_ACCESS_KEY_SECRET,
      signName: env.SMS_SIGN_NAME,
      templateId: env.SMS_TEMPLATE_ID,
      sdkAppId: env.SMS_SDK_APP_ID,
      region: env.SMS_REGION,
    },
    demoPassword: env.DEMO_PASSWORD,
    logLevel: env.LOG_LEVEL,
    h5Dir: env.H5_DIR ? path.resolve(env.H5_DIR) : DEFAULT_H5_DIR,
    trustProxy: env.TRUST_PROXY,
    seedDemo: env.SEED_DEMO,
    workers: env.WEB_CONCURRENCY,
    testCrashAfterCommit: env.WESALE_TEST_CRASH_AFTER_COMMIT,
  };
}

/** Outside production a missing JWT_SECRET gets a random one, generated once and kept under DATA_DIR. */
function localJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
