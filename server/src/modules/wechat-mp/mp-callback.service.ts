import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { ErrorCode } from '@wesale/shared';
import { inTransaction, isUniqueViolation } from '../../infra/db';
import { badRequest, serviceUnavailable, unauthenticated } from '../../infra/errors';
import type { Logger } from '../../infra/logger';
import { Lead } from '../leads/lead.entity';
import { decryptMpMessage, isFreshTimestamp, MpCryptoError, mpSignature, signatureMatches } from './mp-crypto';
import { MpEvent } from './mp-event.entity';

export interface MpCallbackSettings {
  token?: string;
  /** The EncodingAESKey: when set, only safe-mode (encrypted) messages are accepted. */
  aesKey?: string;
  appId?: string;
}

export interface MpSignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

export interface MpMessageQuery extends MpSignedQuery {
  encrypt_type?: string;
  msg_signature?: string;
}

export type MpOutcome = 'processed' | 'duplicate' | 'ignored';

// Entities stay unexpanded and a DOCTYPE is refused before parsing: no XXE, no billion laughs.
const xmlParser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 10,
});

const frameSchema = z.object({ xml: z.record(z.string(), z.unknown()) });
const encryptedSchema = z.object({ Encrypt: z.string().min(1) });
const messageSchema = z.object({ MsgType: z.string().min(1).max(32), Event: z.unknown().optional() });
const followEventSchema = z.object({
  FromUserName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  CreateTime: z.string().regex(/^\d{1,12}$/),
  Event: z.enum(['subscribe', 'unsubscribe']),
  EventKey: z.string().max(128).optional(),
});
type FollowEvent = z.infer<typeof followEventSchema>;

const QR_SCENE_PREFIX = 'qrscene_';

function parseFrame(xml: string): Record<string, unknown> {
  // Only the prolog is checked: a follower's text message may well contain "<!DOCTYPE" inside its CDATA.
  const root = xml.search(/<xml[\s>/]/);
  if (/<!DOCTYPE|<!ENTITY/i.test(root === -1 ? xml : xml.slice(0, root))) throw badRequest('公众号消息不允许包含 DOCTYPE 或实体声明');
  if (XMLValidator.validate(xml) !== true) throw badRequest('公众号消息不是有效的 XML');
  let parsed: unknown;
  try {
    parsed = xmlParser.parse(xml);
  } catch {
    throw badRequest('公众号消息不是有效的 XML');
  }
  const frame = frameSchema.safeParse(parsed);
  if (!frame.success) throw badRequest('公众号消息缺少 <xml> 根元素');
  return frame.data.xml;
}

/**
 * The official account's message callback: signature (and, in safe mode, msg_signature + AES) first, then
 * subscribe/unsubscribe applied exactly once per event, whatever WeChat's retries deliver.
 */
