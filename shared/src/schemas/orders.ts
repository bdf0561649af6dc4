import { z } from 'zod';
import { ORDER_CHANNELS, ORDER_STATUSES, SHIPMENT_STATUSES, PAYMENT_METHODS } from '../enums';
import { MAX_DOCUMENT_LINES } from '../pricing';
import { idSchema, listQuerySchema, nonNegativeFenSchema } from './common';
import { DOCUMENT_BOUNDS_DESCRIPTION, documentAmountFenSchema, documentLineSchema, documentTotalsSchema, grossMarginSchema, lineQuantitySchema, refineDocumentBounds } from './sales';

/**
 * Sales orders (销售订单). One create body serves three channels, told apart by who calls and what is sent:
 * - a customer's cart (channel `miniprogram`): lines `{ productId, quantity }` at the grade price, plus the
 *   shipping address; confirmed in the same request when it needs no review;
 * - a rep, manager or admin for a customer (channel `rep`): `customerId` and lines with optional prices;
 * - against a signed contract (channel `contract`): `contractId` and lines `{ contractLineNo | productId, quantity }`
 *   at the contract's prices, up to what the contract line has left.
 */

export const ORDER_REVIEW_KINDS = ['order_credit', 'order_price'] as const;
export type OrderReviewKind = (typeof ORDER_REVIEW_KINDS)[number];

/** not_required: confirmable at once; pending: waiting for approvals; approved: all approved; rejected: an approval was rejected (the order is cancelled). */
export const ORDER_REVIEW_STATUSES = ['not_required', 'pending', 'approved', 'rejected'] as const;
export type OrderReviewStatus = (typeof ORDER_REVIEW_STATUSES)[number];

const textSchema = (max: number) => z.string().trim().max(max);

export const orderLineInputSchema = z.object({
  productId: idSchema.optional().describe('required except on a contract order, where contractLineNo may name the line instead'),
  contractLineNo: z.number().int().min(1).optional().describe('contract orders only: the contract line to order from'),
  quantity: lineQuantitySchema,
  unitPriceFen: nonNegativeFenSchema.optional().describe('staff only, not on contract orders; omitted: the grade price'),
  discountFen: nonNegativeFenSchema.default(0).describe('staff only, not on contract orders: an amount off the whole line'),
});
export type OrderLineInput = z.input<typeof orderLineInputSchema>;

const orderLinesSchema = z
  .array(orderLineInputSchema)
  .min(1, '至少需要一行产品')
  .max(MAX_DOCUMENT_LINES, `最多 ${MAX_DOCUMENT_LINES} 行`)
  .describe(DOCUMENT_BOUNDS_DESCRIPTION);

const shippingFields = {
  shippingAddress: textSchema(200).optional().describe('收货地址; a customer ordering from the cart must give it'),
  contactName: textSchema(60).optional().describe('收货人; required for a cart order'),
  contactPhone: textSchema(32).optional().describe('联系电话; required for a cart order'),
  remarks: textSchema(1000).optional(),
};

/** Lines name a product, or on a contract order a contract line (by number or product) at the contract's price. */
function refineOrderLines(value: { contractId?: string; lines: z.infer<typeof orderLineInputSchema>[] }, ctx: z.RefinementCtx) {
  value.lines.forEach((line, index) => {
    if (value.contractId) {
      if (!line.productId && line.contractLineNo === undefined) {
        ctx.addIssue({ code: 'custom', path: ['lines', index], message: '请指定合同行号或产品' });
      }
      if (line.unitPriceFen !== undefined || line.discountFen > 0) {
        ctx.addIssue({ code: 'custom', path: ['lines', index], message: '合同订单按合同价格下单，不能另行指定价格或折扣' });
      }
    } else {
      if (!line.productId) ctx.addIssue({ code: 'custom', path: ['lines', index, 'productId'], message: '请选择产品' });
      if (line.contractLineNo !== undefined) ctx.addIssue({ code: 'custom', path: ['lines', index, 'contractLineNo'], message: '只有合同订单才能指定合同行' });
    }
  });
  // A contract order takes the contract's prices, which were bounded when the contract was made.
  if (!value.contractId) refineDocumentBounds(value.lines, ctx, ['lines']);
}

export const orderCreateSchema = z
  .object({
    customerId: idSchema.optional().describe('staff orders: the customer (a customer account orders for its own company)'),
    contractId: idSchema.optional().describe('an order against a signed or active contract'),
    warehouseId: idSchema.optional().describe('where stock is reserved on confirm; default: the default warehouse'),
    lines: orderLinesSchema,
    ...shippingFields,
  })
  .superRefine(refineOrderLines);
export type OrderCreate = z.infer<typeof orderCreateSchema>;

export const orderConfirmSchema = z.object({
  warehouseId: idSchema.optional().describe('reserve from this warehouse instead of the one chosen at create'),
});
export type OrderConfirm = z.infer<typeof orderConfirmSchema>;

export const orderCancelSchema = z.object({ reason: textSchema(200).optional() });
export type OrderCancel = z.infer<typeof orderCancelSchema>;

