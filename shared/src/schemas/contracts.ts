import { z } from 'zod';
import { CONTRACT_STATUSES, CONTRACT_INSTALLMENT_STATUSES, CUSTOMER_VISIBLE_CONTRACT_STATUSES } from '../enums';
import { idSchema, listQuerySchema, calendarDateSchema } from './common';
import { documentAmountFenSchema, documentLineSchema, documentLinesSchema, documentTotalsSchema, grossMarginSchema, staffDocumentLineSchema } from './sales';

/**
 * Contracts (合同): made from an accepted quote (its lines copied as agreed), an opportunity or a customer;
 * always approved by a superior; confirmed (signed) by the customer in the mini-program; then executed.
 * A payment plan of installments must add up to the contract total to the fen.
 */

/** A Shanghai calendar date, YYYY-MM-DD. */

export const MAX_CONTRACT_INSTALLMENTS = 60;

/** Payment progress of one installment (payments arrive with the finance module). */
export const contractInstallmentInputSchema = z.object({
  dueDate: calendarDateSchema,
  amountFen: documentAmountFenSchema.min(1, '每期付款金额必须大于 0'),
  note: z.string().trim().max(200).optional(),
});
export type ContractInstallmentInput = z.infer<typeof contractInstallmentInputSchema>;

/** Due dates may repeat but never go backwards; that the amounts add up to the total is checked against the lines. */
export const contractInstallmentsSchema = z
  .array(contractInstallmentInputSchema)
  .min(1, '付款计划至少需要一期')
  .max(MAX_CONTRACT_INSTALLMENTS, `付款计划最多 ${MAX_CONTRACT_INSTALLMENTS} 期`)
  .superRefine((installments, ctx) => {
    for (let i = 1; i < installments.length; i++) {
      if (installments[i].dueDate < installments[i - 1].dueDate) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'dueDate'],
          message: `第 ${i + 1} 期的到期日 ${installments[i].dueDate} 早于第 ${i} 期的 ${installments[i - 1].dueDate}，请按时间先后排列`,
        });
        return;
      }
    }
  });

const titleSchema = z.string().trim().min(1, '请输入合同名称').max(120);
const termsSchema = z.string().trim().max(5000);
const remarksSchema = z.string().trim().max(1000);

const endNotBeforeStart = (value: { startDate?: string; endDate?: string | null }) => !value.startDate || !value.endDate || value.endDate >= value.startDate;
const END_BEFORE_START = { message: '结束日期不能早于开始日期', path: ['endDate'] };

/**
 * From a quote: customer, opportunity and lines come from the accepted quote (no lines here).
 * From an opportunity: its customer. Otherwise a customer and lines are needed.
 * Without installments the plan is one installment of the total, due the customer's payment terms after the start.
 */
export const contractCreateSchema = z
  .object({
    customerId: idSchema.optional(),
    quoteId: idSchema.optional(),
    opportunityId: idSchema.optional(),
    title: titleSchema,
    lines: documentLinesSchema.optional(),
    startDate: calendarDateSchema,
    endDate: calendarDateSchema.optional(),
    installments: contractInstallmentsSchema.optional(),
    /** Default: the terms in the sales settings. */
    terms: termsSchema.optional(),
    remarks: remarksSchema.optional(),
  })
  .refine((value) => value.customerId || value.quoteId || value.opportunityId, { message: '请选择客户、商机或报价单', path: ['customerId'] })
  .refine((value) => !(value.quoteId && value.lines), { message: '从报价单生成的合同沿用报价单的明细，不能另填产品', path: ['lines'] })
  .refine((value) => value.quoteId || value.lines, { message: '请添加合同明细', path: ['lines'] })
  .refine(endNotBeforeStart, END_BEFORE_START);
export type ContractCreate = z.infer<typeof contractCreateSchema>;

/** A draft's patch; null clears an optional field. Lines of a contract made from a quote stay as quoted. */
export const contractUpdateSchema = z
  .object({
    title: titleSchema,
    lines: documentLinesSchema,
    startDate: calendarDateSchema,
    endDate: calendarDateSchema.nullable(),
    installments: contractInstallmentsSchema,
    terms: termsSchema,
    remarks: remarksSchema.nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' })
  .refine(endNotBeforeStart, END_BEFORE_START);
export type ContractUpdate = z.infer<typeof contractUpdateSchema>;

export const contractInstallmentsReplaceSchema = z.object({ installments: contractInstallmentsSchema });

export const contractDecisionSchema = z.object({ comment: z.string().trim().max(500).optional() });
export const contractTerminateSchema = z.object({ reason: z.string({ error: '请填写终止原因' }).trim().min(1, '请填写终止原因').max(500) });

export const contractListQuerySchema = listQuerySchema.extend({
  customerId: idSchema.optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  quoteId: idSchema.optional(),
  opportunityId: idSchema.optional(),
});
export type ContractListQuery = z.infer<typeof contractListQuerySchema>;

export const contractInstallmentSchema = z.object({
  seq: z.number().int(),
  dueDate: z.string(),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  status: z.enum(CONTRACT_INSTALLMENT_STATUSES),
  note: z.string().nullable(),
});
export type ContractInstallmentDto = z.infer<typeof contractInstallmentSchema>;

/** One row of the staff list. */
export const contractSummarySchema = z.object({
  id: idSchema,
  number: z.string(),
  title: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  customerId: idSchema,
  customerName: z.string(),
  quoteId: idSchema.nullable(),
  opportunityId: idSchema.nullable(),
  ownerId: idSchema.nullable(),
  ownerName: z.string().nullable(),
  teamId: idSchema.nullable(),
  totalFen: z.number().int(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  signedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContractSummaryDto = z.infer<typeof contractSummarySchema>;

/** The staff view. `margin`, line cost and floor only for the roles in the sales setting `costVisibleRoles`. */
export const contractSchema = contractSummarySchema.extend({
  createdBy: idSchema.nullable(),
  lines: z.array(staffDocumentLineSchema),
  totals: documentTotalsSchema,
  margin: grossMarginSchema.optional(),
  installments: z.array(contractInstallmentSchema),
  terms: z.string().nullable(),
  remarks: z.string().nullable(),
  /** The approval waiting for a decision, while the contract is pending approval. */
  pendingApprovalId: idSchema.nullable(),
  approvedBy: idSchema.nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  signedByAccountId: idSchema.nullable(),
  signedByName: z.string().nullable(),
  terminatedReason: z.string().nullable(),
  terminatedAt: z.string().nullable(),
});
export type ContractDto = z.infer<typeof contractSchema>;

/** One row of the customer's list in the mini-program. */
export const customerContractSummarySchema = z.object({
  id: idSchema,
  number: z.string(),
  title: z.string(),
  status: z.enum(CUSTOMER_VISIBLE_CONTRACT_STATUSES),
  totalFen: z.number().int(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  signedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerContractSummaryDto = z.infer<typeof customerContractSummarySchema>;

/** What the customer sees: no cost, floor, margin, owner or approval internals. */
export const customerContractSchema = customerContractSummarySchema.extend({
  customerName: z.string(),
  lines: z.array(documentLineSchema),
  totals: documentTotalsSchema,
  installments: z.array(contractInstallmentSchema),
  terms: z.string().nullable(),
  signedByName: z.string().nullable(),
  terminatedAt: z.string().nullable(),
});
export type CustomerContractDto = z.infer<typeof customerContractSchema>;
