import { types, type Friendship } from 'wechaty';
import type { LeadReporter } from '../lead-reporter';
import type { Logger } from '../logger';

export interface FriendshipDeps {
  leads: LeadReporter;
  logger: Logger;
}

export function onFriendship({ leads, logger }: FriendshipDeps) {
  return async function handleFriendship(friendship: Friendship): Promise<void> {
    const contact = friendship.contact();
    const log = logger.child({ contactId: contact.id, friendshipId: friendship.id });
    switch (friendship.type()) {
      case types.Friendship.Receive:
        log.info('friend request received, accepting');
        await friendship.accept();
        await leads.report(contact, friendship.hello());
        return;
      // Also sent when WeChat added the friend without us (auto-accept on the phone, or our own
      // request accepted). Reporting is idempotent, so after an accept above this stays silent.
      case types.Friendship.Confirm:
        log.info('friendship confirmed');
        await leads.report(contact, friendship.hello());
        return;
      default:
        log.debug({ type: types.Friendship[friendship.type()] }, 'friendship event ignored');
    }
  };
}
