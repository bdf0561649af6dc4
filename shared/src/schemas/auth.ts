import { z } from 'zod';
import { STAFF_ROLES } from '../enums';
import { SMS_BAD_CODE_MESSAGE, SMS_CODE_PATTERN } from '../sms-login';
import { idSchema, mobileSchema } from './common';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const wechatLoginRequestSchema = z.object({
  code: z.string().trim().min(1, '缺少微信登录凭证 code').max(128),
});
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

/** Customers outside WeChat: a code by SMS to their mobile, then mobile + code (rules in ../sms-login). */
export { SMS_CODE_TTL_SECONDS, SMS_RESEND_SECONDS } from '../sms-login';

export const smsCodeRequestSchema = z.object({ mobile: mobileSchema });
export type SmsCodeRequest = z.infer<typeof smsCodeRequestSchema>;

export const smsCodeResponseSchema = z.object({
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
  /** Only while no SMS provider is configured outside production: the code itself, for trying WeSale out. */
  devCode: z.string().optional(),
});
export type SmsCodeResponse = z.infer<typeof smsCodeResponseSchema>;

export const smsCodeSchema = z.string().trim().regex(SMS_CODE_PATTERN, SMS_BAD_CODE_MESSAGE);

export const smsLoginRequestSchema = z.object({ mobile: mobileSchema, code: smsCodeSchema });
export type SmsLoginRequest = z.infer<typeof smsLoginRequestSchema>;

/** A staff member as both their own session and the staff administration (`/users`) show them. */
export const staffProfileSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  teamId: idSchema.nullable(),
  teamName: z.string().nullable(),
  maxDiscountBp: z.number().int().describe('discount a rep may grant without approval, in basis points (1000 = 10%)'),
});

export const staffMeSchema = z.object({ kind: z.literal('staff'), ...staffProfileSchema.shape });

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
