import { z } from 'zod';
import { STAFF_ROLES } from '../enums';
import { idSchema } from './common';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const wechatLoginRequestSchema = z.object({
  code: z.string().trim().min(1, '缺少微信登录凭证 code').max(128),
});
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

export const staffMeSchema = z.object({
  kind: z.literal('staff'),
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  teamId: idSchema.nullable(),
  teamName: z.string().nullable(),
  maxDiscountBp: z.number().int().describe('discount a rep may grant without approval, in basis points (1000 = 10%)'),
});

export const customerMeSchema = z.object({
  kind: z.literal('customer'),
  id: idSchema,
  displayName: z.string(),
  leadId: idSchema.nullable(),
  /** The company the account orders for; null until a rep converts its lead (then quotes and orders open up). */
  customerId: idSchema.nullable(),
  customerName: z.string().nullable(),
});

export const meSchema = z.discriminatedUnion('kind', [staffMeSchema, customerMeSchema]);
export type Me = z.infer<typeof meSchema>;
export type StaffMe = z.infer<typeof staffMeSchema>;
export type CustomerMe = z.infer<typeof customerMeSchema>;

export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: meSchema,
});
export type Session = z.infer<typeof sessionSchema>;
