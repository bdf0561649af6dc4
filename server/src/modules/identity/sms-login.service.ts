import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, SMS_CODE_TTL_SECONDS, SMS_RESEND_SECONDS, type Session, type SmsCodeResponse } from '@wesale/shared';
import type { CustomerActor } from '../../infra/actor';
import type { TokenService } from '../../infra/auth';
import { inTransaction, isUniqueViolation } from '../../infra/db';
import { AppError, serviceUnavailable } from '../../infra/errors';
import type { KeyValueStore } from '../../infra/kv';
import type { Logger } from '../../infra/logger';
import type { SmsClient } from '../../infra/sms-client';
import { Contact } from '../customers/contact.entity';
import { Lead } from '../leads/lead.entity';
import { CustomerAccount } from './customer-account.entity';
import type { IdentityService } from './identity.service';
import { spendFromWindow } from './login-throttle';
import { SmsCode } from './sms-code.entity';

export const SMS_MAX_ATTEMPTS_PER_CODE = 5;
export const SMS_CODES_PER_MOBILE_PER_DAY = 10;
export const SMS_CODES_PER_IP_PER_HOUR = 30;

const CODE_TTL_MS = SMS_CODE_TTL_SECONDS * 1000;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

const CODE_GONE = '验证码已失效，请重新获取';

export interface SmsLoginDeps {
  dataSource: DataSource;
  kv: KeyValueStore;
  sms: SmsClient;
  tokens: TokenService;
  identity: IdentityService;
  logger: Logger;
  /** Keys the stored code hashes, so a copy of the table does not give the codes away. */
  hashKey: string;
  /** Production never hands out a code without sending it. */
  production: boolean;
  now?: () => Date;
}

/**
 * Customers outside WeChat sign in with their mobile and a 6-digit code sent by SMS. The mobile leads to the
 * account already bound to it, or to the customer whose contact it is, or to a lead (an open one with that
 * mobile, else a new one) — as a first WeChat login does.
 */
export class SmsLoginService {
  private readonly now: () => Date;

  constructor(private readonly deps: SmsLoginDeps) {
    this.now = deps.now ?? (() => new Date());
    if (this.devMode) {
      deps.logger.info('DEV ONLY: no SMS_PROVIDER — customer login codes are written to this log and returned as devCode (客户登录: demo mobiles 13900000011–13900000013)');
    }
  }

  /** Without a provider outside production, codes go to the log and the response (for trying WeSale out). */
  get devMode(): boolean {
    return !this.deps.sms.configured && !this.deps.production;
  }

  async sendCode(mobile: string, ip: string): Promise<SmsCodeResponse> {
    const { kv, sms, dataSource } = this.deps;
    if (!sms.configured && this.deps.production) {
      throw serviceUnavailable(ErrorCode.SmsUnavailable, '短信服务未配置，暂不能用验证码登录，请联系商家');
    }
    await spendFromWindow(kv, { key: `sms-code:ip:${ip}`, max: SMS_CODES_PER_IP_PER_HOUR, windowMs: HOUR_MS }, '获取验证码太频繁，请稍后再试');
    const resendKey = `sms-code:resend:${mobile}`;
    await spendFromWindow(kv, { key: resendKey, max: 1, windowMs: SMS_RESEND_SECONDS * 1000 }, '验证码已发送，请稍后再重新获取');
    await spendFromWindow(kv, { key: `sms-code:day:${mobile}`, max: SMS_CODES_PER_MOBILE_PER_DAY, windowMs: DAY_MS }, '今天获取验证码的次数已用完，请明天再试');

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const codeId = await inTransaction(dataSource, async (em) => {
      // One live code per mobile: a new one replaces the last.
      await em.delete(SmsCode, { mobile });
      const { identifiers } = await em.insert(SmsCode, {
        mobile,
        codeHash: this.hash(mobile, code),
        expiresAt: new Date(this.now().getTime() + CODE_TTL_MS),
        attempts: 0,
      });
      return String(identifiers[0].id);
    });

    if (this.devMode) {
      this.deps.logger.info({ mobile, devCode: code }, `DEV ONLY (no SMS_PROVIDER): login code for ${mobile} is ${code}`);
      return { expiresInSeconds: SMS_CODE_TTL_SECONDS, resendAfterSeconds: SMS_RESEND_SECONDS, devCode: code };
    }
    try {
      await sms.sendLoginCode(mobile, code);
    } catch (error) {
      // A code that never arrived must not count against the minute: the customer may ask again at once.
      await inTransaction(dataSource, (em) => em.delete(SmsCode, { id: codeId }));
      if (!(error instanceof AppError && error.status === 429)) await kv.delete(resendKey);
      throw error;
    }
    return { expiresInSeconds: SMS_CODE_TTL_SECONDS, resendAfterSeconds: SMS_RESEND_SECONDS };
  }

