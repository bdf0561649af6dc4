import { z } from 'zod';
import { LEAD_SOURCES, LEAD_STATUSES } from '../enums';
import { defineStateMachine } from '../state-machine';
import type { LeadStatus } from '../enums';
import { idSchema, listQuerySchema, mobileSchema } from './common';

export const leadStateMachine = defineStateMachine<LeadStatus>('lead', {
  new: ['contacted', 'qualified', 'converted', 'lost'],
  contacted: ['qualified', 'converted', 'lost'],
  qualified: ['converted', 'lost'],
  converted: [],
  lost: ['new'],
});

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
  status: z.enum(LEAD_STATUSES).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
});
export type LeadListQuery = z.infer<typeof leadListQuerySchema>;

export const leadSchema = z.object({
  id: idSchema,
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
