import { createHash, createSecretKey, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { STAFF_ROLES, type ActorKind, type StaffRole } from '@wesale/shared';
import { z } from 'zod';
import type { Actor } from './actor';
import { forbidden, unauthenticated } from './errors';

const claimsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staff'),
    sub: z.string(),
    role: z.enum(STAFF_ROLES),
    teamId: z.string().nullable(),
    // Tokens issued before versions existed count as version 0, the version every user started with.
    ver: z.number().int().nonnegative().default(0),
  }),
  z.object({ kind: z.literal('customer'), sub: z.string(), leadId: z.string().nullable() }),
]);

/** Whether a staff token is still current: the user is active and its token version is the one in the token. */
export interface StaffSessionCheck {
  isCurrent(userId: string, tokenVersion: number): Promise<boolean>;
}

export const REVOKED_SESSION_MESSAGE = '登录已失效（账号状态、角色、团队或密码已变更），请重新登录';

export interface TokenService {
  /** `tokenVersion`: the staff user's current version (see StaffSessionCheck); customers have none. */
  issue(actor: Exclude<Actor, { kind: 'service' }>, tokenVersion?: number): { token: string; expiresAt: Date };
  /** Resolves the Authorization header into an actor; a missing, expired, forged or revoked token is a 401. */
  authenticate(authorization: string | undefined): Promise<Actor>;
}

export function createTokenService(options: {
  secret: string;
  ttlSeconds: number;
  botServiceToken?: string;
  staffSessions?: StaffSessionCheck;
}): TokenService {
  const botTokenDigest = options.botServiceToken ? sha256(options.botServiceToken) : null;
  // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a public key on every call.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  return {
    issue(actor, tokenVersion = 0) {
      const claims =
        actor.kind === 'staff'
          ? { kind: actor.kind, role: actor.role, teamId: actor.teamId, ver: tokenVersion }
          : { kind: actor.kind, leadId: actor.leadId };
      const token = jwt.sign(claims, key, {
        algorithm: 'HS256',
        subject: actor.id,
        expiresIn: options.ttlSeconds,
        issuer: 'wesale',
      });
      return { token, expiresAt: new Date(Date.now() + options.ttlSeconds * 1000) };
    },
    async authenticate(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) throw unauthenticated();
      const token = match[1];
      if (botTokenDigest && timingSafeEqual(sha256(token), botTokenDigest)) return { kind: 'service', id: 'bot' };
      let payload: unknown;
      try {
        payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer: 'wesale' });
      } catch (error) {
        throw unauthenticated(error instanceof jwt.TokenExpiredError ? '登录已过期，请重新登录' : '登录凭证无效，请重新登录');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw unauthenticated('登录凭证无效，请重新登录');
      const c = claims.data;
      if (c.kind === 'customer') return { kind: 'customer', id: c.sub, leadId: c.leadId };
      if (options.staffSessions && !(await options.staffSessions.isCurrent(c.sub, c.ver))) throw unauthenticated(REVOKED_SESSION_MESSAGE);
      return { kind: 'staff', id: c.sub, role: c.role, teamId: c.teamId };
    },
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Who may call a route: public, or some actor kinds (and, for staff, some roles). */
export type RestrictedAccess = { kinds: readonly ActorKind[]; roles?: readonly StaffRole[] };
export type Access = 'public' | RestrictedAccess;

export const staffOnly = (...roles: StaffRole[]): RestrictedAccess => ({ kinds: ['staff'], roles: roles.length ? roles : undefined });
export const customersAndStaff: RestrictedAccess = { kinds: ['staff', 'customer'] };
export const customersOnly: RestrictedAccess = { kinds: ['customer'] };
export const botOnly: RestrictedAccess = { kinds: ['service'] };
export const anyone = 'public' as const;

/** The one guard: every route states its access and this decides. */
export function authorize(access: Access, actor: Actor): void {
  if (access === 'public') return;
  if (!access.kinds.includes(actor.kind)) throw forbidden(actor.kind === 'customer' ? '该功能仅对员工开放' : '没有权限执行此操作');
  if (actor.kind === 'staff' && access.roles && !access.roles.includes(actor.role)) {
    throw forbidden('您的角色无权执行此操作');
  }
}
