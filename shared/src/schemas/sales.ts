import { z } from 'zod';
import { STAFF_ROLES } from '../enums';
import { formatYuan } from '../money';
import { BASIS_POINTS, documentBoundsIssues, MAX_DOCUMENT_LINES, MAX_DOCUMENT_TOTAL_FEN, MAX_LINE_QUANTITY, MAX_LINE_TOTAL_FEN, type LineAmounts } from '../pricing';
import { fenSchema, idSchema, nonNegativeFenSchema } from './common';

/**
 * What quotes, contracts and orders have in common: lines `{ productId, quantity, unitPriceFen, discountFen }`,
 * tax-inclusive totals computed by `shared/pricing`, and the price rules (grade discounts, floor, rep limit).
 * The bounds (lines, quantity, line and document totals) are shared/pricing's.
 */
export const lineQuantitySchema = z.number().int('数量必须是整数').min(1, '数量至少为 1').max(MAX_LINE_QUANTITY, '数量过大');

/** An amount against a whole document: an installment of a contract, a payment of an order. */
export const documentAmountFenSchema = fenSchema.min(0, '金额不能为负数').max(MAX_DOCUMENT_TOTAL_FEN, `金额不能超过 ${formatYuan(MAX_DOCUMENT_TOTAL_FEN)}`);

/** What API readers learn of the bounds (a refinement does not show in the OpenAPI document). */
export const DOCUMENT_BOUNDS_DESCRIPTION =
  `1–${MAX_DOCUMENT_LINES} lines; per line, quantity × unit price − discount (and quantity × the product's cost) at most ` +
  `${MAX_LINE_TOTAL_FEN} fen; all lines together at most ${MAX_DOCUMENT_TOTAL_FEN} fen`;

/** Lines past the line or document maximum, as issues on `lines.<index>` (lines priced later are checked by the server). */
export function refineDocumentBounds(lines: readonly LineAmounts[], ctx: z.RefinementCtx, path: PropertyKey[] = []) {
  for (const issue of documentBoundsIssues(lines)) ctx.addIssue({ code: 'custom', path: [...path, issue.lineIndex], message: issue.message });
}

export const documentLineInputSchema = z.object({
  productId: idSchema,
  quantity: lineQuantitySchema,
  /** Omitted: the customer's grade price. */
  unitPriceFen: nonNegativeFenSchema.optional(),
  /** An amount off the whole line. */
  discountFen: nonNegativeFenSchema.default(0),
});
export type DocumentLineInput = z.input<typeof documentLineInputSchema>;

export const documentLinesSchema = z
  .array(documentLineInputSchema)
  .min(1, '至少需要一行产品')
  .max(MAX_DOCUMENT_LINES, `最多 ${MAX_DOCUMENT_LINES} 行`)
  .superRefine((lines, ctx) => refineDocumentBounds(lines, ctx))
  .describe(DOCUMENT_BOUNDS_DESCRIPTION);

/** A priced line as everyone sees it. */
export const documentLineSchema = z.object({
  lineNo: z.number().int(),
  productId: idSchema,
  sku: z.string(),
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  listPriceFen: z.number().int(),
  unitPriceFen: z.number().int(),
  discountFen: z.number().int(),
  taxRateBp: z.number().int(),
  totalFen: z.number().int(),
  taxFen: z.number().int(),
});
export type DocumentLine = z.infer<typeof documentLineSchema>;

/** Staff see why a line needs approval; its cost and floor only the roles of `costVisibleRoles`; customers never. */
export const staffDocumentLineSchema = documentLineSchema.extend({
  costFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
  floorPriceFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
  effectiveDiscountBp: z.number().int(),
  belowFloor: z.boolean(),
  beyondRepLimit: z.boolean(),
});
export type StaffDocumentLine = z.infer<typeof staffDocumentLineSchema>;

export const documentTotalsSchema = z.object({
  grossFen: z.number().int(),
  discountFen: z.number().int(),
  totalFen: z.number().int(),
  taxFen: z.number().int(),
  netFen: z.number().int(),
  /** 大写金额 of totalFen. */
  totalInWords: z.string(),
});
export type DocumentTotalsDto = z.infer<typeof documentTotalsSchema>;

