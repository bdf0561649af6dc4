import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import {
  CRM_SETTINGS_DEFAULTS,
  SALES_SETTINGS_DEFAULTS,
  crmSettingsSchema,
  salesSettingsSchema,
  type CrmSettings,
  type SalesSettings,
} from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { forbidden } from '../../infra/errors';
import { recordAudit } from '../audit/audit.service';
import { Setting } from './setting.entity';

/** Settings rows are read on every priced document; other instances see a change within this long. */
const CACHE_MS = 5_000;

/**
 * CRM and sales settings: defaults overlaid with what admins and managers changed. Each group is a set of
 * keys in one table (a row per key), so adding a setting needs no migration.
 */
export class SettingsService {
  private cached: { rows: Record<string, unknown>; until: number } | null = null;
  private refreshing: Promise<Record<string, unknown>> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Pass the transaction's manager when calling inside one (see `rows`). */
  async crm(em?: EntityManager): Promise<CrmSettings> {
    return this.group(crmSettingsSchema, CRM_SETTINGS_DEFAULTS, em);
  }

  async sales(em?: EntityManager): Promise<SalesSettings> {
    return this.group(salesSettingsSchema, SALES_SETTINGS_DEFAULTS, em);
  }

  async updateCrm(actor: Actor, changes: Partial<CrmSettings>): Promise<CrmSettings> {
    await this.update(actor, 'crm', changes);
    return this.crm();
  }

  async updateSales(actor: Actor, changes: Partial<SalesSettings>): Promise<SalesSettings> {
    // Managers tune prices and terms; who sees cost is an admin's decision.
    if (changes.costVisibleRoles !== undefined && !(actor.kind === 'staff' && actor.role === 'admin')) {
      throw forbidden('只有管理员可以设置谁能看到成本和底价');
    }
    await this.update(actor, 'sales', changes);
    return this.sales();
  }

  gradeLabel(settings: CrmSettings, code: string): string {
    return settings.customerGrades.find((grade) => grade.code === code)?.label ?? code;
  }

  private async group<T>(schema: z.ZodType<T>, defaults: T, em?: EntityManager): Promise<T> {
    const stored = await this.rows(em);
    const merged = { ...defaults, ...Object.fromEntries(Object.keys(defaults as object).filter((key) => key in stored).map((key) => [key, stored[key]])) };
    const parsed = schema.safeParse(merged);
    return parsed.success ? parsed.data : defaults;
  }

  /**
   * A caller inside a transaction reads through its own connection: waiting for a pool connection while
   * holding row locks can deadlock against the transactions that hold the pool and wait for those locks.
   * Outside one, a stale cache is served while a single refresh runs, so expiry never stalls a burst.
   */
  private async rows(em?: EntityManager): Promise<Record<string, unknown>> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.rows;
    if (em) return this.load(em);
    const refresh = (this.refreshing ??= this.load(this.dataSource.manager).finally(() => (this.refreshing = null)));
    return this.cached ? this.cached.rows : refresh;
  }

  private async load(em: EntityManager): Promise<Record<string, unknown>> {
    const rows = await em.getRepository(Setting).find();
    const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    this.cached = { rows: stored, until: Date.now() + CACHE_MS };
    return stored;
  }

  private async update(actor: Actor, group: string, changes: Record<string, unknown>): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        const existing = await em.findOneBy(Setting, { key });
        if (existing) await em.update(Setting, { id: existing.id }, { value: value as never });
        else await em.insert(Setting, { key, value: value as never });
      }
      await recordAudit(em, actor, 'settings.update', { type: 'settings', id: group }, changes);
    });
    this.cached = null;
  }
}
