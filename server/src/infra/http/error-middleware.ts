import type { Middleware } from 'koa';
import { ErrorCode } from '@wesale/shared';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import type { AppState } from './context';
import { zodDetails } from './validate';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  headers?: Record<string, string>;
  message?: string;
}

/** Maps framework errors (body parser, router) to our codes and Chinese messages. */
function fromHttpError(error: HttpLikeError): AppError | null {
  const status = error.status ?? error.statusCode;
  if (!status || status >= 500 && status !== 501) return null;
  if (error.type === 'entity.parse.failed' || (status === 400 && /json/i.test(error.message ?? ''))) {
    return new AppError(400, ErrorCode.InvalidJson, '请求体不是有效的 JSON');
  }
  switch (status) {
    case 413:
      return new AppError(413, ErrorCode.PayloadTooLarge, '请求体过大');
    case 415:
      return new AppError(415, ErrorCode.UnsupportedMediaType, '请求体必须是 JSON（Content-Type: application/json）');
    case 405:
    case 501:
      return new AppError(405, ErrorCode.MethodNotAllowed, '该接口不支持此请求方法', undefined, error.headers);
    case 404:
      return new AppError(404, ErrorCode.NotFound, '接口不存在');
    case 401:
      return new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    case 403:
      return new AppError(403, ErrorCode.Forbidden, '没有权限执行此操作');
    default:
      return error.expose ? new AppError(status, ErrorCode.ValidationFailed, error.message ?? '请求有误') : null;
  }
}

/** Registered first: every error leaves as `{ error: { code, message, details } }`. */
export function errorMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      // The routers answer an unknown path (404) or method (405/501, with an Allow header) without a body.
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw new AppError(404, ErrorCode.NotFound, '接口不存在');
        if (ctx.status === 405 || ctx.status === 501) throw new AppError(405, ErrorCode.MethodNotAllowed, '该接口不支持此请求方法');
      }
    } catch (caught) {
      let error: AppError | null = null;
      if (caught instanceof AppError) error = caught;
      else if (caught instanceof ZodError) error = new AppError(400, ErrorCode.ValidationFailed, '请求参数有误', zodDetails(caught));
      else error = fromHttpError(caught as HttpLikeError);

      if (!error) {
        ctx.state.log.error({ err: caught }, 'unhandled error');
        error = new AppError(500, ErrorCode.Internal, '服务器内部错误，请稍后重试', { requestId: ctx.state.requestId });
      } else if (error.status >= 500) {
        ctx.state.log.warn({ code: error.code, message: error.message }, 'service unavailable');
      }
      ctx.status = error.status;
      for (const [name, value] of Object.entries(error.headers ?? {})) ctx.set(name, value);
      ctx.body = { error: { code: error.code, message: error.message, details: error.details } };
    }
  };
}
