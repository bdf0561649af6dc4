import type { DataSource } from 'typeorm';
import type { Me, Session } from '@wesale/shared';
import type { Actor, CustomerActor, StaffActor } from '../../infra/actor';
import type { TokenService } from '../../infra/auth';
import { inTransaction, isUniqueViolation } from '../../infra/db';
import { AppError, notFound } from '../../infra/errors';
import { ErrorCode } from '@wesale/shared';
import type { Logger } from '../../infra/logger';
import type { WechatClient } from '../../infra/wechat-client';
import type { LeadsService } from '../leads/leads.service';
import { Customer } from '../customers/customer.entity';
import { CustomerAccount } from './customer-account.entity';
import { LoginThrottle } from './login-throttle';
import { UNKNOWN_USER_HASH, verifyPassword } from './passwords';
import { Team } from './team.entity';
import { User } from './user.entity';

const BAD_CREDENTIALS = '用户名或密码错误';

export class IdentityService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly wechat: WechatClient,
    private readonly leads: LeadsService,
    kv: ConstructorParameters<typeof LoginThrottle>[0],
    private readonly logger: Logger,
  ) {
    this.throttle = new LoginThrottle(kv);
  }

  async loginWithPassword(username: string, password: string, ip: string): Promise<Session> {
    await this.throttle.assertAllowed(username, ip);
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !passwordOk || !user.active) {
      await this.throttle.recordFailure(username, ip);
      this.logger.info({ username, ip }, 'login failed');
      throw new AppError(401, ErrorCode.Unauthenticated, BAD_CREDENTIALS);
    }
    await this.throttle.recordSuccess(username, ip);
    const actor: StaffActor = { kind: 'staff', id: user.id, role: user.role, teamId: user.teamId };
    return this.session(actor);
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

  private async session(actor: StaffActor | CustomerActor): Promise<Session> {
    const { token, expiresAt } = this.tokens.issue(actor);
    return { token, expiresAt: expiresAt.toISOString(), user: await this.me(actor) };
  }
}
