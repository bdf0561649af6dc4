import type { Message } from 'wechaty';
import type { Logger } from '../logger';

/** Placeholder until the bot answers customers: notes who wrote, never what (customer privacy). */
export function onMessage({ logger }: { logger: Logger }) {
  return async function handleMessage(message: Message): Promise<void> {
    if (message.self()) return;
    logger.debug(
      { messageId: message.id, talkerId: message.talker().id, inRoom: Boolean(message.room()), type: message.type() },
      'message received',
    );
  };
}
