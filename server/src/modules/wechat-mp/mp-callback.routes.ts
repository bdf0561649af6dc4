import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ErrorCode } from '@wesale/shared';
import { anyone } from '../../infra/auth';
import { AppError } from '../../infra/errors';
import type { AppContext } from '../../infra/http/context';
import { defineRoute } from '../../infra/http/route';
import type { MpCallbackService } from './mp-callback.service';

/** WeChat's frames are a few hundred bytes; the limit only keeps a stranger from filling memory before the signature check. */
export const MP_BODY_LIMIT_BYTES = 64 * 1024;

const signedQuerySchema = z.object({
  signature: z.string().max(64),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().max(64),
});
const verifyQuerySchema = signedQuerySchema.extend({ echostr: z.string().min(1).max(256) });
const messageQuerySchema = signedQuerySchema.extend({
  openid: z.string().max(64).optional(),
  encrypt_type: z.string().max(16).optional(),
  msg_signature: z.string().max(64).optional(),
});

const payloadTooLarge = () => new AppError(413, ErrorCode.PayloadTooLarge, '请求体过大');

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (req.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (finish: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      finish();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done(() => reject(payloadTooLarge()));
      } else chunks.push(chunk);
    };
    const onEnd = () => done(() => resolve(Buffer.concat(chunks).toString('utf8')));
    const onError = (error: Error) => done(() => reject(error));
    const onClose = () => done(() => reject(new AppError(400, ErrorCode.ValidationFailed, '请求体不完整')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

async function readXmlBody(ctx: AppContext): Promise<string> {
  // The app's body parser only consumes JSON, so an XML body is still unread on ctx.req.
  if (ctx.request.is('json')) throw new AppError(415, ErrorCode.UnsupportedMediaType, '请求体必须是 XML（Content-Type: text/xml）');
  if ((ctx.request.length ?? 0) > MP_BODY_LIMIT_BYTES) {
    ctx.set('Connection', 'close');
    throw payloadTooLarge();
  }
  try {
    return await readBody(ctx.req, MP_BODY_LIMIT_BYTES);
  } catch (error) {
    ctx.set('Connection', 'close');
    throw error;
  }
}

/** At the root, not under /api/v1: this is the URL configured in the official account's console. */
export function mpCallbackRoutes(mp: MpCallbackService) {
  return [
    defineRoute({
      method: 'get',
      path: '/wechat/mp/callback',
      summary: '公众号服务器地址校验（签名正确时原样返回 echostr）',
      tag: 'wechat-mp',
      access: anyone,
      query: verifyQuerySchema,
      produces: 'text/plain',
      handler: async ({ ctx, query }) => {
        const echo = mp.verifyServer(query, ctx.state.log);
        ctx.type = 'text/plain';
        ctx.body = echo;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/wechat/mp/callback',
      summary: '公众号消息与事件推送（关注 → 线索，取消关注 → 标记；按事件去重，应答 success）',
      tag: 'wechat-mp',
      access: anyone,
      query: messageQuerySchema,
      produces: 'text/plain',
      handler: async ({ ctx, query }) => {
        await mp.receive(query, await readXmlBody(ctx), ctx.state.log);
        ctx.type = 'text/plain';
        ctx.body = 'success';
      },
    }),
  ];
}
