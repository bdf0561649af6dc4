import { approvalDecisionSchema, approvalListQuerySchema, approvalSchema, idParamsSchema, pageSchema } from '@wesale/shared';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { ApprovalsService } from './approvals.service';

export function approvalRoutes(approvals: ApprovalsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/approvals',
      summary: '审批列表（经理看本团队待办，销售看自己提交的）',
      tag: 'approvals',
      access: staffOnly(),
      query: approvalListQuerySchema,
      response: pageSchema(approvalSchema),
      handler: ({ actor, query }) => approvals.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/approvals/:id',
      summary: '审批详情',
      tag: 'approvals',
      access: staffOnly(),
      params: idParamsSchema,
      response: approvalSchema,
      handler: ({ actor, params }) => approvals.get(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/approvals/:id/approve',
      summary: '通过审批',
      tag: 'approvals',
      access: staffOnly('admin', 'manager', 'finance'),
      params: idParamsSchema,
      body: approvalDecisionSchema,
      response: approvalSchema,
      handler: ({ actor, params, body }) => approvals.decide(actor, params.id, 'approved', body.comment),
    }),
    defineRoute({
      method: 'post',
      path: '/approvals/:id/reject',
      summary: '驳回审批',
      tag: 'approvals',
      access: staffOnly('admin', 'manager', 'finance'),
      params: idParamsSchema,
      body: approvalDecisionSchema,
      response: approvalSchema,
      handler: ({ actor, params, body }) => approvals.decide(actor, params.id, 'rejected', body.comment),
    }),
    defineRoute({
      method: 'post',
      path: '/approvals/:id/cancel',
      summary: '撤回自己的申请',
      tag: 'approvals',
      access: staffOnly(),
      params: idParamsSchema,
      response: approvalSchema,
      handler: ({ actor, params }) => approvals.cancel(actor, params.id),
    }),
  ];
}
