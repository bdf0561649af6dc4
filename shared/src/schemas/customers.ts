import { z } from 'zod';
import { CUSTOMER_VALUE_LEVELS, FOLLOW_UP_METHODS, LEAD_SOURCES, TIMELINE_KINDS } from '../enums';
import { idSchema, listQuerySchema, mobileSchema, nonNegativeFenSchema } from './common';

const tagSchema = z.string().trim().min(1).max(32);

const customerFields = z.object({
  name: z.string().trim().min(1, '请输入客户名称').max(120),
  grade: z.string().trim().regex(/^[a-z][a-z0-9_]{0,31}$/, '客户等级无效'),
  region: z.string().trim().max(64).nullable(),
  industry: z.string().trim().max(64).nullable(),
  source: z.enum(LEAD_SOURCES),
  valueLevel: z.enum(CUSTOMER_VALUE_LEVELS).nullable(),
  qualification: z.string().trim().max(500).nullable(),
  preferredFollowUpMethod: z.enum(FOLLOW_UP_METHODS).nullable(),
  mobile: mobileSchema.nullable(),
  address: z.string().trim().max(200).nullable(),
  creditLimitFen: nonNegativeFenSchema,
  paymentTermsDays: z.number().int().min(0).max(365),
  remarks: z.string().trim().max(2000).nullable(),
  tags: z.array(tagSchema).max(20),
});

export const customerCreateSchema = customerFields.partial().extend({
  name: customerFields.shape.name,
  /** Staff who may assign (admin, manager) can create straight into a rep's hands or into the pool. */
  ownerId: idSchema.nullable().optional(),
  contact: z
    .object({ name: z.string().trim().min(1).max(64), title: z.string().trim().max(64).optional(), mobile: mobileSchema.optional() })
    .optional(),
});
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

export const customerUpdateSchema = customerFields
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;

export const customerListQuerySchema = listQuerySchema.extend({
  /** mine: owned or followed by me; pool: the public pool; expiring: mine that the pool rule has warned about; all (default). */
  scope: z.enum(['all', 'mine', 'pool', 'expiring']).default('all'),
  grade: z.string().max(32).optional(),
  region: z.string().max(64).optional(),
  industry: z.string().max(64).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  tag: z.string().max(32).optional(),
  ownerId: idSchema.optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

export const customerSchema = z.object({
  id: idSchema,
  name: z.string(),
  grade: z.string(),
  gradeLabel: z.string(),
  region: z.string().nullable(),
  industry: z.string().nullable(),
  source: z.enum(LEAD_SOURCES),
  valueLevel: z.enum(CUSTOMER_VALUE_LEVELS).nullable(),
  qualification: z.string().nullable(),
  preferredFollowUpMethod: z.string().nullable(),
  mobile: z.string().nullable(),
  address: z.string().nullable(),
  creditLimitFen: z.number().int(),
  paymentTermsDays: z.number().int(),
  remarks: z.string().nullable(),
  tags: z.array(z.string()),
  ownerId: idSchema.nullable(),
  ownerName: z.string().nullable(),
  inPool: z.boolean(),
  followerIds: z.array(idSchema),
  lastFollowUpAt: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  /** When the pool rule returns it to the pool unless someone follows up (null when in the pool). */
  returnsToPoolAt: z.string().nullable(),
  leadId: idSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerDto = z.infer<typeof customerSchema>;

/** A possible duplicate. Callers who may not see the record get only that it exists and a masked owner. */
export const duplicateMatchSchema = z.object({
  entity: z.enum(['customer', 'lead', 'opportunity']),
  matchedOn: z.enum(['name', 'mobile']),
  id: idSchema.nullable().describe('null when the caller may not see the record'),
  name: z.string().nullable(),
  ownerName: z.string().describe('masked (张**) when the caller may not see the record; 公海 for the pool'),
  visible: z.boolean(),
});
export type DuplicateMatch = z.infer<typeof duplicateMatchSchema>;

export const customerWriteResultSchema = customerSchema.extend({ duplicates: z.array(duplicateMatchSchema) });

export const contactCreateSchema = z.object({
  name: z.string().trim().min(1, '请输入联系人姓名').max(64),
  title: z.string().trim().max(64).optional(),
  mobile: mobileSchema.optional(),
  email: z.string().trim().email().max(120).optional(),
  wechatContactId: z.string().trim().max(128).optional(),
  isPrimary: z.boolean().optional(),
  remarks: z.string().trim().max(500).optional(),
});
export type ContactCreate = z.infer<typeof contactCreateSchema>;

export const contactSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  name: z.string(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  wechatContactId: z.string().nullable(),
  openid: z.string().nullable(),
  unionid: z.string().nullable(),
  isPrimary: z.boolean(),
  remarks: z.string().nullable(),
  createdAt: z.string(),
});
export type ContactDto = z.infer<typeof contactSchema>;

export const timelineEventSchema = z.object({
  id: idSchema,
  kind: z.enum(TIMELINE_KINDS),
  actorId: idSchema.nullable(),
  actorName: z.string().nullable(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type TimelineEventDto = z.infer<typeof timelineEventSchema>;

export const assignSchema = z.object({ ownerId: idSchema, reason: z.string().trim().max(500).optional() });
export const bulkAssignSchema = z.object({
  customerIds: z.array(idSchema).min(1).max(500),
  ownerId: idSchema,
});
export const claimSchema = z.object({ reason: z.string().trim().max(500).optional() });
export const followerSchema = z.object({ userId: idSchema });