/**
 * 开单: a sale in one step — create, confirm, ship and record the payment in one transaction: a counter sale
 * for a customer (`customerId`), or billing a signed contract (`contractId`, lines as on a contract order).
 * `pickup` (default): the customer takes the goods at the counter, so the order ends delivered (completed when
 * paid in full); `ship`: the goods leave with a carrier and the order ends shipped.
 */
export const orderBillingSchema = z
  .object({
    customerId: idSchema.optional().describe('a counter sale: the customer'),
    contractId: idSchema.optional().describe('billing a signed or active contract (instead of customerId)'),
    warehouseId: idSchema.optional(),
    lines: orderLinesSchema,
    payment: z.object({
      method: z.enum(PAYMENT_METHODS),
      amountFen: documentAmountFenSchema.min(1, '收款金额必须大于 0').optional().describe('default: the order total'),
      note: textSchema(200).optional(),
    }),
    delivery: z.enum(['pickup', 'ship']).default('pickup'),
    carrier: textSchema(60).optional(),
    trackingNumber: textSchema(60).optional(),
    ...shippingFields,
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.customerId) === Boolean(value.contractId)) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: '请指定客户（柜台开单）或合同（合同开单）其中之一' });
    }
    refineOrderLines(value, ctx);
  });
export type OrderBilling = z.infer<typeof orderBillingSchema>;

export const orderListQuerySchema = listQuerySchema.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  channel: z.enum(ORDER_CHANNELS).optional(),
  customerId: idSchema.optional(),
  contractId: idSchema.optional(),
});
export type OrderListQuery = z.infer<typeof orderListQuerySchema>;

export const orderLineSchema = documentLineSchema.extend({
  id: idSchema,
  contractLineId: idSchema.nullable(),
  shippedQty: z.number().int(),
});
export type OrderLineDto = z.infer<typeof orderLineSchema>;

export const staffOrderLineSchema = orderLineSchema.extend({
  floorPriceFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
  belowFloor: z.boolean(),
  costFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
});
export type StaffOrderLineDto = z.infer<typeof staffOrderLineSchema>;

const orderFields = {
  id: idSchema,
  number: z.string(),
  channel: z.enum(ORDER_CHANNELS),
  status: z.enum(ORDER_STATUSES),
  customerId: idSchema,
  customerName: z.string(),
  contractId: idSchema.nullable(),
  warehouseId: idSchema.nullable(),
  totals: documentTotalsSchema,
  paidFen: z.number().int(),
  shippingAddress: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  remarks: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const orderReviewReasonSchema = z.object({ kind: z.enum(ORDER_REVIEW_KINDS), reason: z.string() });
export type OrderReviewReason = z.infer<typeof orderReviewReasonSchema>;

/** What a customer sees of an order. */
export const customerOrderSchema = z.object(orderFields);
export type CustomerOrderDto = z.infer<typeof customerOrderSchema>;

/** Staff add owner, review state and (the roles of the sales setting costVisibleRoles) the margin. */
export const staffOrderSchema = z.object({
  ...orderFields,
  ownerId: idSchema.nullable(),
  teamId: idSchema.nullable(),
  createdBy: idSchema.nullable(),
  reviewStatus: z.enum(ORDER_REVIEW_STATUSES),
  reviewReasons: z.array(orderReviewReasonSchema),
  margin: grossMarginSchema.nullable(),
});
export type StaffOrderDto = z.infer<typeof staffOrderSchema>;

export const orderSchema = z.union([staffOrderSchema, customerOrderSchema]);
export type OrderDto = StaffOrderDto | CustomerOrderDto;

export const orderEventSchema = z.object({
  fromStatus: z.enum(ORDER_STATUSES).nullable(),
  toStatus: z.enum(ORDER_STATUSES),
  actorType: z.enum(['staff', 'customer', 'system']),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderEventDto = z.infer<typeof orderEventSchema>;

export const orderShipmentSummarySchema = z.object({
  id: idSchema,
  number: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const paymentSchema = z.object({
  id: idSchema,
  amountFen: z.number().int(),
  method: z.enum(PAYMENT_METHODS),
  receivedAt: z.string(),
  note: z.string().nullable(),
});
export type PaymentDto = z.infer<typeof paymentSchema>;

const detailFields = {
  events: z.array(orderEventSchema).describe('status timeline, oldest first'),
  shipments: z.array(orderShipmentSummarySchema),
  payments: z.array(paymentSchema),
};

export const customerOrderDetailSchema = customerOrderSchema.extend({ lines: z.array(orderLineSchema), ...detailFields });
export const staffOrderDetailSchema = staffOrderSchema.extend({ lines: z.array(staffOrderLineSchema), ...detailFields });
export const orderDetailSchema = z.union([staffOrderDetailSchema, customerOrderDetailSchema]);
export type CustomerOrderDetailDto = z.infer<typeof customerOrderDetailSchema>;
export type StaffOrderDetailDto = z.infer<typeof staffOrderDetailSchema>;
export type OrderDetailDto = StaffOrderDetailDto | CustomerOrderDetailDto;
