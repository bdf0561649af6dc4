import { startTestServer, type TestServer } from '../../server/src/testing/test-server';
import type { RetryInfo } from './retry';
import {
  createServerClient,
  isRetryableError,
  ServerResponseError,
  ServerUnreachableError,
} from './server-client';
import { capturingLogger } from './testing/capturing-logger';
import { freePort } from './testing/free-port';

const BOT_TOKEN = 'bot-token-for-tests-0123456789';

describe('isRetryableError', () => {
  it.each([
    { label: 'an unreachable server', error: new ServerUnreachableError('ECONNREFUSED'), retry: true },
    { label: '500', error: new ServerResponseError(500, 'INTERNAL_ERROR', 'boom'), retry: true },
    { label: '502', error: new ServerResponseError(502, undefined, 'bad gateway'), retry: true },
    { label: '503', error: new ServerResponseError(503, 'SERVICE_UNAVAILABLE', 'down'), retry: true },
    { label: '429', error: new ServerResponseError(429, 'RATE_LIMITED', 'slow down'), retry: true },
    { label: '400', error: new ServerResponseError(400, 'VALIDATION_FAILED', 'bad'), retry: false },
    { label: '401', error: new ServerResponseError(401, 'UNAUTHENTICATED', 'token'), retry: false },
    { label: '404', error: new ServerResponseError(404, 'NOT_FOUND', 'gone'), retry: false },
    { label: '409', error: new ServerResponseError(409, 'CONFLICT', 'conflict'), retry: false },
    { label: 'a malformed 200', error: new ServerResponseError(200, undefined, 'unexpected body'), retry: false },
    { label: 'a programming error', error: new TypeError('x is undefined'), retry: false },
  ])('$label → retry: $retry', ({ error, retry }) => {
    expect(isRetryableError(error)).toBe(retry);
  });
});

describe('server client against the real server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ botServiceToken: BOT_TOKEN });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('reports a friend and gets the same lead back on a repeat', async () => {
    const { logger } = capturingLogger();
    const client = createServerClient({ baseUrl: server.url, token: BOT_TOKEN, logger });
    const event = { type: 'friend_added' as const, contactId: 'wxid_client_spec_1', name: '张三', hello: '我想了解一下报价' };

    const first = await client.reportEvent(event);
    const second = await client.reportEvent(event);

    expect(first.created).toBe(true);
    expect(second).toEqual({ leadId: first.leadId, created: false });
  });

  it('accepts a base URL with a trailing slash', async () => {
    const { logger } = capturingLogger();
    const client = createServerClient({ baseUrl: `${server.url}/`, token: BOT_TOKEN, logger });
    await expect(
      client.reportEvent({ type: 'friend_added', contactId: 'wxid_client_spec_2', name: '李四' }),
    ).resolves.toMatchObject({ created: true });
  });

  it('does not retry a 401 from a wrong token and never logs the token', async () => {
    const { logger, lines } = capturingLogger();
    const retries: RetryInfo[] = [];
    const wrongToken = 'wrong-token-0123456789abcdef';
    const client = createServerClient({
      baseUrl: server.url,
      token: wrongToken,
      logger,
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      onRetry: (info) => retries.push(info),
    });

    const failure = client.reportEvent({ type: 'friend_added', contactId: 'wxid_client_spec_3', name: '王五' });

    await expect(failure).rejects.toBeInstanceOf(ServerResponseError);
    await expect(failure).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(retries).toHaveLength(0);
    expect(lines.join('\n')).not.toContain(wrongToken);
  });

  it('does not retry a 400 for an event the server refuses', async () => {
    const { logger } = capturingLogger();
    const retries: RetryInfo[] = [];
    const client = createServerClient({
      baseUrl: server.url,
      token: BOT_TOKEN,
      logger,
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      onRetry: (info) => retries.push(info),
    });

    const failure = client.reportEvent({ type: 'friend_added', contactId: 'wxid_client_spec_4', name: 'x'.repeat(65) });

    await expect(failure).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(retries).toHaveLength(0);
  });
});

describe('server client with the server down', () => {
  it('retries a refused connection the configured number of times, then fails', async () => {
    const { logger, lines } = capturingLogger();
    const retries: RetryInfo[] = [];
    const client = createServerClient({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      token: BOT_TOKEN,
      logger,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      onRetry: (info) => retries.push(info),
    });

    const failure = client.reportEvent({ type: 'friend_added', contactId: 'wxid_client_spec_5', name: '赵六' });

    await expect(failure).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(retries.map((info) => info.attempt)).toEqual([1, 2]);
    expect(lines.filter((line) => line.includes('server request failed, retrying'))).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(BOT_TOKEN);
  });
});
