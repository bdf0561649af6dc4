import { WechatyBuilder, type Wechaty, type WechatyOptions } from 'wechaty';
import { WELCOME_MESSAGE } from '@wesale/shared';
import { createLeadReporter, type LeadReporter } from './lead-reporter';
import { onFriendship } from './listeners/on-friendship';
import { onLogin } from './listeners/on-login';
import { onMessage } from './listeners/on-message';
import { onScan } from './listeners/on-scan';
import type { Logger } from './logger';
import { summarize, type ServerClient } from './server-client';

/** A puppet instance (tests: PuppetMock) or the npm name of one (production: from WECHATY_PUPPET). */
export type PuppetChoice = NonNullable<WechatyOptions['puppet']>;

export interface CreateBotOptions {
  puppet: PuppetChoice;
  /** Only used with a puppet name, e.g. `{ token }` for wechaty-puppet-service. */
  puppetOptions?: { token?: string; endpoint?: string };
  /**
   * Names wechaty's memory card: with a name the login session is kept in `<name>.memory-card.json`
   * in the working directory; without one it stays in memory (tests).
   */
  name?: string;
  serverClient: ServerClient;
  logger: Logger;
  welcomeMessage?: string;
  /** How often lead reports deferred during a server outage are tried again. */
  deferredRetryIntervalMs?: number;
}

export interface WeSaleBot {
  readonly wechaty: Wechaty;
  readonly leads: LeadReporter;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every event handler started so far has finished. */
  whenIdle(): Promise<void>;
}

export function createBot(options: CreateBotOptions): WeSaleBot {
  const logger = options.logger;
  const wechaty = WechatyBuilder.build(
    typeof options.puppet === 'string'
      ? { name: options.name, puppet: options.puppet, puppetOptions: options.puppetOptions }
      : { name: options.name, puppet: options.puppet },
  );
  const leads = createLeadReporter({
    serverClient: options.serverClient,
    logger: logger.child({ module: 'leads' }),
    welcomeMessage: options.welcomeMessage ?? WELCOME_MESSAGE,
  });

  const inFlight = new Set<Promise<void>>();
  /** A failing handler is logged and forgotten: one bad event must never take the bot down. */
  function guard<A extends unknown[]>(event: string, handler: (...args: A) => Promise<void>): (...args: A) => void {
    return (...args) => {
      const running: Promise<void> = Promise.resolve()
        .then(() => handler(...args))
        .catch((error: unknown) => logger.error({ event, err: summarize(error) }, 'event handler failed'))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    };
  }

  wechaty
    .on('scan', guard('scan', onScan({ logger: logger.child({ module: 'scan' }) })))
    .on('login', guard('login', onLogin({ logger: logger.child({ module: 'login' }) })))
    .on('logout', (user) => logger.warn({ userId: user.id }, 'bot logged out'))
    .on('friendship', guard('friendship', onFriendship({ leads, logger: logger.child({ module: 'friendship' }) })))
    .on('message', guard('message', onMessage({ logger: logger.child({ module: 'message' }) })))
    // Without an 'error' listener EventEmitter throws, which would crash the process.
    .on('error', (error) => logger.error({ err: summarize(error) }, 'wechaty error'));

  let retryTimer: NodeJS.Timeout | undefined;

  async function whenIdle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    wechaty,
    leads,
    async start() {
      await wechaty.start();
      retryTimer = setInterval(
        guard('deferred-retry', () => leads.retryDeferred()),
        options.deferredRetryIntervalMs ?? 60_000,
      );
      retryTimer.unref();
      logger.info({ puppet: typeof options.puppet === 'string' ? options.puppet : options.puppet.name() }, 'bot started');
    },
    async stop() {
      clearInterval(retryTimer);
      retryTimer = undefined;
      await wechaty.stop();
      await whenIdle();
      logger.info('bot stopped');
    },
    whenIdle,
  };
}
