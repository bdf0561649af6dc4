import { sessionSchema, smsCodeRequestSchema, smsCodeResponseSchema, smsLoginRequestSchema } from '@wesale/shared';
import { anyone } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { SmsLoginService } from './sms-login.service';

export function smsLoginRoutes(smsLogin: SmsLoginService) {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/sms-code',
      summary: '客户获取短信验证码（6 位，5 分钟内有效；按手机号每 60 秒 1 次、每天 10 次，按 IP 限流）',
      tag: 'auth',
      access: anyone,
      body: smsCodeRequestSchema,
      response: smsCodeResponseSchema,
      handler: ({ body, ctx }) => smsLogin.sendCode(body.mobile, ctx.ip),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/sms-login',
      summary: '客户手机号 + 验证码登录（联系人的手机号登录到其客户；新手机号自动成为线索）',
      tag: 'auth',
      access: anyone,
      body: smsLoginRequestSchema,
      response: sessionSchema,
      handler: ({ body }) => smsLogin.login(body.mobile, body.code),
    }),
  ];
}
