import { createHash, createSecretKey, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { STAFF_ROLES, type ActorKind, type StaffRole } from '@wesale/shared';
import { z } from 'zod';
import type { Actor } from './actor';
import { forbidden, unauthenticated } from './errors';

const claimsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), sub: z.string(), role: z.enum(STAFF_ROLES), teamId: z.string().nullable() }),
  z.object({ kind: z.literal('customer'), sub: z.string(), leadId: z.string().nullable() }),
]);

export interface TokenService {
  issue(actor: Exclude<Actor, { kind: 'service' }>): { token: string; expiresAt: Date };
  /** Resolves the Authorization header into an actor; a missing, expired or forged token is a 401. */
  authenticate(authorization: string | undefined): Actor;
}

export function createTokenService(options: { secret: string; ttlSeconds: number; botServiceToken?: string }): TokenService {
  const botTokenDigest = options.botServiceToken ? sha256(options.botServiceToken) : null;
  // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a public key on every call.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  return {
    issue(actor) {
      const claims =
        actor.kind === 'staff'
          ? { kind: actor.kind, role: actor.role, teamId: actor.teamId }
          : { kind: actor.kind, leadId: actor.leadId };
      const token = jwt.sign(claims, key, {
        algorithm: 'HS256',
        subject: actor.id,
        expiresIn: options.ttlSeconds,
        issuer: 'wesale',
      });
      return { token, expiresAt: new Date(Date.now() + options.ttlSeconds * 1000) };
    },
    authenticate(authorization) {
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
      return c.kind === 'staff'
        ? { kind: 'staff', id: c.sub, role: c.role, teamId: c.teamId }
        : { kind: 'customer', id: c.sub, leadId: c.leadId };
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
