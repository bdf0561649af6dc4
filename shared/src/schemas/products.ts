import { z } from 'zod';
import { PRODUCT_STATUSES } from '../enums';
import { idSchema, listQuerySchema, nonNegativeFenSchema } from './common';

const skuSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'SKU 只能包含字母、数字、点、下划线和短横线，最长 64 位');

const productFields = z.object({
  sku: skuSchema,
  name: z.string().trim().min(1, '请输入产品名称').max(120),
  spec: z.string().trim().max(120),
  unit: z.string().trim().min(1, '请输入单位').max(16),
  category: z.string().trim().min(1, '请输入分类').max(64),
  priceFen: nonNegativeFenSchema,
  costFen: nonNegativeFenSchema,
  floorPriceFen: nonNegativeFenSchema,
  taxRateBp: z.number().int().min(0).max(10_000).describe('VAT rate in basis points (1300 = 13%)'),
  status: z.enum(PRODUCT_STATUSES),
});

export const productCreateSchema = productFields
  .extend({
    spec: productFields.shape.spec.default(''),
    status: productFields.shape.status.default('active'),
    costFen: productFields.shape.costFen.default(0),
    floorPriceFen: productFields.shape.floorPriceFen.default(0),
    taxRateBp: productFields.shape.taxRateBp.default(1300),
  })
  .refine((p) => p.floorPriceFen <= p.priceFen, { message: '最低售价不能高于标价', path: ['floorPriceFen'] });
export type ProductCreate = z.infer<typeof productCreateSchema>;

/** A patch: only the fields sent change (no defaults here, or a partial update would reset them). */
export const productUpdateSchema = productFields
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type ProductUpdate = z.infer<typeof productUpdateSchema>;

export const productListQuerySchema = listQuerySchema.extend({
  category: z.string().trim().max(64).optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

export const productSchema = z.object({
  id: idSchema,
  sku: z.string(),
  name: z.string(),
  spec: z.string(),
  unit: z.string(),
  category: z.string(),
  priceFen: z.number().int(),
  costFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
  floorPriceFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
  taxRateBp: z.number().int(),
  status: z.enum(PRODUCT_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof productSchema>;

/** What a customer sees of a product: no cost, floor, timestamps or status flags — and the price it pays. */
export const customerProductSchema = productSchema
  .pick({
    id: true,
    sku: true,
    name: true,
    spec: true,
    unit: true,
    category: true,
    priceFen: true,
    taxRateBp: true,
  })
  .extend({
    /** The list price after the customer's grade discount: what an order from the cart charges per unit. */
    yourPriceFen: z.number().int(),
  });
export type CustomerProduct = z.infer<typeof customerProductSchema>;
