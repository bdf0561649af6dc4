import { z } from 'zod';
import { DEFAULT_CUSTOMER_GRADES, DUPLICATE_POLICIES } from '../enums';

const crmSettingsFields = z.object({
  customerDuplicatePolicy: z.enum(DUPLICATE_POLICIES),
  opportunityDuplicatePolicy: z.enum(DUPLICATE_POLICIES),
  /** Opportunity fields that must be filled on create (beyond name and customer). */
  opportunityRequiredFields: z.array(z.enum(['amountFen', 'expectedCloseDate', 'description'])),
  /** How many customers one rep may hold before claiming from the pool is refused. */
  poolClaimLimit: z.number().int().min(1).max(100_000),
  /** Days without a follow-up after which an owned customer returns to the pool. */
  poolReturnDays: z.number().int().min(1).max(3650),
  /** The owner is warned this many days before the return. */
  poolWarningDays: z.number().int().min(0).max(365),
  customerGrades: z
    .array(z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), label: z.string().min(1).max(16) }))
    .min(1)
    .max(100),
});

export type CrmSettings = z.infer<typeof crmSettingsFields>;

export const CRM_SETTINGS_DEFAULTS: CrmSettings = {
  customerDuplicatePolicy: 'warn',
  opportunityDuplicatePolicy: 'warn',
  opportunityRequiredFields: [],
  poolClaimLimit: 200,
  poolReturnDays: 30,
  poolWarningDays: 3,
  customerGrades: DEFAULT_CUSTOMER_GRADES.map((grade) => ({ ...grade })),
};

export const crmSettingsSchema = crmSettingsFields;
/** A change to some settings; the others keep their value. */
export const crmSettingsUpdateSchema = crmSettingsFields
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的设置' });