/** Revenue − cost; only for the roles in the sales setting `costVisibleRoles`. */
export const grossMarginSchema = z.object({
  revenueFen: z.number().int(),
  costFen: z.number().int(),
  marginFen: z.number().int(),
  marginBp: z.number().int().nullable(),
});
export type GrossMarginDto = z.infer<typeof grossMarginSchema>;

const discountBpSchema = z.number().int().min(0).max(BASIS_POINTS, '折扣须在 0–10000 基点之间');

/** A grade's discount off list price; a rule with a category beats the grade's general rule. */
export const gradeDiscountSchema = z.object({
  grade: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  category: z.string().trim().min(1).max(64).nullable().default(null),
  discountBp: discountBpSchema,
});
export type GradeDiscount = z.infer<typeof gradeDiscountSchema>;

export const companyProfileSchema = z.object({
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().max(200),
  phone: z.string().trim().max(40),
  bankName: z.string().trim().max(100),
  bankAccount: z.string().trim().max(60),
  taxId: z.string().trim().max(40),
});
export type CompanyProfile = z.infer<typeof companyProfileSchema>;

const salesSettingsFields = z.object({
  gradeDiscounts: z.array(gradeDiscountSchema).max(500),
  /** Days a new quote stays valid when the rep does not set a date. */
  quoteValidityDays: z.number().int().min(1).max(365),
  /** Terms printed on quotes and contracts. */
  quoteTerms: z.string().max(2000),
  company: companyProfileSchema,
  /** Staff roles that see cost, floor prices and margins (成本、底价、毛利); customers never do. */
  costVisibleRoles: z.array(z.enum(STAFF_ROLES)).refine((roles) => new Set(roles).size === roles.length, '角色不能重复'),
});
export type SalesSettings = z.infer<typeof salesSettingsFields>;

export const SALES_SETTINGS_DEFAULTS: SalesSettings = {
  gradeDiscounts: [
    { grade: 'new', category: null, discountBp: 0 },
    { grade: 'regular', category: null, discountBp: 500 },
    { grade: 'premium', category: null, discountBp: 1000 },
  ],
  quoteValidityDays: 30,
  quoteTerms: '1. 以上价格均为含税价（增值税专用发票）。\n2. 报价有效期内价格不变，逾期请重新询价。\n3. 付款方式与交货期以合同约定为准。',
  company: {
    name: '维赛尔茶业有限公司',
    address: '上海市浦东新区世纪大道 100 号',
    phone: '021-5888 0000',
    bankName: '招商银行上海分行',
    bankAccount: '1219 0888 0000 0001',
    taxId: '91310115MA1K000000',
  },
  costVisibleRoles: ['admin', 'manager', 'finance'],
};

export const salesSettingsSchema = salesSettingsFields;
export const salesSettingsUpdateSchema = salesSettingsFields
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的设置' });
export type SalesSettingsUpdate = z.infer<typeof salesSettingsUpdateSchema>;

/** `GET /pricing/customer-prices?customerId=&productIds=` — what a rep's product picker shows. */
export const customerPriceQuerySchema = z.object({
  customerId: idSchema,
  productIds: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(idSchema).min(1).max(MAX_DOCUMENT_LINES)),
});
export const customerPriceSchema = z.object({
  productId: idSchema,
  listPriceFen: z.number().int(),
  gradePriceFen: z.number().int(),
  gradeDiscountBp: z.number().int(),
  floorPriceFen: z.number().int().optional().describe('only for the roles in the sales setting costVisibleRoles'),
});
export type CustomerPrice = z.infer<typeof customerPriceSchema>;

/** A line priced on the server before it is saved: lets a rep see totals and approval needs while editing. */
export const priceCheckSchema = z.object({ customerId: idSchema, lines: documentLinesSchema });
export const priceCheckResultSchema = z.object({
  lines: z.array(staffDocumentLineSchema),
  totals: documentTotalsSchema,
  /** Only for the roles in the sales setting `costVisibleRoles`. */
  margin: grossMarginSchema.optional(),
  needsApproval: z.boolean(),
  approvalReasons: z.array(z.string()),
});
export type PriceCheckResult = z.infer<typeof priceCheckResultSchema>;
