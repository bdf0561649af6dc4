import { z } from 'zod';
import { toHalfWidth } from '../duplicates';
import { OPPORTUNITY_STATUSES, STAGE_KINDS, type OpportunityStatus } from '../enums';
import { defineStateMachine } from '../state-machine';
import { idSchema, listQuerySchema, nonNegativeFenSchema, calendarDateSchema } from './common';
import { duplicateMatchSchema } from './customers';

/**
 * Status of an opportunity. Moving between open stages keeps it `open`; reaching a won or lost stage
 * closes it; only a manager or admin may reopen a closed one (the route checks the role).
 */
export const opportunityStateMachine = defineStateMachine<OpportunityStatus>('opportunity', {
  open: ['won', 'lost'],
  won: ['open'],
  lost: ['open'],
});

/** Fields the CRM setting `opportunityRequiredFields` may make mandatory, with the label people see. */
export const OPPORTUNITY_REQUIRED_FIELD_LABELS = {
  amountFen: '预计金额',
  expectedCloseDate: '预计成交日期',
  description: '商机描述',
} as const;

/**
 * The duplicate-name key. Project names are not company names, so only width, case and spacing are
 * folded (「２０２６ 中秋茶礼」 = 「2026中秋茶礼」); company suffixes and brackets stay significant.
 */
export function normalizeOpportunityName(name: string): string {
  return toHalfWidth(name).toLowerCase().replace(/\s+/g, '');
}

/**
 * Weighted (expected) amount in fen: amountFen × probability / 100, rounded half up to whole fen.
 * BigInt keeps a stage's summed amount exact however large it grows.
 */
export function weightedAmountFen(amountFen: number | bigint, probability: number): number {
  const amount = BigInt(amountFen);
  if (amount < 0n) throw new RangeError('amountFen must not be negative');
  return Number((amount * BigInt(probability) + 50n) / 100n);
}

/** A Shanghai calendar date, YYYY-MM-DD. */

const nameSchema = z.string().trim().min(1, '请输入商机名称').max(120);
const descriptionSchema = z.string().trim().max(500);
const noteSchema = z.string().trim().max(500);

export const opportunityCreateSchema = z.object({
  name: nameSchema,
  customerId: idSchema,
  amountFen: nonNegativeFenSchema.optional(),
  expectedCloseDate: calendarDateSchema.optional(),
  description: descriptionSchema.optional(),
  /** The sales process; the default template when omitted. */
  templateId: idSchema.optional(),
  /** Colleagues who follow the opportunity besides its owner. */
  memberIds: z.array(idSchema).max(20).optional(),
  /** Admins and managers may create for someone else; a rep always owns what they create. */
  ownerId: idSchema.optional(),
});
export type OpportunityCreate = z.infer<typeof opportunityCreateSchema>;

