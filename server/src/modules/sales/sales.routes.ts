import { customerPriceQuerySchema, customerPriceSchema, priceCheckResultSchema, priceCheckSchema } from '@wesale/shared';
import { z } from 'zod';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { PriceRules } from './price-rules';

const sellers = staffOnly('admin', 'manager', 'rep');

export function salesRoutes(priceRules: PriceRules) {
  return [
    defineRoute({
      method: 'get',
      path: '/pricing/customer-prices',
      summary: '客户的等级价（选品时显示）',
      tag: 'pricing',
      access: sellers,
      query: customerPriceQuerySchema,
      response: z.object({ data: z.array(customerPriceSchema) }),
      handler: async ({ actor, query }) => ({ data: await priceRules.customerPrices(actor, query.customerId, query.productIds) }),
    }),
    defineRoute({
      method: 'post',
      path: '/pricing/check',
      summary: '试算单据金额（合计、税额、毛利、是否需要审批）',
      tag: 'pricing',
      access: sellers,
      body: priceCheckSchema,
      response: priceCheckResultSchema,
      handler: ({ actor, body }) => priceRules.check(actor, body.customerId, body.lines),
    }),
  ];
}
