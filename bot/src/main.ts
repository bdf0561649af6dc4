import { createBot } from './bot';
import { ConfigError, loadBotConfig, type BotConfig } from './config';
import { createLogger } from './logger';
import { createServerClient, summarize } from './server-client';

async function main(): Promise<void> {
  let config: BotConfig;
  try {
    config = loadBotConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`WeSale bot not started. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  // Last line of defence for a long-running bot: a stray rejection inside a puppet is logged, not fatal.
  process.on('unhandledRejection', (reason) => logger.error({ err: summarize(reason) }, 'unhandled rejection'));

  const serverClient = createServerClient({
    baseUrl: config.serverUrl,
    token: config.botServiceToken,
    logger: logger.child({ module: 'server-client' }),
  });
  const bot = createBot({
    puppet: config.puppet,
    puppetOptions: config.puppetToken ? { token: config.puppetToken } : undefined,
    name: config.name,
    serverClient,
    logger,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping bot');
    try {
      await bot.stop();
    } catch (error) {
      logger.error({ err: summarize(error) }, 'bot did not stop cleanly');
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  logger.info({ puppet: config.puppet, serverUrl: config.serverUrl }, 'starting bot');
  try {
    await bot.start();
  } catch (error) {
    logger.fatal({ err: summarize(error) }, 'bot failed to start');
    process.exit(1);
  }
}

void main();
