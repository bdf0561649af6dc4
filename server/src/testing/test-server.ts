import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createConnection } from 'mysql2/promise';
import { loadConfig, type Config } from '../infra/config';
import { createLogger } from '../infra/logger';
import type { WechatClient } from '../infra/wechat-client';
import { startServer, type RunningServer } from '../server';

export const TEST_DEMO_PASSWORD = 'demo-pass-123';
export const TEST_BOT_TOKEN = 'bot-token-for-tests-0123456789';

function collectInto(lines: string[]) {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
}

export type TestDatabase = 'mysql' | 'sqlite';

/** Which database this test process runs against: the jest project sets TEST_DB (MariaDB is the authority). */
export function testDatabase(): TestDatabase {
  return process.env.TEST_DB === 'sqlite' ? 'sqlite' : 'mysql';
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\`, which starts MariaDB and Redis`);
  return value;
}

/** A fresh, empty MariaDB database on the throwaway server the test run started. */
export async function createTestMysqlDatabase(): Promise<string> {
  const serverUrl = requireEnv('TEST_MYSQL_URL');
  const name = `wesale_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const connection = await createConnection(serverUrl.replace(/^mariadb:/, 'mysql:'));
  try {
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return `${serverUrl}/${name}`;
}

export interface TestServerOptions {
  h5Dir?: string;
  botServiceToken?: string;
  port?: number;
  seedDemo?: boolean;
  wechat?: WechatClient;
  /** The app's clock (SMS code expiry): a test moves it instead of waiting. */
  clock?: () => Date;
  /** Overrides of environment variables for this server's config. */
  env?: Record<string, string>;
  /** Share Redis keys with another test server, as instances of one deployment do. */
  redisKeyPrefix?: string;
  /** Collects the server's log lines (at debug level) instead of discarding them. */
  logLines?: string[];
  /** Reuse the database of an earlier test server (to restart "the same" server). */
  databaseUrl?: string;
  dataDir?: string;
}

export interface TestServer extends RunningServer {
  config: Config;
  redisKeyPrefix: string;
  demoPassword: string;
  databaseUrl?: string;
}

/**
 * The real app over HTTP on 127.0.0.1, on a fresh database: MariaDB + Redis (TEST_DB=mysql) or the embedded
 * default, SQLite + the in-process store (TEST_DB=sqlite). Demo data is seeded unless seedDemo is false.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const useMysql = testDatabase() === 'mysql';
  const databaseUrl = options.databaseUrl ?? (useMysql ? await createTestMysqlDatabase() : undefined);
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'wesale-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(options.port ?? 0),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: useMysql ? requireEnv('TEST_REDIS_URL') : undefined,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    BOT_SERVICE_TOKEN: options.botServiceToken ?? TEST_BOT_TOKEN,
    DEMO_PASSWORD: TEST_DEMO_PASSWORD,
    LOG_LEVEL: options.logLines ? 'debug' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
    SEED_DEMO: options.seedDemo === false ? 'false' : 'true',
    ...(options.h5Dir ? { H5_DIR: options.h5Dir } : {}),
    ...options.env,
  });
  const redisKeyPrefix = options.redisKeyPrefix ?? `t:${randomBytes(4).toString('hex')}:`;
  const server = await startServer({
    config,
    logger: createLogger(config.logLevel, { stream: options.logLines ? collectInto(options.logLines) : undefined }),
    host: '127.0.0.1',
    wechat: options.wechat,
    clock: options.clock,
    redisKeyPrefix,
    jobs: false,
  });
  return { ...server, config, demoPassword: TEST_DEMO_PASSWORD, databaseUrl, redisKeyPrefix };
}
