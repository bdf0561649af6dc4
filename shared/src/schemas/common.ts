import { z } from 'zod';
import { normalizeMobile } from '../duplicates';
import { MAX_AMOUNT_FEN } from '../pricing';

/** Ids travel as strings (bigint-safe on every client). */
export const idSchema = z.string().regex(/^[1-9]\d{0,18}$/, '不是有效的编号');
export const idParamsSchema = z.object({ id: idSchema });

export const fenSchema = z.number().int('金额必须是整数（分）');
export const nonNegativeFenSchema = fenSchema.min(0, '金额不能为负数').max(MAX_AMOUNT_FEN, '金额过大');

/** A mainland mobile as people type it (+86, spaces, dashes, full-width digits), stored as 11 digits. */
export const mobileSchema = z
  .string()
  .trim()
  .max(32)
  .transform((value, ctx) => {
    const mobile = normalizeMobile(value);
    if (!mobile) ctx.addIssue({ code: 'custom', message: '手机号格式不正确' });
    return mobile ?? value;
  });

export const isoDateTimeSchema = z.string().datetime();

/** A calendar day (Asia/Shanghai), as validity, due and close dates are given. */
export const calendarDateSchema = z.iso.date('日期格式应为 YYYY-MM-DD');

/** `?limit=&cursor=&q=` on every list endpoint. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
