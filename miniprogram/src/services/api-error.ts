import type { ErrorCode } from '@wesale/shared';

/** Server error codes plus the two failures that never reach the server. */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

const FALLBACK_MESSAGES: Partial<Record<ApiErrorCode, string>> = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务器返回了无法识别的数据，请稍后重试',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '内容不存在或已被删除',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试',
  SMS_CODE_INVALID: '验证码错误，请重新输入',
  SMS_CODE_EXPIRED: '验证码已失效，请重新获取',
  SMS_UNAVAILABLE: '短信服务暂时不可用，请稍后重试',
  INTERNAL_ERROR: '服务器出错了，请稍后重试',
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** A failed API call: `code` is for branching, `message` is Chinese text for a person. */
export class ApiError extends Error {
  readonly name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Works across realms and transpiled class hierarchies, unlike a bare `instanceof`. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ApiError');
}

export function apiErrorFromCode(code: ApiErrorCode, status = 0): ApiError {
  return new ApiError(code, FALLBACK_MESSAGES[code] ?? `请求失败（${status}）`, status);
}

/** Maps a non-2xx answer with the `{ error: { code, message, details } }` envelope (or anything else) to an ApiError. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  const envelope = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code: ApiErrorCode =
    typeof envelope?.code === 'string' ? (envelope.code as ErrorCode) : (CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_RESPONSE'));
  const message =
    typeof envelope?.message === 'string' && envelope.message.trim() !== ''
      ? envelope.message
      : (FALLBACK_MESSAGES[code] ?? `请求失败（${status}）`);
  return new ApiError(code, message, status, envelope?.details);
}

/** Text to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return '出了点问题，请稍后重试';
}
