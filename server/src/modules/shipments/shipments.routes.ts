import { idParamsSchema, pageSchema, shipmentCreateSchema, shipmentListQuerySchema, shipmentSchema, shipmentShipSchema } from '@wesale/shared';
import { customersAndStaff, staffOnly, type RestrictedAccess } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { ShipmentsService } from './shipments.service';

const planners = staffOnly('admin', 'manager', 'rep', 'warehouse');
/** The warehouse (or an admin) records delivery; the customer may confirm receipt of its own shipment (确认收货). */
const receivers: RestrictedAccess = { kinds: ['staff', 'customer'], roles: ['admin', 'warehouse'] };

export function shipmentRoutes(shipments: ShipmentsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/shipments',
      summary: '发货单列表（客户看本公司的）',
      tag: 'shipments',
      access: customersAndStaff,
      query: shipmentListQuerySchema,
      response: pageSchema(shipmentSchema),
      handler: ({ actor, query }) => shipments.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/shipments/:id',
      summary: '发货单详情',
      tag: 'shipments',
      access: customersAndStaff,
      params: idParamsSchema,
      response: shipmentSchema,
      handler: ({ actor, params }) => shipments.get(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/shipments',
      summary: '新建发货单（可分批发货；不填明细则发全部待发数量）',
      tag: 'shipments',
      access: planners,
      body: shipmentCreateSchema,
      response: shipmentSchema,
      status: 201,
      idempotent: true,
      handler: ({ actor, body }) => shipments.create(actor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/shipments/:id/ship',
      summary: '发货出库（扣减已占用库存，订单变为部分发货或已发货）',
      tag: 'shipments',
      access: staffOnly('admin', 'warehouse'),
      params: idParamsSchema,
      body: shipmentShipSchema,
      response: shipmentSchema,
      handler: ({ actor, params, body }) => shipments.ship(actor, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/shipments/:id/deliver',
      summary: '签收（全部签收后订单变为已签收，已付清则完成）',
      tag: 'shipments',
      access: receivers,
      params: idParamsSchema,
      response: shipmentSchema,
      handler: ({ actor, params }) => shipments.deliver(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/shipments/:id/cancel',
      summary: '取消未发出的发货单',
      tag: 'shipments',
      access: planners,
      params: idParamsSchema,
      response: shipmentSchema,
      handler: ({ actor, params }) => shipments.cancel(actor, params.id),
    }),
  ];
}
