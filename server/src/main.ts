import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './infra/config';
import { createLogger, flushLogger, type Logger } from './infra/logger';
import { startServer } from './server';
import { DEMO_CUSTOMERS, DEMO_USERS } from './seed/demo-data';

const SHUTDOWN_TIMEOUT_MS = 25_000;
/** A worker that dies sooner than this after starting is failing to start, not crashing under load: do not loop. */
const MIN_WORKER_LIFETIME_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`WeSale cannot start.\n${error.message}\nSee .env.example for every variable.`);
      process.exit(78);
    }
    throw error;
  }
}

/** How a newcomer signs in as a customer on the demo data (the H5 login page's 客户登录). */
function customerLoginHint(): string {
  return `客户 (customer): 手机号 ${DEMO_CUSTOMERS[0].mobile} + 验证码 (without an SMS provider the code is in the log and returned as devCode)`;
}

/** The one short block a person reads after `npm start`: where to go and how to sign in. Written at once. */
function printBanner(config: Config, port: number) {
  if (!process.stdout.isTTY && config.env === 'production') return;
  const url = `http://localhost:${port}`;
  const lines = [
    '',
    `  WeSale is running: ${url}${config.workers > 1 ? ` (${config.workers} workers)` : ''}`,
    `  API docs:          ${url}/api/docs  (OpenAPI: ${url}/api/openapi.json)`,
    `  Database: ${config.databaseUrl ? 'MySQL' : `embedded SQLite in ${config.dataDir}`}; cache/locks: ${config.redisUrl ? 'Redis' : 'in-process store (single instance)'}`,
  ];
  if (config.seedDemo) {
    lines.push(
      `  ${customerLoginHint()}`,
      `  Demo logins (password "${config.demoPassword}" unless DEMO_PASSWORD was changed after seeding): ${DEMO_USERS.map((u) => u.username).join(', ')}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function onStopSignals(stop: (signal: string) => Promise<void>) {
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** One server process: `npm start`, or one worker of the cluster below. */
async function runServer(config: Config) {
  const logger = createLogger(config.logLevel, { buffered: true });
  const server = await startServer({ config, logger });
  logger.info({ port: server.port, pid: process.pid, database: config.databaseUrl ? 'mysql' : 'sqlite', redis: Boolean(config.redisUrl) }, 'WeSale server listening');
  // Logs are buffered off the request path; the start is worth seeing at once.
  flushLogger(logger);
  if (cluster.isPrimary) printBanner(config, server.port);

  let stopping = false;
  onStopSignals(async (signal) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const forced = setTimeout(() => {
      logger.error('shutdown took longer than 25 s; exiting');
      flushLogger(logger);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    await server.close();
    logger.info('stopped');
    flushLogger(logger);
    process.exit(0);
  });
}

/**
 * WEB_CONCURRENCY > 1: the primary forks that many workers sharing the port (node:cluster), replaces one that
 * crashes, and on SIGTERM lets each finish its in-flight requests. Workers are full instances — migrations take
 * a named lock, jobs a Redis lock per tick — which is why this needs MySQL and Redis.
 */
function runPrimary(config: Config) {
  const logger: Logger = createLogger(config.logLevel, { buffered: true });
  const startedAt = new Map<number, number>();
  let stopping = false;
  let bannerShown = false;

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  cluster.on('listening', (_worker, address) => {
    if (bannerShown) return;
    bannerShown = true;
    printBanner(config, address.port);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    logger.error({ pid: worker.process.pid, code, signal, livedMs: lived }, 'worker exited');
    if (lived < MIN_WORKER_LIFETIME_MS) {
      logger.error('a worker failed right after starting; stopping the cluster');
      flushLogger(logger);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    fork();
  });
  onStopSignals(async (signal) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    const codes = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<number | null>((resolve) => {
            worker.once('exit', (code) => resolve(code));
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    logger.info('stopped');
    flushLogger(logger);
    process.exit(codes.every((code) => code === 0) ? 0 : 1);
  });
  for (let i = 0; i < config.workers; i++) fork();
}

const config = readConfig();
if (config.workers > 1 && cluster.isPrimary) {
  runPrimary(config);
} else {
  runServer(config).catch((error) => {
    console.error('WeSale failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
