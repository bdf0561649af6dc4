import type { DataSource } from 'typeorm';
import { CRM_SETTINGS_DEFAULTS, crmSettingsSchema, type CrmSettings } from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { recordAudit } from '../audit/audit.service';
import { Setting } from './setting.entity';

/** CRM settings: defaults overlaid with what admins and managers changed. Read per request (a few rows). */
export class SettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async crm(): Promise<CrmSettings> {
    const rows = await this.dataSource.getRepository(Setting).find();
    const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    const merged = { ...CRM_SETTINGS_DEFAULTS, ...stored };
    const parsed = crmSettingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : CRM_SETTINGS_DEFAULTS;
  }

  async updateCrm(actor: Actor, changes: Partial<CrmSettings>): Promise<CrmSettings> {
    await inTransaction(this.dataSource, async (em) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        const existing = await em.findOneBy(Setting, { key });
        if (existing) await em.update(Setting, { id: existing.id }, { value: value as never });
        else await em.insert(Setting, { key, value: value as never });
      }
      await recordAudit(em, actor, 'settings.update', { type: 'settings', id: 'crm' }, changes as Record<string, unknown>);
    });
    return this.crm();
  }

  gradeLabel(settings: CrmSettings, code: string): string {
    return settings.customerGrades.find((grade) => grade.code === code)?.label ?? code;
  }
}
