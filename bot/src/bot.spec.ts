import { WELCOME_MESSAGE, type Lead } from '@wesale/shared';
import { types } from 'wechaty';
import { apiClient, loginAs } from '../../server/src/testing/http';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server';
import type { RetryInfo } from './retry';
import { createServerClient } from './server-client';
import { capturingLogger, type CapturedLogs } from './testing/capturing-logger';
import { freePort } from './testing/free-port';
import { startMockWechat, type MockWechat } from './testing/mock-wechat';

const BOT_TOKEN = 'bot-token-for-tests-0123456789';
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const TEST_TIMEOUT = 30_000;

/** Every WeChat-friend lead the server holds for this contact, read through the staff API. */
async function leadsOf(server: TestServer, contactId: string): Promise<Lead[]> {
  const api = apiClient(server.url);
  const token = await loginAs(server, 'admin');
  const found: Lead[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/v1/leads?limit=100&source=wechat_friend${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await api.get<{ data: Lead[]; nextCursor: string | null }>(query, { token });
    expect(response.status).toBe(200);
    found.push(...response.body.data.filter((lead) => lead.wechatContactId === contactId));
    cursor = response.body.nextCursor;
  } while (cursor);
  return found;
}

async function startBot(serverUrl: string, logs: CapturedLogs, retries: RetryInfo[] = []): Promise<MockWechat> {
  const serverClient = createServerClient({
    baseUrl: serverUrl,
    token: BOT_TOKEN,
    logger: logs.logger.child({ module: 'server-client' }),
    retry: FAST_RETRY,
    onRetry: (info) => retries.push(info),
  });
  return startMockWechat({ serverClient, logger: logs.logger });
}

describe('bot with the server up', () => {
  let server: TestServer;
  let wechat: MockWechat | undefined;
  let logs: CapturedLogs;

  beforeAll(async () => {
    server = await startTestServer({ botServiceToken: BOT_TOKEN });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(() => {
    logs = capturingLogger();
  });

  afterEach(async () => {
    await wechat?.stop();
    wechat = undefined;
  });

  it(
    'accepts a friend request, welcomes the new friend and records one WeChat-friend lead',
    async () => {
      wechat = await startBot(server.url, logs);
      const user = wechat.createUser('陈小姐');

      const friendshipId = await wechat.friendRequest(user, { hello: '你好，想咨询一下产品价格' });

      expect(wechat.accepted).toEqual([friendshipId]);
      expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
      const leads = await leadsOf(server, user.id);
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({
        name: '陈小姐',
        source: 'wechat_friend',
        status: 'new',
        wechatContactId: user.id,
        notes: '好友验证消息：你好，想咨询一下产品价格',
      });
      expect(logs.lines.join('\n')).not.toContain(BOT_TOKEN);
    },
    TEST_TIMEOUT,
  );

  it(
    'keeps one lead and one welcome however often the same contact repeats the request',
    async () => {
      wechat = await startBot(server.url, logs);
      const user = wechat.createUser('刘先生');

      const first = await wechat.friendRequest(user, { hello: '你好' });
      const second = await wechat.friendRequest(user, { hello: '你好，再加一次' });
      const third = await wechat.friendRequest(user);

      expect(wechat.accepted).toEqual([first, second, third]);
      expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
      expect(await leadsOf(server, user.id)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'keeps one lead when a fresh bot (after a restart) sees the same contact again',
    async () => {
      wechat = await startBot(server.url, logs);
      const user = wechat.createUser('周女士');
      await wechat.friendRequest(user);
      const firstLead = await leadsOf(server, user.id);
      await wechat.stop();

      // A new bot process: the server alone remembers who already is a lead.
      wechat = await startBot(server.url, logs);
      const again = wechat.mocker.createContact({ id: user.id, name: '周女士' });
      await wechat.friendRequest(again);

      expect(wechat.textsTo(again)).toEqual([]);
      expect(await leadsOf(server, user.id)).toEqual(firstLead);
    },
    TEST_TIMEOUT,
  );

  it(
    'stays silent on the Confirm that follows an accepted request',
    async () => {
      wechat = await startBot(server.url, logs);
      const user = wechat.createUser('孙经理');

      await wechat.friendRequest(user, { type: types.Friendship.Receive });
      await wechat.friendRequest(user, { type: types.Friendship.Confirm });

      expect(wechat.accepted).toHaveLength(1);
      expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
      expect(await leadsOf(server, user.id)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'turns a friend added without a request to accept (Confirm only) into a welcomed lead',
    async () => {
      wechat = await startBot(server.url, logs);
      const user = wechat.createUser('吴总');

      await wechat.friendRequest(user, { type: types.Friendship.Confirm });

      expect(wechat.accepted).toEqual([]);
      expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
      expect(await leadsOf(server, user.id)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'ignores a Verify friendship event',
    async () => {
      wechat = await startBot(server.url, logs);
      const user = wechat.createUser('郑先生');

      await wechat.friendRequest(user, { type: types.Friendship.Verify });

      expect(wechat.accepted).toEqual([]);
      expect(wechat.textsTo(user)).toEqual([]);
      expect(await leadsOf(server, user.id)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'cuts a name longer than the server allows to 64 characters',
    async () => {
      wechat = await startBot(server.url, logs);
      const longName = '一家非常长名字的贸易有限公司采购部'.repeat(6);
      const user = wechat.createUser(longName);

      await wechat.friendRequest(user, { hello: '询价'.repeat(300) });

      const [lead] = await leadsOf(server, user.id);
      expect(lead.name).toBe(longName.slice(0, 64));
      expect(lead.notes).toBe(`好友验证消息：${'询价'.repeat(250)}`);
      expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
    },
    TEST_TIMEOUT,
  );

  it(
    'logs a failing handler and goes on with the next friend request',
    async () => {
      wechat = await startBot(server.url, logs);
      const unlucky = wechat.createUser('钱女士');
      const next = wechat.createUser('冯先生');
      const recordAccept = wechat.puppet.friendshipAccept;
      wechat.puppet.friendshipAccept = async () => {
        throw new Error('WeChat refused the accept');
      };

      await wechat.friendRequest(unlucky);
      wechat.puppet.friendshipAccept = recordAccept;
      const friendshipId = await wechat.friendRequest(next);

      const failures = logs.entries().filter((entry) => entry.msg === 'event handler failed');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ event: 'friendship', err: { message: 'WeChat refused the accept' } });
      expect(wechat.textsTo(unlucky)).toEqual([]);
      expect(wechat.accepted).toEqual([friendshipId]);
      expect(wechat.textsTo(next)).toEqual([WELCOME_MESSAGE]);
      expect(await leadsOf(server, next.id)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );
});

describe('bot with the server down', () => {
  let server: TestServer | undefined;
  let wechat: MockWechat | undefined;

  afterEach(async () => {
    await wechat?.stop();
    wechat = undefined;
    await server?.close();
    server = undefined;
  });

  it(
    'retries with bounded backoff, keeps running, and records the friends once the server is back',
    async () => {
      const port = await freePort();
      const logs = capturingLogger();
      const retries: RetryInfo[] = [];
      wechat = await startBot(`http://127.0.0.1:${port}`, logs, retries);
      const early = wechat.createUser('早到的客户');
      const second = wechat.createUser('第二位客户');

      const earlyRequest = await wechat.friendRequest(early, { hello: '服务器停机时加的好友' });

      // Accepted on WeChat, reported FAST_RETRY.attempts times, then set aside: no welcome yet, no crash.
      expect(wechat.accepted).toEqual([earlyRequest]);
      expect(retries.map((info) => info.attempt)).toEqual([1, 2]);
      expect(retries.every((info) => info.delayMs <= FAST_RETRY.maxDelayMs)).toBe(true);
      expect(wechat.textsTo(early)).toEqual([]);
      expect(wechat.bot.leads.deferredCount()).toBe(1);
      expect(logs.entries().filter((entry) => entry.msg === 'server unavailable, lead report deferred')).toHaveLength(1);

      // Still alive: the next event is handled the same way.
      const secondRequest = await wechat.friendRequest(second);
      expect(wechat.accepted).toEqual([earlyRequest, secondRequest]);
      expect(retries).toHaveLength(4);
      expect(wechat.bot.leads.deferredCount()).toBe(2);
      expect(wechat.bot.wechaty.isLoggedIn).toBe(true);

      server = await startTestServer({ botServiceToken: BOT_TOKEN, port });
      const late = wechat.createUser('恢复后的客户');
      await wechat.friendRequest(late);

      // The first success also sends the deferred reports: each friend now has one lead and one welcome.
      expect(wechat.bot.leads.deferredCount()).toBe(0);
      for (const user of [early, second, late]) {
        expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
        expect(await leadsOf(server, user.id)).toHaveLength(1);
      }
      expect((await leadsOf(server, early.id))[0].notes).toBe('好友验证消息：服务器停机时加的好友');
      expect(logs.lines.join('\n')).not.toContain(BOT_TOKEN);
    },
    TEST_TIMEOUT,
  );

  it(
    'sends deferred reports on the retry tick without waiting for another friend',
    async () => {
      const port = await freePort();
      const logs = capturingLogger();
      wechat = await startBot(`http://127.0.0.1:${port}`, logs);
      const user = wechat.createUser('耐心的客户');
      await wechat.friendRequest(user);
      expect(wechat.bot.leads.deferredCount()).toBe(1);

      server = await startTestServer({ botServiceToken: BOT_TOKEN, port });
      // What the bot's timer runs every deferredRetryIntervalMs.
      await wechat.bot.leads.retryDeferred();

      expect(wechat.bot.leads.deferredCount()).toBe(0);
      expect(wechat.textsTo(user)).toEqual([WELCOME_MESSAGE]);
      expect(await leadsOf(server, user.id)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'does not retry or defer when the server refuses the bot token',
    async () => {
      server = await startTestServer({ botServiceToken: 'another-bot-token-0123456789' });
      const logs = capturingLogger();
      const retries: RetryInfo[] = [];
      wechat = await startBot(server.url, logs, retries);
      const user = wechat.createUser('林小姐');

      const friendshipId = await wechat.friendRequest(user);

      expect(wechat.accepted).toEqual([friendshipId]);
      expect(retries).toEqual([]);
      expect(wechat.bot.leads.deferredCount()).toBe(0);
      expect(wechat.textsTo(user)).toEqual([]);
      expect(logs.entries().filter((entry) => entry.msg === 'server rejected the lead report')).toHaveLength(1);
      expect(await leadsOf(server, user.id)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
