import { createHash } from 'node:crypto';
import { ErrorCode } from '@wesale/shared';
import { AppError, badRequest } from './errors';
import type { KeyValueStore } from './kv';

const KEY_FORMAT = /^[A-Za-z0-9_.:-]{8,128}$/;
const PENDING_TTL_MS = 60_000;
const RESULT_TTL_MS = 24 * 3600_000;

interface StoredAttempt {
  state: 'pending' | 'done';
  requestHash: string;
  status?: number;
  body?: unknown;
}

export interface IdempotentResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * `Idempotency-Key`: the first request with a key runs and its response is kept for 24 h; a retry with the
 * same key and body replays it; the same key with another body is a 422; a retry while the first is
 * still running is a 409. Keys are scoped per caller and route, so two callers never collide.
 */
export async function runIdempotent(
  kv: KeyValueStore,
  scope: string,
  key: string,
  requestBody: unknown,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<IdempotentResult> {
  if (!KEY_FORMAT.test(key)) throw badRequest('Idempotency-Key 格式不正确：8–128 位字母、数字或 _ . : -');
  const storeKey = `idem:${scope}:${key}`;
  const requestHash = createHash('sha256').update(JSON.stringify(requestBody ?? null)).digest('hex');

  const claimed = await kv.setIfAbsent(storeKey, JSON.stringify({ state: 'pending', requestHash } satisfies StoredAttempt), PENDING_TTL_MS);
  if (!claimed) {
    const stored = await kv.get(storeKey);
    const previous = stored ? (JSON.parse(stored) as StoredAttempt) : null;
    if (!previous) return runIdempotent(kv, scope, key, requestBody, run);
    if (previous.requestHash !== requestHash) {
      throw new AppError(422, ErrorCode.IdempotencyKeyReused, '该 Idempotency-Key 已用于另一个不同的请求');
    }
    if (previous.state === 'pending') throw new AppError(409, ErrorCode.Conflict, '相同的请求正在处理中，请稍后重试');
    return { status: previous.status ?? 200, body: previous.body, replayed: true };
  }

  try {
    const result = await run();
    await kv.set(storeKey, JSON.stringify({ state: 'done', requestHash, ...result } satisfies StoredAttempt), RESULT_TTL_MS);
    return { ...result, replayed: false };
  } catch (error) {
    // A failed attempt wrote nothing, so the caller may retry the same key (with a corrected body too).
    await kv.delete(storeKey);
    throw error;
  }
}
