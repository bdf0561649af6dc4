import {
  idParamsSchema,
  orderBillingSchema,
  orderCancelSchema,
  orderConfirmSchema,
  orderCreateSchema,
  orderDetailSchema,
  orderListQuerySchema,
  orderSchema,
  pageSchema,
} from '@wesale/shared';
import type { StaffActor } from '../../infra/actor';
import { customersAndStaff, staffOnly, type RestrictedAccess } from '../../infra/auth';
import { defineRoute, rebuildById } from '../../infra/http/route';
import type { OrderBillingService } from './order-billing';
import type { OrdersService } from './orders.service';

/** Customers order for their own company; among staff, those who sell. */
const buyersAndSellers: RestrictedAccess = { kinds: ['staff', 'customer'], roles: ['admin', 'manager', 'rep'] };

export function orderRoutes(orders: OrdersService, billing: OrderBillingService) {
  return [
    defineRoute({
      method: 'get',
      path: '/orders',
      summary: '订单列表（客户看本公司的，员工按数据权限）',
      tag: 'orders',
      access: customersAndStaff,
      query: orderListQuerySchema,
      response: pageSchema(orderSchema),
      handler: ({ actor, query }) => orders.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id',
      summary: '订单详情（明细、状态记录、发货与收款）',
      tag: 'orders',
      access: customersAndStaff,
      params: idParamsSchema,
      response: orderDetailSchema,
      handler: ({ actor, params }) => orders.get(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/orders',
      summary:
        '下单：客户购物车（按等级价，无需审核时立即确认并占用库存）、销售代客户下单、或按已签合同下单（按合同价，不超过合同剩余数量）。超信用额度需财务审批，低于底价需经理审批',
      tag: 'orders',
      access: buyersAndSellers,
      body: orderCreateSchema,
      response: orderDetailSchema,
      status: 201,
      idempotent: true,
      handler: ({ actor, body }) => orders.create(actor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/billing',
      summary: '开单：柜台一步完成下单、确认、出库发货与收款（自提即签收，付清即完成）；需审核的订单不能一步开单',
      tag: 'orders',
      access: staffOnly('admin', 'manager', 'rep', 'warehouse'),
      body: orderBillingSchema,
      response: orderDetailSchema,
      status: 201,
      idempotent: rebuildById((actor, id) => orders.get(actor, id)),
      handler: ({ actor, body }) => billing.bill(actor as StaffActor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/confirm',
      summary: '确认订单：在所选仓库占用全部明细的库存（全部成功或全部不占用）',
      tag: 'orders',
      access: staffOnly('admin', 'manager', 'rep'),
      params: idParamsSchema,
      body: orderConfirmSchema,
      response: orderDetailSchema,
      handler: ({ actor, params, body }) => orders.confirm(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/cancel',
      summary: '取消未发货的订单（释放已占用的库存）',
      tag: 'orders',
      access: buyersAndSellers,
      params: idParamsSchema,
      body: orderCancelSchema,
      response: orderDetailSchema,
      handler: ({ actor, params, body }) => orders.cancel(actor, params.id, body),
    }),
  ];
}
