import type { BotEvent } from '@wesale/shared';
import type { Logger } from './logger';
import { isRetryableError, summarize, type ServerClient } from './server-client';

/** The part of a wechaty Contact the reporter needs. */
export interface FriendContact {
  readonly id: string;
  name(): string;
  say(text: string): Promise<unknown>;
}

export type ReportOutcome =
  /** New lead; the welcome message went out. */
  | 'welcomed'
  /** The server already had this contact as a lead; nothing sent. */
  | 'known'
  /** The server stayed unreachable after the retries; kept for a later try. */
  | 'deferred'
  /** The server refused the event (4xx); retrying would not help. */
  | 'rejected';

export interface LeadReporterOptions {
  serverClient: ServerClient;
  logger: Logger;
  welcomeMessage: string;
  /** At most this many reports wait in memory for the server; the oldest is dropped beyond it. */
  maxDeferred?: number;
}

export interface LeadReporter {
  /** Records a new WeChat friend as a lead and welcomes it the first time only. */
  report(contact: FriendContact, hello?: string): Promise<ReportOutcome>;
  /** Tries the deferred reports again, oldest first; stops at the first one the server still cannot take. */
  retryDeferred(): Promise<void>;
  deferredCount(): number;
}

export const NAME_MAX = 64;
export const HELLO_MAX = 500;
const FALLBACK_NAME = '微信好友';

/**
 * Once per contact: the server is the one memory of who already is a lead (unique on the WeChat
 * contact id), so the welcome goes out only when it answers `created: true`. A repeated friend
 * request, or the Confirm that some puppets emit after an accept, gets `created: false` and stays silent.
 *
 * Server down: after the client's bounded retries the report is kept in memory and the welcome is
 * held back with it — welcoming without the server could greet the same person twice. Deferred
 * reports are retried after the next successful report and on the bot's timer. They live in this
 * process only: a restart during an outage loses them (the contact can still be added by hand).
 */
export function createLeadReporter(options: LeadReporterOptions): LeadReporter {
  const { serverClient, logger, welcomeMessage } = options;
  const maxDeferred = options.maxDeferred ?? 1000;
  const deferred = new Map<string, { contact: FriendContact; hello?: string }>();
  let flushing: Promise<void> | undefined;

  function toEvent(contact: FriendContact, hello?: string): BotEvent {
    const name = truncate(contact.name().trim(), NAME_MAX) || FALLBACK_NAME;
    const trimmedHello = hello?.trim();
    return {
      type: 'friend_added',
      contactId: contact.id,
      name,
      ...(trimmedHello ? { hello: truncate(trimmedHello, HELLO_MAX) } : {}),
    };
  }

  async function send(contact: FriendContact, hello?: string): Promise<ReportOutcome> {
    const log = logger.child({ contactId: contact.id });
    let created: boolean;
    try {
      const result = await serverClient.reportEvent(toEvent(contact, hello));
      created = result.created;
      log.info({ leadId: result.leadId, created }, created ? 'lead created' : 'contact already a lead');
    } catch (error) {
      if (isRetryableError(error)) {
        defer(contact, hello);
        log.error({ err: summarize(error), deferred: deferred.size }, 'server unavailable, lead report deferred');
        return 'deferred';
      }
      log.error({ err: summarize(error) }, 'server rejected the lead report');
      return 'rejected';
    }
    deferred.delete(contact.id);
    if (!created) return 'known';
    try {
      await contact.say(welcomeMessage);
      log.info('welcome message sent');
    } catch (error) {
      // The lead exists; repeating the report would not resend, so this welcome is lost. Say it loudly.
      log.error({ err: summarize(error) }, 'welcome message failed');
    }
    return 'welcomed';
  }

  function defer(contact: FriendContact, hello?: string): void {
    deferred.delete(contact.id);
    deferred.set(contact.id, { contact, hello });
    if (deferred.size > maxDeferred) {
      const [oldest] = deferred.keys();
      deferred.delete(oldest);
      logger.error({ contactId: oldest, maxDeferred }, 'too many deferred lead reports, dropped the oldest');
    }
  }

  async function flush(): Promise<void> {
    for (const [contactId, entry] of [...deferred]) {
      if (!deferred.has(contactId)) continue;
      deferred.delete(contactId);
      const outcome = await send(entry.contact, entry.hello);
      if (outcome === 'deferred') return;
    }
  }

  function retryDeferred(): Promise<void> {
    if (deferred.size === 0) return Promise.resolve();
    // One flush at a time: two would report the same contact twice.
    flushing ??= flush().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  return {
    async report(contact, hello) {
      const outcome = await send(contact, hello);
      if (outcome === 'welcomed' || outcome === 'known') await retryDeferred();
      return outcome;
    },
    retryDeferred,
    deferredCount: () => deferred.size,
  };
}

/** Cuts to at most `max` UTF-16 units (what the server's length check counts) without splitting a character. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}
