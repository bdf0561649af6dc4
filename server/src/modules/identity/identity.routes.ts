import { loginRequestSchema, meSchema, sessionSchema, wechatLoginRequestSchema } from '@wesale/shared';
import { anyone, customersAndStaff } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { IdentityService } from './identity.service';

export function identityRoutes(identity: IdentityService) {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: '员工用户名密码登录（失败次数按用户名和 IP 限流）',
      tag: 'auth',
      access: anyone,
      body: loginRequestSchema,
      response: sessionSchema,
      handler: ({ body, ctx }) => identity.loginWithPassword(body.username, body.password, ctx.ip),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/wechat',
      summary: '小程序微信登录（code → openid，新用户自动成为线索）',
      tag: 'auth',
      access: anyone,
      body: wechatLoginRequestSchema,
      response: sessionSchema,
      handler: ({ body }) => identity.loginWithWechat(body.code),
    }),
    defineRoute({
      method: 'get',
      path: '/me',
      summary: '当前登录用户',
      tag: 'auth',
      access: customersAndStaff,
      response: meSchema,
      handler: ({ actor }) => identity.me(actor),
    }),
  ];
}
