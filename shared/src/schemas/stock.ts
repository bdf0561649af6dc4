import { z } from 'zod';
import { STOCK_MOVEMENT_REASONS, STOCKTAKE_STATUSES } from '../enums';
import { idSchema, listQuerySchema } from './common';

/** Quantities are integers of the product's unit; the bound keeps sums inside a 32-bit column. */
const MAX_QTY = 100_000_000;
/**
 * The most a warehouse holds of one product (on hand): a change that would take it past is refused (409
 * STOCK_LIMIT_EXCEEDED); one change at most MAX_QTY on top stays inside the 32-bit column.
 */
export const MAX_ON_HAND = 1_000_000_000;
const MAX_LINES = 500;

const quantitySchema = z.number().int('数量必须是整数');
const positiveQtySchema = quantitySchema.min(1, '数量必须大于 0').max(MAX_QTY, '数量过大');
const nonNegativeQtySchema = quantitySchema.min(0, '数量不能为负数').max(MAX_QTY, '数量过大');

/** `?flag=true|false` (a coerced boolean would read "false" as true). */
const queryBooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

function uniqueProducts<T extends { productId: string }>(lines: T[]): boolean {
  return new Set(lines.map((line) => line.productId)).size === lines.length;
}
const DUPLICATE_PRODUCT = { message: '同一产品只能出现一次', path: ['lines'] };

// ---- warehouses ----

const warehouseFields = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, '仓库编码只能包含字母、数字、下划线和短横线，最长 32 位'),
  name: z.string().trim().min(1, '请输入仓库名称').max(60),
  address: z.string().trim().max(200),
  active: z.boolean(),
  isDefault: z.boolean().describe('the warehouse orders reserve from unless told otherwise; exactly one at a time'),
});

export const warehouseCreateSchema = warehouseFields.extend({
  address: warehouseFields.shape.address.default(''),
  active: warehouseFields.shape.active.default(true),
  isDefault: warehouseFields.shape.isDefault.default(false),
});
export type WarehouseCreate = z.infer<typeof warehouseCreateSchema>;

export const warehouseUpdateSchema = warehouseFields
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type WarehouseUpdate = z.infer<typeof warehouseUpdateSchema>;

export const warehouseListQuerySchema = listQuerySchema.extend({ active: queryBooleanSchema.optional() });
export type WarehouseListQuery = z.infer<typeof warehouseListQuerySchema>;

