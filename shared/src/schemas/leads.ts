import { z } from 'zod';
import { LEAD_SOURCES, LEAD_STATUSES } from '../enums';
import { idSchema, listQuerySchema, mobileSchema } from './common';
import { customerCreateSchema, duplicateMatchSchema } from './customers';


const wechatIdentityFields = {
  wechatContactId: z.string().trim().min(1).max(128).optional(),
  openid: z.string().trim().min(1).max(64).optional(),
  unionid: z.string().trim().min(1).max(64).optional(),
};

export const leadCreateSchema = z.object({
  name: z.string().trim().min(1, '请输入线索名称').max(64),
  source: z.enum(LEAD_SOURCES).default('manual'),
  mobile: mobileSchema.optional(),
  company: z.string().trim().max(120).optional(),
  notes: z.string().trim().max(2000).optional(),
  ...wechatIdentityFields,
});
export type LeadCreate = z.infer<typeof leadCreateSchema>;

export const leadListQuerySchema = listQuerySchema.extend({
  /** mine: my leads; pool: unowned leads (WeChat friends and followers waiting for a rep). */
  scope: z.enum(['all', 'mine', 'pool']).default('all'),
  status: z.enum(LEAD_STATUSES).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

export const leadSchema = z.object({
  id: idSchema,
  ownerName: z.string().nullable(),
  customerId: idSchema.nullable(),
  lostReason: z.string().nullable(),
  mpFollowing: z.boolean().nullable(),
  lastFollowUpAt: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  name: z.string(),
  source: z.enum(LEAD_SOURCES),
  status: z.enum(LEAD_STATUSES),
  ownerId: idSchema.nullable(),
  mobile: z.string().nullable(),
  company: z.string().nullable(),
  notes: z.string().nullable(),
  wechatContactId: z.string().nullable(),
  openid: z.string().nullable(),
  unionid: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lead = z.infer<typeof leadSchema>;

export const leadUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    mobile: mobileSchema.nullable(),
    company: z.string().trim().max(120).nullable(),
    notes: z.string().trim().max(2000).nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type LeadUpdate = z.infer<typeof leadUpdateSchema>;

export const leadStatusChangeSchema = z.object({
  status: z.enum(['new', 'contacted', 'qualified', 'lost']),
  lostReason: z.string().trim().min(1).max(200).optional(),
});
export type LeadStatusChange = z.infer<typeof leadStatusChangeSchema>;

export const leadConvertSchema = z.object({
  /** Attach to this existing customer instead of creating one (e.g. the one the duplicate check found). */
  customerId: idSchema.optional(),
  customer: customerCreateSchema.partial().optional(),
  contact: z
    .object({ name: z.string().trim().min(1).max(64), title: z.string().trim().max(64).optional(), mobile: mobileSchema.optional() })
    .partial()
    .optional(),
});
export type LeadConvert = z.infer<typeof leadConvertSchema>;

export const leadConvertResultSchema = z.object({
  lead: leadSchema,
  customerId: idSchema,
  contactId: idSchema,
  duplicates: z.array(duplicateMatchSchema),
});
