import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createApp, type AppServices } from './app';
import type { Config } from './infra/config';
import { openDatabase } from './infra/db';
import { createKeyValueStore, type KeyValueStore } from './infra/kv';
import type { Logger } from './infra/logger';
import type { WechatClient } from './infra/wechat-client';
import { seedDemoData } from './seed/demo-data';
import { ensureDefaultStageTemplate } from './modules/opportunities/stage-templates.service';
import { ensureCustomerSearchIndex } from './modules/customers/customer-search';
import { startJobs } from './jobs';

export interface RunningServer {
  url: string;
  port: number;
  dataSource: DataSource;
  kv: KeyValueStore;
  /** The app's services (what the jobs call; tests reach in-transaction APIs through them). */
  services: AppServices;
  /** Stops accepting, lets in-flight requests finish, then closes the database and Redis. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  host?: string;
  wechat?: WechatClient;
  clock?: () => Date;
  sqliteFile?: string;
  redisKeyPrefix?: string;
  /** Run the scheduled jobs (default true; tests run them by hand). */
  jobs?: boolean;
}

/** Opens DB and Redis, seeds demo data into an empty database, and listens. Used by main.ts and the tests. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const dataSource = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteFile: options.sqliteFile });
  const kv = createKeyValueStore(config.redisUrl, options.redisKeyPrefix);
  try {
    await ensureDefaultStageTemplate(dataSource);
    await ensureCustomerSearchIndex(dataSource);
    if (config.seedDemo) await seedDemoData(dataSource, config.demoPassword, logger);
    const app = createApp({ config, dataSource, kv, logger, wechat: options.wechat, clock: options.clock });
    const jobs = options.jobs === false ? null : startJobs(app.services, kv, logger);
    const server = http.createServer(app.callback());
    server.keepAliveTimeout = 65_000;
    let closing = false;
    // While shutting down, responses in flight tell keep-alive clients to go, so close() does not wait on them.
    server.on('request', (_req, res) => {
      if (closing) res.setHeader('Connection', 'close');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, options.host ?? '0.0.0.0', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      dataSource,
      kv,
      services: app.services,
      async close() {
        closing = true;
        await jobs?.stop();
        await new Promise<void>((resolve) => {
          // Keep-alive sockets whose request was in flight at close() become idle later: close them as they do.
          const sweeper = setInterval(() => server.closeIdleConnections(), 100);
          server.close(() => {
            clearInterval(sweeper);
            resolve();
          });
          server.closeIdleConnections();
        });
        await Promise.allSettled([dataSource.destroy(), kv.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([dataSource.destroy(), kv.close()]);
    throw error;
  }
}
