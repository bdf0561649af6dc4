import { z } from 'zod';
import { QUOTE_STATUSES } from '../enums';
import { idSchema, listQuerySchema, mobileSchema, calendarDateSchema } from './common';
import { documentLineSchema, documentLinesSchema, documentTotalsSchema, grossMarginSchema, staffDocumentLineSchema } from './sales';

/**
 * Quotes (报价单). Every version of a quote shares its QT number; `version` is shown as V1, V2 …
 * A revision makes the next version as a draft and marks the one it replaces `superseded`.
 */

/** A Shanghai calendar date, YYYY-MM-DD. */
const remarksSchema = z.string().trim().max(1000, '备注最多 1000 字');
const termsSchema = z.string().trim().max(2000, '条款最多 2000 字');
const contactNameSchema = z.string().trim().max(60, '联系人最多 60 字');
const noteSchema = z.string().trim().max(500, '说明最多 500 字');

export const quoteCreateSchema = z.object({
  customerId: idSchema,
  /** Must be an opportunity of the same customer that the caller can see. */
  opportunityId: idSchema.optional(),
  lines: documentLinesSchema,
  /** Omitted: today (Shanghai) + the sales setting quoteValidityDays. */
  validUntil: calendarDateSchema.optional(),
  /** Omitted: the customer's primary contact. */
  contactName: contactNameSchema.optional(),
  contactMobile: mobileSchema.optional(),
  /** Omitted: the sales setting quoteTerms. */
  terms: termsSchema.optional(),
  remarks: remarksSchema.optional(),
});
export type QuoteCreate = z.infer<typeof quoteCreateSchema>;

/** Only a draft can be edited; its lines are priced again. The customer of a quote never changes. */
export const quoteUpdateSchema = z
  .object({
    opportunityId: idSchema.nullable(),
    lines: documentLinesSchema,
    validUntil: calendarDateSchema,
    contactName: contactNameSchema.nullable(),
    contactMobile: mobileSchema.nullable(),
    terms: termsSchema,
    remarks: remarksSchema.nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的内容' });
export type QuoteUpdate = z.infer<typeof quoteUpdateSchema>;

export const quoteListQuerySchema = listQuerySchema.extend({
  customerId: idSchema.optional(),
  opportunityId: idSchema.optional(),
  status: z.enum(QUOTE_STATUSES).optional(),
  /** true (default): only the newest version of each quote; false: every version. */
  latest: z
    .enum(['true', 'false'], { message: 'latest 只能是 true 或 false' })
    .default('true')
    .transform((value) => value === 'true'),
});
export type QuoteListQuery = z.infer<typeof quoteListQuerySchema>;

/** Accepting: an optional note (a rep recording the customer's answer says how it came). */
export const quoteAcceptSchema = z.object({ note: noteSchema.optional() });
export const quoteDeclineSchema = z.object({ reason: noteSchema.optional() });
export type QuoteAccept = z.infer<typeof quoteAcceptSchema>;
export type QuoteDecline = z.infer<typeof quoteDeclineSchema>;

export const QUOTE_EXPORT_FORMATS = ['xlsx', 'docx'] as const;
export const quoteExportQuerySchema = z.object({
  format: z.enum(QUOTE_EXPORT_FORMATS, { message: 'format 只能是 xlsx 或 docx' }).default('xlsx'),
});
export type QuoteExportFormat = (typeof QUOTE_EXPORT_FORMATS)[number];

/** One version in a quote's history. */
export const quoteVersionSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  status: z.enum(QUOTE_STATUSES),
  totalFen: z.number().int(),
  createdAt: z.string(),
});
export type QuoteVersionDto = z.infer<typeof quoteVersionSchema>;

/** A quote in a list, as a customer sees it. */
export const customerQuoteSummarySchema = z.object({
  id: idSchema,
  number: z.string(),
  version: z.number().int(),
  status: z.enum(QUOTE_STATUSES),
  customerId: idSchema,
  customerName: z.string(),
  totalFen: z.number().int(),
  validUntil: z.string(),
  sentAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerQuoteSummaryDto = z.infer<typeof customerQuoteSummarySchema>;

/** A quote in a list, as staff see it. */
export const quoteSummarySchema = customerQuoteSummarySchema.extend({
  opportunityId: idSchema.nullable(),
  ownerId: idSchema.nullable(),
  ownerName: z.string().nullable(),
  teamId: idSchema.nullable(),
  isLatest: z.boolean(),
  needsApproval: z.boolean(),
  updatedAt: z.string(),
});
export type QuoteSummaryDto = z.infer<typeof quoteSummarySchema>;

/** What a customer sees of a sent quote: no cost, floor, margin or internal approval reasons. */
export const customerQuoteSchema = customerQuoteSummarySchema.extend({
  contactName: z.string().nullable(),
  contactMobile: z.string().nullable(),
  lines: z.array(documentLineSchema),
  totals: documentTotalsSchema,
  terms: z.string(),
  remarks: z.string().nullable(),
  responseNote: z.string().nullable(),
  /** The versions of this quote the customer was sent, oldest first. */
  versions: z.array(quoteVersionSchema),
});
export type CustomerQuoteDto = z.infer<typeof customerQuoteSchema>;

export const quoteSchema = quoteSummarySchema.extend({
  contactName: z.string().nullable(),
  contactMobile: z.string().nullable(),
  lines: z.array(staffDocumentLineSchema),
  totals: documentTotalsSchema,
  /** Only for the roles in the sales setting `costVisibleRoles`; null for others. */
  margin: grossMarginSchema.nullable(),
  terms: z.string(),
  remarks: z.string().nullable(),
  /** Why the prices need a manager's approval (as of the last pricing). */
  approvalReasons: z.array(z.string()),
  rootId: idSchema,
  supersededById: idSchema.nullable(),
  createdBy: idSchema.nullable(),
  submittedAt: z.string().nullable(),
  approvedBy: idSchema.nullable(),
  approvedAt: z.string().nullable(),
  respondedByAccountId: idSchema.nullable(),
  respondedByUserId: idSchema.nullable(),
  responseNote: z.string().nullable(),
  /** Every version of this quote, oldest first. */
  versions: z.array(quoteVersionSchema),
});
export type QuoteDto = z.infer<typeof quoteSchema>;