  async login(mobile: string, code: string): Promise<Session> {
    const { dataSource } = this.deps;
    const codes = dataSource.getRepository(SmsCode);
    const live = await codes.findOneBy({ mobile });
    if (!live || live.expiresAt.getTime() <= this.now().getTime()) throw codeGone(live ? '验证码已过期，请重新获取' : CODE_GONE);

    // Each try takes one of the code's attempts first, so parallel guesses cannot exceed the limit; the row
    // stays locked by our update until the count is read back.
    const attemptsUsed = await inTransaction(dataSource, async (em) => {
      const taken = await em
        .createQueryBuilder()
        .update(SmsCode)
        .set({ attempts: () => 'attempts + 1' })
        .where('id = :id AND attempts < :max', { id: live.id, max: SMS_MAX_ATTEMPTS_PER_CODE })
        .execute();
      return taken.affected ? (await em.findOneByOrFail(SmsCode, { id: live.id })).attempts : null;
    });
    if (attemptsUsed === null) throw codeGone('验证码错误次数过多，已失效，请重新获取');

    if (!this.matches(live.codeHash, this.hash(mobile, code))) {
      const left = SMS_MAX_ATTEMPTS_PER_CODE - attemptsUsed;
      throw left > 0
        ? new AppError(400, ErrorCode.SmsCodeInvalid, `验证码错误，还可以再试 ${left} 次`, { attemptsLeft: left })
        : codeGone('验证码错误次数过多，已失效，请重新获取');
    }

    // Two first logins of one mobile racing (e.g. on two instances): the loser finds the winner's account.
    const account = await this.useCode(live, mobile).catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return this.useCode(live, mobile);
    });

    if (!account.active) throw new AppError(403, ErrorCode.Forbidden, '该账号已停用，请联系客服');
    const actor: CustomerActor = { kind: 'customer', id: account.id, leadId: account.leadId };
    const { token, expiresAt } = this.deps.tokens.issue(actor);
    return { token, expiresAt: expiresAt.toISOString(), user: await this.deps.identity.me(actor) };
  }

  /** Deletes the code (of two requests with the same code only one deletes the row) and signs in its account. */
  private useCode(live: SmsCode, mobile: string): Promise<CustomerAccount> {
    return inTransaction(this.deps.dataSource, async (em) => {
      const used = await em
        .createQueryBuilder()
        .delete()
        .from(SmsCode)
        .where('id = :id AND codeHash = :codeHash AND expiresAt > :now', { id: live.id, codeHash: live.codeHash, now: this.now() })
        .execute();
      if (!used.affected) throw codeGone(CODE_GONE);
      return this.accountFor(em, mobile);
    });
  }

  /** The account of this mobile, made (and bound to a customer whose contact it is) on first use. */
  private async accountFor(em: EntityManager, mobile: string): Promise<CustomerAccount> {
    const contact = await em.findOne(Contact, { where: { mobile }, order: { isPrimary: 'DESC', id: 'ASC' } });
    const existing = await em.findOneBy(CustomerAccount, { mobile });
    if (existing) {
      if (!existing.customerId && contact) {
        await em.update(CustomerAccount, { id: existing.id }, { customerId: contact.customerId });
        existing.customerId = contact.customerId;
      }
      return existing;
    }
    const openLead = contact
      ? null
      : await em
          .createQueryBuilder(Lead, 'lead')
          .where('lead.mobile = :mobile AND lead.status NOT IN (:...closed)', { mobile, closed: ['converted', 'lost'] })
          .orderBy('lead.id', 'ASC')
          .getOne();
    const displayName = contact?.name ?? openLead?.name ?? `手机用户${mobile.slice(-4)}`;
    const leadId = contact ? null : (openLead?.id ?? (await this.newLead(em, mobile, displayName)));
    const { identifiers } = await em.insert(CustomerAccount, {
      openid: null,
      mobile,
      displayName,
      leadId,
      customerId: contact?.customerId ?? null,
    });
    return em.findOneByOrFail(CustomerAccount, { id: String(identifiers[0].id) });
  }

  private async newLead(em: EntityManager, mobile: string, name: string): Promise<string> {
    const { identifiers } = await em.insert(Lead, { name, mobile, source: 'miniprogram', status: 'new', ownerId: null });
    return String(identifiers[0].id);
  }

  private hash(mobile: string, code: string): string {
    return createHmac('sha256', this.deps.hashKey).update(`sms-login:${mobile}:${code}`).digest('hex');
  }

  private matches(storedHash: string, candidateHash: string): boolean {
    const stored = Buffer.from(storedHash, 'hex');
    const candidate = Buffer.from(candidateHash, 'hex');
    return stored.length === candidate.length && timingSafeEqual(stored, candidate);
  }
}

function codeGone(message: string): AppError {
  return new AppError(400, ErrorCode.SmsCodeExpired, message);
}
