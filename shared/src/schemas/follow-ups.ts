import { z } from 'zod';
import { FOLLOW_UP_METHODS, FOLLOW_UP_SUBJECTS } from '../enums';
import { idSchema } from './common';

export const followUpCreateSchema = z.object({
  method: z.enum(FOLLOW_UP_METHODS),
  content: z.string().trim().min(1, '请填写跟进内容').max(2000),
  nextFollowUpAt: z.string().datetime({ offset: true }).optional(),
});
export type FollowUpCreate = z.infer<typeof followUpCreateSchema>;

export const followUpSchema = z.object({
  id: idSchema,
  subjectType: z.enum(FOLLOW_UP_SUBJECTS),
  subjectId: idSchema,
  subjectName: z.string().nullable(),
  customerId: idSchema.nullable(),
  method: z.enum(FOLLOW_UP_METHODS),
  content: z.string(),
  nextFollowUpAt: z.string().nullable(),
  createdBy: idSchema,
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type FollowUpDto = z.infer<typeof followUpSchema>;
