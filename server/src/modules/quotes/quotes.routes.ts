import {
  approvalDecisionSchema,
  customerQuoteSchema,
  customerQuoteSummarySchema,
  idParamsSchema,
  pageSchema,
  quoteAcceptSchema,
  quoteCreateSchema,
  quoteDeclineSchema,
  quoteExportQuerySchema,
  quoteListQuerySchema,
  quoteSchema,
  quoteSummarySchema,
  quoteUpdateSchema,
} from '@wesale/shared';
import { z } from 'zod';
import type { Actor } from '../../infra/actor';
import { customersAndStaff, staffOnly } from '../../infra/auth';
import { defineRoute, rebuildById } from '../../infra/http/route';
import { XLSX_CONTENT_TYPE } from '../imports/xlsx';
import { DOCX_CONTENT_TYPE, sendFile } from './quote-export';
import type { QuotesService } from './quotes.service';

const sellers = staffOnly('admin', 'manager', 'rep');
const approvers = staffOnly('admin', 'manager');
const anyQuoteView = quoteSchema.or(customerQuoteSchema);

export function quoteRoutes(quotes: QuotesService) {
  const action = (path: string, summary: string, run: (actor: Actor, id: string) => Promise<unknown>) =>
    defineRoute({
      method: 'post',
      path: `/quotes/:id/${path}`,
      summary,
      tag: 'quotes',
      access: sellers,
      params: idParamsSchema,
      response: quoteSchema,
      handler: ({ actor, params }) => run(actor, params.id),
    });
  return [
    defineRoute({
      method: 'get',
      path: '/quotes',
      summary: '报价单列表（按数据权限；客户只看到发给本公司的报价；默认只列每个报价的最新版本）',
      tag: 'quotes',
      access: customersAndStaff,
      query: quoteListQuerySchema,
      response: pageSchema(quoteSummarySchema.or(customerQuoteSummarySchema)),
      handler: ({ actor, query }) => quotes.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/quotes/:id',
      summary: '报价单详情（含各版本）',
      tag: 'quotes',
      access: customersAndStaff,
      params: idParamsSchema,
      response: anyQuoteView,
      handler: ({ actor, params }) => quotes.get(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/quotes/:id/export',
      summary: '导出报价单：format=xlsx（Excel，默认）或 docx（Word），含公司抬头、明细、大写金额、有效期与条款',
      tag: 'quotes',
      access: customersAndStaff,
      params: idParamsSchema,
      query: quoteExportQuerySchema,
      produces: [XLSX_CONTENT_TYPE, DOCX_CONTENT_TYPE],
      handler: async ({ ctx, actor, params, query }) => sendFile(ctx, await quotes.exportDocument(actor, params.id, query.format)),
    }),
    defineRoute({
      method: 'post',
      path: '/quotes',
      summary: '新建报价单（草稿 V1；单价默认为客户等级价）',
      tag: 'quotes',
      access: sellers,
      body: quoteCreateSchema,
      response: quoteSchema,
      status: 201,
      idempotent: rebuildById((actor, id) => quotes.get(actor, id)),
      handler: ({ actor, body }) => quotes.create(actor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/quotes/:id',
      summary: '修改草稿报价单（修改明细会重新计价）',
      tag: 'quotes',
      access: sellers,
      params: idParamsSchema,
      body: quoteUpdateSchema,
      response: quoteSchema,
      handler: ({ actor, params, body }) => quotes.update(actor, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/quotes/:id',
      summary: '删除草稿报价单（仅 V1 草稿）',
      tag: 'quotes',
      access: sellers,
      params: idParamsSchema,
      status: 204,
      response: z.null(),
      handler: async ({ actor, params }) => {
        await quotes.remove(actor, params.id);
        return null;
      },
    }),
    action('submit', '提交报价单：无需审批则直接通过，否则进入经理审批（低于底价或超出折扣权限）', (actor, id) => quotes.submit(actor, id)),
    defineRoute({
      method: 'post',
      path: '/quotes/:id/approve',
      summary: '审批通过报价单（等同于处理其待审批记录）',
      tag: 'quotes',
      access: approvers,
      params: idParamsSchema,
      body: approvalDecisionSchema,
      response: quoteSchema,
      handler: ({ actor, params, body }) => quotes.decide(actor, params.id, 'approved', body.comment),
    }),
    defineRoute({
      method: 'post',
      path: '/quotes/:id/reject',
      summary: '驳回报价单（退回草稿）',
      tag: 'quotes',
      access: approvers,
      params: idParamsSchema,
      body: approvalDecisionSchema,
      response: quoteSchema,
      handler: ({ actor, params, body }) => quotes.decide(actor, params.id, 'rejected', body.comment),
    }),
    action('send', '发送报价单给客户（客户在小程序中可查看）', (actor, id) => quotes.send(actor, id)),
    defineRoute({
      method: 'post',
      path: '/quotes/:id/accept',
      summary: '接受报价（客户本人，或销售代为登记客户的答复）',
      tag: 'quotes',
      access: customersAndStaff,
      params: idParamsSchema,
      body: quoteAcceptSchema,
      response: anyQuoteView,
      handler: ({ actor, params, body }) => quotes.respond(actor, params.id, 'accepted', body.note),
    }),
    defineRoute({
      method: 'post',
      path: '/quotes/:id/decline',
      summary: '拒绝报价（客户本人，或销售代为登记客户的答复）',
      tag: 'quotes',
      access: customersAndStaff,
      params: idParamsSchema,
      body: quoteDeclineSchema,
      response: anyQuoteView,
      handler: ({ actor, params, body }) => quotes.respond(actor, params.id, 'declined', body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/quotes/:id/revise',
      summary: '修订报价单：复制为下一版本（V2、V3…）草稿，原版本标记为已被替代',
      tag: 'quotes',
      access: sellers,
      params: idParamsSchema,
      response: quoteSchema,
      status: 201,
      handler: ({ actor, params }) => quotes.revise(actor, params.id),
    }),
  ];
}