export class MpCallbackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MpCallbackSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** WeChat's server-address check (GET): echo `echostr` when the signature holds. */
  verifyServer(query: MpSignedQuery & { echostr: string }, log: Logger): string {
    this.verifySignature(query, log);
    return query.echostr;
  }

  async receive(query: MpMessageQuery, body: string, log: Logger): Promise<MpOutcome> {
    const token = this.verifySignature(query, log);
    const { aesKey } = this.settings;
    const message = aesKey ? this.openSafeFrame(query, body, token, aesKey, log) : this.openPlainFrame(body, log);

    const header = messageSchema.safeParse(message);
    if (!header.success) throw badRequest('公众号消息缺少 MsgType');
    if (header.data.MsgType !== 'event' || (header.data.Event !== 'subscribe' && header.data.Event !== 'unsubscribe')) {
      log.debug({ msgType: header.data.MsgType, event: typeof header.data.Event === 'string' ? header.data.Event : undefined }, 'mp message ignored');
      return 'ignored';
    }
    const event = followEventSchema.safeParse(message);
    if (!event.success) throw badRequest('公众号关注事件缺少必要字段', event.error.issues.map((i) => i.path.join('.')));

    const outcome = await this.apply(event.data, log);
    log.info({ event: event.data.Event, outcome }, 'mp follow event');
    return outcome;
  }

  /** Checks `signature` and the timestamp; returns the token for the safe-mode check that follows. */
  private verifySignature(query: MpSignedQuery, log: Logger): string {
    const { token } = this.settings;
    if (!token) throw serviceUnavailable(ErrorCode.ServiceUnavailable, '公众号消息回调尚未配置');
    // Plain mode's signature does not cover the body, so a leaked query string must not stay usable for long.
    if (!isFreshTimestamp(query.timestamp, this.now())) {
      log.warn({ reason: 'stale_timestamp' }, 'mp callback rejected');
      throw unauthenticated('公众号消息时间戳超出允许范围');
    }
    if (!signatureMatches(mpSignature(token, query.timestamp, query.nonce), query.signature)) {
      log.warn({ reason: 'bad_signature' }, 'mp callback rejected');
      throw unauthenticated('公众号消息签名无效');
    }
    return token;
  }

  private openPlainFrame(body: string, log: Logger): Record<string, unknown> {
    const frame = parseFrame(body);
    if (frame.MsgType === undefined && frame.Encrypt !== undefined) {
      log.warn('mp safe-mode frame received but WECHAT_MP_AES_KEY is not set');
      throw serviceUnavailable(ErrorCode.ServiceUnavailable, '公众号消息已加密，但服务器未配置消息加解密密钥');
    }
    return frame;
  }

  /** Safe mode: a plaintext frame is refused, or anyone holding one signed query string could post an unsigned body. */
  private openSafeFrame(query: MpMessageQuery, body: string, token: string, aesKey: string, log: Logger): Record<string, unknown> {
    if (query.encrypt_type !== 'aes' || !query.msg_signature) {
      log.warn({ reason: 'plaintext_in_safe_mode' }, 'mp callback rejected');
      throw unauthenticated('公众号已启用安全模式，消息必须加密');
    }
    const encrypted = encryptedSchema.safeParse(parseFrame(body));
    if (!encrypted.success) throw badRequest('公众号消息缺少 Encrypt');
    const { Encrypt } = encrypted.data;
    if (!signatureMatches(mpSignature(token, query.timestamp, query.nonce, Encrypt), query.msg_signature)) {
      log.warn({ reason: 'bad_msg_signature' }, 'mp callback rejected');
      throw unauthenticated('公众号消息签名无效');
    }
    let opened: { xml: string; appId: string };
    try {
      opened = decryptMpMessage(Encrypt, aesKey);
    } catch (error) {
      if (!(error instanceof MpCryptoError)) throw error;
      log.warn({ reason: 'decrypt_failed', detail: error.message }, 'mp callback rejected');
      throw unauthenticated('公众号消息解密失败');
    }
    // The mini-program's appid would decrypt too if it shared the key: only the official account's frames count.
    if (opened.appId !== this.settings.appId) {
      log.warn({ reason: 'wrong_appid' }, 'mp callback rejected');
      throw unauthenticated('公众号消息不属于本公众号');
    }
    return parseFrame(opened.xml);
  }

  /**
   * The event row goes in first, in the same transaction as the lead change: its unique key turns a retried
   * or concurrent delivery into a no-op, and a failure rolls both back so WeChat's next retry processes it.
   */
  private apply(event: FollowEvent, log: Logger): Promise<Exclude<MpOutcome, 'ignored'>> {
    return inTransaction(this.dataSource, async (em) => {
      try {
        await em.insert(MpEvent, {
          dedupeKey: `${event.FromUserName}:${event.CreateTime}:${event.Event}`,
          openid: event.FromUserName,
          event: event.Event,
        });
      } catch (error) {
        if (isUniqueViolation(error)) return 'duplicate';
        throw error;
      }
      if (event.Event === 'subscribe') await this.markFollowing(em, event);
      else await this.markUnfollowed(em, event, log);
      return 'processed';
    });
  }

  /** Re-subscribers and openids already known keep their one lead (leads.openid is unique). */
  private async markFollowing(em: EntityManager, event: FollowEvent): Promise<void> {
    const openid = event.FromUserName;
    const follow = () => em.update(Lead, { openid }, { mpFollowing: true, mpUnsubscribedAt: null });
    if ((await follow()).affected) return;
    const scene = event.EventKey?.startsWith(QR_SCENE_PREFIX) ? event.EventKey.slice(QR_SCENE_PREFIX.length) : undefined;
    try {
      await em.insert(Lead, {
        name: `公众号粉丝${openid.slice(-4)}`,
        source: 'mp_follower',
        status: 'new',
        ownerId: null,
        openid,
        mpFollowing: true,
        notes: scene ? `渠道二维码：${scene}` : null,
      });
    } catch (error) {
      // Another writer (e.g. a mini-program login) created the lead for this openid in between.
      if (!isUniqueViolation(error)) throw error;
      await follow();
    }
  }

  private async markUnfollowed(em: EntityManager, event: FollowEvent, log: Logger): Promise<void> {
    const result = await em.update(Lead, { openid: event.FromUserName }, { mpFollowing: false, mpUnsubscribedAt: new Date(this.now()) });
    if (!result.affected) log.info('mp unsubscribe from a follower without a lead');
  }
}
