import { botEventResultSchema, errorEnvelopeSchema, type BotEvent, type BotEventResult } from '@wesale/shared';
import type { Logger } from './logger';
import { DEFAULT_RETRY_POLICY, retryWithBackoff, type RetryInfo, type RetryPolicy } from './retry';

/** The server answered, but not with success. */
export class ServerResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ServerResponseError';
  }
}

/** No answer at all: connection refused/reset, DNS failure or timeout. */
export class ServerUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerUnreachableError';
  }
}

/** Worth another try: the server may come back. A 4xx will not change by repeating the same request. */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof ServerUnreachableError) return true;
  if (error instanceof ServerResponseError) return error.status >= 500 || error.status === 429;
  return false;
}

export interface ServerClient {
  /** Reports a bot event; idempotent on the server by the WeChat contact id. */
  reportEvent(event: BotEvent): Promise<BotEventResult>;
}

export interface ServerClientOptions {
  baseUrl: string;
  /** BOT_SERVICE_TOKEN; sent as a bearer token, never logged. */
  token: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  /** Observes each failed attempt that will be retried. */
  onRetry?: (info: RetryInfo) => void;
}

export function createServerClient(options: ServerClientOptions): ServerClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const logger = options.logger;

  async function postJson(path: string, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ServerUnreachableError(`POST ${path}: ${describe(error)}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    const json = parseJson(text);
    if (!response.ok) {
      const envelope = errorEnvelopeSchema.safeParse(json);
      if (envelope.success) {
        const { code, message, details } = envelope.data.error;
        throw new ServerResponseError(response.status, code, message, details);
      }
      throw new ServerResponseError(response.status, undefined, `POST ${path}: HTTP ${response.status}`);
    }
    return json;
  }

  return {
    async reportEvent(event) {
      const path = '/api/v1/bot/events';
      return retryWithBackoff(
        async () => {
          const parsed = botEventResultSchema.safeParse(await postJson(path, event));
          if (!parsed.success) {
            throw new ServerResponseError(200, undefined, `POST ${path}: unexpected response body`, parsed.error.issues);
          }
          return parsed.data;
        },
        {
          ...policy,
          isRetryable: isRetryableError,
          onRetry: (info) => {
            logger.warn(
              { path, attempt: info.attempt, of: policy.attempts, delayMs: info.delayMs, err: summarize(info.error) },
              'server request failed, retrying',
            );
            options.onRetry?.(info);
          },
        },
      );
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // undici puts the useful part (ECONNREFUSED …) in `cause`
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** What goes into a log line about a failed call: no request headers, so no token. */
export function summarize(error: unknown): Record<string, unknown> {
  if (error instanceof ServerResponseError) {
    return { type: error.name, status: error.status, code: error.code, message: error.message };
  }
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { message: String(error) };
}
