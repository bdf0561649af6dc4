import { ErrorCode } from '@wesale/shared';

/** The one error type: services throw these, the error middleware turns them into the envelope. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, ErrorCode.ValidationFailed, message, details);
export const unauthenticated = (message = '请先登录') => new AppError(401, ErrorCode.Unauthenticated, message);
export const forbidden = (message = '没有权限执行此操作') => new AppError(403, ErrorCode.Forbidden, message);
export const notFound = (what: string) => new AppError(404, ErrorCode.NotFound, `${what}不存在`);
export const conflict = (message: string, details?: unknown) => new AppError(409, ErrorCode.Conflict, message, details);
export const illegalTransition = (what: string, from: string, to: string) =>
  new AppError(409, ErrorCode.IllegalTransition, `${what}当前状态为「${from}」，不能变为「${to}」`, { from, to });
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, ErrorCode.RateLimited, message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
export const serviceUnavailable = (code: ErrorCode, message: string) => new AppError(503, code, message);
