import { z } from 'zod';
import { SHIPMENT_STATUSES } from '../enums';
import { idSchema, listQuerySchema } from './common';

/** 发货单: part or all of a confirmed order, leaving one warehouse with a carrier and tracking number. */

const textSchema = (max: number) => z.string().trim().max(max);

export const shipmentLineInputSchema = z
  .object({
    orderLineId: idSchema.optional(),
    productId: idSchema.optional().describe('names the order line by its product when the product is on one line only'),
    quantity: z.number().int('数量必须是整数').min(1, '数量至少为 1').max(1_000_000, '数量过大'),
  })
  .refine((line) => Boolean(line.orderLineId) !== Boolean(line.productId), { message: '请指定订单行或产品（二选一）' });
export type ShipmentLineInput = z.infer<typeof shipmentLineInputSchema>;

export const shipmentCreateSchema = z.object({
  orderId: idSchema,
  lines: z.array(shipmentLineInputSchema).min(1).max(200).optional().describe('omitted: everything not yet shipped or in another pending shipment'),
  carrier: textSchema(60).optional(),
  trackingNumber: textSchema(60).optional(),
});
export type ShipmentCreate = z.infer<typeof shipmentCreateSchema>;

export const shipmentShipSchema = z.object({
  carrier: textSchema(60).optional(),
  trackingNumber: textSchema(60).optional(),
});
export type ShipmentShip = z.infer<typeof shipmentShipSchema>;

export const shipmentListQuerySchema = listQuerySchema.extend({
  orderId: idSchema.optional(),
  status: z.enum(SHIPMENT_STATUSES).optional(),
});
export type ShipmentListQuery = z.infer<typeof shipmentListQuerySchema>;

export const shipmentLineSchema = z.object({
  orderLineId: idSchema,
  lineNo: z.number().int(),
  productId: idSchema,
  sku: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
});

export const shipmentSchema = z.object({
  id: idSchema,
  number: z.string(),
  orderId: idSchema,
  orderNumber: z.string(),
  customerId: idSchema,
  customerName: z.string(),
  warehouseId: idSchema,
  status: z.enum(SHIPMENT_STATUSES),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  lines: z.array(shipmentLineSchema),
});
export type ShipmentDto = z.infer<typeof shipmentSchema>;
