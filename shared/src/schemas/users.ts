import { z } from 'zod';
import { STAFF_ROLES } from '../enums';
import { BASIS_POINTS } from '../pricing';
import { staffProfileSchema } from './auth';
import { idSchema, listQuerySchema, mobileSchema } from './common';

/** Staff administration (员工与团队管理): `/users`, `/teams`, password reset and change. */

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '用户名为 2–64 位字母、数字、点、下划线或短横线，以字母或数字开头');

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads at most 72 bytes; a longer password would be cut silently. */
const PASSWORD_MAX_BYTES = 72;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `密码至少 ${PASSWORD_MIN_LENGTH} 位`)
  .max(64, '密码最多 64 位')
  .refine((value) => utf8Length(value) <= PASSWORD_MAX_BYTES, '密码过长')
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), '密码须同时包含字母和数字');

const discountLimitSchema = z
  .number()
  .int()
  .min(0)
  .max(BASIS_POINTS, '折扣权限须在 0–10000 基点之间')
  .describe('discount a rep may grant without approval, in basis points (1000 = 10%)');

const displayNameSchema = z.string().trim().min(1, '请输入姓名').max(64);

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    role: z.enum(STAFF_ROLES),
    teamId: idSchema.nullable().default(null),
    mobile: mobileSchema.nullable().default(null),
    maxDiscountBp: discountLimitSchema.default(0),
    /** Omitted: the server generates one and returns it once. */
    password: newPasswordSchema.optional(),
  })
  .refine((user) => user.password === undefined || user.password.toLowerCase() !== user.username, {
    message: '密码不能与用户名相同',
    path: ['password'],
  });
export type UserCreate = z.infer<typeof userCreateSchema>;

/** A patch: only the fields sent change. Managers may change only a rep's discount limit, name and mobile. */
export const userUpdateSchema = z
  .object({
    displayName: displayNameSchema,
    role: z.enum(STAFF_ROLES),
    teamId: idSchema.nullable(),
    mobile: mobileSchema.nullable(),
    maxDiscountBp: discountLimitSchema,
    active: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type UserUpdate = z.infer<typeof userUpdateSchema>;

const queryBooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export const userListQuerySchema = listQuerySchema.extend({
  role: z.enum(STAFF_ROLES).optional(),
  teamId: idSchema.optional(),
  active: queryBooleanSchema.optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userSchema = staffProfileSchema.extend({
  mobile: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserDto = z.infer<typeof userSchema>;

/** A created user; `generatedPassword` only when the server chose it (shown this once, never stored in clear). */
export const userCreatedSchema = userSchema.extend({ generatedPassword: z.string().optional() });
export type UserCreatedDto = z.infer<typeof userCreatedSchema>;

/** `POST /users/:id/reset-password`: a password the admin chose, or none and the server generates one. */
export const passwordResetSchema = z.object({ password: newPasswordSchema.optional() });
export type PasswordReset = z.infer<typeof passwordResetSchema>;
export const passwordResetResultSchema = z.object({ generatedPassword: z.string().optional() });
export type PasswordResetResult = z.infer<typeof passwordResetResultSchema>;

/** `POST /me/password`: the old password proves it is the user; other sessions end, the answer is a new session. */
export const passwordChangeSchema = z
  .object({
    oldPassword: z.string().min(1, '请输入原密码').max(128),
    newPassword: newPasswordSchema,
  })
  .refine((value) => value.oldPassword !== value.newPassword, { message: '新密码不能与原密码相同', path: ['newPassword'] });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

const teamNameSchema = z.string().trim().min(1, '请输入团队名称').max(64);

export const teamCreateSchema = z.object({
  name: teamNameSchema,
  /** A manager (销售经理) who leads the team; assigning one moves that manager into the team. */
  managerId: idSchema.nullable().default(null),
});
export type TeamCreate = z.infer<typeof teamCreateSchema>;

export const teamUpdateSchema = z
  .object({ name: teamNameSchema, managerId: idSchema.nullable() })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: '没有要修改的字段' });
export type TeamUpdate = z.infer<typeof teamUpdateSchema>;

export const teamListQuerySchema = listQuerySchema;
export type TeamListQuery = z.infer<typeof teamListQuerySchema>;

export const teamSchema = z.object({
  id: idSchema,
  name: z.string(),
  managerId: idSchema.nullable(),
  managerName: z.string().nullable(),
  /** Active staff in the team. */
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeamDto = z.infer<typeof teamSchema>;
