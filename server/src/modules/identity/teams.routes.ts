import { idParamsSchema, pageSchema, teamCreateSchema, teamListQuerySchema, teamSchema, teamUpdateSchema } from '@wesale/shared';
import type { StaffActor } from '../../infra/actor';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { StaffAdminService } from './staff-admin.service';

export function teamRoutes(staff: StaffAdminService) {
  return [
    defineRoute({
      method: 'get',
      path: '/teams',
      summary: '团队列表（管理员看全部，销售经理看本团队）',
      tag: 'teams',
      access: staffOnly('admin', 'manager'),
      query: teamListQuerySchema,
      response: pageSchema(teamSchema),
      handler: ({ actor, query }) => staff.listTeams(actor as StaffActor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/teams/:id',
      summary: '团队详情',
      tag: 'teams',
      access: staffOnly('admin', 'manager'),
      params: idParamsSchema,
      response: teamSchema,
      handler: ({ actor, params }) => staff.getTeam(actor as StaffActor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/teams',
      summary: '新建团队（可指定负责的销售经理，其随之调入该团队）',
      tag: 'teams',
      access: staffOnly('admin'),
      body: teamCreateSchema,
      response: teamSchema,
      status: 201,
      handler: ({ actor, body }) => staff.createTeam(actor as StaffActor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/teams/:id',
      summary: '修改团队名称或负责人',
      tag: 'teams',
      access: staffOnly('admin'),
      params: idParamsSchema,
      body: teamUpdateSchema,
      response: teamSchema,
      handler: ({ actor, params, body }) => staff.updateTeam(actor as StaffActor, params.id, body),
    }),
  ];
}
