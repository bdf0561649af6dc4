import { crmSettingsSchema, crmSettingsUpdateSchema, salesSettingsSchema, salesSettingsUpdateSchema } from '@wesale/shared';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { SettingsService } from './settings.service';

export function settingsRoutes(settings: SettingsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/settings/crm',
      summary: 'CRM 设置（查重策略、公海规则、客户等级…）',
      tag: 'settings',
      access: staffOnly(),
      response: crmSettingsSchema,
      handler: () => settings.crm(),
    }),
    defineRoute({
      method: 'patch',
      path: '/settings/crm',
      summary: '修改 CRM 设置',
      tag: 'settings',
      access: staffOnly('admin', 'manager'),
      body: crmSettingsUpdateSchema,
      response: crmSettingsSchema,
      handler: ({ actor, body }) => settings.updateCrm(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/settings/sales',
      summary: '销售设置（客户等级折扣、报价有效期、条款、公司抬头）',
      tag: 'settings',
      access: staffOnly(),
      response: salesSettingsSchema,
      handler: () => settings.sales(),
    }),
    defineRoute({
      method: 'patch',
      path: '/settings/sales',
      summary: '修改销售设置',
      tag: 'settings',
      access: staffOnly('admin', 'manager'),
      body: salesSettingsUpdateSchema,
      response: salesSettingsSchema,
      handler: ({ actor, body }) => settings.updateSales(actor, body),
    }),
  ];
}
