import {
  assignSchema,
  claimSchema,
  idParamsSchema,
  idSchema,
  leadConvertResultSchema,
  leadConvertSchema,
  leadCreateSchema,
  leadListQuerySchema,
  leadSchema,
  leadStatusChangeSchema,
  leadUpdateSchema,
  duplicateMatchSchema,
  pageSchema,
} from '@wesale/shared';
import { z } from 'zod';
import { staffOnly } from '../../infra/auth';
import { defineRoute, rebuildById, WithStatus } from '../../infra/http/route';
import type { LeadsService } from './leads.service';

const leadWorkers = staffOnly('admin', 'manager', 'rep');
const leadWriteResultSchema = leadSchema.extend({ duplicates: z.array(duplicateMatchSchema) });

export function leadRoutes(leads: LeadsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/leads',
      summary: '线索列表（按数据权限；scope=mine|pool|all）',
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
      summary: '新建线索（查重）',
      tag: 'leads',
      access: leadWorkers,
      body: leadCreateSchema,
      response: leadWriteResultSchema,
      status: 201,
      idempotent: rebuildById((actor, id) => leads.get(actor, id)),
      handler: ({ actor, body }) => leads.create(actor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/leads/:id',
      summary: '修改线索',
      tag: 'leads',
      access: leadWorkers,
      params: idParamsSchema,
      body: leadUpdateSchema,
      response: leadWriteResultSchema,
      handler: ({ actor, params, body }) => leads.update(actor, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/leads/:id',
      summary: '删除线索（已转化的不能删除）',
      tag: 'leads',
      access: leadWorkers,
      params: idParamsSchema,
      status: 204,
      response: z.null(),
      handler: async ({ actor, params }) => {
        await leads.remove(actor, params.id);
        return null;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/leads/:id/status',
      summary: '变更线索状态（新线索 → 已联系 → 已确认，或流失）',
      tag: 'leads',
      access: leadWorkers,
      params: idParamsSchema,
      body: leadStatusChangeSchema,
      response: leadSchema,
      handler: ({ actor, params, body }) => leads.changeStatus(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/leads/:id/claim',
      summary: '领取线索：无人负责的直接领取；他人的提交经理审批（202）',
      tag: 'leads',
      access: leadWorkers,
      params: idParamsSchema,
      body: claimSchema,
      response: z.discriminatedUnion('status', [
        z.object({ status: z.literal('claimed'), lead: leadSchema }),
        z.object({ status: z.literal('pending_approval'), approvalId: idSchema }),
      ]),
      handler: async ({ actor, params, body }) => {
        const result = await leads.claim(actor, params.id, body.reason);
        return new WithStatus(result.status === 'claimed' ? 200 : 202, result);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/leads/:id/assign',
      summary: '分配线索',
      tag: 'leads',
      access: staffOnly('admin', 'manager'),
      params: idParamsSchema,
      body: assignSchema,
      response: leadSchema,
      handler: ({ actor, params, body }) => leads.assign(actor, params.id, body.ownerId),
    }),
    defineRoute({
      method: 'post',
      path: '/leads/:id/convert',
      summary: '线索转化为客户 + 联系人（或并入已有客户），保留微信身份与跟进记录',
      tag: 'leads',
      access: leadWorkers,
      params: idParamsSchema,
      body: leadConvertSchema,
      response: leadConvertResultSchema,
      handler: ({ actor, params, body }) => leads.convert(actor, params.id, body),
    }),
  ];
}