export const warehouseSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  address: z.string(),
  active: z.boolean(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WarehouseDto = z.infer<typeof warehouseSchema>;

// ---- stock levels ----

export const stockLevelSchema = z.object({
  warehouseId: idSchema,
  warehouseName: z.string(),
  productId: idSchema,
  sku: z.string(),
  productName: z.string(),
  unit: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int().describe('promised to confirmed orders, not yet shipped'),
  available: z.number().int().describe('onHand − reserved'),
  minQty: z.number().int(),
  maxQty: z.number().int(),
  belowMin: z.boolean().describe('available < minQty (only when a minimum is set)'),
});
export type StockLevelDto = z.infer<typeof stockLevelSchema>;

export const stockLevelListQuerySchema = listQuerySchema.extend({
  warehouseId: idSchema.optional(),
  productId: idSchema.optional(),
  belowMin: queryBooleanSchema.optional(),
});
export type StockLevelListQuery = z.infer<typeof stockLevelListQuerySchema>;

export const stockLevelSettingsSchema = z
  .object({
    warehouseId: idSchema,
    productId: idSchema,
    minQty: nonNegativeQtySchema.describe('safety stock: below it the level shows in /stock/alerts'),
    maxQty: nonNegativeQtySchema.describe('replenish up to this quantity'),
  })
  .refine((value) => value.maxQty >= value.minQty, { message: '最高库存不能低于最低库存', path: ['maxQty'] });
export type StockLevelSettings = z.infer<typeof stockLevelSettingsSchema>;

export const stockAlertSchema = stockLevelSchema.extend({
  shortfall: z.number().int().describe('minQty − available'),
  suggestedQty: z.number().int().describe('what to replenish to reach maxQty (or minQty when no higher maximum is set)'),
});
export type StockAlertDto = z.infer<typeof stockAlertSchema>;

export const stockAlertListQuerySchema = listQuerySchema.extend({ warehouseId: idSchema.optional() });
export type StockAlertListQuery = z.infer<typeof stockAlertListQuerySchema>;

// ---- movements (the ledger) ----

export const stockMovementSchema = z.object({
  id: idSchema,
  warehouseId: idSchema,
  warehouseName: z.string(),
  productId: idSchema,
  sku: z.string(),
  productName: z.string(),
  reason: z.enum(STOCK_MOVEMENT_REASONS),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  refType: z.string().nullable().describe('the document the movement came from, e.g. order, shipment, stocktake'),
  refId: idSchema.nullable(),
  refNumber: z.string().nullable(),
  note: z.string().nullable(),
  actorId: idSchema.nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type StockMovementDto = z.infer<typeof stockMovementSchema>;

export const stockMovementListQuerySchema = listQuerySchema.extend({
  productId: idSchema.optional(),
  warehouseId: idSchema.optional(),
  reason: z.enum(STOCK_MOVEMENT_REASONS).optional(),
  refType: z.string().trim().max(32).optional(),
  refId: idSchema.optional(),
});
export type StockMovementListQuery = z.infer<typeof stockMovementListQuerySchema>;

// ---- adjust and transfer ----

export const stockAdjustSchema = z.object({
  warehouseId: idSchema,
  lines: z
    .array(
      z.object({
        productId: idSchema,
        quantityDelta: quantitySchema
          .min(-MAX_QTY, '数量过大')
          .max(MAX_QTY, '数量过大')
          .refine((value) => value !== 0, '调整数量不能为 0')
          .describe('positive adds to on hand, negative removes (never below what is reserved)'),
      }),
    )
    .min(1, '请至少调整一个产品')
    .max(MAX_LINES)
    .refine(uniqueProducts, DUPLICATE_PRODUCT),
  note: z.string().trim().min(1, '请填写调整原因').max(200),
});
export type StockAdjust = z.infer<typeof stockAdjustSchema>;

export const stockTransferSchema = z
  .object({
    fromWarehouseId: idSchema,
    toWarehouseId: idSchema,
    lines: z
      .array(z.object({ productId: idSchema, quantity: positiveQtySchema }))
      .min(1, '请至少调拨一个产品')
      .max(MAX_LINES)
      .refine(uniqueProducts, DUPLICATE_PRODUCT),
    note: z.string().trim().max(200).optional(),
  })
  .refine((value) => value.fromWarehouseId !== value.toWarehouseId, { message: '调出仓库和调入仓库不能相同', path: ['toWarehouseId'] });
export type StockTransfer = z.infer<typeof stockTransferSchema>;

/** What adjust and transfer answer: the levels they changed, after the change. */
export const stockChangeResultSchema = z.object({ levels: z.array(stockLevelSchema) });
export type StockChangeResult = z.infer<typeof stockChangeResultSchema>;

// ---- stocktakes (盘点) ----

export const stocktakeCreateSchema = z.object({
  warehouseId: idSchema,
  productIds: z
    .array(idSchema)
    .min(1)
    .max(5000)
    .refine((ids) => new Set(ids).size === ids.length, '同一产品只能出现一次')
    .optional()
    .describe('omit to count every product the warehouse has a stock level for'),
  note: z.string().trim().max(200).optional(),
});
export type StocktakeCreate = z.infer<typeof stocktakeCreateSchema>;

export const stocktakeCountsSchema = z.object({
  lines: z
    .array(z.object({ productId: idSchema, countedQty: nonNegativeQtySchema }))
    .min(1, '请至少录入一个产品的实盘数量')
    .max(5000)
    .refine(uniqueProducts, DUPLICATE_PRODUCT),
});
export type StocktakeCounts = z.infer<typeof stocktakeCountsSchema>;

export const stocktakeListQuerySchema = listQuerySchema.extend({
  warehouseId: idSchema.optional(),
  status: z.enum(STOCKTAKE_STATUSES).optional(),
});
export type StocktakeListQuery = z.infer<typeof stocktakeListQuerySchema>;

export const stocktakeSchema = z.object({
  id: idSchema,
  number: z.string(),
  warehouseId: idSchema,
  warehouseName: z.string(),
  status: z.enum(STOCKTAKE_STATUSES),
  note: z.string().nullable(),
  lineCount: z.number().int(),
  countedCount: z.number().int(),
  differenceCount: z.number().int().describe('counted lines whose count differs from the snapshot'),
  approvalId: idSchema.nullable(),
  createdBy: idSchema.nullable(),
  createdByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StocktakeDto = z.infer<typeof stocktakeSchema>;

export const stocktakeLineSchema = z.object({
  productId: idSchema,
  sku: z.string(),
  productName: z.string(),
  unit: z.string(),
  expectedQty: z.number().int().describe('on hand when the stocktake was created'),
  countedQty: z.number().int().nullable(),
  differenceQty: z.number().int().nullable().describe('countedQty − expectedQty; applied to on hand on approval'),
});
export type StocktakeLineDto = z.infer<typeof stocktakeLineSchema>;

export const stocktakeDetailSchema = stocktakeSchema.extend({ lines: z.array(stocktakeLineSchema) });
export type StocktakeDetailDto = z.infer<typeof stocktakeDetailSchema>;
