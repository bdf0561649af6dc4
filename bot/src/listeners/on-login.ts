import type { ContactSelf } from 'wechaty';
import type { Logger } from '../logger';

export function onLogin({ logger }: { logger: Logger }) {
  return async function handleLogin(user: ContactSelf): Promise<void> {
    logger.info({ userId: user.id, userName: user.name() }, 'bot logged in');
  };
}
