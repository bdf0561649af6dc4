import type { DataSource } from 'typeorm';
import type { Me, Session } from '@wesale/shared';
import type { Actor, CustomerActor, StaffActor } from '../../infra/actor';
import type { TokenService } from '../../infra/auth';
import { inTransaction, isUniqueViolation } from '../../infra/db';
import { AppError, badRequest, conflict, notFound } from '../../infra/errors';
import { ErrorCode } from '@wesale/shared';
import type { Logger } from '../../infra/logger';
import type { WechatClient } from '../../infra/wechat-client';
import type { LeadsService } from '../leads/leads.service';
import { Customer } from '../customers/customer.entity';
import { CustomerAccount } from './customer-account.entity';
import { LoginThrottle } from './login-throttle';
import { recordAudit } from '../audit/audit.service';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './passwords';
import type { StaffSessions } from './staff-sessions';
import { Team } from './team.entity';
import { User } from './user.entity';

const BAD_CREDENTIALS = '用户名或密码错误';
const DEACTIVATED = '该账号已停用，请联系管理员';

export class IdentityService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly wechat: WechatClient,
    private readonly leads: LeadsService,
    kv: ConstructorParameters<typeof LoginThrottle>[0],
    private readonly logger: Logger,
    private readonly sessions: StaffSessions,
  ) {
    this.throttle = new LoginThrottle(kv);
  }

  async loginWithPassword(username: string, password: string, ip: string): Promise<Session> {
    await this.throttle.assertAllowed(username, ip);
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !passwordOk) {
      await this.throttle.recordFailure(username, ip);
      this.logger.info({ username, ip }, 'login failed');
      throw new AppError(401, ErrorCode.Unauthenticated, BAD_CREDENTIALS);
    }
    // Only someone who knows the password learns that the account is deactivated.
    if (!user.active) throw new AppError(401, ErrorCode.Unauthenticated, DEACTIVATED);
    await this.throttle.recordSuccess(username, ip);
    return this.staffSession(user);
  }

  /**
   * A staff member changes their own password with the old one (wrong guesses count like failed logins).
   * Every other session of the user ends; the answer is a new session for this one.
   */
  async changeOwnPassword(actor: StaffActor, oldPassword: string, newPassword: string, ip: string): Promise<Session> {
    const current = await this.dataSource.getRepository(User).findOneBy({ id: actor.id, active: true });
    if (!current) throw notFound('用户');
    await this.throttle.assertAllowed(current.username, ip);
    if (!(await verifyPassword(oldPassword, current.passwordHash))) {
      await this.throttle.recordFailure(current.username, ip);
      throw badRequest('原密码不正确', { field: 'oldPassword' });
    }
    const passwordHash = await hashPassword(newPassword);
    const user = await inTransaction(this.dataSource, async (em) => {
      // Conditional on the hash just verified: of two changes racing with the same old password, one wins.
      const { affected } = await em.update(User, { id: actor.id, passwordHash: current.passwordHash }, { passwordHash });
      if (affected !== 1) throw conflict('密码刚被修改过，请重新登录后再试');
      await this.sessions.revoke(em, [actor.id]);
      await recordAudit(em, actor, 'user.password_change', { type: 'user', id: actor.id });
      return em.findOneByOrFail(User, { id: actor.id });
    });
    this.sessions.forget([actor.id]);
    return this.staffSession(user);
  }

  /** Mini-program login: the code becomes an openid; a new openid gets a customer account and a lead. */
  async loginWithWechat(code: string): Promise<Session> {
    const identity = await this.wechat.code2Session(code);
    const accounts = this.dataSource.getRepository(CustomerAccount);
    let account =
      (await accounts.findOneBy({ openid: identity.openid })) ??
      (identity.unionid ? await accounts.findOneBy({ unionid: identity.unionid }) : null);
    if (!account) {
      const displayName = `微信用户${identity.openid.slice(-4)}`;
      try {
        account = await inTransaction(this.dataSource, async (em) => {
          const leadId = await this.leads.createForMiniprogramUser(em, { ...identity, name: displayName });
          const { identifiers } = await em.insert(CustomerAccount, {
            openid: identity.openid,
            unionid: identity.unionid ?? null,
            displayName,
            leadId,
          });
          return em.findOneByOrFail(CustomerAccount, { id: String(identifiers[0].id) });
        });
      } catch (error) {
        // Two first logins of the same user raced; the other one created the account.
        if (!isUniqueViolation(error)) throw error;
        account = await accounts.findOneByOrFail({ openid: identity.openid });
      }
    }
    if (!account.active) throw new AppError(403, ErrorCode.Forbidden, '该账号已停用，请联系客服');
    const actor: CustomerActor = { kind: 'customer', id: account.id, leadId: account.leadId };
    return this.session(actor);
  }

  async me(actor: Actor): Promise<Me> {
    if (actor.kind === 'staff') {
      const user = await this.dataSource.getRepository(User).findOneBy({ id: actor.id, active: true });
      if (!user) throw notFound('用户');
      const team = user.teamId ? await this.dataSource.getRepository(Team).findOneBy({ id: user.teamId }) : null;
      return {
        kind: 'staff',
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        teamId: user.teamId,
        teamName: team?.name ?? null,
        maxDiscountBp: user.maxDiscountBp,
      };
    }
    if (actor.kind === 'customer') {
      const account = await this.dataSource.getRepository(CustomerAccount).findOneBy({ id: actor.id, active: true });
      if (!account) throw notFound('用户');
      const customer = account.customerId ? await this.dataSource.getRepository(Customer).findOne({ where: { id: account.customerId }, select: { id: true, name: true } }) : null;
      return {
        kind: 'customer',
        id: account.id,
        displayName: account.displayName,
        leadId: account.leadId,
        customerId: customer?.id ?? null,
        customerName: customer?.name ?? null,
      };
    }
    throw notFound('用户');
  }

  private staffSession(user: User): Promise<Session> {
    return this.session({ kind: 'staff', id: user.id, role: user.role, teamId: user.teamId }, user.tokenVersion);
  }

  private async session(actor: StaffActor | CustomerActor, tokenVersion?: number): Promise<Session> {
    const { token, expiresAt } = this.tokens.issue(actor, tokenVersion);
    return { token, expiresAt: expiresAt.toISOString(), user: await this.me(actor) };
  }
}
