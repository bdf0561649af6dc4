import { ConfigError, loadConfig } from './infra/config';
import { createLogger, flushLogger } from './infra/logger';
import { startServer } from './server';
import { DEMO_USERS } from './seed/demo-data';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`WeSale cannot start.\n${error.message}\nSee .env.example for every variable.`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, { buffered: true });
  const server = await startServer({ config, logger });
  const database = config.databaseUrl ? 'MySQL' : `embedded SQLite in ${config.dataDir}`;
  const redis = config.redisUrl ? 'Redis' : 'in-process store (single instance)';
  logger.info({ port: server.port, database, redis }, 'WeSale server listening');
  if (process.stdout.isTTY || config.env !== 'production') {
    console.log(`\n  WeSale is running: http://localhost:${server.port}`);
    console.log(`  API docs (OpenAPI): http://localhost:${server.port}/api/openapi.json`);
    console.log(`  Database: ${database}; cache/locks: ${redis}`);
    if (config.seedDemo) {
      console.log(`  Demo logins (password "${config.demoPassword}" unless DEMO_PASSWORD was changed after seeding): ${DEMO_USERS.map((u) => u.username).join(', ')}\n`);
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const forced = setTimeout(() => {
      logger.error('shutdown took longer than 25 s; exiting');
      flushLogger(logger);
      process.exit(1);
    }, 25_000);
    forced.unref();
    await server.close();
    logger.info('stopped');
    flushLogger(logger);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error('WeSale failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