/** A patch of an open opportunity; null clears an optional field (unless the settings require it). */
export const opportunityUpdateSchema = z
  .object({
    name: nameSchema,
    amountFen: nonNegativeFenSchema,
    expectedCloseDate: calendarDateSchema.nullable(),
    description: descriptionSchema.nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type OpportunityUpdate = z.infer<typeof opportunityUpdateSchema>;

export const opportunityListQuerySchema = listQuerySchema.extend({
  stageId: idSchema.optional(),
  status: z.enum(OPPORTUNITY_STATUSES).optional(),
  ownerId: idSchema.optional(),
  customerId: idSchema.optional(),
});
export type OpportunityListQuery = z.infer<typeof opportunityListQuerySchema>;

export const opportunityStageMoveSchema = z.object({
  stageId: idSchema,
  note: noteSchema.optional(),
  /** Required when moving to a lost stage (输单原因); kept as the win reason on a won stage; ignored otherwise. */
  closeReason: z.string().trim().min(1).max(200).optional(),
  /** Who won the deal against us (or whom we beat); kept only when the move closes the opportunity. */
  competitor: z.string().trim().min(1).max(120).optional(),
});
export type OpportunityStageMove = z.infer<typeof opportunityStageMoveSchema>;

export const opportunityReopenSchema = z.object({
  note: noteSchema.min(1, '请说明重新打开的原因'),
  /** An open stage of the same template; default: the stage the opportunity was closed from. */
  stageId: idSchema.optional(),
});
export type OpportunityReopen = z.infer<typeof opportunityReopenSchema>;

export const opportunityMemberAddSchema = z.object({ userId: idSchema });
export const opportunityMemberParamsSchema = z.object({ id: idSchema, userId: idSchema });
export const opportunityClaimSchema = z.object({ reason: z.string().trim().max(500).optional() });

export const stageSchema = z.object({
  id: idSchema,
  name: z.string(),
  probability: z.number().int().describe('win probability in percent'),
  sortOrder: z.number().int(),
  kind: z.enum(STAGE_KINDS),
});
export type StageDto = z.infer<typeof stageSchema>;

export const stageTemplateSchema = z.object({
  id: idSchema,
  name: z.string(),
  isDefault: z.boolean(),
  stages: z.array(stageSchema),
});
export type StageTemplateDto = z.infer<typeof stageTemplateSchema>;

export const opportunitySchema = z.object({
  id: idSchema,
  name: z.string(),
  customerId: idSchema,
  customerName: z.string().nullable(),
  templateId: idSchema,
  stageId: idSchema,
  stageName: z.string(),
  stageKind: z.enum(STAGE_KINDS),
  probability: z.number().int(),
  status: z.enum(OPPORTUNITY_STATUSES),
  amountFen: z.number().int(),
  weightedAmountFen: z.number().int().describe('round(amountFen × probability / 100), half up'),
  expectedCloseDate: z.string().nullable(),
  ownerId: idSchema.nullable(),
  ownerName: z.string().nullable(),
  teamId: idSchema.nullable(),
  memberIds: z.array(idSchema),
  description: z.string().nullable(),
  closeReason: z.string().nullable(),
  competitor: z.string().nullable(),
  closedAt: z.string().nullable(),
  lastFollowUpAt: z.string().nullable(),
  createdBy: idSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OpportunityDto = z.infer<typeof opportunitySchema>;

/** One entry of the negotiation history: who moved the opportunity from which stage to which, when, and why. */
export const opportunityStageChangeSchema = z.object({
  id: idSchema,
  fromStageId: idSchema.nullable(),
  fromStageName: z.string().nullable(),
  toStageId: idSchema,
  toStageName: z.string(),
  actorId: idSchema,
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type OpportunityStageChangeDto = z.infer<typeof opportunityStageChangeSchema>;

export const opportunityDetailSchema = opportunitySchema.extend({
  members: z.array(z.object({ userId: idSchema, name: z.string().nullable() })),
  history: z.array(opportunityStageChangeSchema),
});
export type OpportunityDetailDto = z.infer<typeof opportunityDetailSchema>;

/** Create and rename answer with the possible duplicates found (policy `warn`); `forbid` refuses with 409 instead. */
export const opportunityWriteResultSchema = opportunityDetailSchema.extend({ duplicates: z.array(duplicateMatchSchema) });
export type OpportunityWriteResult = z.infer<typeof opportunityWriteResultSchema>;

/** Period bounds are Shanghai calendar dates, inclusive, applied to when the opportunity was created. */
export const opportunityFunnelQuerySchema = z
  .object({
    ownerId: idSchema.optional(),
    teamId: idSchema.optional(),
    templateId: idSchema.optional(),
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type OpportunityFunnelQuery = z.infer<typeof opportunityFunnelQuerySchema>;

const funnelFiguresSchema = z.object({
  count: z.number().int(),
  amountFen: z.number().int(),
  weightedAmountFen: z.number().int(),
});

export const opportunityFunnelSchema = z.object({
  templateId: idSchema,
  templateName: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  stages: z.array(
    funnelFiguresSchema.extend({
      stageId: idSchema,
      name: z.string(),
      kind: z.enum(STAGE_KINDS),
      probability: z.number().int(),
    }),
  ),
  totals: funnelFiguresSchema,
});
export type OpportunityFunnelDto = z.infer<typeof opportunityFunnelSchema>;
