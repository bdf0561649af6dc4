import { In, type DataSource } from 'typeorm';
import type { CustomerExportQuery, LeadExportQuery } from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { forbidden } from '../../infra/errors';
import { Contact } from '../customers/contact.entity';
import type { CustomersService } from '../customers/customers.service';
import { User } from '../identity/user.entity';
import type { LeadsService } from '../leads/leads.service';
import type { SettingsService } from '../settings/settings.service';
import { customerExportColumns, customerExportRow, type CustomerExtras } from './customer-sheet';
import { LEAD_EXPORT_COLUMNS, leadExportRow } from './lead-sheet';
import { addTableSheet, newWorkbook, workbookBuffer } from './xlsx';

const CHUNK = 500;

export interface ExportsDeps {
  settings: SettingsService;
  customers: CustomersService;
  leads: LeadsService;
}

/**
 * Excel exports of the customer and lead lists: the same filters as the lists and, through their `listAll`,
 * the same data permissions — a caller exports exactly what they may see. Finance and warehouse may read
 * customers but not export them.
 */
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: ExportsDeps,
  ) {}

  async customers(actor: Actor, query: CustomerExportQuery): Promise<Buffer> {
    assertMayExport(actor);
    const [customers, settings] = await Promise.all([this.deps.customers.listAll(actor, query), this.deps.settings.crm()]);
    const ids = customers.map((c) => c.id);
    const contacts = new Map<string, CustomerExtras['contact']>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const primary = await this.dataSource.getRepository(Contact).find({
        select: { id: true, customerId: true, name: true, title: true, mobile: true },
        where: { customerId: In(ids.slice(i, i + CHUNK)), isPrimary: true },
        order: { id: 'ASC' },
      });
      for (const contact of primary) if (!contacts.has(contact.customerId)) contacts.set(contact.customerId, contact);
    }
    const usernames = await this.usernames(customers.map((c) => c.ownerId));
    const workbook = newWorkbook();
    addTableSheet(
      workbook,
      '客户',
      customerExportColumns(settings),
      customers.map((customer) =>
        customerExportRow(customer, { contact: contacts.get(customer.id), ownerUsername: customer.ownerId ? usernames.get(customer.ownerId) : undefined }),
      ),
    );
    return workbookBuffer(workbook);
  }

  async leads(actor: Actor, query: LeadExportQuery): Promise<Buffer> {
    assertMayExport(actor);
    const leads = await this.deps.leads.listAll(actor, query);
    const usernames = await this.usernames(leads.map((l) => l.ownerId));
    const workbook = newWorkbook();
    addTableSheet(
      workbook,
      '线索',
      LEAD_EXPORT_COLUMNS,
      leads.map((lead) => leadExportRow(lead, lead.ownerId ? usernames.get(lead.ownerId) : undefined)),
    );
    return workbookBuffer(workbook);
  }

  /** Owners by login name, so an edited export can be imported again (its 负责人（用户名） column). */
  private async usernames(ids: Array<string | null>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    const out = new Map<string, string>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const users = await this.dataSource.getRepository(User).find({ select: { id: true, username: true }, where: { id: In(unique.slice(i, i + CHUNK)) } });
      for (const user of users) out.set(user.id, user.username);
    }
    return out;
  }
}

function assertMayExport(actor: Actor) {
  if (actor.kind !== 'staff' || !['admin', 'manager', 'rep'].includes(actor.role)) throw forbidden('您的角色不能导出');
}
