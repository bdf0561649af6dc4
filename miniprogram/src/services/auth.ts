import Taro from '@tarojs/taro';
import type { Me, Session, SmsCodeResponse, StaffRole } from '@wesale/shared';
import { STAFF_ROLE_LABELS } from '@wesale/shared/enums';
import { ROUTES } from '../routes';
import { ApiError, request } from './request';
import { clearSession, saveSession, updateSessionUser } from './session';

export async function loginWithPassword(username: string, password: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/v1/auth/login', { body: { username, password }, auth: false });
  saveSession(session);
  return session;
}

/** weapp only: Taro.login gives a one-time code that the server trades for the openid (jscode2session). */
export async function loginWithWechat(): Promise<Session> {
  let code: string | undefined;
  try {
    code = (await Taro.login()).code;
  } catch {
    code = undefined;
  }
  if (!code) throw new ApiError('WECHAT_UNAVAILABLE', '无法获取微信登录凭证，请稍后重试', 0);
  const session = await request<Session>('POST', '/api/v1/auth/wechat', { body: { code }, auth: false });
  saveSession(session);
  return session;
}

/** Customers outside WeChat: a code by SMS to the mobile (devCode too while the server has no SMS provider). */
export function requestSmsCode(mobile: string): Promise<SmsCodeResponse> {
  return request<SmsCodeResponse>('POST', '/api/v1/auth/sms-code', { body: { mobile }, auth: false });
}

export async function loginWithSms(mobile: string, code: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/v1/auth/sms-login', { body: { mobile, code }, auth: false });
  saveSession(session);
  return session;
}

export async function fetchMe(): Promise<Me> {
  const me = await request<Me>('GET', '/api/v1/me');
  updateSessionUser(me);
  return me;
}

export function logout(): void {
  clearSession();
  Taro.reLaunch({ url: ROUTES.login });
}

/** "销售经理", "客户", … */
export function roleLabel(me: Me): string {
  return me.kind === 'staff' ? (STAFF_ROLE_LABELS[me.role] ?? me.role) : '客户';
}

const SALES_ROLES: readonly StaffRole[] = ['admin', 'manager', 'rep'];

/** Reps, managers and admins work leads, customers and opportunities; everyone else keeps the product list. */
export function isSalesStaff(me: Me | null | undefined): boolean {
  return me?.kind === 'staff' && SALES_ROLES.includes(me.role);
}

/** Managers and admins decide approvals. */
export function isApprover(me: Me | null | undefined): boolean {
  return me?.kind === 'staff' && (me.role === 'manager' || me.role === 'admin');
}

/** Sales staff land on their workbench (a tab page); customers and other staff on the product list, which has no tab bar. */
export function goHome(me: Me): void {
  Taro.reLaunch({ url: isSalesStaff(me) ? ROUTES.home : ROUTES.products });
}
