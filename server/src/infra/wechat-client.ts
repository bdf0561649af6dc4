import { ErrorCode } from '@wesale/shared';
import { AppError, serviceUnavailable } from './errors';
import type { Logger } from './logger';

export interface WechatSession {
  openid: string;
  unionid?: string;
  /** Kept on the server only: never logged, never returned to a client. */
  sessionKey: string;
}

export interface WechatClient {
  code2Session(code: string): Promise<WechatSession>;
}

interface WechatOptions {
  apiBase: string;
  appId?: string;
  secret?: string;
  timeoutMs?: number;
  logger: Logger;
}

/** The one client for WeChat's HTTP APIs; its base URL is configurable so tests point it at a local fake. */
export function createWechatClient(options: WechatOptions): WechatClient {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async code2Session(code) {
      if (!options.appId || !options.secret) {
        throw serviceUnavailable(ErrorCode.WechatUnavailable, '服务器未配置微信小程序（WECHAT_APPID / WECHAT_SECRET），暂不能使用微信登录');
      }
      const url = new URL('/sns/jscode2session', options.apiBase);
      url.search = new URLSearchParams({
        appid: options.appId,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      let payload: { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string };
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        payload = (await response.json()) as typeof payload;
      } catch (error) {
        options.logger.warn({ err: (error as Error).message }, 'jscode2session unreachable');
        throw serviceUnavailable(ErrorCode.WechatUnavailable, '暂时无法连接微信服务器，请稍后重试');
      }
      if (payload.errcode) {
        options.logger.warn({ errcode: payload.errcode, errmsg: payload.errmsg }, 'jscode2session refused');
        throw wechatError(payload.errcode);
      }
      if (!payload.openid || !payload.session_key) {
        throw serviceUnavailable(ErrorCode.WechatUnavailable, '微信服务器返回了无法识别的结果，请稍后重试');
      }
      return { openid: payload.openid, unionid: payload.unionid || undefined, sessionKey: payload.session_key };
    },
  };
}

function wechatError(errcode: number): AppError {
  switch (errcode) {
    case 40029: // invalid code
    case 40163: // code already used
    case 40226: // risky user blocked by WeChat
      return new AppError(400, ErrorCode.WechatCodeInvalid, '微信登录凭证无效或已过期，请重新登录', { errcode });
    case 45011:
      return new AppError(429, ErrorCode.WechatRateLimited, '微信登录过于频繁，请稍后再试', { errcode, retryAfterSeconds: 60 }, { 'Retry-After': '60' });
    case -1:
      return serviceUnavailable(ErrorCode.WechatUnavailable, '微信服务器繁忙，请稍后重试');
    default:
      return serviceUnavailable(ErrorCode.WechatUnavailable, `微信登录暂时不可用（错误码 ${errcode}），请稍后重试`);
  }
}
