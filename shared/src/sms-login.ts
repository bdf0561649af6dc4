/**
 * Customer login by SMS code, zod-free so the mini-program can check its form with the same rules the API's
 * schemas (schemas/auth.ts) apply.
 */
import { normalizeMobile } from './duplicates';

export const SMS_CODE_TTL_SECONDS = 300;
export const SMS_RESEND_SECONDS = 60;
export const SMS_CODE_PATTERN = /^\d{6}$/;
export const SMS_BAD_MOBILE_MESSAGE = '手机号格式不正确';
export const SMS_BAD_CODE_MESSAGE = '请输入 6 位数字验证码';

/** What is wrong with a mobile as typed (null when it is one), and its 11-digit form. */
export function checkSmsMobile(mobile: string): { mobile: string; problem: null } | { mobile: null; problem: string } {
  const normalized = normalizeMobile(mobile.trim());
  return normalized ? { mobile: normalized, problem: null } : { mobile: null, problem: SMS_BAD_MOBILE_MESSAGE };
}

export function checkSmsCode(code: string): string | null {
  return SMS_CODE_PATTERN.test(code.trim()) ? null : SMS_BAD_CODE_MESSAGE;
}
