import { z } from 'zod';
import { idSchema } from './common';

/** Events the bot reports to the server. The WeChat contact id makes each one idempotent. */
export const botFriendAddedEventSchema = z.object({
  type: z.literal('friend_added'),
  contactId: z.string().trim().min(1).max(128),
  name: z.string().trim().min(1).max(64),
  hello: z.string().trim().max(500).optional(),
});

export const botEventSchema = z.discriminatedUnion('type', [botFriendAddedEventSchema]);
export type BotEvent = z.infer<typeof botEventSchema>;

export const botEventResultSchema = z.object({
  leadId: idSchema,
  created: z.boolean().describe('false when this WeChat contact was already a lead'),
});
export type BotEventResult = z.infer<typeof botEventResultSchema>;

export const WELCOME_MESSAGE = '您好，欢迎关注 WeSale！我是您的专属销售助手，有任何产品或订单问题，直接在这里发消息给我即可。';
