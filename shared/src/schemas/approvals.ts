import { z } from 'zod';
import { APPROVAL_KINDS, APPROVAL_STATUSES } from '../enums';
import { idSchema, listQuerySchema } from './common';

export const approvalListQuerySchema = listQuerySchema.extend({
  status: z.enum(APPROVAL_STATUSES).optional(),
  kind: z.enum(APPROVAL_KINDS).optional(),
  /** mine: what I requested; todo: what I may decide (default for managers). */
  scope: z.enum(['todo', 'mine']).default('todo'),
});
export type ApprovalListQuery = z.infer<typeof approvalListQuerySchema>;

export const approvalDecisionSchema = z.object({ comment: z.string().trim().max(500).optional() });

export const approvalSchema = z.object({
  id: idSchema,
  kind: z.enum(APPROVAL_KINDS),
  subjectType: z.string(),
  subjectId: idSchema,
  subjectTitle: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  requestedBy: idSchema,
  requestedByName: z.string().nullable(),
  reason: z.string().nullable(),
  decidedBy: idSchema.nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  createdAt: z.string(),
});
export type ApprovalDto = z.infer<typeof approvalSchema>;
