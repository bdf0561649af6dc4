import { botEventResultSchema, botEventSchema } from '@wesale/shared';
import { botOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { LeadsService } from '../leads/leads.service';

export function botRoutes(leads: LeadsService) {
  return [
    defineRoute({
      method: 'post',
      path: '/bot/events',
      summary: '机器人上报事件（新好友 → 线索，按微信联系人去重）',
      tag: 'bot',
      access: botOnly,
      body: botEventSchema,
      response: botEventResultSchema,
      handler: ({ body }) => leads.recordWechatFriend(body),
    }),
  ];
}
