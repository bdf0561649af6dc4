import {
  idParamsSchema,
  pageSchema,
  passwordChangeSchema,
  passwordResetResultSchema,
  passwordResetSchema,
  sessionSchema,
  userCreatedSchema,
  userCreateSchema,
  userListQuerySchema,
  userSchema,
  userUpdateSchema,
} from '@wesale/shared';
import type { StaffActor } from '../../infra/actor';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { IdentityService } from './identity.service';
import type { StaffAdminService } from './staff-admin.service';

const admins = staffOnly('admin');
const teamLeads = staffOnly('admin', 'manager');

export function userRoutes(staff: StaffAdminService, identity: IdentityService) {
  return [
    defineRoute({
      method: 'get',
      path: '/users',
      summary: '员工列表（管理员看全部，销售经理看本团队；q 匹配用户名、姓名、手机号）',
      tag: 'users',
      access: teamLeads,
      query: userListQuerySchema,
      response: pageSchema(userSchema),
      handler: ({ actor, query }) => staff.listUsers(actor as StaffActor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id',
      summary: '员工详情',
      tag: 'users',
      access: teamLeads,
      params: idParamsSchema,
      response: userSchema,
      handler: ({ actor, params }) => staff.getUser(actor as StaffActor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      summary: '新建员工（不填密码时生成一个，只在此返回一次）',
      tag: 'users',
      access: admins,
      body: userCreateSchema,
      response: userCreatedSchema,
      status: 201,
      handler: ({ actor, body }) => staff.createUser(actor as StaffActor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:id',
      summary: '修改员工（角色、团队、停用会使其登录失效；销售经理只能改本团队销售的折扣权限、姓名、手机号）',
      tag: 'users',
      access: teamLeads,
      params: idParamsSchema,
      body: userUpdateSchema,
      response: userSchema,
      handler: ({ actor, params, body }) => staff.updateUser(actor as StaffActor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/users/:id/reset-password',
      summary: '重置员工密码（不填则生成一个，只在此返回一次；其所有登录失效）',
      tag: 'users',
      access: admins,
      params: idParamsSchema,
      body: passwordResetSchema,
      response: passwordResetResultSchema,
      handler: ({ actor, params, body }) => staff.resetPassword(actor as StaffActor, params.id, body.password),
    }),
    defineRoute({
      method: 'post',
      path: '/me/password',
      summary: '修改自己的密码（需原密码；其他登录失效，返回新的登录凭证）',
      tag: 'auth',
      access: staffOnly(),
      body: passwordChangeSchema,
      response: sessionSchema,
      handler: ({ actor, body, ctx }) => identity.changeOwnPassword(actor as StaffActor, body.oldPassword, body.newPassword, ctx.ip),
    }),
  ];
}
