import { followUpCreateSchema, followUpSchema, idParamsSchema, listQuerySchema, pageSchema, type FollowUpSubject } from '@wesale/shared';
import { z } from 'zod';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { FollowUpsService } from './follow-ups.service';

const SUBJECTS: Array<{ type: FollowUpSubject; path: string; label: string }> = [
  { type: 'lead', path: 'leads', label: '线索' },
  { type: 'customer', path: 'customers', label: '客户' },
  { type: 'opportunity', path: 'opportunities', label: '商机' },
];

export function followUpRoutes(followUps: FollowUpsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/follow-ups/due',
      summary: '今日待跟进（含逾期）',
      tag: 'follow-ups',
      access: staffOnly('admin', 'manager', 'rep'),
      response: z.object({ data: z.array(followUpSchema) }),
      handler: async ({ actor }) => ({ data: await followUps.due(actor) }),
    }),
    ...SUBJECTS.flatMap(({ type, path, label }) => [
      defineRoute({
        method: 'get',
        path: `/${path}/:id/follow-ups`,
        summary: `${label}的跟进记录`,
        tag: 'follow-ups',
        access: staffOnly(),
        params: idParamsSchema,
        query: listQuerySchema,
        response: pageSchema(followUpSchema),
        handler: ({ actor, params, query }) => followUps.list(actor, { type, id: params.id }, query),
      }),
      defineRoute({
        method: 'post',
        path: `/${path}/:id/follow-ups`,
        summary: `添加${label}跟进记录`,
        tag: 'follow-ups',
        access: staffOnly('admin', 'manager', 'rep'),
        params: idParamsSchema,
        body: followUpCreateSchema,
        response: followUpSchema,
        status: 201,
        handler: ({ actor, params, body }) => followUps.add(actor, { type, id: params.id }, body),
      }),
    ]),
  ];
}
