import { idParamsSchema, leadCreateSchema, leadListQuerySchema, leadSchema, pageSchema } from '@wesale/shared';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { LeadsService } from './leads.service';

const leadWorkers = staffOnly('admin', 'manager', 'rep');

export function leadRoutes(leads: LeadsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/leads',
      summary: '线索列表（按数据权限）',
      tag: 'leads',
      access: leadWorkers,
      query: leadListQuerySchema,
      response: pageSchema(leadSchema),
      handler: ({ actor, query }) => leads.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/leads/:id',
      summary: '线索详情',
      tag: 'leads',
      access: leadWorkers,
      params: idParamsSchema,
      response: leadSchema,
      handler: ({ actor, params }) => leads.get(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/leads',
      summary: '新建线索',
      tag: 'leads',
      access: leadWorkers,
      body: leadCreateSchema,
      response: leadSchema,
      status: 201,
      idempotent: true,
      handler: ({ actor, body }) => leads.create(actor, body),
    }),
  ];
}
