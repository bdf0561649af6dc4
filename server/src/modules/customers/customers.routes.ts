import {
  assignSchema,
  bulkAssignSchema,
  claimSchema,
  contactCreateSchema,
  contactSchema,
  customerCreateSchema,
  customerListQuerySchema,
  customerSchema,
  customerUpdateSchema,
  customerWriteResultSchema,
  followerSchema,
  idParamsSchema,
  idSchema,
  listQuerySchema,
  pageSchema,
  timelineEventSchema,
} from '@wesale/shared';
import { z } from 'zod';
import { staffOnly } from '../../infra/auth';
import { defineRoute, rebuildById, WithStatus } from '../../infra/http/route';
import type { CustomersService } from './customers.service';

const crmStaff = staffOnly('admin', 'manager', 'rep');
const anyStaff = staffOnly();
const assigners = staffOnly('admin', 'manager');

const claimResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('claimed'), customer: customerSchema }),
  z.object({ status: z.literal('pending_approval'), approvalId: idSchema }),
]);

export function customerRoutes(customers: CustomersService) {
  return [
    defineRoute({
      method: 'get',
      path: '/customers',
      summary: '客户列表（按数据权限；scope=mine|pool|all）',
      tag: 'customers',
      access: anyStaff,
      query: customerListQuerySchema,
      response: pageSchema(customerSchema),
      handler: ({ actor, query }) => customers.list(actor, query),
    }),
    defineRoute({
      method: 'post',
      path: '/customers',
      summary: '新建客户（查重：提示或禁止）',
      tag: 'customers',
      access: crmStaff,
      body: customerCreateSchema,
      response: customerWriteResultSchema,
      status: 201,
      idempotent: rebuildById((actor, id) => customers.get(actor, id)),
      handler: ({ actor, body }) => customers.create(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/customers/:id',
      summary: '客户详情',
      tag: 'customers',
      access: anyStaff,
      params: idParamsSchema,
      response: customerSchema,
      handler: ({ actor, params }) => customers.get(actor, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/customers/:id',
      summary: '修改客户资料',
      tag: 'customers',
      access: crmStaff,
      params: idParamsSchema,
      body: customerUpdateSchema,
      response: customerWriteResultSchema,
      handler: ({ actor, params, body }) => customers.update(actor, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/customers/:id',
      summary: '删除客户（有商机的客户不能删除）',
      tag: 'customers',
      access: assigners,
      params: idParamsSchema,
      status: 204,
      response: z.null(),
      handler: async ({ actor, params }) => {
        await customers.remove(actor, params.id);
        return null;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/claim',
      summary: '领取客户：公海客户直接领取；他人客户提交经理审批（202）',
      tag: 'customers',
      access: crmStaff,
      params: idParamsSchema,
      body: claimSchema,
      response: claimResultSchema,
      handler: async ({ actor, params, body }) => {
        const result = await customers.claim(actor, params.id, body.reason);
        return new WithStatus(result.status === 'claimed' ? 200 : 202, result);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/release',
      summary: '释放客户到公海',
      tag: 'customers',
      access: crmStaff,
      params: idParamsSchema,
      body: claimSchema,
      response: customerSchema,
      handler: ({ actor, params, body }) => customers.release(actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/assign',
      summary: '分配客户负责人（经理：本团队）',
      tag: 'customers',
      access: assigners,
      params: idParamsSchema,
      body: assignSchema,
      response: customerSchema,
      handler: ({ actor, params, body }) => customers.assign(actor, params.id, body.ownerId),
    }),
    defineRoute({
      method: 'post',
      path: '/customers/bulk-assign',
      summary: '批量分配客户（全部成功或全部不变）',
      tag: 'customers',
      access: assigners,
      body: bulkAssignSchema,
      response: z.object({ assigned: z.number().int() }),
      handler: ({ actor, body }) => customers.bulkAssign(actor, body.customerIds, body.ownerId),
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/followers',
      summary: '添加协作人',
      tag: 'customers',
      access: crmStaff,
      params: idParamsSchema,
      body: followerSchema,
      response: customerSchema,
      handler: ({ actor, params, body }) => customers.addFollower(actor, params.id, body.userId),
    }),
    defineRoute({
      method: 'delete',
      path: '/customers/:id/followers/:userId',
      summary: '移除协作人',
      tag: 'customers',
      access: crmStaff,
      params: z.object({ id: idSchema, userId: idSchema }),
      response: customerSchema,
      handler: ({ actor, params }) => customers.removeFollower(actor, params.id, params.userId),
    }),
    defineRoute({
      method: 'get',
      path: '/customers/:id/contacts',
      summary: '客户联系人',
      tag: 'customers',
      access: anyStaff,
      params: idParamsSchema,
      response: z.object({ data: z.array(contactSchema) }),
      handler: async ({ actor, params }) => ({ data: await customers.listContacts(actor, params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/customers/:id/contacts',
      summary: '新增联系人',
      tag: 'customers',
      access: crmStaff,
      params: idParamsSchema,
      body: contactCreateSchema,
      response: contactSchema,
      status: 201,
      handler: ({ actor, params, body }) => customers.addContact(actor, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/customers/:id/timeline',
      summary: '客户动态时间线（跟进、归属变化……）',
      tag: 'customers',
      access: anyStaff,
      params: idParamsSchema,
      query: listQuerySchema,
      response: pageSchema(timelineEventSchema),
      handler: ({ actor, params, query }) => customers.timeline(actor, params.id, query),
    }),
  ];
}
