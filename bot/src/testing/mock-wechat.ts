import { randomUUID } from 'node:crypto';
import { types, type payloads } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createBot, type CreateBotOptions, type WeSaleBot } from '../bot';

type ContactMock = ReturnType<mock.Mocker['createContact']>;

export interface FriendRequest {
  hello?: string;
  type?: types.Friendship;
}

/**
 * Drives a WeSale bot on wechaty-puppet-mock: a logged-in bot account, WeChat users who send friend
 * requests, and a record of what the puppet was asked to do.
 */
export interface MockWechat {
  bot: WeSaleBot;
  puppet: PuppetMock;
  mocker: mock.Mocker;
  botUser: ContactMock;
  /** Friendship ids the bot accepted. */
  accepted: string[];
  createUser(name: string): ContactMock;
  /** Delivers a friend request from `user` and resolves once the bot has finished handling it. */
  friendRequest(user: ContactMock, request?: FriendRequest): Promise<string>;
  /** Texts the bot account sent to `user`. */
  textsTo(user: ContactMock): string[];
  stop(): Promise<void>;
}

export async function startMockWechat(options: Omit<CreateBotOptions, 'puppet'>): Promise<MockWechat> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const accepted: string[] = [];
  // The mock only logs an accept; record it so tests can see it happened.
  puppet.friendshipAccept = async (friendshipId: string) => {
    accepted.push(friendshipId);
  };

  const bot = createBot({ ...options, puppet });
  await bot.start();
  const botUser = mocker.createContact({ name: 'WeSale 销售助手' });
  const loggedIn = new Promise<void>((resolve) => bot.wechaty.once('login', () => resolve()));
  mocker.login(botUser);
  await loggedIn;
  await bot.whenIdle();

  return {
    bot,
    puppet,
    mocker,
    botUser,
    accepted,
    createUser: (name) => mocker.createContact({ name }),
    async friendRequest(user, request = {}) {
      const friendshipId = `friendship-${randomUUID()}`;
      const type = request.type ?? types.Friendship.Receive;
      // The mock's friendshipRawPayload knows only the id: feed the payload into the puppet's cache.
      const payload = {
        id: friendshipId,
        contactId: user.id,
        hello: request.hello,
        timestamp: Date.now(),
        ticket: `ticket-${friendshipId}`,
        type,
      } as payloads.Friendship;
      await puppet.friendshipPayload(friendshipId, payload);
      const seen = new Promise<void>((resolve) => bot.wechaty.once('friendship', () => resolve()));
      puppet.emit('friendship', { friendshipId });
      await seen;
      await bot.whenIdle();
      return friendshipId;
    },
    textsTo(user) {
      return [...mocker.cacheMessagePayload.values()]
        .filter((message) => message.talkerId === botUser.id && 'listenerId' in message && message.listenerId === user.id)
        .map((message) => message.text ?? '');
    },
    async stop() {
      await bot.stop();
    },
  };
}
